// The beats of music files (render/beat_grid), found once and kept: in memory
// and on disk as <dir>/<sha256>.json, so that a song is analysed once however
// many turns, sessions and restarts of nemo-local use it.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <atomic>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>

#include "agent/media_ref.hpp"

namespace nemo::server {

class BeatCache {
 public:
  // `dir` "": in memory only.
  explicit BeatCache(std::string dir);

  // The beats of the file at `path` whose content has `sha256` (64 hex
  // digits; anything else is analysed every time, never kept). Empty beats
  // for a file without a steady beat (kept) or one that cannot be read (not
  // kept: asked again next time), or cancelled (`cancel` turned true: not
  // kept either). Thread-safe; never throws. Two turns asking for a new
  // song at once may both analyse it.
  agent::MusicBeats get(const std::string &path, const std::string &sha256,
                        const std::atomic<bool> *cancel = nullptr);

  // How many files were analysed (not found in the cache).
  std::size_t analysed() const { return analysed_; }

 private:
  std::string dir_;
  std::mutex mu_;
  std::map<std::string, agent::MusicBeats> memory_;
  std::atomic<std::size_t> analysed_{0};
};

}  // namespace nemo::server
