// ApiClient::chat against the fake server: the SSE turn, partial text, tool
// calls as progress, heartbeats and the turn's timers, a silent turn, a
// disconnect (never re-sent), retries before the stream, cancel; and what real
// ADK API servers do: an error after partial text, a stream left open after
// its last event, their error bodies, ADK JS's camelCase-only request body.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/api_client.hpp"
#include "itest_support.hpp"

namespace nemo::core {
namespace {
using nlohmann::json;
using test::config_for;
using test::FakeServer;
using test::RecordedRequest;
using test::Reply;
using test::TempDir;

std::string adk_text(const std::string &text, bool partial) {
  return json{{"content", {{"role", "model"}, {"parts", json::array({{{"text", text}}})}}},
              {"partial", partial}}
      .dump();
}

std::string adk_call(const std::string &name) {
  return json{
      {"content",
       {{"role", "model"},
        {"parts", json::array({{{"functionCall",
                                 {{"id", "c1"}, {"name", name}, {"args", json::object()}}}}})}}}}
      .dump();
}

json state_with_video(int segments) {
  json sg = json::array();
  for (int i = 0; i < segments; ++i)
    sg.push_back({{"id", "v" + std::to_string(i)},
                  {"s", i * 1000},
                  {"e", (i + 1) * 1000},
                  {"n", "p.jpg"},
                  {"k", "image"}});
  return {{"state",
           {{"draft",
             {{"t", json::array({{{"tt", 0},
                                  {"d", segments * 1000},
                                  {"m", {{"name", "Photos"}}},
                                  {"sg", sg}}})}}}}}};
}

TEST(ChatITest, SendsTheDocumentedRequestAndJoinsPartialTextWithoutDoubling) {
  FakeServer server;
  TempDir dir;
  server.script("POST", "/run_sse",
                {Reply::sse({adk_text("Hel", true), adk_text("lo ", true), adk_text("world", true),
                             adk_text("Hello world", false)})});
  ApiClient api(config_for(server, dir.path()));
  std::string shown;
  ChatCallbacks cb;
  cb.on_text = [&](const std::string &piece) { shown += piece; };
  ChatResult r;
  ASSERT_FALSE(api.chat("make a video", cb, CancelToken::none(), &r));
  EXPECT_EQ(r.text, "Hello world");
  EXPECT_EQ(shown, "Hello world");
  EXPECT_FALSE(r.silent);

  auto sent = server.requests("POST", "/run_sse");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].header("Accept"), "text/event-stream");
  const json body = sent[0].json();
  EXPECT_EQ(body["app_name"], "nemo_agent");
  EXPECT_EQ(body["user_id"], "me");
  EXPECT_EQ(body["session_id"], "sess_1");
  EXPECT_EQ(body["new_message"]["parts"][0]["text"], "make a video");
}

TEST(ChatITest, ArbitraryChunkingAndTypeFormAndCrlf) {
  FakeServer server;
  TempDir dir;
  std::string stream =
      ": heartbeat\r\n\r\ndata: {\"type\":\"text\",\"content\":\"Ti\"}\r\n\r\n"
      "data: {\"type\":\"heartbeat\"}\r\n\r\ndata: "
      "{\"type\":\"text\",\"content\":\"meline\"}\r\n\r\n";
  Reply r;
  r.stream = true;
  r.content_type = "text/event-stream";
  for (size_t i = 0; i < stream.size(); i += 3) r.chunks.push_back({stream.substr(i, 3), {}});
  server.script("POST", "/run_sse", {r});
  ApiClient api(config_for(server, dir.path()));
  ChatResult out;
  ASSERT_FALSE(api.chat("hi", {}, CancelToken::none(), &out));
  EXPECT_EQ(out.text, "Timeline");
}

