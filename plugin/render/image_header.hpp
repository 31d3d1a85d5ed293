// A picture's size and EXIF orientation, read from its header without
// decoding any pixel (so that a decompression bomb is refused before
// anything is allocated).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <string>

#include "render/render_error.hpp"

namespace nemo::render {

// Pictures larger than this are refused (too_large). 64 MP covers every phone
// and camera photo we expect while keeping a decoded RGBA copy under 256 MB.
inline constexpr std::int64_t kMaxImagePixels = 64'000'000;
inline constexpr int kMaxImageSide = 32768;

struct ImageHeader {
  int width = 0;  // as stored (before orientation)
  int height = 0;
  int orientation = 1;  // EXIF 1..8; 5..8 swap width and height on display
  bool animated = false;

  bool transposed() const { return orientation >= 5; }
  int display_width() const { return transposed() ? height : width; }
  int display_height() const { return transposed() ? width : height; }
};

// `format` is what sniff_file found (jpg png webp gif bmp tiff heic).
// Errors: bad_input (truncated/corrupt header), unsupported, too_large.
MaybeError read_image_header(const std::string &path, const std::string &format, ImageHeader &out);

// The pixel cap on its own, for any decoder that learns a size.
MaybeError check_pixel_cap(std::int64_t width, std::int64_t height, const std::string &what);

}  // namespace nemo::render
