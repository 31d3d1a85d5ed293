// What one SSE data payload of /run_sse means. Two documented forms:
//  - ADK: {"content":{"parts":[{"text"},{"thought":true,"text"},{"functionCall"},
//    {"functionResponse"}]},"partial":true,"turnComplete":true,"errorCode","errorMessage"}
//    or {"error":"..."};
//  - type form: {"type":"text","content"}, {"type":"tool_call","name","args"},
//    {"type":"tool_result","name","result"}, {"type":"heartbeat"}.
// One payload may mean several things (an ADK event with several parts), so the
// decoder returns a list, in order. Empty data is a heartbeat; anything it cannot
// understand (malformed JSON, unknown shapes) is Ignored. It never throws.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace nemo::core {

struct ChatEvent {
  enum class Kind { Text, PartialText, Thought, ToolCall, ToolResult, Heartbeat, Error, Ignored };
  Kind kind = Kind::Ignored;
  std::string text;        // Text/PartialText/Thought/Error
  std::string name;        // ToolCall/ToolResult: function name
  nlohmann::json payload;  // args / response / raw
  bool turn_complete = false;
};

std::vector<ChatEvent> decode_chat_event(
    std::string_view data);  // ADK form (several parts) or type form; empty data -> Heartbeat

// A stable lower-case name of a kind ("text", "partial_text", ...), for logs and --json.
const char *chat_event_kind_name(ChatEvent::Kind kind);

}  // namespace nemo::core