TEST(ChatITest, ToolCallsAreProgressNotText) {
  FakeServer server;
  TempDir dir;
  const std::string result =
      json{{"content",
            {{"parts", json::array({{{"functionResponse",
                                      {{"name", "add_music"}, {"response", {{"ok", true}}}}}}})}}}}
          .dump();
  server.script("POST", "/run_sse",
                {Reply::sse({adk_call("add_music"), result, adk_text("Added music.", false)})});
  ApiClient api(config_for(server, dir.path()));
  std::vector<std::pair<std::string, bool>> tools;
  ChatCallbacks cb;
  cb.on_tool = [&](const std::string &name, bool is_result) {
    tools.emplace_back(name, is_result);
  };
  ChatResult out;
  ASSERT_FALSE(api.chat("add music", cb, CancelToken::none(), &out));
  EXPECT_EQ(out.text, "Added music.");
  ASSERT_EQ(tools.size(), 2u);
  EXPECT_EQ(tools[0], std::make_pair(std::string("add_music"), false));
  EXPECT_EQ(tools[1], std::make_pair(std::string("add_music"), true));
}

TEST(ChatITest, SilentTurnReadsTheStateAndSummarizesTheChange) {
  FakeServer server;
  TempDir dir;
  server.script("GET", "/api/state/nemo_agent/me/[^/]+/latest",
                {Reply::ok(json{{"state", {{"draft", {{"t", json::array()}}}}}}),
                 Reply::ok(state_with_video(3))});
  server.script("POST", "/run_sse", {Reply::sse({adk_call("add_clips"), "", ""})});
  ApiClient api(config_for(server, dir.path()));
  ChatResult out;
  ASSERT_FALSE(api.chat("add my photos", {}, CancelToken::none(), &out));
  EXPECT_TRUE(out.silent);
  EXPECT_TRUE(out.text.empty());
  EXPECT_FALSE(out.change_summary.empty());
  EXPECT_EQ(server.count("GET", "/api/state/.*"), 2);  // before and after
  EXPECT_EQ(out.state_after["draft"]["t"][0]["sg"].size(), 3u);
}

TEST(ChatITest, DisconnectMidStreamIsNeverResentAndRecoversFromState) {
  FakeServer server;
  TempDir dir;
  Reply broken = Reply::sse({adk_call("apply_edit")});
  broken.disconnect = true;
  server.script("POST", "/run_sse", {broken, Reply::sse({adk_text("second send!", false)})});
  // Before, then two unchanged reads, then the change lands.
  server.script("GET", "/api/state/nemo_agent/me/[^/]+/latest",
                {Reply::ok(state_with_video(1)), Reply::ok(state_with_video(1)),
                 Reply::ok(state_with_video(1)), Reply::ok(state_with_video(2))});
  ApiClient api(config_for(server, dir.path()));
  ChatResult out;
  const Error e = api.chat("add a clip", {}, CancelToken::none(), &out);
  ASSERT_FALSE(e) << e.detail;
  EXPECT_EQ(server.count("POST", "/run_sse"), 1);  // never re-sent
  EXPECT_TRUE(out.recovered);
  EXPECT_FALSE(out.change_summary.empty());
  EXPECT_EQ(server.count("GET", "/api/state/.*"), 4);
}

TEST(ChatITest, DisconnectGivesUpAfterFiveUnchangedReads) {
  FakeServer server;
  TempDir dir;
  Reply broken = Reply::sse({});
  broken.disconnect = true;
  server.script("POST", "/run_sse", {broken});
  server.script("GET", "/api/state/nemo_agent/me/[^/]+/latest", {Reply::ok(state_with_video(1))});
  ApiClient api(config_for(server, dir.path()));
  ChatResult out;
  const Error e = api.chat("add a clip", {}, CancelToken::none(), &out);
  EXPECT_EQ(e.code, ErrorCode::Network);
  EXPECT_NE(e.detail.find("not sent again"), std::string::npos) << e.detail;
  EXPECT_EQ(server.count("POST", "/run_sse"), 1);
  EXPECT_EQ(server.count("GET", "/api/state/.*"), 1 + 5);
}

TEST(ChatITest, Code1001BeforeTheStreamRenewsTheTokenAndRetriesOnce) {
  FakeServer server;
  TempDir dir;
  server.script("POST", "/run_sse",
                {Reply::code(1001, "expired"), Reply::sse({adk_text("ok", false)})});
  ApiClient api(config_for(server, dir.path()));
  ChatResult out;
  ASSERT_FALSE(api.chat("hi", {}, CancelToken::none(), &out));
  EXPECT_EQ(out.text, "ok");
  EXPECT_EQ(server.count("POST", "/run_sse"), 2);
  EXPECT_EQ(server.count("POST", "/api/auth/anonymous-token"), 2);
}

