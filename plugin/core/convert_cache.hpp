// Where converted copies (core/media_convert.hpp) live, so that a file is
// converted once: <dir>/<key>/<stem>.<ext>, the key a hash of the original's
// absolute path, size and modification time (a changed original gets a new
// copy). The copy keeps the original's name stem, so the backend and the
// agent see "song.m4a" for "song.ogg". Bounded: trim() drops the least
// recently used copies until the folder is under its limit.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <string>

#include "core/file_check.hpp"

namespace nemo::core {

inline constexpr std::uint64_t kDefaultConvertCacheLimit = 2ull * 1024 * 1024 * 1024;

class ConvertCache {
 public:
  // dir empty: the system's temporary folder's "nemo-video-converted".
  ConvertCache(std::string dir, std::uint64_t limit_bytes);

  const std::string &dir() const { return dir_; }
  // The copy's path for `original` converted as `kind`; "" when the original
  // cannot be looked at (then there is nothing to convert either).
  std::string copy_path(const std::string &original, MediaKind kind) const;
  // Whether a complete copy is there; marks it used (for trim()).
  bool reuse(const std::string &copy) const;
  // Removes the least recently used copies until the total is at most the
  // limit; `keep` (a copy about to be uploaded) is never removed. Files being
  // written ("*.part.*") are not counted nor removed.
  void trim(const std::string &keep) const;
  // The bytes the copies take.
  std::uint64_t size_bytes() const;

 private:
  std::string dir_;
  std::uint64_t limit_;
};

}  // namespace nemo::core
