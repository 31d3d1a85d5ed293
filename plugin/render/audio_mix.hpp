// The sound track: every AudioClip trimmed or looped to its segment, with its
// volume and fades, summed into 48 kHz stereo, in blocks, in timeline order.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <memory>
#include <vector>

#include "render/audio_source.hpp"
#include "render/render_spec.hpp"

namespace nemo::render {

class AudioMixer {
 public:
  explicit AudioMixer(const std::vector<AudioClip> &clips);
  ~AudioMixer();
  AudioMixer(const AudioMixer &) = delete;
  AudioMixer &operator=(const AudioMixer &) = delete;

  // Opens every clip (so a missing stream fails before any frame is made).
  MaybeError open();

  // Mixes output frames [first, first + n) into planar left/right.
  MaybeError mix(std::int64_t first, int n, float *left, float *right);

 private:
  struct Track;
  std::vector<std::unique_ptr<Track>> tracks_;
  std::vector<float> buf_;
};

}  // namespace nemo::render
