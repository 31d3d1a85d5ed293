// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/beat_cache.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <utility>
#include <variant>

#include "render/beat_grid.hpp"
#include "server/atomic_file.hpp"

namespace nemo::server {
namespace {

constexpr std::size_t kMaxInMemory = 256;  // songs; a full map starts again
constexpr int kFormat = 2;                 // of the files on disk (2: quiet beats evened out)

bool is_sha256(const std::string &s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

nlohmann::json to_json(const agent::MusicBeats &b) {
  return {{"v", kFormat}, {"bpm", b.bpm}, {"bar_phase", b.bar_phase}, {"beats_ms", b.beats_ms}};
}

// A file written by this version, checked: else nullopt (analysed again).
std::optional<agent::MusicBeats> from_json(const nlohmann::json &j) {
  if (!j.is_object() || j.value("v", 0) != kFormat) return std::nullopt;
  const auto bpm = j.find("bpm"), phase = j.find("bar_phase"), beats = j.find("beats_ms");
  if (bpm == j.end() || !bpm->is_number() || phase == j.end() || !phase->is_number_integer() ||
      beats == j.end() || !beats->is_array())
    return std::nullopt;
  agent::MusicBeats out;
  out.bpm = bpm->get<double>();
  out.bar_phase = std::clamp(phase->get<int>(), 0, 3);
  for (const auto &ms : *beats) {
    if (!ms.is_number_integer()) return std::nullopt;
    const auto v = ms.get<std::int64_t>();
    if (!out.beats_ms.empty() && v <= out.beats_ms.back()) return std::nullopt;
    out.beats_ms.push_back(v);
  }
  return out;
}

// The file's beats (empty when it has no steady beat), or nullopt when it
// could not be read or the analysis was cancelled: then nothing is kept and
// the next turn tries again.
std::optional<agent::MusicBeats> analyse(const std::string &path, const std::atomic<bool> *cancel) {
  try {
    auto result = render::analyse_beats(path, cancel);
    auto *grid = std::get_if<render::BeatGrid>(&result);
    if (!grid) return std::nullopt;
    agent::MusicBeats out;
    out.bpm = grid->bpm;
    out.beats_ms = std::move(grid->beats_ms);
    out.bar_phase = grid->bar_phase;
    return out;
  } catch (const std::exception &) {
    return std::nullopt;  // out of memory in the decoder: the agent cuts evenly
  }
}

}  // namespace

BeatCache::BeatCache(std::string dir) : dir_(std::move(dir)) {}

agent::MusicBeats BeatCache::get(const std::string &path, const std::string &sha256,
                                 const std::atomic<bool> *cancel) {
  const bool keep = is_sha256(sha256);
  const std::string file = dir_.empty() || !keep ? "" : dir_ + "/" + sha256 + ".json";
  if (keep) {
    std::lock_guard<std::mutex> lock(mu_);
    if (auto it = memory_.find(sha256); it != memory_.end()) return it->second;
  }
  std::optional<agent::MusicBeats> found;
  if (!file.empty()) {
    if (auto j = read_json_file(file)) found = from_json(*j);
  }
  if (!found) {
    ++analysed_;
    found = analyse(path, cancel);
    if (!found) return {};
    if (!file.empty()) write_json_atomically(file, to_json(*found));
  }
  if (keep) {
    std::lock_guard<std::mutex> lock(mu_);
    if (memory_.size() >= kMaxInMemory) memory_.clear();
    memory_[sha256] = *found;
  }
  return *found;
}

}  // namespace nemo::server
