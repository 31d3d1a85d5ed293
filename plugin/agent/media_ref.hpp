// One uploaded file of a session as the agent sees it: the server fills it
// from the upload answer, the agent lays it out in drafts.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nemo::agent {

// The beats of a music file (the server finds them: render/beat_grid), in
// the file's own time. Empty when it has no steady beat.
struct MusicBeats {
  double bpm = 0;
  std::vector<std::int64_t> beats_ms;  // rising
  int bar_phase = 0;                   // beats_ms[bar_phase + 4k] are the downbeats
};

struct MediaRef {
  std::string id;
  std::string name;
  std::string url;   // the cdn_url a draft's `src` refers to
  std::string kind;  // image | video | audio
  int width = 0, height = 0;
  double duration_s = 0;
  bool has_audio = false;
  MusicBeats beats;  // audio: its beats, when the server found them
};

}  // namespace nemo::agent
