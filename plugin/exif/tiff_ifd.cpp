// SPDX-License-Identifier: GPL-2.0-or-later
#include "exif/tiff_ifd.hpp"

namespace nemo::exif {
namespace {

struct Reader {
  const std::uint8_t *data;
  std::size_t size;
  bool little;

  bool u16(std::size_t at, std::uint32_t &v) const {
    if (at + 2 > size) return false;
    v = little ? (data[at] | (data[at + 1] << 8)) : ((data[at] << 8) | data[at + 1]);
    return true;
  }
  bool u32(std::size_t at, std::uint32_t &v) const {
    if (at + 4 > size) return false;
    const std::uint32_t b0 = data[at], b1 = data[at + 1], b2 = data[at + 2], b3 = data[at + 3];
    v = little ? (b0 | (b1 << 8) | (b2 << 16) | (b3 << 24))
               : ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3);
    return true;
  }
};

}  // namespace

bool read_tiff_tags(const std::uint8_t *data, std::size_t size, TiffTags &out) {
  out = TiffTags{};
  if (size < 8) return false;
  Reader r{data, size, false};
  if (data[0] == 'I' && data[1] == 'I') {
    r.little = true;
  } else if (!(data[0] == 'M' && data[1] == 'M')) {
    return false;
  }
  std::uint32_t magic = 0, ifd = 0, count = 0;
  if (!r.u16(2, magic) || magic != 42 || !r.u32(4, ifd) || !r.u16(ifd, count)) return false;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::size_t entry = ifd + 2 + std::size_t{i} * 12;
    std::uint32_t tag = 0, type = 0, n = 0, value = 0;
    if (!r.u16(entry, tag) || !r.u16(entry + 2, type) || !r.u32(entry + 4, n)) return false;
    if (n != 1) continue;
    if (type == 3) {  // SHORT, left-justified in the value field
      if (!r.u16(entry + 8, value)) return false;
    } else if (type == 4) {  // LONG
      if (!r.u32(entry + 8, value)) return false;
    } else {
      continue;
    }
    if (tag == 256) out.width = value;
    if (tag == 257) out.height = value;
    if (tag == 274 && value >= 1 && value <= 8) out.orientation = static_cast<int>(value);
  }
  return true;
}

}  // namespace nemo::exif
