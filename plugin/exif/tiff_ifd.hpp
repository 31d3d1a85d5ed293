// Reads a few tags of the first IFD of a TIFF structure: a TIFF file, or the
// EXIF block of a JPEG's APP1 segment (which is a TIFF structure). Shared by
// the renderer (picture headers) and the client's converter (a TIFF's
// orientation, which FFmpeg before 8 does not export).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>

namespace nemo::exif {

struct TiffTags {
  std::uint32_t width = 0;   // tag 256, 0 when absent
  std::uint32_t height = 0;  // tag 257
  int orientation = 1;       // tag 274, 1..8; 1 when absent or invalid
};

// `data` starts at the byte-order mark ("II*\0" or "MM\0*"). false when it is
// not a TIFF structure or IFD0 lies outside `size`.
bool read_tiff_tags(const std::uint8_t *data, std::size_t size, TiffTags &out);

}  // namespace nemo::exif