TEST(ChatITest, Code1002BeforeTheStreamMakesANewSessionAndRetriesOnce) {
  FakeServer server;
  TempDir dir;
  server.script("POST", "/run_sse",
                {Reply::code(1002, "no session"), Reply::sse({adk_text("ok", false)})});
  ApiClient api(config_for(server, dir.path()));
  ChatResult out;
  ASSERT_FALSE(api.chat("hi", {}, CancelToken::none(), &out));
  auto sends = server.requests("POST", "/run_sse");
  ASSERT_EQ(sends.size(), 2u);
  EXPECT_EQ(sends[0].json()["session_id"], "sess_1");
  EXPECT_EQ(sends[1].json()["session_id"], "sess_2");
}

TEST(ChatITest, Code2001IsReportedNotRetried) {
  FakeServer server;
  TempDir dir;
  server.script("POST", "/run_sse", {Reply::code(2001, "no credits")});
  ApiClient api(config_for(server, dir.path()));
  EXPECT_EQ(api.chat("hi", {}, CancelToken::none()).code, ErrorCode::Credits);
  EXPECT_EQ(server.count("POST", "/run_sse"), 1);
}

TEST(ChatITest, Code2001WithHttp403IsCreditsNotAuth) {
  // What nemo-local sends when its --credits are used up: the envelope's
  // code says why, whatever the status.
  FakeServer server;
  TempDir dir;
  server.script(
      "POST", "/run_sse",
      {Reply::json({{"code", 2001}, {"message", "out of credits"}, {"data", nullptr}}, 403)});
  ApiClient api(config_for(server, dir.path()));
  const Error e = api.chat("hi", {}, CancelToken::none());
  EXPECT_EQ(e.code, ErrorCode::Credits) << e.detail;
  EXPECT_EQ(server.count("POST", "/run_sse"), 1);
  EXPECT_EQ(server.count("POST", "/api/auth/anonymous-token"), 1) << "no token renewal for it";
}

TEST(ChatITest, HeartbeatsAloneEndTheTurnWithAClearMessage) {
  FakeServer server;
  TempDir dir;
  Reply beats;
  beats.stream = true;
  beats.content_type = "text/event-stream";
  for (int i = 0; i < 200; ++i)
    beats.chunks.push_back({": keep-alive\n\n", std::chrono::milliseconds(20)});
  server.script("POST", "/run_sse", {beats});
  auto cfg = config_for(server, dir.path());
  cfg.timings.heartbeat_only_limit = std::chrono::milliseconds(300);
  cfg.timings.turn_limit = std::chrono::milliseconds(60000);
  ApiClient api(cfg);
  int still = 0;
  ChatCallbacks cb;
  cb.on_still_working = [&](std::chrono::milliseconds) { ++still; };
  const Error e = api.chat("hi", cb, CancelToken::none());
  EXPECT_EQ(e.code, ErrorCode::Timeout);
  EXPECT_NE(e.detail.find("only heartbeats"), std::string::npos) << e.detail;
  EXPECT_GE(still, 1);  // still_working_every is 100 ms
  EXPECT_EQ(server.count("POST", "/run_sse"), 1);
}

TEST(ChatITest, TheWholeTurnHasALimit) {
  FakeServer server;
  TempDir dir;
  Reply busy;
  busy.stream = true;
  busy.content_type = "text/event-stream";
  for (int i = 0; i < 300; ++i)
    busy.chunks.push_back({test::sse_data(adk_call("thinking")), std::chrono::milliseconds(20)});
  server.script("POST", "/run_sse", {busy});
  auto cfg = config_for(server, dir.path());
  cfg.timings.turn_limit = std::chrono::milliseconds(400);
  ApiClient api(cfg);
  const Error e = api.chat("hi", {}, CancelToken::none());
  EXPECT_EQ(e.code, ErrorCode::Timeout);
  EXPECT_NE(e.detail.find("limit"), std::string::npos) << e.detail;
}

