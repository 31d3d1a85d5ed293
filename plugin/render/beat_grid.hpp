// The beats of a piece of music, found with aubio: its tempo tracker for the
// beat times and its onset detector for how strongly each beat is struck
// (which of the four beats of a bar is the downbeat). The agent cuts on
// these beats and ends a video on a phrase boundary (DRAFT.md, "Beats").
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "render/render_error.hpp"

namespace nemo::render {

struct BeatGrid {
  double bpm = 0;                      // the tempo, 0 when no steady beat was found
  std::vector<std::int64_t> beats_ms;  // the beats, from the start of the file, rising
  int bar_phase = 0;                   // beats_ms[bar_phase + 4k] are the downbeats (0..3)
  std::int64_t duration_ms = 0;        // of the audio that was read
};

// Fewer beats than this, or no steady tempo: the music has no grid to cut on
// (speech, an ambient drone); the grid is returned empty.
inline constexpr std::size_t kMinBeats = 8;
// The longest stretch of audio read (a longer file's grid covers its start).
inline constexpr std::int64_t kMaxBeatAnalysisMs = 20 * 60 * 1000;

// Errors: bad_input (unreadable), no_audio (no audio stream), cancelled
// (`cancel` turned true: it is looked at every few hundred milliseconds of
// audio, so a long song stops within a few milliseconds of work).
std::variant<BeatGrid, RenderError> analyse_beats(const std::string &path,
                                                  const std::atomic<bool> *cancel = nullptr);

}  // namespace nemo::render
