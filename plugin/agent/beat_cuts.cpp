// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/beat_cuts.hpp"

#include <algorithm>
#include <cstdlib>

namespace nemo::agent {
namespace {

constexpr std::int64_t kMinLoopMs = 1000;  // shorter music is not looped for its beats
constexpr double kEndReach = 0.15;         // how far (of its length) an automatic end moves

int rank_of(std::size_t index, int bar_phase) {
  const auto phase = static_cast<std::int64_t>(index) - std::clamp(bar_phase, 0, 3);
  const std::int64_t in_phrase = ((phase % 16) + 16) % 16;
  return in_phrase == 0 ? 2 : in_phrase % 4 == 0 ? 1 : 0;
}

}  // namespace

std::vector<VideoBeat> video_beats(const MusicBeats &beats, std::int64_t source_ms,
                                   std::int64_t until_ms) {
  std::vector<VideoBeat> out;
  if (beats.beats_ms.empty() || until_ms <= 0) return out;
  const bool loops = source_ms >= kMinLoopMs;
  for (std::int64_t offset = 0; offset < until_ms; offset += source_ms) {
    for (std::size_t i = 0; i < beats.beats_ms.size(); ++i) {
      const std::int64_t b = beats.beats_ms[i];
      if (b <= 0 || (loops && b >= source_ms)) continue;
      const std::int64_t ms = offset + b;
      if (ms >= until_ms) break;
      if (!out.empty() && ms <= out.back().ms) continue;  // keeps them rising
      out.push_back(VideoBeat{ms, rank_of(i, beats.bar_phase)});
    }
    if (!loops) break;
  }
  return out;
}

std::int64_t beat_period(const std::vector<VideoBeat> &beats) {
  if (beats.size() < 2) return 0;
  std::vector<std::int64_t> gaps;
  gaps.reserve(beats.size() - 1);
  for (std::size_t i = 1; i < beats.size(); ++i) gaps.push_back(beats[i].ms - beats[i - 1].ms);
  std::nth_element(gaps.begin(), gaps.begin() + static_cast<std::ptrdiff_t>(gaps.size() / 2),
                   gaps.end());
  return gaps[gaps.size() / 2];
}

std::int64_t end_on_beat(const std::vector<VideoBeat> &beats, std::int64_t total,
                         std::int64_t lowest, std::int64_t highest) {
  const auto reach = static_cast<std::int64_t>(static_cast<double>(total) * kEndReach);
  const std::int64_t lo = std::max(lowest, total - reach), hi = std::min(highest, total + reach);
  for (int rank = 2; rank >= 0; --rank) {
    std::int64_t best = -1;
    for (const auto &b : beats) {
      if (b.rank < rank || b.ms < lo || b.ms > hi) continue;
      if (best < 0 || std::llabs(b.ms - total) < std::llabs(best - total)) best = b.ms;
    }
    if (best >= 0) return best;
  }
  return total;
}

std::size_t snap_cuts(std::vector<std::int64_t> &mids, const std::vector<VideoBeat> &beats,
                      const CutRules &rules) {
  const std::int64_t period = beat_period(beats);
  if (mids.empty() || period <= 0) return 0;
  const std::size_t cuts = mids.size();
  const std::int64_t d = std::max<std::int64_t>(0, rules.d);
  const std::int64_t before = d / 2, after = d - d / 2;  // a transition's halves
  const std::int64_t gap = std::max(rules.min_own + d, 2 * d);
  const auto max_slot = [&](std::size_t visual) -> std::optional<std::int64_t> {
    return visual < rules.max_slot.size() ? rules.max_slot[visual] : std::nullopt;
  };

  std::size_t on_beat = 0;
  for (std::size_t i = 0; i < cuts; ++i) {
    const std::int64_t ideal = mids[i];
    const std::int64_t start = i == 0 ? 0 : mids[i - 1] - before;  // visual i's
    std::int64_t lo = i == 0 ? std::max(rules.min_own + before, 2 * d) : mids[i - 1] + gap;
    std::int64_t hi = rules.total - std::max(rules.min_own + after, 2 * d) -
                      static_cast<std::int64_t>(cuts - 1 - i) * gap;
    if (auto m = max_slot(i)) hi = std::min(hi, start + *m - after);
    if (i + 1 == cuts) {
      if (auto m = max_slot(i + 1)) lo = std::max(lo, rules.total - *m + before);
    }
    const auto first =
        std::lower_bound(beats.begin(), beats.end(), ideal - period,
                         [](const VideoBeat &b, std::int64_t ms) { return b.ms < ms; });
    std::optional<std::int64_t> best;
    std::int64_t best_score = 0;
    for (auto it = first; it != beats.end() && it->ms <= ideal + period; ++it) {
      if (it->ms < lo || it->ms > hi) continue;
      const std::int64_t score = std::llabs(it->ms - ideal) - (it->rank >= 1 ? period / 2 : 0);
      if (!best || score < best_score) best = it->ms, best_score = score;
    }
    if (best) {
      mids[i] = *best;
      ++on_beat;
    } else if (lo <= hi) {
      mids[i] = std::clamp(ideal, lo, hi);
    }
  }
  return on_beat;
}

}  // namespace nemo::agent
