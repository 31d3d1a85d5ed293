// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/sse_events.hpp"

#include "protocol/utf8.hpp"
#include "server/ids.hpp"
#include "server/text_util.hpp"

namespace nemo::server {

AdkEventBuilder::AdkEventBuilder(std::string invocation_id, double timestamp_s)
    : invocation_id_(std::move(invocation_id)), timestamp_s_(timestamp_s) {}

nlohmann::json AdkEventBuilder::base(nlohmann::json parts) const {
  return {
      {"id", random_uuid()},
      {"invocationId", invocation_id_},
      {"author", kAgentAuthor},
      {"timestamp", timestamp_s_},
      {"content", {{"role", "model"}, {"parts", std::move(parts)}}},
      {"partial", false},
      {"actions",
       {{"stateDelta", nlohmann::json::object()}, {"artifactDelta", nlohmann::json::object()}}}};
}

nlohmann::json AdkEventBuilder::text(const std::string &text, bool partial,
                                     bool turn_complete) const {
  nlohmann::json e = base(nlohmann::json::array({{{"text", text}}}));
  e["partial"] = partial;
  if (turn_complete) e["turnComplete"] = true;
  return e;
}

nlohmann::json AdkEventBuilder::function_call(const std::string &call_id,
                                              const ToolCall &call) const {
  return base(nlohmann::json::array(
      {{{"functionCall", {{"id", call_id}, {"name", call.name}, {"args", call.args}}}}}));
}

nlohmann::json AdkEventBuilder::function_response(const std::string &call_id,
                                                  const ToolCall &call) const {
  nlohmann::json response =
      call.response.is_object() ? call.response : nlohmann::json{{"result", call.response}};
  return base(nlohmann::json::array(
      {{{"functionResponse", {{"id", call_id}, {"name", call.name}, {"response", response}}}}}));
}

nlohmann::json AdkEventBuilder::error(const std::string &code, const std::string &message) const {
  nlohmann::json e = base(nlohmann::json::array());
  e["error"] = message;
  e["errorCode"] = code;
  e["errorMessage"] = message;
  e["turnComplete"] = true;
  return e;
}

std::vector<nlohmann::json> turn_events(const AdkEventBuilder &builder, const AgentReply &result,
                                        std::size_t chunk_bytes) {
  std::vector<nlohmann::json> events;
  int n = 0;
  for (const auto &call : result.tool_calls) {
    const std::string call_id = "call_" + std::to_string(++n) + "_" + random_hex(4);
    events.push_back(builder.function_call(call_id, call));
    events.push_back(builder.function_response(call_id, call));
  }
  if (!result.text.empty()) {
    const auto pieces = protocol::split_utf8(result.text, chunk_bytes);
    if (pieces.size() > 1) {
      for (const auto &piece : pieces) events.push_back(builder.text(piece, true, false));
    }
    events.push_back(builder.text(result.text, false, true));
  } else {
    nlohmann::json last = builder.text("", false, true);
    last["content"]["parts"] = nlohmann::json::array();
    events.push_back(std::move(last));
  }
  return events;
}

std::string sse_frame(const nlohmann::json &event) {
  return "data: " + event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n\n";
}

}  // namespace nemo::server
