// The AI Video Clip source's queue of clips to play after the current one:
// an ordered list of paths with "play next", skip, clear, shuffle and loop,
// and its JSON form (saved in the source's settings, so it survives saving
// and reopening the scene collection and an OBS restart). No OBS here: the
// source (clip_source.cpp) asks it what plays next and saves it.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nemo::obs::clip {

class ClipQueue {
 public:
  // Appends `path` (at_front: plays next, before the others).
  void add(const std::string &path, bool at_front = false);
  // The clip to play after the current one, taken off the queue; "" when
  // it is empty. shuffle: a random one of those queued. loop: the clip
  // taken goes back to the end (`current` is the clip that just ended, put
  // back too, so a looping queue of A, B plays A, B, A, B...).
  std::string take_next(const std::string &current);
  void remove_at(std::size_t index);
  void clear() { items_.clear(); }

  bool shuffle = false;
  bool loop = false;

  const std::vector<std::string> &items() const { return items_; }
  bool empty() const { return items_.empty(); }

  // {"items": [...], "shuffle": b, "loop": b}; from_json keeps what it can
  // read of a damaged or older value (non-string items are dropped).
  std::string to_json() const;
  static ClipQueue from_json(const std::string &text);

  // The random source of shuffle (tests set it for a fixed order).
  std::uint64_t seed = 0x9E3779B97F4A7C15ull;

 private:
  std::vector<std::string> items_;
};

}  // namespace nemo::obs::clip
