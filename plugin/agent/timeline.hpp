// The agent's model of a timeline (a Plan) and its two conversions: a draft
// (DRAFT.md) read back into a Plan, and a Plan laid out as a draft. Every edit
// the agent makes changes the Plan and lays the whole draft out again, so the
// timing rules of DRAFT.md hold after any edit.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "agent/media_ref.hpp"
#include "protocol/looks.hpp"

namespace nemo::agent {

struct PlanVisual {
  std::string src, name;
  std::string kind = "image";  // image | video
  int width = 0, height = 0;
  std::int64_t source_ms = 0;  // video: its length (0: unknown)
  bool has_audio = false;      // video: it has a sound track
};

struct PlanMusic {
  std::string src, name;
  std::int64_t source_ms = 0;  // 0: unknown
  double volume = 0.8;
  std::int64_t fade_in_ms = 0;
  std::int64_t fade_out_ms = 2000;
  MusicBeats beats;  // not in the draft: the agent attaches them from the media each turn
};

struct Plan {
  int width = 1920, height = 1080, fps = 30;
  std::string fit = "auto";  // auto (per picture) | crop | pad | blur
  // Under transparent pixels and in a padded fit's bars: "#rrggbb".
  std::string background = std::string(protocol::kDefaultBackground);
  std::string pace = "normal";
  std::optional<std::int64_t> length_ms;    // asked for; else from the media and the pace
  std::optional<std::int64_t> per_item_ms;  // asked for; else from the pace
  bool fit_music = false;                   // the length is the music's ("as long as the song")
  // Cuts on the music's beats: auto (on when the music has a beat) | on (asked) | off.
  std::string beat = "auto";
  // A catalogue name (protocol/looks.hpp), none, random, or a style (smooth
  // dynamic cinematic): then each cut gets a look of the style's own.
  std::string transition = "fade";
  std::optional<std::int64_t> transition_ms;
  std::string motion = "auto";  // auto | animate | protocol::motion_names()
  double motion_strength = 1.0;
  std::vector<PlanVisual> visuals;
  std::optional<PlanMusic> music;
  std::optional<double> clip_volume;  // else 0.3 under music, 1.0 without
  std::optional<std::string> title;
  std::vector<std::string> captions;
};

// Timing constants (DRAFT.md, "Timing").
constexpr std::int64_t kMinOwnMs = 1000;         // every visual shows alone at least this long
constexpr std::int64_t kAutoMinLengthMs = 5000;  // a length from the media is kept in 5..120 s
constexpr std::int64_t kAutoMaxLengthMs = 120000;
constexpr std::int64_t kMaxLengthMs = 600000;  // the longest video the agent makes
constexpr std::int64_t kTitleMs = 3000;
constexpr std::size_t kMaxVisuals = 200;

std::int64_t pace_item_ms(const std::string &pace);        // 4500 / 3500 / 2500
std::int64_t pace_transition_ms(const std::string &pace);  // 1200 / 800 / 500
// A segment's fit when the plan's is auto: crop, unless the aspects differ a
// lot: then smart for a picture (the renderer crops around its faces where
// they fit, else blur), blur for a video.
std::string auto_fit(const PlanVisual &v, int canvas_w, int canvas_h);

// What the layout had to change to keep the rules.
struct LayoutResult {
  nlohmann::json draft;
  std::int64_t duration_ms = 0;
  std::int64_t transition_ms = 0;  // the transition length used
  bool extended = false;           // the asked length was too short for the pictures
  bool transitions_shortened = false;
  std::size_t cuts_on_beat = 0;  // cuts (transition midpoints) moved onto a beat
  std::size_t cuts = 0;          // of how many
  bool end_on_beat = false;      // the end moved onto a phrase, bar or beat
};

LayoutResult layout_draft(const Plan &plan);

// Reads a draft (this agent's format; anything else is tolerated and read as
// far as it makes sense) back into a Plan. Never throws.
Plan plan_from_draft(const nlohmann::json &draft);

// The draft has at least one visual segment.
bool draft_has_visuals(const nlohmann::json &draft);

// Splits `total` into parts proportional to `weights`, each at least `lower`
// and at most its `upper` (when set) as long as other parts can take the rest;
// the parts sum to `total` exactly (when total >= lower * n).
std::vector<std::int64_t> allocate(const std::vector<double> &weights, std::int64_t total,
                                   std::int64_t lower,
                                   const std::vector<std::optional<std::int64_t>> &upper);

}  // namespace nemo::agent
