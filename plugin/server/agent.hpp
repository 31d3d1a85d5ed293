// The agent of nemo-local: a rule-based, deterministic editor that turns a
// prompt (English or Chinese) and the session's media into a draft
// (plugin/server/DRAFT.md). Pure functions, no I/O: unit-testable and fuzzable.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace nemo::server {

// One uploaded file of the session, as the upload answer described it.
struct AgentMedia {
  std::string id;
  std::string name;
  std::string url;   // the cdn_url a draft's `src` refers to
  std::string kind;  // image | video | audio
  int width = 0, height = 0;
  double duration_s = 0;
  bool has_audio = false;
};

// What the agent did, for the SSE functionCall/functionResponse parts.
struct AgentToolCall {
  std::string name;
  nlohmann::json args;
  nlohmann::json response;
};

struct AgentReply {
  std::string text;      // what the agent says (language of the prompt), incl. the timeline summary
  nlohmann::json draft;  // the new draft (DRAFT.md); the unchanged draft if nothing applied
  bool changed = false;
  std::vector<AgentToolCall> tool_calls;
  std::vector<std::string> unsupported;  // what was asked but cannot be done, already said in text
};

// current_draft: the session's draft (null or {} when there is none yet; any
// JSON is accepted, a malformed draft is treated as empty). language: the
// session's language ("en" or "zh"), used when the prompt itself does not show
// one (a prompt with Chinese characters gets a Chinese reply).
AgentReply run_agent(const nlohmann::json &current_draft, const std::vector<AgentMedia> &media,
                     std::string_view prompt, std::string_view language);

}  // namespace nemo::server
