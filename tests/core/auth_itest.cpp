// ApiClient against the fake server: auth, sessions, envelopes, the error
// table (0, 1001, 1002, 2001, 4001, 4002, HTTP 400, 402, 429), attribution
// headers, persistence, and the token never in an error.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "core/api_client.hpp"
#include "itest_support.hpp"

namespace nemo::core {
namespace {
using test::config_for;
using test::FakeServer;
using test::Reply;
using test::TempDir;

TEST(ApiAuthITest, AnonymousTokenUsesPersistedClientIdAndIsReused) {
  FakeServer server;
  TempDir dir;
  std::string client_id;
  {
    ApiClient api(config_for(server, dir.path()));
    client_id = api.client_id();
    Credits c;
    ASSERT_FALSE(api.credits(c));
    EXPECT_EQ(c.available, 100);
    EXPECT_EQ(c.total, 100);
  }
  auto tokens = server.requests("POST", "/api/auth/anonymous-token");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(tokens[0].header("X-Client-Id"), client_id);
  EXPECT_FALSE(tokens[0].has_header("Authorization"));
  auto credit_calls = server.requests("GET", "/api/credits/balance/simple");
  ASSERT_EQ(credit_calls.size(), 1u);
  EXPECT_EQ(credit_calls[0].header("Authorization"), "Bearer nmv_usr_faketoken0");

  // A restart: same client id, the persisted token, no new token request.
  ApiClient again(config_for(server, dir.path()));
  EXPECT_EQ(again.client_id(), client_id);
  Credits c;
  ASSERT_FALSE(again.credits(c));
  EXPECT_EQ(server.count("POST", "/api/auth/anonymous-token"), 1);

  struct stat st {};
  ASSERT_EQ(::stat(dir.file("client.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(ApiAuthITest, ConfiguredTokenIsSentAndNeverPersisted) {
  FakeServer server;
  TempDir dir;
  auto cfg = config_for(server, dir.path());
  cfg.token = "nmv_usr_configured_secret";
  ApiClient api(cfg);
  Credits c;
  ASSERT_FALSE(api.credits(c));
  EXPECT_EQ(server.count("POST", "/api/auth/anonymous-token"), 0);
  EXPECT_EQ(server.requests("GET", "/api/credits.*")[0].header("Authorization"),
            "Bearer nmv_usr_configured_secret");
  EXPECT_EQ(test::read_file(dir.file("client.json")).find("configured_secret"), std::string::npos);
}

TEST(ApiAuthITest, Code0SuccessInBothEnvelopes) {
  FakeServer server;
  TempDir dir;
  server.script("GET", "/api/credits/balance/simple",
                {Reply::success({{"available", 7}, {"frozen", 1}, {"total", 8}})});
  ApiClient api(config_for(server, dir.path()));
  Credits c;
  ASSERT_FALSE(api.credits(c));
  EXPECT_EQ(c.available, 7);
  EXPECT_EQ(c.frozen, 1);
}

TEST(ApiAuthITest, Code1001GetsNewTokenSameClientIdAndRetriesOnce) {
  FakeServer server;
  TempDir dir;
  server.script("GET", "/api/credits/balance/simple",
                {Reply::code(1001, "token expired"), Reply::ok({{"available", 5}})});
  ApiClient api(config_for(server, dir.path()));
  Credits c;
  ASSERT_FALSE(api.credits(c));
  EXPECT_EQ(c.available, 5);
  auto tokens = server.requests("POST", "/api/auth/anonymous-token");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].header("X-Client-Id"), tokens[1].header("X-Client-Id"));
  auto calls = server.requests("GET", "/api/credits/balance/simple");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[1].header("Authorization"), "Bearer nmv_usr_faketoken1");
}

TEST(ApiAuthITest, Code1001TwiceIsAnAuthErrorWithoutTheToken) {
  FakeServer server;
  TempDir dir;
  server.script("GET", "/api/credits/balance/simple",
                {Reply::code(1001, "bad token nmv_usr_faketoken0 / nmv_usr_faketoken1")});
  ApiClient api(config_for(server, dir.path()));
  Credits c;
  const Error e = api.credits(c);
  EXPECT_EQ(e.code, ErrorCode::Auth);
  EXPECT_EQ(e.key, "Error.Auth");
  EXPECT_EQ(e.detail.find("faketoken"), std::string::npos) << e.detail;
  EXPECT_EQ(server.count("GET", "/api/credits/balance/simple"), 2);  // once, then one retry
}

TEST(ApiAuthITest, TokenNeverInErrorDetailEvenWhenEchoedVerbatim) {
  FakeServer server;
  TempDir dir;
  auto cfg = config_for(server, dir.path());
  cfg.token = "plain-secret-value-42";  // no recognisable prefix
  server.script(
      "GET", "/api/credits/balance/simple",
      {Reply::json({{"code", 5000}, {"message", "your token plain-secret-value-42 is odd"}}, 500)});
  ApiClient api(cfg);
  Credits c;
  const Error e = api.credits(c);
  ASSERT_TRUE(e);
  EXPECT_EQ(e.detail.find("plain-secret-value-42"), std::string::npos) << e.detail;
}

TEST(ApiAuthITest, Http400MakesAndPersistsANewClientIdThenRetries) {
  FakeServer server;
  TempDir dir;
  server.script("POST", "/api/auth/anonymous-token",
                {Reply::json({{"code", 400}, {"message", "missing X-Client-Id"}}, 400),
                 Reply::ok({{"token", "nmv_usr_after400"}, {"user_id", "u"}, {"expires_at", 0}})});
  ApiClient api(config_for(server, dir.path()));
  const std::string first_id = api.client_id();
  ASSERT_FALSE(api.ensure_token());
  auto tokens = server.requests("POST", "/api/auth/anonymous-token");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].header("X-Client-Id"), first_id);
  EXPECT_NE(tokens[1].header("X-Client-Id"), first_id);
  EXPECT_EQ(tokens[1].header("X-Client-Id"), api.client_id());
  ApiClient restarted(config_for(server, dir.path()));
  EXPECT_EQ(restarted.client_id(), api.client_id());
}

