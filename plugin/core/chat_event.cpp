// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/chat_event.hpp"

#include <utility>

namespace nemo::core {
namespace {
using nlohmann::json;

bool is_blank(std::string_view s) {
  for (const char c : s)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  return true;
}

// The string at obj[key], or "" when missing or not a string.
std::string str(const json &obj, const char *key) {
  if (!obj.is_object()) return {};
  const auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

bool flag(const json &obj, const char *key) {
  if (!obj.is_object()) return false;
  const auto it = obj.find(key);
  return it != obj.end() && it->is_boolean() && it->get<bool>();
}

json member(const json &obj, const char *key) {
  if (!obj.is_object()) return json();
  const auto it = obj.find(key);
  return it == obj.end() ? json() : *it;
}

// Text of an error value: a string, or an object with message/detail, else its dump.
std::string error_text(const json &err) {
  if (err.is_string()) return err.get<std::string>();
  if (err.is_object()) {
    for (const char *key : {"message", "errorMessage", "detail", "error"}) {
      const std::string s = str(err, key);
      if (!s.empty()) return s;
    }
  }
  if (err.is_null()) return {};
  return err.dump(-1, ' ', false, json::error_handler_t::replace);
}

ChatEvent make(ChatEvent::Kind kind, std::string text = {}, std::string name = {},
               json payload = json()) {
  ChatEvent ev;
  ev.kind = kind;
  ev.text = std::move(text);
  ev.name = std::move(name);
  ev.payload = std::move(payload);
  return ev;
}

void decode_type_form(const json &j, const std::string &type, std::vector<ChatEvent> &out) {
  if (type == "text" || type == "message" || type == "partial_text") {
    std::string text = str(j, "content");
    if (text.empty()) text = str(j, "text");
    const bool partial = type == "partial_text" || flag(j, "partial");
    out.push_back(
        make(partial ? ChatEvent::Kind::PartialText : ChatEvent::Kind::Text, std::move(text)));
  } else if (type == "thought" || type == "thinking") {
    std::string text = str(j, "content");
    if (text.empty()) text = str(j, "text");
    out.push_back(make(ChatEvent::Kind::Thought, std::move(text)));
  } else if (type == "tool_call" || type == "function_call") {
    out.push_back(make(ChatEvent::Kind::ToolCall, {}, str(j, "name"), member(j, "args")));
  } else if (type == "tool_result" || type == "function_response") {
    json result = member(j, "result");
    if (result.is_null()) result = member(j, "response");
    out.push_back(make(ChatEvent::Kind::ToolResult, {}, str(j, "name"), std::move(result)));
  } else if (type == "heartbeat" || type == "ping" || type == "keepalive") {
    out.push_back(make(ChatEvent::Kind::Heartbeat));
  } else if (type == "error") {
    std::string text = error_text(member(j, "message"));
    if (text.empty()) text = error_text(member(j, "content"));
    if (text.empty()) text = error_text(member(j, "error"));
    out.push_back(make(ChatEvent::Kind::Error, std::move(text), {}, j));
  } else if (type == "done" || type == "end" || type == "turn_complete") {
    ChatEvent ev = make(ChatEvent::Kind::Ignored, {}, {}, j);
    ev.turn_complete = true;
    out.push_back(std::move(ev));
  } else {
    out.push_back(make(ChatEvent::Kind::Ignored, {}, {}, j));
  }
}

void decode_adk_form(const json &j, std::vector<ChatEvent> &out) {
  const bool partial = flag(j, "partial");
  const json content = member(j, "content");
  const json parts = member(content, "parts");
  // ADK puts function responses under role "user"; any text there is not the agent's.
  const bool from_user = str(content, "role") == "user";
  if (parts.is_array()) {
    for (const json &part : parts) {
      if (!part.is_object()) continue;
      if (const json call = member(part, "functionCall"); call.is_object()) {
        ChatEvent ev = make(ChatEvent::Kind::ToolCall, {}, str(call, "name"), member(call, "args"));
        ev.id = str(call, "id");
        out.push_back(std::move(ev));
      } else if (const json resp = member(part, "functionResponse"); resp.is_object()) {
        ChatEvent ev =
            make(ChatEvent::Kind::ToolResult, {}, str(resp, "name"), member(resp, "response"));
        ev.id = str(resp, "id");
        out.push_back(std::move(ev));
      } else if (const auto text = part.find("text");
                 text != part.end() && text->is_string() && !text->get<std::string>().empty()) {
        ChatEvent::Kind kind = ChatEvent::Kind::Text;
        if (flag(part, "thought"))
          kind = ChatEvent::Kind::Thought;
        else if (from_user)
          kind = ChatEvent::Kind::Ignored;
        else if (partial)
          kind = ChatEvent::Kind::PartialText;
        out.push_back(make(
            kind, kind == ChatEvent::Kind::Ignored ? std::string() : text->get<std::string>()));
      }
    }
  }
  const std::string error_message = str(j, "errorMessage");
  const json error_code = member(j, "errorCode");
  if (!error_message.empty() || (!error_code.is_null() && !error_code.empty())) {
    std::string text = error_message;
    if (text.empty()) text = error_text(error_code);
    json payload = json::object();
    payload["errorCode"] = error_code;
    payload["errorMessage"] = error_message;
    out.push_back(make(ChatEvent::Kind::Error, std::move(text), {}, std::move(payload)));
  }
  if (out.empty()) out.push_back(make(ChatEvent::Kind::Ignored, {}, {}, j));
  for (ChatEvent &ev : out) ev.partial = partial;
  if (flag(j, "turnComplete")) out.back().turn_complete = true;
}
}  // namespace

std::vector<ChatEvent> decode_chat_event(std::string_view data) {
  std::vector<ChatEvent> out;
  if (is_blank(data)) {
    out.push_back(make(ChatEvent::Kind::Heartbeat));
    return out;
  }
  const json j = json::parse(data.begin(), data.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    // Malformed JSON keeps no payload (it may not even be UTF-8); a non-object keeps its value.
    out.push_back(make(ChatEvent::Kind::Ignored, {}, {}, j.is_discarded() ? json() : j));
    return out;
  }
  try {
    if (const auto err = j.find("error");
        err != j.end() && !err->is_null() && !(err->is_boolean() && !err->get<bool>())) {
      out.push_back(make(ChatEvent::Kind::Error, error_text(*err), {}, j));
      return out;
    }
    if (const auto type = j.find("type"); type != j.end() && type->is_string()) {
      decode_type_form(j, type->get<std::string>(), out);
      if (flag(j, "turnComplete") || flag(j, "turn_complete")) out.back().turn_complete = true;
      return out;
    }
    decode_adk_form(j, out);
  } catch (const std::exception &) {
    out.clear();
    out.push_back(make(ChatEvent::Kind::Ignored));
  }
  return out;
}

const char *chat_event_kind_name(ChatEvent::Kind kind) {
  switch (kind) {
    case ChatEvent::Kind::Text:
      return "text";
    case ChatEvent::Kind::PartialText:
      return "partial_text";
    case ChatEvent::Kind::Thought:
      return "thought";
    case ChatEvent::Kind::ToolCall:
      return "tool_call";
    case ChatEvent::Kind::ToolResult:
      return "tool_result";
    case ChatEvent::Kind::Heartbeat:
      return "heartbeat";
    case ChatEvent::Kind::Error:
      return "error";
    case ChatEvent::Kind::Ignored:
      return "ignored";
  }
  return "ignored";
}

}  // namespace nemo::core