TEST(ChatITest, CancelEndsALongStreamWithin250ms) {
  FakeServer server;
  TempDir dir;
  Reply long_stream = Reply::sse({adk_text("working", true)});
  long_stream.hold = std::chrono::milliseconds(30000);
  server.script("POST", "/run_sse", {long_stream});
  auto cfg = config_for(server, dir.path());
  cfg.timings.heartbeat_only_limit = std::chrono::milliseconds(60000);
  cfg.timings.turn_limit = std::chrono::milliseconds(60000);
  ApiClient api(cfg);
  CancelToken cancel;
  std::atomic<bool> streaming{false};
  ChatCallbacks cb;
  cb.on_text = [&](const std::string &) { streaming = true; };
  std::chrono::steady_clock::time_point cancelled_at;
  std::thread canceller([&] {
    while (!streaming) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancelled_at = std::chrono::steady_clock::now();
    cancel.cancel();
  });
  const Error e = api.chat("hi", cb, cancel);
  const auto ended = std::chrono::steady_clock::now();
  canceller.join();
  EXPECT_EQ(e.code, ErrorCode::Cancelled);
  EXPECT_LT(ended - cancelled_at, std::chrono::milliseconds(250));
  EXPECT_EQ(server.count("POST", "/run_sse"), 1);
}

// ---------------------------------------------------------------- real ADK servers (issue #14)

const char *kPartial1 =
    R"({"content":{"role":"model","parts":[{"text":"Your video"}]},"partial":true})";
const char *kPartial2 =
    R"({"content":{"role":"model","parts":[{"text":" is ready."}]},"partial":true})";
const char *kAgentError = R"({"error":"503 UNAVAILABLE: the model is overloaded"})";

TEST(ChatITest, AnErrorAfterPartialTextFailsTheTurnKeepsTheSessionAndALaterTurnWorks) {
  FakeServer server;
  TempDir dir;
  server.script("POST", "/run_sse",
                {Reply::sse({kPartial1, kPartial2, kAgentError}),
                 Reply::sse({adk_text("Square now.", false)})});
  ApiClient api(config_for(server, dir.path()));
  std::string shown;
  ChatCallbacks cb;
  cb.on_text = [&](const std::string &piece) { shown += piece; };
  ChatResult r;
  const Error e = api.chat("make a video", cb, CancelToken::none(), &r);
  EXPECT_EQ(e.code, ErrorCode::AgentFailed);
  EXPECT_EQ(e.key, "Error.AgentFailed");
  EXPECT_NE(e.detail.find("the model is overloaded"), std::string::npos) << e.detail;
  EXPECT_EQ(r.text, "Your video is ready.");  // what came before the error, for the record
  EXPECT_EQ(shown, "Your video is ready.");
  EXPECT_EQ(api.session_id(), "sess_1");
  EXPECT_EQ(server.count("POST", "/run_sse"), 1);  // never re-sent

  ChatResult next;
  ASSERT_FALSE(api.chat("make it square", {}, CancelToken::none(), &next));
  EXPECT_EQ(next.text, "Square now.");
  EXPECT_EQ(api.session_id(), "sess_1");
  EXPECT_EQ(server.count("POST", "/api/tasks/me/with-session/nemo_agent"), 1);
}

TEST(ChatITest, AnErrorWithNoTextIsTheAgentsFailureNotAnAnswerNotUnderstood) {
  FakeServer server;
  TempDir dir;
  server.script("POST", "/run_sse",
                {Reply::sse({R"({"errorCode":"SAFETY","errorMessage":"blocked by safety"})"})});
  ApiClient api(config_for(server, dir.path()));
  const Error e = api.chat("hi", {}, CancelToken::none());
  EXPECT_EQ(e.key, "Error.AgentFailed");
  EXPECT_EQ(e.detail, "blocked by safety");
}

