// What the agent did, as one tool call: the server sends it as the SSE
// functionCall/functionResponse parts of a turn.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace nemo::agent {

struct ToolCall {
  std::string name;
  nlohmann::json args;
  nlohmann::json response;
};

}  // namespace nemo::agent