TEST(ApiAuthITest, Http429WaitsForRetryAfterThenRetriesOnce) {
  FakeServer server;
  TempDir dir;
  Reply limited = Reply::json({{"code", 429}, {"message", "slow down"}}, 429);
  limited.with_header("Retry-After", "1");
  server.script("GET", "/api/credits/balance/simple", {limited, Reply::ok({{"available", 3}})});
  auto cfg = config_for(server, dir.path());
  cfg.timings.rate_limit_wait =
      std::chrono::milliseconds(5000);  // must not be used: Retry-After wins
  ApiClient api(cfg);
  Credits c;
  ASSERT_FALSE(api.ensure_token());
  test::Stopwatch sw;
  ASSERT_FALSE(api.credits(c));
  EXPECT_EQ(c.available, 3);
  auto calls = server.requests("GET", "/api/credits/balance/simple");
  ASSERT_EQ(calls.size(), 2u);
  // The retry came after the server's Retry-After (1 s), not the 5 s default.
  EXPECT_GE(calls[1].at - calls[0].at, std::chrono::milliseconds(950));
  EXPECT_LT(sw.elapsed(), std::chrono::milliseconds(4500));
}

TEST(ApiAuthITest, Http429TwiceIsAClearRateLimitError) {
  FakeServer server;
  TempDir dir;
  server.script(
      "POST", "/api/auth/anonymous-token",
      {Reply::json({{"code", 429}, {"message", "one token per client per 7 days"}}, 429)});
  ApiClient api(config_for(server, dir.path()));
  const Error e = api.ensure_token();
  EXPECT_EQ(e.code, ErrorCode::RateLimited);
  EXPECT_EQ(e.key, "Error.RateLimited");
  EXPECT_EQ(server.count("POST", "/api/auth/anonymous-token"), 2);
}

TEST(ApiAuthITest, Http429WaitIsCancellable) {
  FakeServer server;
  TempDir dir;
  server.script("GET", "/api/credits/balance/simple",
                {Reply::json({{"code", 429}}, 429).with_header("Retry-After", "60")});
  auto cfg = config_for(server, dir.path());
  cfg.timings.max_retry_after = std::chrono::milliseconds(60000);
  ApiClient api(cfg);
  ASSERT_FALSE(api.ensure_token());
  CancelToken cancel;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cancel.cancel();
  });
  test::Stopwatch sw;
  Credits c;
  const Error e = api.credits(c, cancel);
  const auto took = sw.elapsed();
  canceller.join();
  EXPECT_EQ(e.code, ErrorCode::Cancelled);
  EXPECT_LT(took, std::chrono::milliseconds(100 + 250));
}

