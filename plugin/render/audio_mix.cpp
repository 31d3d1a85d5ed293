// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/audio_mix.hpp"

#include <algorithm>

namespace nemo::render {

struct AudioMixer::Track {
  AudioClip clip;
  AudioSource source;
  std::int64_t start = 0, end = 0;  // output frames
  std::int64_t fade_in = 0, fade_out = 0;
  std::int64_t next = 0;  // next output frame the source will give
};

AudioMixer::AudioMixer(const std::vector<AudioClip> &clips) {
  for (const AudioClip &c : clips) {
    auto t = std::make_unique<Track>();
    t->clip = c;
    t->start = c.start_ms * kAudioRate / 1000;
    t->end = c.end_ms * kAudioRate / 1000;
    t->fade_in = std::max<std::int64_t>(0, c.fade_in_ms) * kAudioRate / 1000;
    t->fade_out = std::max<std::int64_t>(0, c.fade_out_ms) * kAudioRate / 1000;
    t->next = t->start;
    if (t->end > t->start) tracks_.push_back(std::move(t));
  }
}

AudioMixer::~AudioMixer() = default;

MaybeError AudioMixer::open() {
  for (auto &t : tracks_) {
    if (auto err = t->source.open(t->clip.path, t->clip.source_in_ms, t->clip.loop)) return err;
  }
  return std::nullopt;
}

MaybeError AudioMixer::mix(std::int64_t first, int n, float *left, float *right) {
  std::fill(left, left + n, 0.0f);
  std::fill(right, right + n, 0.0f);
  for (auto &t : tracks_) {
    const std::int64_t a = std::max(first, t->start);
    const std::int64_t b = std::min(first + n, t->end);
    if (a >= b) continue;
    // Blocks come in order, so a track is read sequentially; skip any gap.
    while (t->next < a) {
      const int skip = static_cast<int>(std::min<std::int64_t>(a - t->next, 4096));
      buf_.resize(static_cast<std::size_t>(skip) * kAudioChannels);
      if (auto err = t->source.read(buf_.data(), skip)) return err;
      t->next += skip;
    }
    const int count = static_cast<int>(b - a);
    buf_.resize(static_cast<std::size_t>(count) * kAudioChannels);
    if (auto err = t->source.read(buf_.data(), count)) return err;
    t->next = b;
    const double vol = std::clamp(t->clip.volume, 0.0, 2.0);
    for (int i = 0; i < count; ++i) {
      const std::int64_t pos = a + i;
      double g = vol;
      if (t->fade_in > 0 && pos - t->start < t->fade_in) {
        g *= static_cast<double>(pos - t->start) / static_cast<double>(t->fade_in);
      }
      if (t->fade_out > 0 && t->end - pos <= t->fade_out) {
        g *= static_cast<double>(t->end - 1 - pos) / static_cast<double>(t->fade_out);
      }
      const auto gf = static_cast<float>(std::max(0.0, g));
      const std::size_t o = static_cast<std::size_t>(pos - first);
      left[o] += buf_[2 * static_cast<std::size_t>(i)] * gf;
      right[o] += buf_[2 * static_cast<std::size_t>(i) + 1] * gf;
    }
  }
  for (int i = 0; i < n; ++i) {
    left[i] = std::clamp(left[i], -1.0f, 1.0f);
    right[i] = std::clamp(right[i], -1.0f, 1.0f);
  }
  return std::nullopt;
}

}  // namespace nemo::render
