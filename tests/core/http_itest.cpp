// core/http.hpp against the fake server: statuses and headers, Retry-After,
// streaming only for accepted answers, drops, schemes, cancel.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <curl/curl.h>
#include <gtest/gtest.h>

#include "core/http.hpp"
#include "fault_proxy.hpp"
#include "itest_support.hpp"

namespace nemo::core {
namespace {
using test::FakeServer;
using test::Reply;

TEST(HttpITest, StatusHeadersAndRetryAfterInBothForms) {
  FakeServer server(false);
  const time_t later = std::time(nullptr) + 120;
  char date[64];
  std::tm tm{};
  gmtime_r(&later, &tm);
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  server.script("GET", "/a",
                {Reply::http(429, "slow").with_header("Retry-After", "7"),
                 Reply::http(503, "").with_header("Retry-After", date)});
  HttpRequest req;
  req.url = server.base_url() + "/a";
  HttpResponse resp;
  ASSERT_FALSE(http_perform(req, resp));
  EXPECT_EQ(resp.status, 429);
  EXPECT_EQ(resp.body, "slow");
  EXPECT_EQ(resp.header("RETRY-AFTER"), "7");
  EXPECT_EQ(resp.retry_after(), std::chrono::seconds(7));
  ASSERT_FALSE(http_perform(req, resp));
  ASSERT_TRUE(resp.retry_after().has_value());
  EXPECT_GT(resp.retry_after()->count(), 100);
  EXPECT_LE(resp.retry_after()->count(), 120);
}

TEST(HttpITest, OnlyAcceptedAnswersAreStreamed) {
  FakeServer server(false);
  server.script("GET", "/s", {Reply::http(200, "video-bytes"), Reply::http(404, "not here")});
  std::string streamed;
  HttpRequest req;
  req.url = server.base_url() + "/s";
  req.on_data = [&](std::string_view chunk) {
    streamed.append(chunk);
    return true;
  };
  HttpResponse resp;
  ASSERT_FALSE(http_perform(req, resp));
  EXPECT_EQ(streamed, "video-bytes");
  EXPECT_TRUE(resp.body.empty());
  EXPECT_EQ(resp.streamed, 11u);
  streamed.clear();
  ASSERT_FALSE(http_perform(req, resp));
  EXPECT_EQ(resp.status, 404);
  EXPECT_TRUE(streamed.empty());
  EXPECT_EQ(resp.body, "not here");
}

TEST(HttpITest, ADroppedConnectionIsReportedAsResumable) {
  FakeServer server(false);
  server.script("GET", "/f",
                {Reply::file(std::make_shared<const std::string>(std::string(50000, 'x')), 20000)});
  HttpRequest req;
  req.url = server.base_url() + "/f";
  req.on_data = [](std::string_view) { return true; };
  HttpResponse resp;
  const Error e = http_perform(req, resp);
  EXPECT_EQ(e.code, ErrorCode::Network);
  EXPECT_TRUE(resp.dropped());
  EXPECT_EQ(resp.streamed, 20000u);
}

TEST(HttpITest, OnlyHttpAndHttpsAndTlsIsVerified) {
  FakeServer server(false);
  HttpRequest req;
  HttpResponse resp;
  req.url = "ftp://127.0.0.1/x";
  EXPECT_EQ(http_perform(req, resp).code, ErrorCode::Usage);
  req.url = "file:///etc/passwd";
  EXPECT_EQ(http_perform(req, resp).code, ErrorCode::Usage);
  req.url = "https://127.0.0.1:" + std::to_string(server.port()) + "/";  // no TLS there
  EXPECT_EQ(http_perform(req, resp).code, ErrorCode::Network);
  EXPECT_TRUE(http_url_allowed("HTTPS://x.invalid/a"));
  EXPECT_FALSE(http_url_allowed("javascript:alert(1)"));
  EXPECT_EQ(http_origin("https://Example.com:8443/a/b?c"), "https://example.com:8443");
}

TEST(HttpITest, JsonBodyAndMultipartFromDisk) {
  FakeServer server(false);
  server.script("POST", "/p", {Reply::ok({})});
  test::TempDir dir;
  const std::string path = dir.write("clip.bin", std::string(100000, 'z'));
  HttpRequest req;
  req.method = "POST";
  req.url = server.base_url() + "/p";
  req.body = R"({"a":1})";
  req.content_type = "application/json";
  HttpResponse resp;
  ASSERT_FALSE(http_perform(req, resp));
  req.body.clear();
  req.multipart = {{"files", path, "clip.bin", "video/mp4", ""}, {"note", "", "", "", "hello"}};
  std::uint64_t up = 0;
  req.on_upload_progress = [&](std::uint64_t done, std::uint64_t) { up = done; };
  ASSERT_FALSE(http_perform(req, resp));
  auto sent = server.requests("POST", "/p");
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].json()["a"], 1);
  EXPECT_EQ(sent[0].header("Content-Type"), "application/json");
  ASSERT_EQ(sent[1].parts.size(), 2u);
  EXPECT_EQ(sent[1].parts[0].name, "files");
  EXPECT_EQ(sent[1].parts[0].filename, "clip.bin");
  EXPECT_EQ(sent[1].parts[0].size, 100000u);
  EXPECT_EQ(sent[1].parts[1].name, "note");
  EXPECT_GE(up, 100000u);
}