TEST(ApiAuthITest, Code1002MakesANewSessionAndRetriesOnce) {
  FakeServer server;
  TempDir dir;
  server.script(
      "GET", "/api/state/nemo_agent/me/[^/]+/latest",
      {Reply::code(1002, "session not found"), Reply::ok({{"state", {{"draft", {{"d", 1}}}}}})});
  ApiClient api(config_for(server, dir.path()));
  nlohmann::json state;
  ASSERT_FALSE(api.state(state));
  EXPECT_EQ(state["draft"]["d"], 1);
  EXPECT_EQ(server.count("POST", "/api/tasks/me/with-session/nemo_agent"), 2);
  auto reads = server.requests("GET", "/api/state/.*");
  ASSERT_EQ(reads.size(), 2u);
  EXPECT_EQ(reads[0].path, "/api/state/nemo_agent/me/sess_1/latest");
  EXPECT_EQ(reads[1].path, "/api/state/nemo_agent/me/sess_2/latest");
  EXPECT_EQ(api.session_id(), "sess_2");
}

TEST(ApiAuthITest, Code1002TwiceIsASessionError) {
  FakeServer server;
  TempDir dir;
  server.script("GET", "/api/state/nemo_agent/me/[^/]+/latest", {Reply::code(1002, "gone")});
  ApiClient api(config_for(server, dir.path()));
  nlohmann::json state;
  EXPECT_EQ(api.state(state).code, ErrorCode::Session);
  EXPECT_EQ(server.count("GET", "/api/state/.*"), 2);
}

TEST(ApiAuthITest, SessionIsCreatedWithLanguageAndPersistedAcrossRestarts) {
  FakeServer server;
  TempDir dir;
  auto cfg = config_for(server, dir.path());
  cfg.language = "zh";
  {
    ApiClient api(cfg);
    SessionInfo info;
    ASSERT_FALSE(api.create_session(&info));
    EXPECT_EQ(info.session_id, "sess_1");
    EXPECT_EQ(info.task_id, "task_1");
  }
  auto created = server.requests("POST", "/api/tasks/me/with-session/nemo_agent");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].json()["task_name"], "project");
  EXPECT_EQ(created[0].json()["language"], "zh");
  ApiClient restarted(cfg);
  EXPECT_EQ(restarted.session_id(), "sess_1");
  nlohmann::json state;
  ASSERT_FALSE(restarted.state(state));
  EXPECT_EQ(server.count("POST", "/api/tasks/me/with-session/nemo_agent"), 1);
}

TEST(ApiAuthITest, Code2001IsCreditsWithTheBindHintForAnonymousUsers) {
  FakeServer server;
  TempDir dir;
  server.script("GET", "/api/state/.*", {Reply::code(2001, "insufficient credits")});
  ApiClient api(config_for(server, dir.path()));
  nlohmann::json state;
  const Error e = api.state(state);
  EXPECT_EQ(e.code, ErrorCode::Credits);
  EXPECT_NE(e.detail.find("bind=user_1"), std::string::npos) << e.detail;
  EXPECT_EQ(server.count("GET", "/api/state/.*"), 1);  // no retry
}

TEST(ApiAuthITest, Codes4001And4002FromTheServerAreFileErrors) {
  FakeServer server;
  TempDir dir;
  server.script("POST", "/api/upload-video/nemo_agent/me/[^/]+",
                {Reply::code(4001, "unsupported"), Reply::code(4002, "too large")});
  ApiClient api(config_for(server, dir.path()));
  UploadResult r;
  const Error e1 = api.upload_urls({"https://example.invalid/a.xyz"}, r);
  EXPECT_EQ(e1.code, ErrorCode::UnsupportedFile);
  EXPECT_NE(e1.detail.find("mp4, mov"), std::string::npos) << e1.detail;
  const Error e2 = api.upload_urls({"https://example.invalid/b.mp4"}, r);
  EXPECT_EQ(e2.code, ErrorCode::FileTooLarge);
  EXPECT_EQ(api.session_id(), "sess_1");  // a failed upload keeps the session
}