// The server keeps the connection open after the error (no end of the stream):
// the turn is over at the error, not after the silence limit.
TEST(ChatITest, AStreamLeftOpenAfterTheErrorIsClosedByTheClient) {
  FakeServer server;
  TempDir dir;
  Reply open = Reply::sse({kPartial1, kAgentError});
  open.hold = std::chrono::milliseconds(30000);
  server.script("POST", "/run_sse", {open});
  auto cfg = config_for(server, dir.path());
  cfg.timings.heartbeat_only_limit = std::chrono::milliseconds(20000);
  cfg.timings.turn_limit = std::chrono::milliseconds(25000);
  cfg.timings.stream_end_grace = std::chrono::milliseconds(100);
  ApiClient api(cfg);
  const Error e = api.chat("hi", {}, CancelToken::none());
  EXPECT_EQ(e.code, ErrorCode::AgentFailed) << e.detail;  // not Timeout
}

TEST(ChatITest, AStreamLeftOpenAfterTurnCompleteIsASuccess) {
  FakeServer server;
  TempDir dir;
  Reply open = Reply::sse(
      {R"({"content":{"role":"model","parts":[{"text":"All set."}]},"turnComplete":true})"});
  open.hold = std::chrono::milliseconds(30000);
  server.script("POST", "/run_sse", {open});
  auto cfg = config_for(server, dir.path());
  cfg.timings.heartbeat_only_limit = std::chrono::milliseconds(20000);
  cfg.timings.turn_limit = std::chrono::milliseconds(25000);
  cfg.timings.stream_end_grace = std::chrono::milliseconds(100);
  ApiClient api(cfg);
  ChatResult r;
  const Error e = api.chat("hi", {}, CancelToken::none(), &r);
  ASSERT_FALSE(e) << e.detail;
  EXPECT_EQ(r.text, "All set.");
}

// ADK JS as recorded: chunked, `\n\n` endings, integer-ms timestamps, no
// heartbeats, a silence longer than the still-working period, the last
// chunk, then the keep-alive connection stays open (httplib keeps it).
TEST(ChatITest, AdkJsKeepAliveStreamWithASilenceAndNoHeartbeats) {
  FakeServer server;
  TempDir dir;
  const std::string stream =
      "data: {\"invocationId\":\"e-81c2\",\"author\":\"nemo_agent\",\"id\":\"Xq1\","
      "\"timestamp\":1718200004123,\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":"
      "{\"name\":\"render_preview\",\"args\":{}}}]}}\n\n"
      "data: {\"invocationId\":\"e-81c2\",\"author\":\"nemo_agent\",\"id\":\"Xq2\","
      "\"timestamp\":1718200009300,\"content\":{\"role\":\"user\",\"parts\":[{\"functionResponse\":"
      "{\"name\":\"render_preview\",\"response\":{\"ok\":true}}}]}}\n\n"
      "data: {\"invocationId\":\"e-81c2\",\"author\":\"nemo_agent\",\"id\":\"Xq3\","
      "\"timestamp\":1718200009800,\"content\":{\"role\":\"model\",\"parts\":[{\"text\":"
      "\"Preview ready.\"}]},\"finishReason\":\"STOP\"}\n\n";
  Reply r;
  r.stream = true;
  r.content_type = "text/event-stream";
  const std::size_t cut = stream.find("\n\n") + 1;  // between the two line feeds
  r.chunks.push_back({stream.substr(0, cut), {}});
  r.chunks.push_back({stream.substr(cut, 40), std::chrono::milliseconds(350)});  // silence
  r.chunks.push_back({stream.substr(cut + 40), {}});
  server.script("POST", "/run_sse", {r});
  auto cfg = config_for(server, dir.path());
  cfg.timings.heartbeat_only_limit = std::chrono::milliseconds(20000);
  cfg.timings.turn_limit = std::chrono::milliseconds(25000);
  ApiClient api(cfg);
  int still = 0;
  std::vector<std::pair<std::string, bool>> tools;
  ChatCallbacks cb;
  cb.on_still_working = [&](std::chrono::milliseconds) { ++still; };
  cb.on_tool = [&](const std::string &name, bool result) { tools.emplace_back(name, result); };
  ChatResult out;
  ASSERT_FALSE(api.chat("preview", cb, CancelToken::none(), &out));
  EXPECT_EQ(out.text, "Preview ready.");
  EXPECT_EQ(tools.size(), 2u);
  EXPECT_GE(still, 1);  // still_working_every is 100 ms; no byte came for 350 ms
}

