// The agent of nemo-local: a rule-based, deterministic editor that turns a
// prompt (English or Chinese) and the session's media into a draft
// (plugin/server/DRAFT.md). Pure functions, no I/O: unit-testable and fuzzable.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "agent/media_ref.hpp"
#include "agent/tool_call.hpp"

namespace nemo::agent {

struct AgentReply {
  std::string text;      // what the agent says (language of the prompt), incl. the timeline summary
  nlohmann::json draft;  // the new draft (DRAFT.md); the unchanged draft if nothing applied
  bool changed = false;
  std::vector<ToolCall> tool_calls;
  std::vector<std::string> unsupported;  // what was asked but cannot be done, already said in text
};

// current_draft: the session's draft (null or {} when there is none yet; any
// JSON is accepted, a malformed draft is treated as empty). language: the
// session's language ("en" or "zh"), used when the prompt itself does not show
// one (a prompt with Chinese characters gets a Chinese reply).
AgentReply run_agent(const nlohmann::json &current_draft, const std::vector<MediaRef> &media,
                     std::string_view prompt, std::string_view language);

}  // namespace nemo::agent
