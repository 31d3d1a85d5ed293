// What the agent says: a short sentence of what it made or changed, in the
// prompt's language, followed by the timeline summary (DRAFT.md format, kept in
// English in both languages so that it reads the same everywhere).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "agent/draft_builder.hpp"
#include "agent/prompt_parser.hpp"

namespace nemo::agent {

// "16:9", "9:16", "1:1", "4:3", "3:4", "4:5", else "WxH".
std::string aspect_label(int width, int height);

// The sentence for something that cannot be done (English or Chinese).
std::string unsupported_sentence(const UnsupportedAsk &ask, bool chinese);

// The whole reply text for a build outcome (summary included).
std::string compose_reply(const BuildOutcome &outcome, const AgentRequest &request, bool chinese);

// The reply when nothing could be built (no media, or music only).
std::string compose_problem_reply(const BuildOutcome &outcome, bool chinese);

}  // namespace nemo::agent