// No byte at all for 450 ms after the head (no heartbeat, no comment): the
// "still working" notices come from the client's clock during the silence,
// several of them, not one when the next byte happens to arrive.
TEST(ChatITest, StillWorkingIsSaidDuringASilenceWithoutWaitingForAByte) {
  FakeServer server;
  TempDir dir;
  Reply r;
  r.stream = true;
  r.content_type = "text/event-stream";
  r.chunks.push_back(
      {"data: " + adk_text("Here it is.", false) + "\n\n", std::chrono::milliseconds(450)});
  server.script("POST", "/run_sse", {r});
  auto cfg = config_for(server, dir.path());  // still_working_every: 100 ms
  cfg.timings.heartbeat_only_limit = std::chrono::milliseconds(20000);
  cfg.timings.turn_limit = std::chrono::milliseconds(25000);
  ApiClient api(cfg);
  std::string shown;
  int still_before_text = 0;
  std::chrono::milliseconds last_elapsed{0};
  ChatCallbacks cb;
  cb.on_text = [&](const std::string &piece) { shown += piece; };
  cb.on_still_working = [&](std::chrono::milliseconds elapsed) {
    if (shown.empty()) ++still_before_text;
    EXPECT_GT(elapsed, last_elapsed);  // the time since the turn began, growing
    last_elapsed = elapsed;
  };
  ChatResult out;
  ASSERT_FALSE(api.chat("anything", cb, CancelToken::none(), &out));
  EXPECT_EQ(out.text, "Here it is.");
  EXPECT_GE(still_before_text, 2);  // ~4; ticking only when bytes come gave 0
}

// ADK JS reads only appName/userId/sessionId/newMessage: given snake_case it
// looks up the session `undefined`.
Reply adk_js_run_sse(const RecordedRequest &req) {
  const json body = req.json();
  if (!body.contains("sessionId"))
    return Reply::json({{"error", "Session not found: undefined"}}, 404);
  return Reply::sse({adk_text("Hi from ADK JS.", false)});
}

TEST(ChatITest, ACustomBackendThatReadsOnlyCamelCaseIsRetriedOnceAndRemembered) {
  FakeServer server;
  TempDir dir;
  server.on("POST", "/run_sse",
            [](const RecordedRequest &req, int) { return adk_js_run_sse(req); });
  {
    ApiClient api(config_for(server, dir.path()));
    ChatResult r;
    const Error e = api.chat("hi", {}, CancelToken::none(), &r);
    ASSERT_FALSE(e) << e.detail;
    EXPECT_EQ(r.text, "Hi from ADK JS.");
    auto sent = server.requests("POST", "/run_sse");
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].json()["session_id"], "sess_1");
    const json camel = sent[1].json();
    EXPECT_EQ(camel["appName"], "nemo_agent");
    EXPECT_EQ(camel["userId"], "me");
    EXPECT_EQ(camel["sessionId"], "sess_1");
    EXPECT_EQ(camel["newMessage"]["role"], "user");
    EXPECT_EQ(camel["newMessage"]["parts"][0]["text"], "hi");
    EXPECT_FALSE(camel.contains("session_id"));
    // The next turn goes camelCase at once.
    ASSERT_FALSE(api.chat("again", {}, CancelToken::none()));
    sent = server.requests("POST", "/run_sse");
    ASSERT_EQ(sent.size(), 3u);
    EXPECT_TRUE(sent[2].json().contains("sessionId"));
  }
  // And after a restart (kept in client.json, for this backend's URL).
  ApiClient restarted(config_for(server, dir.path()));
  ASSERT_FALSE(restarted.chat("after restart", {}, CancelToken::none()));
  const auto sent = server.requests("POST", "/run_sse");
  ASSERT_EQ(sent.size(), 4u);
  EXPECT_TRUE(sent[3].json().contains("sessionId"));
  EXPECT_NE(test::read_file(dir.file("client.json")).find(server.base_url()), std::string::npos);
  // Another backend sharing the folder still starts with the documented body.
  FakeServer other;
  ApiClient elsewhere(config_for(other, dir.path()));
  ASSERT_FALSE(elsewhere.chat("hi", {}, CancelToken::none()));
  ASSERT_EQ(other.count("POST", "/run_sse"), 1);
  EXPECT_TRUE(other.requests("POST", "/run_sse")[0].json().contains("session_id"));
}

