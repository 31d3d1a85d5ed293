// The fuzz input as a file for code that only opens paths (libavformat, the
// picture decoders): an anonymous in-memory file (memfd) named by its
// /proc/self/fd path, rewritten for every input.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace nemo::fuzz {

class MemFile {
 public:
  MemFile();
  ~MemFile();
  MemFile(const MemFile &) = delete;
  MemFile &operator=(const MemFile &) = delete;

  // Replaces the content; false when the file cannot be written.
  bool assign(const std::uint8_t *data, std::size_t size);
  const std::string &path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

}  // namespace nemo::fuzz
