// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/chat_event.hpp"

#include <gtest/gtest.h>

#include "core/sse_parser.hpp"

namespace nemo::core {
namespace {
using Kind = ChatEvent::Kind;

TEST(ChatEvent, EmptyOrBlankDataIsHeartbeat) {
  for (const char *data : {"", " ", "\n", "\r\n\t"}) {
    const auto evs = decode_chat_event(data);
    ASSERT_EQ(evs.size(), 1u);
    EXPECT_EQ(evs[0].kind, Kind::Heartbeat);
  }
}

TEST(ChatEvent, MalformedJsonIsIgnoredNeverThrows) {
  for (const char *data :
       {"{", "not json", "{\"type\":", "[1,2", "\xff\xfe", "null", "42", "\"text\"", "[]",
        "{\"content\":{\"parts\":\"nope\"}}", "{\"content\":7}", "{\"type\":5}"}) {
    std::vector<ChatEvent> evs;
    ASSERT_NO_THROW(evs = decode_chat_event(data)) << data;
    ASSERT_EQ(evs.size(), 1u) << data;
    EXPECT_EQ(evs[0].kind, Kind::Ignored) << data;
  }
}

TEST(ChatEvent, AdkTextPart) {
  const auto evs = decode_chat_event(
      R"({"id":"e1","invocationId":"i","author":"nemo_agent","timestamp":1.5,
          "content":{"role":"model","parts":[{"text":"Here is your video."}]},
          "actions":{"stateDelta":{},"artifactDelta":{}}})");
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].kind, Kind::Text);
  EXPECT_EQ(evs[0].text, "Here is your video.");
  EXPECT_FALSE(evs[0].turn_complete);
}

TEST(ChatEvent, AdkPartialTextAndThought) {
  const auto evs = decode_chat_event(
      R"({"partial":true,"content":{"parts":[{"thought":true,"text":"planning"},{"text":"Here"}]}})");
  ASSERT_EQ(evs.size(), 2u);
  EXPECT_EQ(evs[0].kind, Kind::Thought);
  EXPECT_EQ(evs[0].text, "planning");
  EXPECT_EQ(evs[1].kind, Kind::PartialText);
  EXPECT_EQ(evs[1].text, "Here");
}

TEST(ChatEvent, AdkFunctionCallAndResponseInOrder) {
  const auto evs = decode_chat_event(R"({"content":{"role":"model","parts":[
      {"functionCall":{"id":"c1","name":"add_bgm","args":{"volume":0.35}}},
      {"functionResponse":{"id":"c1","name":"add_bgm","response":{"ok":true}}},
      {"text":"Added music."}]},"turnComplete":true})");
  ASSERT_EQ(evs.size(), 3u);
  EXPECT_EQ(evs[0].kind, Kind::ToolCall);
  EXPECT_EQ(evs[0].name, "add_bgm");
  EXPECT_DOUBLE_EQ(evs[0].payload.at("volume").get<double>(), 0.35);
  EXPECT_EQ(evs[1].kind, Kind::ToolResult);
  EXPECT_EQ(evs[1].name, "add_bgm");
  EXPECT_TRUE(evs[1].payload.at("ok").get<bool>());
  EXPECT_EQ(evs[2].kind, Kind::Text);
  EXPECT_FALSE(evs[0].turn_complete);
  EXPECT_TRUE(evs[2].turn_complete);  // on the last event of the payload
}

TEST(ChatEvent, AdkFunctionResponseUnderRoleUserIsAToolResultAndItsTextIsNotTheAgents) {
  const auto evs = decode_chat_event(R"({"author":"nemo_agent","timestamp":1718200004300,
      "content":{"role":"user","parts":[
        {"functionResponse":{"id":"adk-1","name":"add_bgm","response":{"ok":true}}},
        {"text":"make it square"}]}})");
  ASSERT_EQ(evs.size(), 2u);
  EXPECT_EQ(evs[0].kind, Kind::ToolResult);
  EXPECT_EQ(evs[0].name, "add_bgm");
  EXPECT_EQ(evs[0].id, "adk-1");
  EXPECT_EQ(evs[1].kind, Kind::Ignored);
  EXPECT_TRUE(evs[1].text.empty());
}

TEST(ChatEvent, AdkPartsMixingThoughtTextAndAFunctionCall) {
  const auto evs = decode_chat_event(R"({"partial":true,"timestamp":1718200002123,
      "content":{"role":"model","parts":[
        {"text":"The user wants music","thought":true},
        {"text":"I'll add music."},
        {"functionCall":{"id":"adk-7f3e","name":"add_bgm","args":{"volume":0.35}},
         "thoughtSignature":"c2ln"}]}})");
  ASSERT_EQ(evs.size(), 3u);
  EXPECT_EQ(evs[0].kind, Kind::Thought);
  EXPECT_EQ(evs[1].kind, Kind::PartialText);
  EXPECT_EQ(evs[1].text, "I'll add music.");
  EXPECT_EQ(evs[2].kind, Kind::ToolCall);
  EXPECT_EQ(evs[2].id, "adk-7f3e");
  for (const auto &e : evs) EXPECT_TRUE(e.partial);
}