TEST(ChatITest, A422AboutMissingFieldsIsRetriedOnceWithCamelCase) {
  FakeServer server;
  TempDir dir;
  server.on("POST", "/run_sse", [](const RecordedRequest &req, int) {
    if (!req.json().contains("appName"))
      return Reply::json(
          {{"detail",
            json::array(
                {{{"type", "missing"}, {"loc", {"body", "appName"}}, {"msg", "Field required"}}})}},
          422);
    return Reply::sse({adk_text("ok", false)});
  });
  ApiClient api(config_for(server, dir.path()));
  ChatResult r;
  ASSERT_FALSE(api.chat("hi", {}, CancelToken::none(), &r));
  EXPECT_EQ(r.text, "ok");
  EXPECT_EQ(server.count("POST", "/run_sse"), 2);
}

TEST(ChatITest, ABackendThatReadsNeitherFormIsAskedTwiceAndItsReasonShown) {
  FakeServer server;
  TempDir dir;
  server.script("POST", "/run_sse",
                {Reply::json({{"error", "Session not found: undefined"}}, 404)});
  ApiClient api(config_for(server, dir.path()));
  const Error e = api.chat("hi", {}, CancelToken::none());
  EXPECT_EQ(e.code, ErrorCode::Protocol);
  EXPECT_NE(e.detail.find("HTTP 404: Session not found: undefined"), std::string::npos) << e.detail;
  EXPECT_EQ(server.count("POST", "/run_sse"), 2);  // once each form, no more
  // Nothing worked: nothing remembered, the next turn starts with snake_case again.
  api.chat("again", {}, CancelToken::none());
  const auto sent = server.requests("POST", "/run_sse");
  ASSERT_EQ(sent.size(), 4u);
  EXPECT_TRUE(sent[2].json().contains("session_id"));
}

// ADK Python (FastAPI): {"detail": "..."}; a real missing session is not a body problem.
TEST(ChatITest, AdkPythonErrorBodiesAreShownAndNotRetried) {
  FakeServer server;
  TempDir dir;
  server.script("POST", "/run_sse", {Reply::json({{"detail", "Session not found: sess_1"}}, 404)});
  ApiClient api(config_for(server, dir.path()));
  const Error e = api.chat("hi", {}, CancelToken::none());
  EXPECT_EQ(e.code, ErrorCode::Protocol);
  EXPECT_NE(e.detail.find("POST /run_sse: HTTP 404: Session not found: sess_1"), std::string::npos)
      << e.detail;
  EXPECT_EQ(server.count("POST", "/run_sse"), 1);
}

TEST(ChatITest, AJsonAnswerWithAnErrorIsTheAgentsFailure) {
  FakeServer server;
  TempDir dir;
  server.script("POST", "/run_sse", {Reply::json({{"error", "Agent nemo_agent not found"}})});
  ApiClient api(config_for(server, dir.path()));
  const Error e = api.chat("hi", {}, CancelToken::none());
  EXPECT_EQ(e.key, "Error.AgentFailed");
  EXPECT_EQ(e.detail, "Agent nemo_agent not found");
}

TEST(ChatITest, TheCloudsDocumentedBodyIsNeverSwitched) {
  EXPECT_TRUE(is_nemovideo_cloud("https://mega-api-prod.nemovideo.ai"));
  EXPECT_TRUE(is_nemovideo_cloud("https://nemovideo.ai:443"));
  EXPECT_FALSE(is_nemovideo_cloud("https://nemovideo.ai.example.com"));
  EXPECT_FALSE(is_nemovideo_cloud("https://notnemovideo.ai"));
  EXPECT_FALSE(is_nemovideo_cloud("http://127.0.0.1:8000"));
}

}  // namespace
}  // namespace nemo::core
