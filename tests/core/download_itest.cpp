// ApiClient::download against the fake server: .part then rename, Range
// resume after a drop, the fallback endpoint, the size cap, http(s) only, the
// token kept from other origins, verification, cancel.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <thread>

#include "core/api_client.hpp"
#include "itest_support.hpp"

namespace nemo::core {
namespace {
using test::config_for;
using test::FakeServer;
using test::Reply;
using test::TempDir;
namespace fs = std::filesystem;

std::shared_ptr<const std::string> random_bytes(size_t n) {
  std::mt19937 gen(42);
  std::string s(n, '\0');
  for (auto &c : s) c = static_cast<char>(gen() & 0xFF);
  return std::make_shared<const std::string>(std::move(s));
}

TEST(DownloadITest, DroppedDownloadResumesWithRangeAndIsRenamedWhenComplete) {
  FakeServer server;
  TempDir dir;
  const auto bytes = random_bytes(300000);
  server.script("GET", "/files/.*", {Reply::file(bytes, 100000), Reply::file(bytes)});
  ApiClient api(config_for(server, dir.path()));
  const std::string dest = dir.file("out.mp4");
  DownloadResult result;
  std::uint64_t last_progress = 0;
  const Error e =
      api.download("render_1", server.base_url() + "/files/out.mp4?sig=abc", dest, &result,
                   [&](std::uint64_t done, std::uint64_t) { last_progress = done; });
  ASSERT_FALSE(e) << e.detail;
  EXPECT_TRUE(test::read_file(dest) == *bytes);
  EXPECT_FALSE(fs::exists(dest + ".part"));
  EXPECT_EQ(result.resumes, 1);
  EXPECT_EQ(result.bytes, bytes->size());
  EXPECT_EQ(last_progress, bytes->size());
  auto gets = server.requests("GET", "/files/.*");
  ASSERT_EQ(gets.size(), 2u);
  EXPECT_FALSE(gets[0].has_header("Range"));
  EXPECT_EQ(gets[1].header("Range"), "bytes=100000-");
}

TEST(DownloadITest, WithoutAnOutputUrlTheFallbackEndpointIsUsedWithBearerAuth) {
  FakeServer server;
  TempDir dir;
  const auto bytes = random_bytes(5000);
  server.script("GET", "/api/render/proxy/render_9/download", {Reply::file(bytes)});
  ApiClient api(config_for(server, dir.path()));
  ASSERT_FALSE(api.download("render_9", "", dir.file("v.mp4")));
  EXPECT_TRUE(test::read_file(dir.file("v.mp4")) == *bytes);
  auto gets = server.requests("GET", "/api/render/proxy/render_9/download");
  ASSERT_EQ(gets.size(), 1u);
  EXPECT_EQ(gets[0].header("Authorization"), "Bearer nmv_usr_faketoken0");
}

TEST(DownloadITest, Code1001OnTheFallbackRenewsTheTokenAndRetriesOnce) {
  FakeServer server;
  TempDir dir;
  const auto bytes = random_bytes(3000);
  server.script("GET", "/api/render/proxy/r5/download",
                {Reply::code(1001, "expired"), Reply::file(bytes)});
  ApiClient api(config_for(server, dir.path()));
  ASSERT_FALSE(api.download("r5", "", dir.file("v.mp4")));
  EXPECT_TRUE(test::read_file(dir.file("v.mp4")) == *bytes);
  auto gets = server.requests("GET", "/api/render/proxy/r5/download");
  ASSERT_EQ(gets.size(), 2u);
  EXPECT_EQ(gets[1].header("Authorization"), "Bearer nmv_usr_faketoken1");
}

TEST(DownloadITest, AnotherOriginNeverGetsTheTokenAndAFailingUrlFallsBack) {
  FakeServer api_server;
  FakeServer cdn(false);
  TempDir dir;
  const auto bytes = random_bytes(4000);
  cdn.script("GET", "/expired.mp4", {Reply::http(403, "expired")});
  api_server.script("GET", "/api/render/proxy/r2/download", {Reply::file(bytes)});
  ApiClient api(config_for(api_server, dir.path()));
  DownloadResult result;
  ASSERT_FALSE(api.download("r2", cdn.base_url() + "/expired.mp4", dir.file("v.mp4"), &result));
  EXPECT_TRUE(test::read_file(dir.file("v.mp4")) == *bytes);
  ASSERT_EQ(cdn.count("GET", "/expired.mp4"), 1);
  EXPECT_FALSE(cdn.requests()[0].has_header("Authorization"));
  EXPECT_EQ(cdn.requests()[0].header("X-Skill-Platform"), "obs");
  EXPECT_EQ(api_server.count("GET", "/api/render/proxy/r2/download"), 1);
}

TEST(DownloadITest, OnlyHttpAndHttpsUrlsAreFetched) {
  FakeServer server;
  TempDir dir;
  ApiClient api(config_for(server, dir.path()));
  EXPECT_EQ(api.download("", "file:///etc/passwd", dir.file("v.mp4")).code, ErrorCode::Usage);
  server.script("GET", "/redirect",
                {Reply::http(302).with_header("Location", "file:///etc/passwd")});
  const Error e = api.download("", server.base_url() + "/redirect", dir.file("v.mp4"));
  EXPECT_TRUE(e);
  EXPECT_FALSE(fs::exists(dir.file("v.mp4")));
  EXPECT_FALSE(fs::exists(dir.file("v.mp4.part")));
}

TEST(DownloadITest, TooManyRedirectsAreRefused) {
  FakeServer server;
  TempDir dir;
  server.on("GET", "/hop/([0-9]+)", [&server](const test::RecordedRequest &rec, int) {
    const int n = std::stoi(rec.path.substr(5));
    return Reply::http(302).with_header("Location",
                                        server.base_url() + "/hop/" + std::to_string(n + 1));
  });
  ApiClient api(config_for(server, dir.path()));
  EXPECT_EQ(api.download("", server.base_url() + "/hop/0", dir.file("v.mp4")).code,
            ErrorCode::Network);
  EXPECT_LE(server.count("GET", "/hop/.*"), 4);
  EXPECT_FALSE(fs::exists(dir.file("v.mp4")));
}

TEST(DownloadITest, SizeCapRefusesAndLeavesNothingBehind) {
  FakeServer server;
  TempDir dir;
  server.script("GET", "/files/big.mp4", {Reply::file(random_bytes(200000))});
  auto cfg = config_for(server, dir.path());
  cfg.download_limit = 100000;
  ApiClient api(cfg);
  EXPECT_EQ(api.download("", server.base_url() + "/files/big.mp4", dir.file("v.mp4")).code,
            ErrorCode::FileTooLarge);
  EXPECT_FALSE(fs::exists(dir.file("v.mp4")));
  EXPECT_FALSE(fs::exists(dir.file("v.mp4.part")));
}

TEST(DownloadITest, AFileThatFailsVerificationIsDeletedAndNeverDelivered) {
  FakeServer server;
  TempDir dir;
  server.script("GET", "/files/v.mp4",
                {Reply::file(std::make_shared<const std::string>("not an mp4 at all"))});
  ApiClient api(config_for(server, dir.path()));
  std::string checked;
  const Error e = api.download("", server.base_url() + "/files/v.mp4", dir.file("v.mp4"), nullptr,
                               {}, [&](const std::string &part) {
                                 checked = part;
                                 return make_error(ErrorCode::BadMedia, "probe failed");
                               });
  EXPECT_EQ(e.code, ErrorCode::BadMedia);
  EXPECT_EQ(checked, dir.file("v.mp4.part"));
  EXPECT_FALSE(fs::exists(dir.file("v.mp4")));
  EXPECT_FALSE(fs::exists(dir.file("v.mp4.part")));
}

TEST(DownloadITest, CancelEndsADownloadWithin250msAndRemovesThePart) {
  FakeServer server;
  TempDir dir;
  Reply slow;
  slow.content_type = "video/mp4";
  slow.generated = 200u << 20;
  slow.byte_delay = std::chrono::milliseconds(20);
  server.script("GET", "/files/slow.mp4", {slow});
  ApiClient api(config_for(server, dir.path()));
  ASSERT_FALSE(api.ensure_token());
  CancelToken cancel;
  std::atomic<bool> started{false};
  std::chrono::steady_clock::time_point cancelled_at;
  std::thread canceller([&] {
    while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cancelled_at = std::chrono::steady_clock::now();
    cancel.cancel();
  });
  const Error e = api.download(
      "", server.base_url() + "/files/slow.mp4", dir.file("v.mp4"), nullptr,
      [&](std::uint64_t, std::uint64_t) { started = true; }, {}, cancel);
  const auto ended = std::chrono::steady_clock::now();
  canceller.join();
  EXPECT_EQ(e.code, ErrorCode::Cancelled);
  EXPECT_LT(ended - cancelled_at, std::chrono::milliseconds(250));
  EXPECT_FALSE(fs::exists(dir.file("v.mp4")));
  EXPECT_FALSE(fs::exists(dir.file("v.mp4.part")));
}

}  // namespace
}  // namespace nemo::core
