// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/media_sniff.hpp"

#include <cstdio>
#include <cstring>
#include <memory>

#include "render/byte_order.hpp"

namespace nemo::render {
namespace {

bool at(const unsigned char *d, std::size_t size, std::size_t off, const char *magic) {
  const std::size_t n = std::strlen(magic);
  return off + n <= size && std::memcmp(d + off, magic, n) == 0;
}

bool is_heif_brand(const unsigned char *b) {
  static const char *const kBrands[] = {"heic", "heix", "hevc", "hevx",
                                        "heim", "heis", "hevm", "hevs"};
  for (const char *brand : kBrands) {
    if (std::memcmp(b, brand, 4) == 0) return true;
  }
  return false;
}

// ISO base media: ftyp box at offset 4.
Sniffed sniff_ftyp(const unsigned char *d, std::size_t size) {
  const unsigned char *major = d + 8;
  if (is_heif_brand(major)) return {"image", "heic"};
  // mif1/msf1 are generic HEIF: look at the compatible brands.
  std::size_t box = be32(d);
  if (box > size) box = size;
  bool heif = false, avif = false;
  for (std::size_t off = 16; off + 4 <= box; off += 4) {
    if (is_heif_brand(d + off)) heif = true;
    if (std::memcmp(d + off, "avif", 4) == 0 || std::memcmp(d + off, "avis", 4) == 0) avif = true;
  }
  if (std::memcmp(major, "avif", 4) == 0 || std::memcmp(major, "avis", 4) == 0)
    return {"image", "avif"};
  if (std::memcmp(major, "mif1", 4) == 0 || std::memcmp(major, "msf1", 4) == 0) {
    if (heif) return {"image", "heic"};
    if (avif) return {"image", "avif"};
    return {"image", "heic"};
  }
  if (std::memcmp(major, "qt  ", 4) == 0) return {"video", "mov"};
  if (std::memcmp(major, "M4A ", 4) == 0 || std::memcmp(major, "M4B ", 4) == 0)
    return {"audio", "m4a"};
  return {"video", "mp4"};
}

}  // namespace

Sniffed sniff_bytes(const unsigned char *d, std::size_t size) {
  if (size >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) return {"image", "jpg"};
  if (at(d, size, 0, "\x89PNG\r\n\x1a\n")) return {"image", "png"};
  if (at(d, size, 0, "GIF87a") || at(d, size, 0, "GIF89a")) return {"image", "gif"};
  if (at(d, size, 0, "BM") && size >= 26) return {"image", "bmp"};
  if (at(d, size, 0, "II*") && size >= 4 && d[3] == 0) return {"image", "tiff"};
  if (size >= 4 && at(d, size, 0, "MM") && d[2] == 0 && d[3] == 42) return {"image", "tiff"};
  if (at(d, size, 0, "RIFF")) {
    if (at(d, size, 8, "WEBP")) return {"image", "webp"};
    if (at(d, size, 8, "AVI ")) return {"video", "avi"};
    if (at(d, size, 8, "WAVE")) return {"audio", "wav"};
    return {};
  }
  if (at(d, size, 4, "ftyp") && size >= 16) return sniff_ftyp(d, size);
  if (size >= 4 && d[0] == 0x1A && d[1] == 0x45 && d[2] == 0xDF && d[3] == 0xA3) {
    for (std::size_t i = 4; i + 4 <= size && i < 64; ++i) {
      if (std::memcmp(d + i, "webm", 4) == 0) return {"video", "webm"};
    }
    return {"video", "mkv"};
  }
  if (at(d, size, 0, "OggS")) return {"audio", "ogg"};
  if (at(d, size, 0, "fLaC")) return {"audio", "flac"};
  if (at(d, size, 0, "ID3")) return {"audio", "mp3"};
  if (size >= 2 && d[0] == 0xFF && (d[1] & 0xE0) == 0xE0) {
    const int layer = (d[1] >> 1) & 3;
    if (layer == 0 && (d[1] & 0xF0) == 0xF0) return {"audio", "aac"};  // ADTS
    if (layer != 0) return {"audio", "mp3"};
  }
  return {};
}

bool sniff_file(const std::string &path, Sniffed &out, unsigned long long &size) {
  out = {};
  size = 0;
  std::unique_ptr<FILE, int (*)(FILE *)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return false;
  if (std::fseek(f.get(), 0, SEEK_END) == 0) {
    const long end = std::ftell(f.get());
    if (end > 0) size = static_cast<unsigned long long>(end);
    std::fseek(f.get(), 0, SEEK_SET);
  }
  unsigned char head[256];
  const std::size_t n = std::fread(head, 1, sizeof head, f.get());
  out = sniff_bytes(head, n);
  return true;
}

}  // namespace nemo::render
