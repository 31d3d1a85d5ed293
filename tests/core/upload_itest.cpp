// Upload against the fake server: local checks before any byte is sent,
// multipart field `files` streamed from disk, progress, URL mode, and a
// failed upload keeping the session.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include "core/api_client.hpp"
#include "core/download.hpp"
#include "core/mp4_probe.hpp"
#include "itest_support.hpp"

namespace nemo::core {
namespace {
using test::config_for;
using test::FakeServer;
using test::Reply;
using test::TempDir;

std::string png_bytes(size_t n) {
  std::string s("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0", 29);
  s.resize(n, 'x');
  return s;
}

std::string mp4ish_bytes(size_t n) {
  std::string s(
      "\0\0\0\x18"
      "ftypisom\0\0\x02\0isomiso2",
      24);
  s.resize(n, '\x01');
  return s;
}

TEST(UploadITest, FilesGoAsMultipartFieldFilesWithProgress) {
  FakeServer server;
  TempDir dir;
  const std::string a = dir.write("a.png", png_bytes(70000));
  const std::string b = dir.write("b.png", png_bytes(1000));
  ApiClient api(config_for(server, dir.path()));
  UploadResult result;
  std::uint64_t done = 0, total = 0;
  const Error e = api.upload_files({a, b}, result, [&](std::uint64_t d, std::uint64_t t) {
    done = d;
    total = t;
  });
  ASSERT_FALSE(e) << e.detail;
  auto sent = server.requests("POST", "/api/upload-video/nemo_agent/me/sess_1");
  ASSERT_EQ(sent.size(), 1u);
  ASSERT_EQ(sent[0].parts.size(), 2u);
  EXPECT_EQ(sent[0].parts[0].name, "files");
  EXPECT_EQ(sent[0].parts[0].filename, "a.png");
  EXPECT_EQ(sent[0].parts[0].size, 70000u);
  EXPECT_EQ(sent[0].parts[1].name, "files");
  EXPECT_EQ(sent[0].parts[1].filename, "b.png");
  EXPECT_EQ(sent[0].parts[1].content_type, "image/png");
  ASSERT_EQ(result.files.size(), 2u);
  EXPECT_EQ(result.files[0].cdn_url, "https://cdn.invalid/a.png");
  EXPECT_TRUE(result.session_state_applied);
  EXPECT_GT(total, 71000u);
  EXPECT_EQ(done, total);
}

TEST(UploadITest, AnUnsupportedFileIsRefusedBeforeAnyByteIsSent) {
  FakeServer server;
  TempDir dir;
  const std::string fake = dir.write("movie.mp4", "this is plain text, not a video at all");
  ApiClient api(config_for(server, dir.path()));
  UploadResult result;
  const Error e = api.upload_files({fake}, result);
  EXPECT_EQ(e.code, ErrorCode::UnsupportedFile);
  EXPECT_TRUE(server.requests().empty());
}

TEST(UploadITest, ATooLargeFileIsRefusedBeforeAnyByteIsSent) {
  FakeServer server;
  TempDir dir;
  const std::string ok = dir.write("ok.png", png_bytes(100));
  const std::string big = dir.write("big.png", png_bytes(5000));
  auto cfg = config_for(server, dir.path());
  cfg.upload_limit = 4000;
  ApiClient api(cfg);
  UploadResult result;
  EXPECT_EQ(api.upload_files({ok, big}, result).code, ErrorCode::FileTooLarge);
  EXPECT_TRUE(server.requests().empty());
}

TEST(UploadITest, UrlModeSendsJson) {
  FakeServer server;
  TempDir dir;
  ApiClient api(config_for(server, dir.path()));
  UploadResult result;
  ASSERT_FALSE(
      api.upload_urls({"https://example.invalid/a.mp4", "https://example.invalid/b.jpg"}, result));
  auto sent = server.requests("POST", "/api/upload-video/.*");
  ASSERT_EQ(sent.size(), 1u);
  const auto body = sent[0].json();
  EXPECT_EQ(body["source_type"], "url");
  EXPECT_EQ(body["urls"].size(), 2u);
  EXPECT_EQ(body["urls"][1], "https://example.invalid/b.jpg");
  EXPECT_EQ(result.files.size(), 2u);
  UploadResult none;
  EXPECT_EQ(api.upload_urls({"ftp://example.invalid/a.mp4"}, none).code, ErrorCode::Usage);
}

TEST(UploadITest, AFailedUploadKeepsTheSession) {
  FakeServer server;
  TempDir dir;
  server.script("POST", "/api/upload-video/.*", {Reply::http(503, "busy")});
  const std::string a = dir.write("a.png", png_bytes(500));
  ApiClient api(config_for(server, dir.path()));
  UploadResult result;
  EXPECT_EQ(api.upload_files({a}, result).code, ErrorCode::Network);
  EXPECT_EQ(api.session_id(), "sess_1");
  EXPECT_EQ(server.count("POST", "/api/tasks/.*"), 1);
  ApiClient restarted(config_for(server, dir.path()));
  EXPECT_EQ(restarted.session_id(), "sess_1");
}

TEST(UploadITest, UploadCancelsWithin250ms) {
  FakeServer server;
  TempDir dir;
  server.script("POST", "/api/upload-video/.*", {Reply::ok({})});
  const std::string a = dir.write("a.png", png_bytes(100000));
  ApiClient api(config_for(server, dir.path()));
  ASSERT_FALSE(api.ensure_session());
  CancelToken cancel;
  cancel.cancel();
  UploadResult result;
  EXPECT_EQ(api.upload_files({a}, result, {}, cancel).code, ErrorCode::Cancelled);
  EXPECT_EQ(server.count("POST", "/api/upload-video/.*"), 0);
}

TEST(DownloadProbeITest, ACorruptMp4IsDeletedAndReportedNeverDelivered) {
  FakeServer server;
  TempDir dir;
  server.script("GET", "/files/bad.mp4",
                {Reply::file(std::make_shared<const std::string>(mp4ish_bytes(20000)))});
  ApiClient api(config_for(server, dir.path()));
  const std::string dest = dir.file("bad.mp4");
  const Error e =
      api.download("", server.base_url() + "/files/bad.mp4", dest, nullptr, {}, mp4_verifier());
  EXPECT_EQ(e.code, ErrorCode::BadMedia);
  EXPECT_FALSE(std::filesystem::exists(dest));
  EXPECT_FALSE(std::filesystem::exists(dest + ".part"));
}

}  // namespace
}  // namespace nemo::core
