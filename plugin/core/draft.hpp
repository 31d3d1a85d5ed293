// The draft (the session's timeline) as the client sees it: the protocol's
// reading of it (protocol/draft.hpp: keys, track types, the timeline summary,
// here under core's names too) and what only the client does with it: saying
// in words what a turn changed. The client sends a draft back exactly as it
// got it.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "protocol/draft.hpp"

namespace nemo::core {

using protocol::draft_exportable;
using protocol::extract_draft;
using protocol::format_seconds;
using protocol::kTrackAudio;
using protocol::kTrackText;
using protocol::kTrackVideo;
using protocol::timeline_summary;

// The sentences saying how the draft changed between two states ("Duration
// changed from 20s to 30s. Added BGM: song.mp3 (0-30s, 100%)."); "" if no change.
std::string summarize_change(const nlohmann::json &before_state, const nlohmann::json &after_state);

// What a silent turn shows: summarize_change() and, after a newline, the new
// timeline_summary(). "" if nothing changed.
std::string change_report(const nlohmann::json &before_state, const nlohmann::json &after_state);

}  // namespace nemo::core
