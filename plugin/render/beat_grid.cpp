// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/beat_grid.hpp"

#include <aubio/aubio.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <memory>

#include "render/audio_source.hpp"

namespace nemo::render {
namespace {

constexpr uint_t kWindow = 1024;  // aubio's defaults for tempo at 44.1/48 kHz
constexpr uint_t kHop = 512;
constexpr std::int64_t kHopsBetweenCancelChecks = 32;  // about a third of a second of audio

struct TempoDeleter {
  void operator()(aubio_tempo_t *t) const { del_aubio_tempo(t); }
};
struct OnsetDeleter {
  void operator()(aubio_onset_t *o) const { del_aubio_onset(o); }
};
struct FvecDeleter {
  void operator()(fvec_t *v) const { del_fvec(v); }
};
using TempoPtr = std::unique_ptr<aubio_tempo_t, TempoDeleter>;
using OnsetPtr = std::unique_ptr<aubio_onset_t, OnsetDeleter>;
using FvecPtr = std::unique_ptr<fvec_t, FvecDeleter>;

// The downbeat is the beat of the bar struck hardest on average: the phase
// (0..3) whose beats have the largest mean onset strength.
int strongest_phase(const std::vector<std::int64_t> &beats_ms, const std::vector<float> &strength,
                    double hop_ms) {
  std::array<double, 4> sum{}, count{};
  for (std::size_t i = 0; i < beats_ms.size(); ++i) {
    const auto hop = static_cast<std::size_t>(std::llround(beats_ms[i] / hop_ms));
    double s = 0;  // the strongest hop within one hop either side of the beat
    for (std::size_t h = hop > 0 ? hop - 1 : 0; h <= hop + 1 && h < strength.size(); ++h)
      s = std::max(s, static_cast<double>(strength[h]));
    sum[i % 4] += s;
    count[i % 4] += 1;
  }
  int best = 0;
  for (int p = 1; p < 4; ++p) {
    if (count[p] > 0 && sum[p] / count[p] > sum[best] / std::max(1.0, count[best])) best = p;
  }
  return best;
}

// The tracker predicts beats on its own grid, up to a frame off the sound;
// a beat with an onset close by moves onto it (where the sound is struck).
// Returns how many beats had one.
std::size_t snap_to_onsets(std::vector<std::int64_t> &beats_ms,
                           const std::vector<std::int64_t> &onsets_ms) {
  constexpr std::int64_t kReachMs = 50;
  constexpr std::size_t kSpan = 8;  // beats between two struck ones that are evened out
  std::size_t struck = 0;
  std::vector<bool> hit(beats_ms.size(), false);
  for (std::size_t i = 0; i < beats_ms.size(); ++i) {
    std::int64_t &b = beats_ms[i];
    const auto it = std::lower_bound(onsets_ms.begin(), onsets_ms.end(), b);
    std::int64_t best = b, gap = kReachMs + 1;
    if (it != onsets_ms.end() && *it - b < gap) best = *it, gap = *it - b;
    if (it != onsets_ms.begin() && b - *(it - 1) < gap) best = *(it - 1), gap = b - best;
    if (gap <= kReachMs) {
      ++struck;
      hit[i] = true;
      b = best;
    }
  }
  // A beat no onset confirms, between two that are struck (the tracker
  // wobbling through a quiet bar): evenly between them.
  std::size_t prev = beats_ms.size();  // the last struck beat, none yet
  for (std::size_t i = 0; i < beats_ms.size(); ++i) {
    if (!hit[i]) continue;
    if (prev < beats_ms.size() && i - prev > 1 && i - prev <= kSpan) {
      const std::int64_t a = beats_ms[prev], step = i - prev;
      for (std::size_t j = prev + 1; j < i; ++j)
        beats_ms[j] = a + (beats_ms[i] - a) * static_cast<std::int64_t>(j - prev) /
                              static_cast<std::int64_t>(step);
    }
    prev = i;
  }
  // Two beats snapped onto one onset: keep one.
  beats_ms.erase(std::unique(beats_ms.begin(), beats_ms.end()), beats_ms.end());
  return struck;
}

}  // namespace

std::variant<BeatGrid, RenderError> analyse_beats(const std::string &path,
                                                  const std::atomic<bool> *cancel) {
  AudioSource audio;
  if (auto err = audio.open(path, 0, false)) return *err;

  TempoPtr tempo(new_aubio_tempo("default", kWindow, kHop, kAudioRate));
  OnsetPtr onset(new_aubio_onset("specflux", kWindow, kHop, kAudioRate));
  FvecPtr in(new_fvec(kHop)), beat(new_fvec(2)), hit(new_fvec(1));
  if (!tempo || !onset || !in || !beat || !hit)
    return make_error("internal", "cannot set up the beat tracker");

  // aubio skips an onset whose hop is silent: at its delay of a few hops,
  // that is the quiet after a click. No level is silent here (digital
  // silence reads -inf dB, not below -inf).
  aubio_onset_set_silence(onset.get(), -std::numeric_limits<smpl_t>::infinity());

  BeatGrid grid;
  std::vector<float> strength;  // the onset detector's descriptor, one a hop
  std::vector<std::int64_t> onsets_ms;
  std::vector<float> stereo(static_cast<std::size_t>(kHop) * kAudioChannels);
  const std::int64_t max_hops = kMaxBeatAnalysisMs * kAudioRate / 1000 / kHop;
  std::int64_t hops = 0;
  while (!audio.at_end() && hops < max_hops) {
    if (cancel && hops % kHopsBetweenCancelChecks == 0 && cancel->load())
      return make_error("cancelled", "the beat analysis was cancelled");
    if (auto err = audio.read(stereo.data(), static_cast<int>(kHop))) return *err;
    for (uint_t i = 0; i < kHop; ++i) in->data[i] = 0.5f * (stereo[2 * i] + stereo[2 * i + 1]);
    aubio_tempo_do(tempo.get(), in.get(), beat.get());
    aubio_onset_do(onset.get(), in.get(), hit.get());
    strength.push_back(aubio_onset_get_descriptor(onset.get()));
    if (hit->data[0] != 0) {
      const auto at = static_cast<std::int64_t>(std::llround(aubio_onset_get_last_ms(onset.get())));
      if (onsets_ms.empty() || at > onsets_ms.back()) onsets_ms.push_back(at);
    }
    // A beat moves the tracker's last beat. (Its output is the beat's
    // fraction of a hop, 0 for a beat right at a hop's start: not a test.)
    const auto ms = static_cast<std::int64_t>(std::llround(aubio_tempo_get_last_ms(tempo.get())));
    if (ms > 0 && (grid.beats_ms.empty() || ms > grid.beats_ms.back())) grid.beats_ms.push_back(ms);
    ++hops;
  }
  grid.duration_ms = hops * kHop * 1000 / kAudioRate;
  grid.bpm = aubio_tempo_get_bpm(tempo.get());
  if (grid.beats_ms.size() < kMinBeats || !(grid.bpm > 0)) {
    grid.beats_ms.clear();
    grid.bpm = 0;
    return grid;
  }
  // A steady tone or a drone gives the tracker a tempo of its own making:
  // beats that no sound strikes. Too few struck beats, no grid.
  if (snap_to_onsets(grid.beats_ms, onsets_ms) < kMinBeats) {
    grid.beats_ms.clear();
    grid.bpm = 0;
    return grid;
  }
  grid.bar_phase =
      strongest_phase(grid.beats_ms, strength, 1000.0 * kHop / static_cast<double>(kAudioRate));
  return grid;
}

}  // namespace nemo::render
