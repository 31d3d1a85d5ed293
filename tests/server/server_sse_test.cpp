// nemo-local: /run_sse framing (ADK events), heartbeats, concurrent turns,
// prompt limits, credits.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <thread>

#include "protocol/utf8.hpp"
#include "server/sse_events.hpp"
#include "server/text_util.hpp"
#include "server_harness.hpp"

namespace nemo::server::testing {
namespace {

nlohmann::json chat_body(const std::string &sid, const std::string &text) {
  return {{"app_name", "nemo_agent"},
          {"user_id", "me"},
          {"session_id", sid},
          {"new_message", {{"parts", {{{"text", text}}}}}}};
}

TEST(ServerSse, TurnIsFramedAsAdkEvents) {
  FakeBackend backend;
  ServerHarness h(backend);
  h.login();
  const std::string sid = h.new_session();
  h.upload(sid, {{"a.jpg", jpeg_bytes()}});
  auto c = h.client();
  auto headers = h.auth();
  headers.emplace("Accept", "text/event-stream");
  const std::string prompt =
      "turn these photos into a 30-second video with transitions and background music";
  auto r = c.Post("/run_sse", headers, chat_body(sid, prompt).dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/event-stream", 0), 0u);
  EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));

  const auto events = sse_data_events(r->body);
  ASSERT_GE(events.size(), 4u) << r->body;
  for (const auto &e : events) {
    EXPECT_EQ(e["author"], "nemo_agent");
    EXPECT_EQ(e["content"]["role"], "model");
    EXPECT_TRUE(e.contains("invocationId"));
    EXPECT_EQ(e["invocationId"], events[0]["invocationId"]);
  }
  // The tool call and its result come first.
  const auto &call = events[0]["content"]["parts"][0]["functionCall"];
  EXPECT_EQ(call["name"], "apply_edit");
  EXPECT_EQ(call["args"]["prompt"], prompt);
  const auto &resp = events[1]["content"]["parts"][0]["functionResponse"];
  EXPECT_EQ(resp["name"], "apply_edit");
  EXPECT_EQ(resp["id"], call["id"]);
  // Partial chunks that add up to the final text, which closes the turn.
  std::string joined;
  for (std::size_t i = 2; i + 1 < events.size(); ++i) {
    EXPECT_TRUE(events[i]["partial"].get<bool>());
    joined += events[i]["content"]["parts"][0]["text"].get<std::string>();
  }
  const auto &last = events.back();
  EXPECT_FALSE(last["partial"].get<bool>());
  EXPECT_TRUE(last["turnComplete"].get<bool>());
  const std::string text = last["content"]["parts"][0]["text"];
  EXPECT_EQ(joined, text);
  EXPECT_NE(text.find(prompt), std::string::npos);
  // The turn changed the draft.
  const auto state = h.get_json("/api/state/nemo_agent/me/" + sid + "/latest");
  EXPECT_EQ(state["data"]["state"]["draft"]["t"][0]["sg"].size(), 1u);
}

TEST(ServerSse, HeartbeatsWhileTheAgentWorks) {
  FakeBackend backend;
  backend.agent_gate = std::make_shared<Gate>();
  ServerOptions o;
  o.heartbeat_interval = std::chrono::milliseconds(20);
  ServerHarness h(backend, o);
  h.login();
  const std::string sid = h.new_session();
  auto c = h.client();
  std::string stream;
  int heartbeats = 0;
  httplib::Request req;
  req.method = "POST";
  req.path = "/run_sse";
  req.headers = h.auth();
  req.set_header("Content-Type", "application/json");
  req.body = chat_body(sid, "hello").dump();
  req.content_receiver = [&](const char *data, std::size_t n, std::uint64_t, std::uint64_t) {
    stream.append(data, n);
    heartbeats = sse_comment_count(stream);
    if (heartbeats >= 3) backend.agent_gate->open();  // seen the agent "working"
    return true;
  };
  auto r = c.send(req);
  ASSERT_TRUE(r);
  EXPECT_GE(heartbeats, 3);
  EXPECT_NE(stream.find(": heartbeat\n\n"), std::string::npos);
  const auto events = sse_data_events(stream);
  ASSERT_FALSE(events.empty());
  EXPECT_TRUE(events.back()["turnComplete"].get<bool>());
}

TEST(ServerSse, SecondTurnOnTheSameSessionIsRefusedWhileOneRuns) {
  FakeBackend backend;
  backend.agent_gate = std::make_shared<Gate>();
  ServerHarness h(backend);
  h.login();
  const std::string sid = h.new_session();
  const std::string other = h.new_session();
  std::string first, parallel;
  std::thread t([&] { first = h.chat(sid, "first"); });
  ASSERT_TRUE(wait_until([&] { return backend.agent_started.load() >= 1; }));

  const auto refused = sse_data_events(h.chat(sid, "second"));
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0]["errorCode"], "TURN_IN_PROGRESS");
  EXPECT_FALSE(refused[0]["error"].get<std::string>().empty());

  // Another session is not held up: its turn reaches the agent meanwhile.
  std::thread t2([&] { parallel = h.chat(other, "other session"); });
  const bool both_running = wait_until([&] { return backend.agent_started.load() >= 2; });
  backend.agent_gate->open();
  t.join();
  t2.join();
  EXPECT_TRUE(both_running);
  EXPECT_TRUE(sse_data_events(first).back()["turnComplete"].get<bool>());
  EXPECT_TRUE(sse_data_events(parallel).back()["turnComplete"].get<bool>());
  EXPECT_EQ(backend.agent_calls.load(), 2);
  // Once the first is over, the session takes turns again.
  const auto again = sse_data_events(h.chat(sid, "third"));
  EXPECT_FALSE(again.back().contains("errorCode"));
}

