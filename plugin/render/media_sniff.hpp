// What a file is, from its first bytes (never from its name).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>

namespace nemo::render {

struct Sniffed {
  std::string kind;  // image | video | audio | "" (unknown)
  std::string
      format;  // jpg png webp gif bmp tiff heic avif mp4 mov mkv webm avi mp3 wav m4a aac ogg flac
};

// Reads the file's first bytes. `size` gets the file size (0 when missing).
// Returns false when the file cannot be opened.
bool sniff_file(const std::string &path, Sniffed &out, unsigned long long &size);

// The same on bytes already read (at least the first 64 when the file has them).
Sniffed sniff_bytes(const unsigned char *data, std::size_t size);

}  // namespace nemo::render
