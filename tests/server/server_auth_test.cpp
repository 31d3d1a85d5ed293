// nemo-local: tokens, the Host-header guard, CORS, the access key and the
// command line.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include "server/options.hpp"
#include "server_harness.hpp"

namespace nemo::server::testing {
namespace {

TEST(ServerAuth, AnonymousTokenHasTheDocumentedShape) {
  FakeBackend backend;
  ServerHarness h(backend);
  auto c = h.client();
  auto r = c.Post("/api/auth/anonymous-token", {{"X-Client-Id", "abc"}}, "", "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  const auto j = nlohmann::json::parse(r->body);
  EXPECT_EQ(j["code"], 0);
  EXPECT_EQ(j["data"]["token"].get<std::string>().rfind("nmv_usr_", 0), 0u);
  EXPECT_FALSE(j["data"]["user_id"].get<std::string>().empty());
  EXPECT_TRUE(j["data"]["expires_at"].is_string());
  EXPECT_EQ(j["data"]["expires_at_ms"], h.now_ms.load() + 7LL * 24 * 3600 * 1000);
  EXPECT_TRUE(j["data"]["credits"].is_number());
}

TEST(ServerAuth, SameClientIdKeepsItsUser) {
  FakeBackend backend;
  ServerHarness h(backend);
  auto c = h.client();
  auto a = nlohmann::json::parse(
      c.Post("/api/auth/anonymous-token", {{"X-Client-Id", "one"}}, "", "text/plain")->body);
  auto b = nlohmann::json::parse(
      c.Post("/api/auth/anonymous-token", {{"X-Client-Id", "one"}}, "", "text/plain")->body);
  auto other = nlohmann::json::parse(
      c.Post("/api/auth/anonymous-token", {{"X-Client-Id", "two"}}, "", "text/plain")->body);
  EXPECT_EQ(a["data"]["user_id"], b["data"]["user_id"]);
  EXPECT_NE(a["data"]["token"], b["data"]["token"]);
  EXPECT_NE(a["data"]["user_id"], other["data"]["user_id"]);
}

TEST(ServerAuth, MissingClientIdIsHttp400) {
  FakeBackend backend;
  ServerHarness h(backend);
  auto c = h.client();
  auto r = c.Post("/api/auth/anonymous-token", "", "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("X-Client-Id"), std::string::npos);
}

TEST(ServerAuth, AClientIdThatIsNotPrintableAsciiIsHttp400AndTheServerGoesOn) {
  // Found by fuzzing (tests/fuzz server_request): bytes that are not UTF-8 in
  // X-Client-Id reached users.json, whose write threw: a 500 here, and the end
  // of the whole server when the next chat turn saved the users.
  FakeBackend backend;
  ServerHarness h(backend);
  auto c = h.client();
  for (const std::string &id :
       {std::string("abc\xdb\xdb"), std::string("tab\there"), std::string("caf\xc3\xa9")}) {
    auto r = c.Post("/api/auth/anonymous-token", {{"X-Client-Id", id}}, "", "text/plain");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << id;
    EXPECT_NE(r->body.find("X-Client-Id"), std::string::npos);
  }
  auto ok =
      c.Post("/api/auth/anonymous-token", {{"X-Client-Id", "3f2c9a1e-uuid"}}, "", "text/plain");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST(ServerAuth, EveryOtherEndpointNeedsAValidToken) {
  FakeBackend backend;
  ServerHarness h(backend);
  h.login();
  const std::string sid = h.new_session();
  auto c = h.client();
  const std::vector<std::pair<std::string, std::string>> calls = {
      {"POST", "/api/tasks/me/with-session/nemo_agent"},
      {"GET", "/api/credits/balance/simple"},
      {"GET", "/api/state/nemo_agent/me/" + sid + "/latest"},
      {"POST", "/run_sse"},
      {"POST", "/api/upload-video/nemo_agent/me/" + sid},
      {"POST", "/api/render/proxy/lambda"},
      {"GET", "/api/render/proxy/lambda/render_1"},
      {"POST", "/api/render/proxy/lambda/render_1/cancel"},
      {"GET", "/api/render/proxy/render_1/download"}};
  for (const auto &[method, path] : calls) {
    for (const std::string &auth : {std::string(), std::string("Bearer nmv_usr_bogus")}) {
      httplib::Headers headers;
      if (!auth.empty()) headers.emplace("Authorization", auth);
      auto r = method == "GET" ? c.Get(path.c_str(), headers)
                               : c.Post(path.c_str(), headers, "{}", "application/json");
      ASSERT_TRUE(r) << path;
      EXPECT_EQ(r->status, 401) << method << " " << path;
      EXPECT_EQ(nlohmann::json::parse(r->body)["code"], 1001) << path;
    }
  }
}

TEST(ServerAuth, ExpiredTokenIs1001) {
  FakeBackend backend;
  ServerHarness h(backend);
  h.login();
  EXPECT_EQ(h.get_json("/api/credits/balance/simple")["code"], 0);
  h.now_ms += 7LL * 24 * 3600 * 1000 + 1;
  int status = 0;
  EXPECT_EQ(h.get_json("/api/credits/balance/simple", &status)["code"], 1001);
  EXPECT_EQ(status, 401);
}

TEST(ServerAuth, TokensSurviveARestart) {
  FakeBackend backend;
  ServerHarness h(backend);
  h.login();
  h.stop();
  h.start();
  EXPECT_EQ(h.get_json("/api/credits/balance/simple")["code"], 0);
}

TEST(ServerAuth, ForeignHostHeaderIsRefused) {
  FakeBackend backend;
  ServerHarness h(backend);
  auto c = h.client();
  const std::string port = std::to_string(h.port());
  // Named arrays, not a temporary std::vector in the range-for: GCC 16 reports
  // -Wfree-nonheap-object from inside libstdc++ for that (a false positive).
  const std::string foreign[] = {"evil.example:" + port, "127.0.0.1:1", "attacker.test"};
  for (const std::string &host : foreign) {
    auto r = c.Post("/api/auth/anonymous-token", {{"X-Client-Id", "x"}, {"Host", host}}, "",
                    "text/plain");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << host;
  }
  const std::string own[] = {"127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port,
                             "LOCALHOST:" + port};
  for (const std::string &host : own) {
    auto r = c.Post("/api/auth/anonymous-token", {{"X-Client-Id", "x"}, {"Host", host}}, "",
                    "text/plain");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << host;
  }
}

TEST(ServerAuth, NoCorsHeadersAnywhere) {
  FakeBackend backend;
  ServerHarness h(backend);
  auto c = h.client();
  auto r = c.Post("/api/auth/anonymous-token",
                  {{"X-Client-Id", "x"}, {"Origin", "http://evil.example"}}, "", "text/plain");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));
  auto pre = c.Options("/api/auth/anonymous-token", {{"Origin", "http://evil.example"},
                                                     {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(pre);
  EXPECT_FALSE(pre->has_header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(pre->has_header("Access-Control-Allow-Headers"));
}

TEST(ServerAuth, AccessKeyIsRequiredForTheTokenWhenSet) {
  FakeBackend backend;
  ServerOptions o;
  o.access_key = "s3cret";
  ServerHarness h(backend, o);
  auto c = h.client();
  auto none = c.Post("/api/auth/anonymous-token", {{"X-Client-Id", "x"}}, "", "text/plain");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 403);
  auto wrong = c.Post("/api/auth/anonymous-token", {{"X-Client-Id", "x"}, {"X-Access-Key", "no"}},
                      "", "text/plain");
  EXPECT_EQ(wrong->status, 403);
  auto right = c.Post("/api/auth/anonymous-token",
                      {{"X-Client-Id", "x"}, {"X-Access-Key", "s3cret"}}, "", "text/plain");
  EXPECT_EQ(right->status, 200);
}

TEST(ServerOptions, NonLoopbackNeedsAnAccessKey) {
  ServerOptions o;
  o.data_dir = "/tmp/x";
  o.host = "0.0.0.0";
  EXPECT_NE(validate_options(o).find("--access-key"), std::string::npos);
  o.access_key = "k";
  EXPECT_EQ(validate_options(o), "");
  FakeBackend backend;
  ServerOptions bad;
  bad.data_dir = "/tmp/never-created-nemo";
  bad.host = "192.0.2.1";
  LocalServer server(bad, backend.make());
  EXPECT_NE(server.start().find("--access-key"), std::string::npos);
}

TEST(ServerOptions, CommandLine) {
  ServerOptions o;
  std::string msg;
  const char *argv[] = {"nemo-local", "--host",     "127.0.0.1",
                        "--port",     "0",          "--data-dir",
                        "/tmp/d",     "--workers",  "2",
                        "--credits",  "5",          "--max-upload-mb",
                        "3",          "--preset",   "quality",
                        "--log-file", "/tmp/l.log", "--access-key=k",
                        "--encoder",  "software",   "--idle-priority"};
  ASSERT_EQ(parse_command_line(static_cast<int>(std::size(argv)), argv, o, msg), ParseResult::Ok)
      << msg;
  EXPECT_EQ(o.port, 0);
  EXPECT_EQ(o.data_dir, "/tmp/d");
  EXPECT_EQ(o.workers, 2);
  ASSERT_TRUE(o.credits.has_value());
  EXPECT_EQ(*o.credits, 5);
  EXPECT_EQ(o.max_upload_bytes, 3u * 1024 * 1024);
  EXPECT_EQ(o.preset, "quality");
  EXPECT_EQ(o.log_file, "/tmp/l.log");
  EXPECT_EQ(o.access_key, "k");
  EXPECT_TRUE(o.idle_priority);
  EXPECT_EQ(o.encoder, "software");
  EXPECT_EQ(ServerOptions{}.encoder, "auto");
  EXPECT_FALSE(ServerOptions{}.idle_priority) << "renders are idle-class only when asked";

  ServerOptions bad;
  const char *argv2[] = {"nemo-local", "--port", "99999"};
  EXPECT_EQ(parse_command_line(3, argv2, bad, msg), ParseResult::Error);
  const char *argv3[] = {"nemo-local", "--host", "0.0.0.0", "--data-dir", "/tmp/d"};
  EXPECT_EQ(parse_command_line(5, argv3, bad, msg), ParseResult::Error);
  EXPECT_NE(msg.find("--access-key"), std::string::npos);
  const char *argv4[] = {"nemo-local", "--bogus"};
  EXPECT_EQ(parse_command_line(2, argv4, bad, msg), ParseResult::Error);
  const char *argv5[] = {"nemo-local", "--idle-priority=yes"};  // a flag takes no value
  EXPECT_EQ(parse_command_line(2, argv5, bad, msg), ParseResult::Error);
  const char *argv6[] = {"nemo-local", "--encoder", "gpu"};
  EXPECT_EQ(parse_command_line(3, argv6, bad, msg), ParseResult::Error);
  EXPECT_NE(msg.find("--encoder"), std::string::npos);
}

}  // namespace
}  // namespace nemo::server::testing
