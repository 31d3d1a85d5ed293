// The draft (the session's timeline) as the client sees it: opaque JSON of
// which only the documented keys are read (PROTOCOL.md: t, tt, sg, d, m; and
// plugin/server/DRAFT.md's segment keys s, e, n, k, tr, vol, text, role). Unknown
// keys and unexpected types never break anything; the client sends a draft back
// exactly as it got it.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace nemo::core {

// Track types of draft.t[].tt.
constexpr int kTrackVideo = 0;
constexpr int kTrackAudio = 1;
constexpr int kTrackText = 7;

bool draft_exportable(const nlohmann::json &draft);         // some track has non-empty sg
std::string timeline_summary(const nlohmann::json &draft);  // plugin/server/DRAFT.md format exactly
std::string summarize_change(const nlohmann::json &before_state,
                             const nlohmann::json &after_state);  // "" if no change

// The draft inside whatever was passed: a state answer's data ({"state":{"draft"}}),
// a state ({"draft"}) or a draft itself ({"t"}). null when there is none.
nlohmann::json extract_draft(const nlohmann::json &state_or_draft);

// What a silent turn shows: summarize_change() and, after a newline, the new
// timeline_summary(). "" if nothing changed.
std::string change_report(const nlohmann::json &before_state, const nlohmann::json &after_state);

// Seconds as the summary writes them: "10", "2.5" (ms rounded to a tenth).
std::string format_seconds(double ms);

}  // namespace nemo::core
