// ChatTurn on byte streams recorded in the shapes real ADK API servers send
// (ADK Python's FastAPI /run_sse, ADK JS's Express /run_sse): an error after
// partial text, the aggregate that repeats the partial chunks, parts mixing
// thought, text and a function call, a function call sent twice, function
// responses under role "user", the content-free last event with finishReason,
// integer-millisecond timestamps, and the timers on the client's own clock
// (a fake one here: no test waits).
// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/chat_turn.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace nemo::core {
namespace {
using namespace std::chrono_literals;

// ADK Python 1.x, streaming on, the model fails after two chunks: the runner's
// exception becomes {"error": str(e)} and the generator ends.
const std::string kPythonErrorAfterText =
    "data: {\"content\":{\"parts\":[{\"text\":\"Your video\"}],\"role\":\"model\"},"
    "\"partial\":true,\"invocationId\":\"e-5c1f0c2e\",\"author\":\"nemo_agent\","
    "\"actions\":{\"stateDelta\":{},\"artifactDelta\":{},\"requestedAuthConfigs\":{},"
    "\"requestedToolConfirmations\":{}},\"id\":\"4b0e6d1a\",\"timestamp\":1718200000.123456}\n\n"
    "data: {\"content\":{\"parts\":[{\"text\":\" is ready.\"}],\"role\":\"model\"},"
    "\"partial\":true,\"invocationId\":\"e-5c1f0c2e\",\"author\":\"nemo_agent\","
    "\"actions\":{\"stateDelta\":{},\"artifactDelta\":{}},\"id\":\"9d2f44b0\","
    "\"timestamp\":1718200000.456789}\n\n"
    "data: {\"error\": \"503 UNAVAILABLE. {'error': {'code': 503, 'message': 'The model is "
    "overloaded. Please try again later.', 'status': 'UNAVAILABLE'}}\"}\n\n";

// ADK Python, legacy streaming: two chunks, then the aggregate of the text
// (with the thought) when the content-free last chunk arrives, then that chunk
// itself with only finishReason and usage.
const std::string kPythonLegacyAggregate =
    "data: {\"content\":{\"parts\":[{\"text\":\"planning the cut\",\"thought\":true}],"
    "\"role\":\"model\"},\"partial\":true,\"author\":\"nemo_agent\",\"id\":\"a1\","
    "\"timestamp\":1718200001.0}\n\n"
    "data: {\"content\":{\"parts\":[{\"text\":\"Adding\"}],\"role\":\"model\"},"
    "\"partial\":true,\"author\":\"nemo_agent\",\"id\":\"a2\",\"timestamp\":1718200001.1}\n\n"
    "data: {\"content\":{\"parts\":[{\"text\":\" music.\"}],\"role\":\"model\"},"
    "\"partial\":true,\"author\":\"nemo_agent\",\"id\":\"a3\",\"timestamp\":1718200001.2}\n\n"
    "data: {\"content\":{\"parts\":[{\"text\":\"planning the cut\",\"thought\":true},"
    "{\"text\":\"Adding music.\"}],\"role\":\"model\"},\"finishReason\":\"STOP\","
    "\"author\":\"nemo_agent\",\"id\":\"a4\",\"timestamp\":1718200001.3}\n\n"
    "data: {\"finishReason\":\"STOP\",\"usageMetadata\":{\"candidatesTokenCount\":12,"
    "\"promptTokenCount\":840,\"totalTokenCount\":852},\"author\":\"nemo_agent\","
    "\"actions\":{\"stateDelta\":{},\"artifactDelta\":{}},\"id\":\"a5\","
    "\"timestamp\":1718200001.4}\n\n";

// ADK Python, progressive streaming: every chunk partial (the function call
// too), then the aggregate in order (thought, text, function call: the same
// call, same id), the function response under role "user", and the next
// model call's text.
const std::string kPythonProgressive =
    "data: {\"content\":{\"parts\":[{\"text\":\"The user wants music\",\"thought\":true}],"
    "\"role\":\"model\"},\"partial\":true,\"id\":\"p1\",\"timestamp\":1718200002.0}\n\n"
    "data: {\"content\":{\"parts\":[{\"text\":\"I'll add\"}],\"role\":\"model\"},"
    "\"partial\":true,\"id\":\"p2\",\"timestamp\":1718200002.1}\n\n"
    "data: {\"content\":{\"parts\":[{\"text\":\" music.\"}],\"role\":\"model\"},"
    "\"partial\":true,\"id\":\"p3\",\"timestamp\":1718200002.2}\n\n"
    "data: {\"content\":{\"parts\":[{\"functionCall\":{\"id\":\"adk-7f3e\",\"name\":\"add_bgm\","
    "\"args\":{\"volume\":0.35}},\"thoughtSignature\":\"c2lnbmF0dXJl\"}],\"role\":\"model\"},"
    "\"partial\":true,\"id\":\"p4\",\"timestamp\":1718200002.3}\n\n"
    "data: {\"content\":{\"parts\":[{\"text\":\"The user wants music\",\"thought\":true},"
    "{\"text\":\"I'll add music.\"},{\"functionCall\":{\"id\":\"adk-7f3e\",\"name\":\"add_bgm\","
    "\"args\":{\"volume\":0.35}},\"thoughtSignature\":\"c2lnbmF0dXJl\"}],\"role\":\"model\"},"
    "\"finishReason\":\"STOP\",\"longRunningToolIds\":[],\"id\":\"p5\","
    "\"timestamp\":1718200002.4}\n\n"
    "data: "
    "{\"content\":{\"parts\":[{\"functionResponse\":{\"id\":\"adk-7f3e\",\"name\":\"add_bgm\","
    "\"response\":{\"ok\":true}}}],\"role\":\"user\"},\"author\":\"nemo_agent\",\"id\":\"p6\","
    "\"timestamp\":1718200003.0}\n\n"
    "data: {\"content\":{\"parts\":[{\"text\":\"Done: music at 35%.\"}],\"role\":\"model\"},"
    "\"partial\":true,\"id\":\"p7\",\"timestamp\":1718200003.5}\n\n"
    "data: {\"content\":{\"parts\":[{\"text\":\"Done: music at 35%.\"}],\"role\":\"model\"},"
    "\"finishReason\":\"STOP\",\"id\":\"p8\",\"timestamp\":1718200003.6}\n\n";

// ADK JS: integer-millisecond timestamps, a function call with no id sent as it
// came and again in the aggregate, the response under role "user", the text,
// and the error an exception after the headers becomes (res.end).
const std::string kJsStream =
    "data: {\"invocationId\":\"e-81c2\",\"author\":\"nemo_agent\",\"actions\":{\"stateDelta\":{},"
    "\"artifactDelta\":{},\"requestedAuthConfigs\":{}},\"id\":\"Xq1\",\"timestamp\":1718200004123,"
    "\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"trim_clip\","
    "\"args\":{\"to_ms\":12000}}}]}}\n\n"
    "data: {\"invocationId\":\"e-81c2\",\"author\":\"nemo_agent\",\"id\":\"Xq2\","
    "\"timestamp\":1718200004124,\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":"
    "{\"name\":\"trim_clip\",\"args\":{\"to_ms\":12000}}}]},\"finishReason\":\"STOP\"}\n\n"
    "data: {\"invocationId\":\"e-81c2\",\"author\":\"nemo_agent\",\"id\":\"Xq3\","
    "\"timestamp\":1718200004300,\"content\":{\"role\":\"user\",\"parts\":[{\"functionResponse\":"
    "{\"name\":\"trim_clip\",\"response\":{\"ok\":true}}}]}}\n\n"
    "data: {\"invocationId\":\"e-81c2\",\"author\":\"nemo_agent\",\"id\":\"Xq4\","
    "\"timestamp\":1718200005001,\"partial\":true,\"content\":{\"role\":\"model\","
    "\"parts\":[{\"text\":\"Trimmed to 12 s\"}]}}\n\n"
    "data: {\"error\":\"Quota exceeded for aiplatform.googleapis.com\"}\n\n";

struct Seen {
  std::string shown;
  std::vector<std::pair<std::string, bool>> tools;
  int still_working = 0;
  ChatCallbacks callbacks() {
    ChatCallbacks cb;
    cb.on_text = [this](const std::string &piece) { shown += piece; };
    cb.on_tool = [this](const std::string &name, bool result) { tools.emplace_back(name, result); };
    cb.on_still_working = [this](std::chrono::milliseconds) { ++still_working; };
    return cb;
  }
};

// A clock the test moves.
struct FakeClock {
  ChatTurn::Clock::time_point now = ChatTurn::Clock::time_point(1h);
  ChatTurn::Now fn() {
    return [this] { return now; };
  }
};

// Feeds `stream` in pieces of `piece` bytes (0: whole) and closes it.
void run(ChatTurn &turn, const std::string &stream, std::size_t piece = 0) {
  if (piece == 0) {
    turn.feed(stream);
  } else {
    for (std::size_t i = 0; i < stream.size(); i += piece) turn.feed(stream.substr(i, piece));
  }
}

TEST(ChatTurn, AnErrorAfterPartialTextIsTheTurnsOutcome) {
  Seen seen;
  const auto cb = seen.callbacks();
  ChatTurn turn(cb, Timings{});
  run(turn, kPythonErrorAfterText);
  EXPECT_TRUE(turn.ended());
  EXPECT_NE(turn.agent_error().find("The model is overloaded"), std::string::npos)
      << turn.agent_error();
  turn.finish();
  EXPECT_EQ(turn.text(), "Your video is ready.");  // what came, not the answer
  EXPECT_EQ(seen.shown, "Your video is ready.");
}

TEST(ChatTurn, NothingAfterTheErrorBelongsToTheTurn) {
  Seen seen;
  const auto cb = seen.callbacks();
  ChatTurn turn(cb, Timings{});
  run(turn,
      kPythonErrorAfterText +
          "data: {\"content\":{\"parts\":[{\"text\":\" Exported.\"}],\"role\":\"model\"}}\n\n");
  turn.finish();
  EXPECT_EQ(turn.text(), "Your video is ready.");
  EXPECT_FALSE(turn.agent_error().empty());
}

TEST(ChatTurn, PartialsArePiecesAndTheAggregateIsNotShownAgain) {
  for (const std::size_t piece : {std::size_t{0}, std::size_t{1}, std::size_t{7}}) {
    Seen seen;
    const auto cb = seen.callbacks();
    ChatTurn turn(cb, Timings{});
    run(turn, kPythonLegacyAggregate, piece);
    turn.finish();
    EXPECT_EQ(turn.text(), "Adding music.") << piece;
    EXPECT_EQ(seen.shown, "Adding music.") << piece;
    // The content-free last event with finishReason is neither an error nor the end.
    EXPECT_TRUE(turn.agent_error().empty());
    EXPECT_FALSE(turn.ended());
    EXPECT_EQ(turn.events(), 5u);
  }
}

TEST(ChatTurn, ThoughtTextAndAFunctionCallInOneEventAndTheCallSentTwice) {
  Seen seen;
  const auto cb = seen.callbacks();
  ChatTurn turn(cb, Timings{});
  run(turn, kPythonProgressive, 5);
  turn.finish();
  EXPECT_EQ(seen.shown, "I'll add music.Done: music at 35%.");
  EXPECT_EQ(turn.text(), "I'll add music.\nDone: music at 35%.");
  // The call once (partial, then in the aggregate: the same id), its result once.
  const std::vector<std::pair<std::string, bool>> expected = {{"add_bgm", false},
                                                              {"add_bgm", true}};
  EXPECT_EQ(seen.tools, expected);
  EXPECT_TRUE(turn.agent_error().empty());
}

TEST(ChatTurn, AdkJsStreamWithMillisecondTimestampsAndACallWithoutId) {
  for (const std::size_t piece : {std::size_t{0}, std::size_t{1}, std::size_t{64}}) {
    Seen seen;
    const auto cb = seen.callbacks();
    ChatTurn turn(cb, Timings{});
    run(turn, kJsStream, piece);
    turn.finish();
    const std::vector<std::pair<std::string, bool>> expected = {{"trim_clip", false},
                                                                {"trim_clip", true}};
    EXPECT_EQ(seen.tools, expected) << piece;
    EXPECT_EQ(seen.shown, "Trimmed to 12 s") << piece;
    EXPECT_EQ(turn.agent_error(), "Quota exceeded for aiplatform.googleapis.com") << piece;
  }
}

TEST(ChatTurn, TheSameIdlessCallAfterItsResultIsANewCall) {
  const std::string call =
      "data: {\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"add_clip\","
      "\"args\":{}}}]}}\n\n";
  const std::string result =
      "data: {\"content\":{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":"
      "\"add_clip\",\"response\":{}}}]}}\n\n";
  Seen seen;
  const auto cb = seen.callbacks();
  ChatTurn turn(cb, Timings{});
  run(turn, call + call + result + call + result);
  const std::vector<std::pair<std::string, bool>> expected = {
      {"add_clip", false}, {"add_clip", true}, {"add_clip", false}, {"add_clip", true}};
  EXPECT_EQ(seen.tools, expected);
}

TEST(ChatTurn, TextUnderRoleUserIsNotTheAgents) {
  Seen seen;
  const auto cb = seen.callbacks();
  ChatTurn turn(cb, Timings{});
  run(turn,
      "data: {\"content\":{\"role\":\"user\",\"parts\":[{\"text\":\"make it square\"}]}}\n\n"
      "data: {\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Square now.\"}]}}\n\n");
  turn.finish();
  EXPECT_EQ(turn.text(), "Square now.");
  EXPECT_EQ(seen.shown, "Square now.");
}

TEST(ChatTurn, StillWorkingAndTheSilenceLimitRunOnTheClientsClockWithoutHeartbeats) {
  FakeClock clock;
  Timings t;  // the documented 2 min, 10 min, 15 min
  Seen seen;
  const auto cb = seen.callbacks();
  ChatTurn turn(cb, t, clock.fn());
  run(turn,
      "data: {\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"id\":\"c1\","
      "\"name\":\"render_preview\",\"args\":{}}}]}}\n\n");
  // Not a byte for minutes: ADK sends no heartbeats.
  clock.now += 119s;
  EXPECT_TRUE(turn.tick());
  EXPECT_EQ(seen.still_working, 0);
  clock.now += 1s;
  EXPECT_TRUE(turn.tick());
  EXPECT_EQ(seen.still_working, 1);
  EXPECT_TRUE(turn.tick());
  EXPECT_EQ(seen.still_working, 1);  // once a period
  clock.now += 120s;
  EXPECT_TRUE(turn.tick());
  EXPECT_EQ(seen.still_working, 2);
  clock.now += 359s;  // 9:59 since the last event
  EXPECT_TRUE(turn.tick());
  clock.now += 1s;
  EXPECT_FALSE(turn.tick());
  EXPECT_EQ(turn.timeout().code, ErrorCode::Timeout);
}

TEST(ChatTurn, AClockThatJumpsSaysStillWorkingOnceAndAZeroPeriodDoesNotHang) {
  FakeClock clock;
  Timings t;
  t.still_working_every = 0ms;
  Seen seen;
  const auto cb = seen.callbacks();
  ChatTurn turn(cb, t, clock.fn());
  clock.now += 1ms;
  EXPECT_TRUE(turn.tick());
  EXPECT_EQ(seen.still_working, 1);
  Timings two_minutes;  // still working every 2 min
  two_minutes.heartbeat_only_limit = 1h;
  two_minutes.turn_limit = 2h;
  Seen other;
  const auto cb2 = other.callbacks();
  ChatTurn jumped(cb2, two_minutes, clock.fn());
  clock.now += 9min;
  EXPECT_TRUE(jumped.tick());
  EXPECT_EQ(other.still_working, 1);  // once, not for each of the four periods
  clock.now += 30s;                   // 9:30: the next one is due at 10:00
  EXPECT_TRUE(jumped.tick());
  EXPECT_EQ(other.still_working, 1);
  clock.now += 30s;
  EXPECT_TRUE(jumped.tick());
  EXPECT_EQ(other.still_working, 2);
}

TEST(ChatTurn, AStreamLeftOpenAfterTheErrorIsClosedAfterTheGraceWithoutATimeout) {
  FakeClock clock;
  Timings t;
  t.stream_end_grace = 2s;
  Seen seen;
  const auto cb = seen.callbacks();
  ChatTurn turn(cb, t, clock.fn());
  run(turn, kPythonErrorAfterText);
  EXPECT_TRUE(turn.tick());
  clock.now += 1999ms;
  EXPECT_TRUE(turn.tick());
  clock.now += 1ms;
  EXPECT_FALSE(turn.tick());
  EXPECT_FALSE(turn.timeout());
  EXPECT_EQ(seen.still_working, 0);
}

TEST(ChatTurn, TurnCompleteEndsTheTurn) {
  FakeClock clock;
  Seen seen;
  const auto cb = seen.callbacks();
  ChatTurn turn(cb, Timings{}, clock.fn());
  run(turn,
      "data: {\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"All set.\"}]},"
      "\"turnComplete\":true}\n\n");
  EXPECT_TRUE(turn.ended());
  EXPECT_TRUE(turn.agent_error().empty());
  clock.now += 1h;
  EXPECT_FALSE(turn.tick());
  EXPECT_FALSE(turn.timeout());
  turn.finish();
  EXPECT_EQ(turn.text(), "All set.");
}

TEST(ChatTurn, AJsonAnswerIsOneEvent) {
  Seen seen;
  const auto cb = seen.callbacks();
  ChatTurn turn(cb, Timings{});
  turn.feed_payload(R"({"error":"Agent nemo_agent not found"})");
  EXPECT_EQ(turn.agent_error(), "Agent nemo_agent not found");
}

}  // namespace
}  // namespace nemo::core
