// Cuts on the beat (DRAFT.md, "Beats"): the music's beats as they fall in the
// video, the end of an automatic length moved onto a phrase, and each cut's
// midpoint moved onto a beat where the timing rules allow it.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "agent/media_ref.hpp"

namespace nemo::agent {

struct VideoBeat {
  std::int64_t ms = 0;  // in the video
  int rank = 0;         // 2: a phrase starts (every 4 bars), 1: a bar starts, 0: a beat
};

// The beats of music that starts with the video and loops every `source_ms`
// (0: unknown, no loop), up to `until_ms`.
std::vector<VideoBeat> video_beats(const MusicBeats &beats, std::int64_t source_ms,
                                   std::int64_t until_ms);

// The typical time between two beats (the median), 0 for fewer than 2.
std::int64_t beat_period(const std::vector<VideoBeat> &beats);

// An automatic length `total` moved onto the music: the phrase start nearest to
// it within 15%, else the nearest bar start, else the nearest beat; always
// within [lowest, highest]. `total` when no beat is near.
std::int64_t end_on_beat(const std::vector<VideoBeat> &beats, std::int64_t total,
                         std::int64_t lowest, std::int64_t highest);

// The rules a cut keeps when it moves (timeline.cpp's layout): `d` the
// transition length, every visual alone at least `min_own` and at least 2d
// long (from cut midpoint to cut midpoint), and a clip's slot (its start to
// its end, overlaps included) at most its `max_slot` (when set).
struct CutRules {
  std::int64_t total = 0;
  std::int64_t d = 0;
  std::int64_t min_own = 0;
  std::vector<std::optional<std::int64_t>> max_slot;  // one a visual
};

// Moves each cut midpoint in `mids` (rising; visual i ends in cut i) to the
// beat nearest to it, a bar start preferred over a beat up to half a beat
// further, within one beat; a cut that no beat can take within the rules
// stays. Returns how many cuts are on a beat.
std::size_t snap_cuts(std::vector<std::int64_t> &mids, const std::vector<VideoBeat> &beats,
                      const CutRules &rules);

}  // namespace nemo::agent
