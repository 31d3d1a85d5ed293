// The draft (a session's timeline) as the API defines it, read the same way by
// the client and the offline backend: its keys (PROTOCOL.md "The draft": t,
// tt, sg, d, m; segment keys s, e, n, k, tr, vol, text, role), its track
// types, and the one-line timeline summary both sides print (the agent's
// replies end with it; the client shows it after a silent turn). Unknown keys
// and unexpected types never break anything.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace nemo::protocol {

// Track types: draft.t[].tt.
inline constexpr int kTrackVideo = 0;
inline constexpr int kTrackAudio = 1;
inline constexpr int kTrackText = 7;

// Reading a draft without trusting its types.
// obj[key], or null when obj is not an object or has no such key.
const nlohmann::json &member(const nlohmann::json &obj, const char *key);
// obj[key] when it is a string, else "".
std::string string_at(const nlohmann::json &obj, const char *key);
// obj[key] as a number (a numeric string too); NaN when absent or not a number.
double number_at(const nlohmann::json &obj, const char *key);
// draft.t and track.sg when they are arrays, else an empty array.
const nlohmann::json &tracks_of(const nlohmann::json &draft);
const nlohmann::json &segments_of(const nlohmann::json &track);
// d as an int when it is a number within int's range (not NaN or huge).
bool as_int(double d, int &out);
// track.tt, or -1.
int track_type(const nlohmann::json &track);

// The draft inside whatever was passed: a state answer's data ({"state":{"draft"}}),
// a state ({"draft"}) or a draft itself ({"t"}). null when there is none.
nlohmann::json extract_draft(const nlohmann::json &state_or_draft);

// Whether some track has a segment (there is something to render).
bool draft_exportable(const nlohmann::json &draft);

// One track as the summary describes it.
struct TrackSummary {
  int tt = -1;
  std::string kind;   // Video, BGM, Title, Captions, Text, Track
  std::string label;  // name, quoted text, or "N captions"
  double start_ms = 0, end_ms = 0;
  int volume_pct = -1;  // audio only
  std::size_t segments = 0;
  std::vector<std::string> transitions;  // one per segment with a transition other than none
  std::vector<std::string> texts;        // text track: the segment texts
  // "Video: 5 photos (0-30s)", "BGM: song.mp3 (0-30s, 80%)"
  std::string describe() const;
};
std::vector<TrackSummary> track_summaries(const nlohmann::json &draft);

// The draft's total duration: its d, else the latest track end.
double draft_duration_ms(const nlohmann::json &draft, const std::vector<TrackSummary> &tracks);

// Seconds as the summary writes them: "10", "2.5" (ms rounded to a tenth).
std::string format_seconds(double ms);

// "Timeline (2 tracks): 1. Video: 5 photos (0-30s) 2. BGM: song.mp3 (0-30s, 100%)",
// or "Timeline (0 tracks): empty" (PROTOCOL.md, "The timeline summary").
std::string timeline_summary(const nlohmann::json &draft);

}  // namespace nemo::protocol