// A stall right after a quick upload is seen after low_speed_time, not after
// libcurl's averaging window (which took ~6 s here for a 1 s setting).
TEST(HttpITest, AStallAfterTheUploadIsSeenWithinTheStallTime) {
  FakeServer server(false);
  server.on("POST", "/up", [](const test::RecordedRequest &, int) {
    Reply r = Reply::ok({});
    r.delay = std::chrono::milliseconds(20000);  // ends early when the server stops
    return r;
  });
  test::TempDir dir;
  const std::string path = dir.write("clip.bin", std::string(4 << 20, 'z'));
  HttpRequest req;
  req.method = "POST";
  req.url = server.base_url() + "/up";
  req.multipart = {{"files", path, "clip.bin", "video/mp4", ""}};
  req.total_timeout = std::chrono::milliseconds(0);
  req.low_speed_time = std::chrono::milliseconds(1000);
  HttpResponse resp;
  test::Stopwatch watch;
  const Error e = http_perform(req, resp);
  EXPECT_EQ(e.code, ErrorCode::Network);
  EXPECT_LT(watch.elapsed().count(), 4000) << e.detail;
}

// Bytes of the head count as progress: a slowly sent head is not a stall.
TEST(HttpITest, ASlowlySentHeadIsNotAStall) {
  FakeServer server(false);
  Reply slow_head = Reply::http(200, "hello");
  for (const char *name : {"X-A", "X-B", "X-C", "X-D", "X-E", "X-F", "X-G", "X-H"})
    slow_head.with_header(name, "12345678");  // short lines: each arrives within the stall time
  server.script("GET", "/a", {slow_head});
  test::FaultProxy proxy("127.0.0.1", server.port());
  test::FaultRule drip;
  drip.method = "GET";
  drip.path_regex = "/a";
  drip.fault = test::Fault::Drip;
  drip.drip_piece = 8;
  drip.duration = std::chrono::milliseconds(100);  // the answer takes ~3 s, body last
  proxy.add_rule(drip);
  HttpRequest req;
  req.url = proxy.base_url() + "/a";
  req.low_speed_time = std::chrono::milliseconds(1000);
  HttpResponse resp;
  const Error e = http_perform(req, resp);
  ASSERT_FALSE(e) << e.detail;
  EXPECT_EQ(resp.status, 200);
  EXPECT_EQ(resp.body, "hello");
}

TEST(HttpITest, ACancelledTokenStopsBeforeAnyRequest) {
  FakeServer server(false);
  CancelToken cancel;
  cancel.cancel();
  HttpRequest req;
  req.url = server.base_url() + "/x";
  req.cancel = &cancel;
  HttpResponse resp;
  EXPECT_EQ(http_perform(req, resp).code, ErrorCode::Cancelled);
  EXPECT_TRUE(server.requests().empty());
}