TEST(ApiAuthITest, Http402IsPlanBlockedNotCredits) {
  FakeServer server;
  TempDir dir;
  server.script("POST", "/api/render/proxy/lambda",
                {Reply::json({{"success", false}, {"error", "attribution missing"}}, 402)});
  ApiClient api(config_for(server, dir.path()));
  std::string id;
  const Error e = api.submit_render({{"t", nlohmann::json::array()}}, id);
  EXPECT_EQ(e.code, ErrorCode::PlanBlocked);
  EXPECT_EQ(e.key, "Error.PlanBlocked");
}

TEST(ApiAuthITest, AttributionHeadersOnEveryRequest) {
  FakeServer server;
  TempDir dir;
  ApiClient api(config_for(server, dir.path()));
  Credits c;
  nlohmann::json state;
  UploadResult up;
  std::string rid;
  RenderStatus st;
  ChatResult chat;
  ASSERT_FALSE(api.credits(c));
  ASSERT_FALSE(api.state(state));
  ASSERT_FALSE(api.upload_urls({"https://example.invalid/x.mp4"}, up));
  ASSERT_FALSE(api.chat("hello", {}, CancelToken::none(), &chat));
  ASSERT_FALSE(api.submit_render({{"t", nlohmann::json::array()}}, rid));
  ASSERT_FALSE(api.render_status(rid, st));
  ASSERT_FALSE(api.cancel_render(rid));
  TempDir out;
  ASSERT_FALSE(api.download(rid, "", out.file("v.mp4")));
  const auto all = server.requests();
  ASSERT_GE(all.size(), 10u);
  for (const auto &r : all) {
    EXPECT_EQ(r.header("X-Skill-Source"), "obs-nemo-video") << r.path;
    EXPECT_FALSE(r.header("X-Skill-Version").empty()) << r.path;
    EXPECT_EQ(r.header("X-Skill-Platform"), "obs") << r.path;
  }
}

TEST(ApiAuthITest, AttributionValuesAreOverridable) {
  FakeServer server;
  TempDir dir;
  auto cfg = config_for(server, dir.path());
  cfg.attribution.source = "custom-src";
  cfg.attribution.version = "9.9";
  cfg.attribution.platform = "test";
  ApiClient api(cfg);
  Credits c;
  ASSERT_FALSE(api.credits(c));
  for (const auto &r : server.requests()) {
    EXPECT_EQ(r.header("X-Skill-Source"), "custom-src");
    EXPECT_EQ(r.header("X-Skill-Version"), "9.9");
    EXPECT_EQ(r.header("X-Skill-Platform"), "test");
  }
}

TEST(ApiAuthITest, UnreachableBackendIsANetworkError) {
  int port = 0;
  {
    FakeServer gone(false);
    port = gone.port();
  }
  TempDir dir;
  Config cfg;
  cfg.base_url = "http://127.0.0.1:" + std::to_string(port);
  cfg.data_dir = dir.path();
  cfg.timings = test::fast_timings();
  ApiClient api(cfg);
  EXPECT_EQ(api.ensure_token().code, ErrorCode::Network);
}

TEST(ApiAuthITest, BaseUrlAndTokenComeFromSettingsThenEnvironment) {
  ::setenv("NEMO_API_BASE", "http://127.0.0.1:9/", 1);
  ::setenv("NEMO_TOKEN", "nmv_env", 1);
  EXPECT_EQ(resolve_base_url(""), "http://127.0.0.1:9");
  EXPECT_EQ(resolve_base_url("http://x.invalid"), "http://x.invalid");
  EXPECT_EQ(resolve_token(""), "nmv_env");
  EXPECT_EQ(resolve_token("mine"), "mine");
  ::unsetenv("NEMO_API_BASE");
  ::unsetenv("NEMO_TOKEN");
  EXPECT_EQ(resolve_base_url(""), "https://mega-api-prod.nemovideo.ai");
  EXPECT_EQ(resolve_token(""), "");
  EXPECT_EQ(make_uuid().size(), 36u);
  EXPECT_NE(make_uuid(), make_uuid());
}

}  // namespace
}  // namespace nemo::core
