// What one SSE data payload of /run_sse means. Two documented forms:
//  - ADK: {"content":{"role","parts":[{"text"},{"thought":true,"text"},{"functionCall"},
//    {"functionResponse"}]},"partial":true,"turnComplete":true,"errorCode","errorMessage"}
//    or {"error":"..."}. As real ADK servers send it: one event may mix thought, text and
//    function calls; function responses come with role "user" (they are tool results,
//    not the user's words; text under role "user" is not the agent's and is ignored);
//    the last event of a model call may carry only "finishReason" (Ignored); "timestamp"
//    is float seconds (Python) or integer ms (JS) and is not read;
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
  std::string id;          // ToolCall/ToolResult: the call's id ("" if none)
  nlohmann::json payload;  // args / response / raw
  bool partial = false;    // from an ADK event with "partial": true
  bool turn_complete = false;
};

std::vector<ChatEvent> decode_chat_event(
    std::string_view data);  // ADK form (several parts) or type form; empty data -> Heartbeat

// A stable lower-case name of a kind ("text", "partial_text", ...), for logs and --json.
const char *chat_event_kind_name(ChatEvent::Kind kind);

}  // namespace nemo::core