TEST(HttpRedirectOrigin, SameOriginOrAnUpgradeToHttpsOnly) {
  EXPECT_TRUE(http_redirect_same_origin("http://127.0.0.1:8080/a", "/b?x=1"));
  EXPECT_TRUE(http_redirect_same_origin("http://127.0.0.1:8080/a/b", "c"));
  EXPECT_TRUE(http_redirect_same_origin("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/z"));
  EXPECT_TRUE(
      http_redirect_same_origin("https://Api.Example.com/a", "https://api.example.com:443/b"));
  EXPECT_TRUE(http_redirect_same_origin("http://api.example.com/a", "https://api.example.com/a"));
  EXPECT_FALSE(http_redirect_same_origin("https://api.example.com/a", "http://api.example.com/a"));
  EXPECT_FALSE(http_redirect_same_origin("http://127.0.0.1:8080/a", "http://localhost:8080/a"));
  EXPECT_FALSE(http_redirect_same_origin("http://127.0.0.1:8080/a", "http://127.0.0.1:8081/a"));
  EXPECT_FALSE(http_redirect_same_origin("http://api.example.com/a", "//wifi-login.example/"));
  EXPECT_FALSE(
      http_redirect_same_origin("http://api.example.com:8080/a", "https://api.example.com/a"));
  EXPECT_FALSE(http_redirect_same_origin("http://api.example.com/a", "file:///etc/passwd"));
  EXPECT_FALSE(http_redirect_same_origin("http://api.example.com/a", "http://[bad"));
}

// A captive portal or a misconfigured proxy sends an API call elsewhere: the
// call fails with its own message and nothing (the body least of all) is sent
// to the other origin; a redirect on the same origin is followed.
TEST(HttpITest, ApiCallsFollowRedirectsOnlyOnTheirOrigin) {
  FakeServer server(false);
  const std::string foreign = "http://localhost:" + std::to_string(server.port());
  server.script("POST", "/away", {Reply::http(307).with_header("Location", foreign + "/landed")});
  server.script("POST", "/moved", {Reply::http(307).with_header("Location", "/landed")});
  server.script("POST", "/landed", {Reply::http(200, "{\"ok\":1}"), Reply::http(200, "x")});
  HttpRequest req;
  req.method = "POST";
  req.body = "the streamer's media";
  req.content_type = "text/plain";
  req.url = server.base_url() + "/away";
  HttpResponse resp;
  const Error e = http_perform(req, resp);
  EXPECT_EQ(e.code, ErrorCode::Protocol);
  EXPECT_EQ(e.key, "Error.Redirect");
  EXPECT_NE(e.detail.find("localhost"), std::string::npos) << e.detail;
  EXPECT_EQ(server.count("POST", "/landed"), 0) << "the request went to the other origin";

  req.url = server.base_url() + "/moved";
  ASSERT_FALSE(http_perform(req, resp));
  EXPECT_EQ(resp.status, 200);
  EXPECT_EQ(resp.body, "{\"ok\":1}");
  ASSERT_EQ(server.count("POST", "/landed"), 1);
  EXPECT_EQ(server.requests().back().body, "the streamer's media");
}

// A video may be served by another host (a CDN): a download follows it.
TEST(HttpITest, ADownloadMayBeSentToAnotherOrigin) {
  FakeServer server(false);
  const std::string foreign = "http://localhost:" + std::to_string(server.port());
  server.script("GET", "/video", {Reply::http(302).with_header("Location", foreign + "/cdn")});
  server.script("GET", "/cdn", {Reply::http(200, "bytes")});
  HttpRequest req;
  req.url = server.base_url() + "/video";
  req.follow_foreign_redirects = true;
  HttpResponse resp;
  ASSERT_FALSE(http_perform(req, resp));
  EXPECT_EQ(resp.status, 200);
  EXPECT_EQ(resp.body, "bytes");
  ASSERT_EQ(server.count("GET", "/cdn"), 1);
  EXPECT_EQ(server.requests().back().header("Host").rfind("localhost", 0), 0u);
}

}  // namespace
}  // namespace nemo::core