TEST(ChatEvent, AdkContentFreeLastEventWithFinishReasonIsNotAnError) {
  for (const char *data :
       {R"({"finishReason":"STOP","usageMetadata":{"totalTokenCount":852},"id":"a5",
            "timestamp":1718200001.4,"actions":{"stateDelta":{},"artifactDelta":{}}})",
        R"({"finishReason":"STOP","errorCode":null,"content":{"role":"model","parts":[]},
            "timestamp":1718200001400})"}) {
    const auto evs = decode_chat_event(data);
    ASSERT_EQ(evs.size(), 1u) << data;
    EXPECT_EQ(evs[0].kind, Kind::Ignored) << data;
    EXPECT_FALSE(evs[0].turn_complete) << data;
  }
}

TEST(ChatEvent, AdkTurnCompleteWithoutParts) {
  const auto evs = decode_chat_event(R"({"turnComplete":true})");
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].kind, Kind::Ignored);
  EXPECT_TRUE(evs[0].turn_complete);
}

TEST(ChatEvent, AdkErrorCodeAndMessage) {
  const auto evs =
      decode_chat_event(R"({"errorCode":"MAX_TOKENS","errorMessage":"The model stopped."})");
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].kind, Kind::Error);
  EXPECT_EQ(evs[0].text, "The model stopped.");
  EXPECT_EQ(evs[0].payload.at("errorCode"), "MAX_TOKENS");
  const auto code_only = decode_chat_event(R"({"errorCode":500})");
  ASSERT_EQ(code_only.size(), 1u);
  EXPECT_EQ(code_only[0].kind, Kind::Error);
  EXPECT_EQ(code_only[0].text, "500");
}

TEST(ChatEvent, ErrorObjectForms) {
  auto evs = decode_chat_event(R"({"error":"Session not found"})");
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].kind, Kind::Error);
  EXPECT_EQ(evs[0].text, "Session not found");
  evs = decode_chat_event(R"({"error":{"code":1002,"message":"gone"}})");
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].kind, Kind::Error);
  EXPECT_EQ(evs[0].text, "gone");
  evs = decode_chat_event(R"({"type":"error","message":"boom"})");
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].kind, Kind::Error);
  EXPECT_EQ(evs[0].text, "boom");
  // "error": null is no error.
  evs = decode_chat_event(R"({"error":null,"type":"text","content":"fine"})");
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].kind, Kind::Text);
}

TEST(ChatEvent, TypeForm) {
  auto evs = decode_chat_event(R"({"type":"text","content":"你好"})");
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].kind, Kind::Text);
  EXPECT_EQ(evs[0].text, "你好");
  evs = decode_chat_event(R"({"type":"tool_call","name":"set_duration","args":{"ms":30000}})");
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].kind, Kind::ToolCall);
  EXPECT_EQ(evs[0].name, "set_duration");
  EXPECT_EQ(evs[0].payload.at("ms"), 30000);
  evs = decode_chat_event(R"({"type":"tool_result","name":"set_duration","result":"ok"})");
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].kind, Kind::ToolResult);
  EXPECT_EQ(evs[0].payload, "ok");
  evs = decode_chat_event(R"({"type":"heartbeat"})");
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].kind, Kind::Heartbeat);
  evs = decode_chat_event(R"({"type":"something_new","x":1})");
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].kind, Kind::Ignored);
}

TEST(ChatEvent, WrongTypesInsideKnownKeysAreTolerated) {
  auto evs = decode_chat_event(R"({"type":"text","content":{"not":"a string"}})");
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].kind, Kind::Text);
  EXPECT_EQ(evs[0].text, "");
  evs = decode_chat_event(R"({"content":{"parts":[1,"x",{"text":5},{"functionCall":"no"}]}})");
  ASSERT_EQ(evs.size(), 1u);
  EXPECT_EQ(evs[0].kind, Kind::Ignored);
}

TEST(ChatEvent, FromSseStreamEndToEnd) {
  std::vector<ChatEvent> all;
  SseParser parser([&](const SseEvent &e) {
    for (auto &ev : decode_chat_event(e.data)) all.push_back(std::move(ev));
  });
  parser.feed(
      ": keepalive\r\n\r\n"
      "data: {\"partial\":true,\"content\":{\"parts\":[{\"text\":\"Hel\"}]}}\r\n\r\n"
      "data:\r\n\r\n"
      "data: {\"content\":{\"parts\":[{\"text\":\"Hello\"}]},\r\n"
      "data:  \"turnComplete\":true}\r\n\r\n");
  parser.finish();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].kind, Kind::PartialText);
  EXPECT_EQ(all[1].kind, Kind::Heartbeat);
  EXPECT_EQ(all[2].kind, Kind::Text);
  EXPECT_EQ(all[2].text, "Hello");
  EXPECT_TRUE(all[2].turn_complete);
}

}  // namespace
}  // namespace nemo::core