TEST(ServerSse, OversizedOrInvalidPromptsGetAClearErrorEvent) {
  FakeBackend backend;
  ServerHarness h(backend);
  h.login();
  const std::string sid = h.new_session();
  auto big = sse_data_events(h.chat(sid, std::string(17 * 1024, 'a')));
  ASSERT_EQ(big.size(), 1u);
  EXPECT_EQ(big[0]["errorCode"], "PROMPT_TOO_LARGE");

  auto c = h.client();
  std::string body = chat_body(sid, "PLACEHOLDER").dump();
  body.replace(body.find("PLACEHOLDER"), 11, "bad \xC3\x28 utf8");
  auto r = c.Post("/run_sse", h.auth(), body, "application/json");
  ASSERT_TRUE(r);
  auto bad = sse_data_events(r->body);
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0]["errorCode"], "INVALID_UTF8");
  EXPECT_EQ(backend.agent_calls.load(), 0);
}

TEST(ServerSse, UnknownSessionIs1002) {
  FakeBackend backend;
  ServerHarness h(backend);
  h.login();
  int status = 0;
  const std::string body = h.chat("ses_unknown", "hi", &status);
  EXPECT_EQ(status, 404);
  EXPECT_EQ(nlohmann::json::parse(body)["code"], 1002);
}

// Fields of the wrong type are absent fields, never a 500 (a fuzz find:
// {"session_id": true} made nlohmann's value() throw).
TEST(ServerSse, WrongTypedFieldsAreRefusedNotAnInternalError) {
  FakeBackend backend;
  ServerHarness h(backend);
  h.login();
  int status = 0;
  const auto chat = h.post_json("/run_sse", {{"session_id", true}}, &status);
  EXPECT_EQ(status, 404);
  EXPECT_EQ(chat["code"], 1002);
  const auto session = h.post_json("/api/tasks/me/with-session/nemo_agent",
                                   {{"language", 7}, {"task_name", false}}, &status);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(session["data"]["language"], "en");
  EXPECT_EQ(session["data"]["task_name"], "project");
  h.post_json("/api/render/proxy/lambda", {{"id", 12}, {"sessionId", nullptr}}, &status);
  EXPECT_EQ(status, 400);
  EXPECT_EQ(backend.agent_calls.load(), 0);
}

TEST(ServerSse, CreditsRunOutWith2001) {
  FakeBackend backend;
  ServerOptions o;
  o.credits = 2;
  ServerHarness h(backend, o);
  h.login();
  const std::string sid = h.new_session();
  auto credits = h.get_json("/api/credits/balance/simple");
  EXPECT_EQ(credits["data"]["available"], 2);
  EXPECT_EQ(credits["data"]["total"], 2);
  EXPECT_FALSE(credits["data"]["unlimited"].get<bool>());
  h.chat(sid, "one");
  h.chat(sid, "two");
  EXPECT_EQ(h.get_json("/api/credits/balance/simple")["data"]["available"], 0);
  int status = 0;
  const std::string body = h.chat(sid, "three", &status);
  EXPECT_EQ(nlohmann::json::parse(body)["code"], 2001);
  EXPECT_EQ(status, 403);
  EXPECT_EQ(backend.agent_calls.load(), 2);
  // Spending persists: a restart does not refill.
  h.stop();
  h.start();
  EXPECT_EQ(h.get_json("/api/credits/balance/simple")["data"]["available"], 0);
  // Export stays free: a render is still accepted.
  const nlohmann::json draft = {
      {"t", {{{"tt", 0}, {"sg", {{{"id", "v1"}, {"s", 0}, {"e", 1000}}}}}}}};
  EXPECT_EQ(h.post_json("/api/render/proxy/lambda",
                        {{"id", "render_free"}, {"sessionId", sid}, {"draft", draft}})["success"],
            true);
}

TEST(SseEvents, TextIsSplitOnUtf8Boundaries) {
  const std::string text = "导出视频 export 中文字幕";
  const auto pieces = protocol::split_utf8(text, 4);
  std::string joined;
  for (const auto &p : pieces) {
    EXPECT_TRUE(protocol::is_valid_utf8(p)) << p;
    joined += p;
  }
  EXPECT_EQ(joined, text);
  EXPECT_FALSE(protocol::is_valid_utf8("\xC3\x28"));
  EXPECT_FALSE(protocol::is_valid_utf8("\xED\xA0\x80"));  // surrogate
  EXPECT_FALSE(protocol::is_valid_utf8("\xC0\xAF"));      // overlong
  EXPECT_TRUE(protocol::is_valid_utf8("héllo 你好 🎬"));
  EXPECT_EQ(detect_language("做一个视频"), "zh");
  EXPECT_EQ(detect_language("make a video"), "en");
}

TEST(SseEvents, FrameIsOneDataLine) {
  const AdkEventBuilder b("e-1", 1.5);
  const std::string frame = sse_frame(b.text("line one\nline two", false, true));
  EXPECT_EQ(frame.rfind("data: ", 0), 0u);
  EXPECT_EQ(frame.find('\n'), frame.size() - 2);
  const auto events = sse_data_events(frame);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["content"]["parts"][0]["text"], "line one\nline two");
  const auto err = b.error("X", "boom");
  EXPECT_EQ(err["error"], "boom");
  EXPECT_EQ(err["errorCode"], "X");
}

}  // namespace
}  // namespace nemo::server::testing
