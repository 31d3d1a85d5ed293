// The /run_sse stream in Google ADK's event form: builders for the events and
// their SSE framing.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/backend.hpp"

namespace nemo::server {

inline constexpr char kAgentAuthor[] = "nemo_agent";

// Builds the events of one turn; every event shares the invocation id.
class AdkEventBuilder {
 public:
  AdkEventBuilder(std::string invocation_id, double timestamp_s);

  nlohmann::json text(const std::string &text, bool partial, bool turn_complete) const;
  nlohmann::json function_call(const std::string &call_id, const ToolCall &call) const;
  nlohmann::json function_response(const std::string &call_id, const ToolCall &call) const;
  // An error event: {"error", "errorCode", "errorMessage", ...} plus the ADK fields.
  nlohmann::json error(const std::string &code, const std::string &message) const;

 private:
  nlohmann::json base(nlohmann::json parts) const;
  std::string invocation_id_;
  double timestamp_s_;
};

// The whole turn's events: tool calls and their results, partial text chunks
// (about `chunk_bytes` each) and the full text with turnComplete.
std::vector<nlohmann::json> turn_events(const AdkEventBuilder &builder, const AgentReply &result,
                                        std::size_t chunk_bytes);

// "data: <json>\n\n" (JSON dumps have no newlines, so one data line).
std::string sse_frame(const nlohmann::json &event);
inline constexpr char kSseHeartbeat[] = ": heartbeat\n\n";

}  // namespace nemo::server
