// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/heif_coded_size.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "render/byte_order.hpp"

namespace nemo::render {
namespace {

constexpr int kSpsNalType = 33;
constexpr std::uint64_t kMaxMetaBytes = 16u << 20;

// Reads the bits of one NAL unit's payload, emulation prevention bytes
// (00 00 03) removed first.
class BitReader {
 public:
  BitReader(const std::uint8_t *data, std::size_t size) {
    bytes_.reserve(size);
    int zeros = 0;
    for (std::size_t i = 0; i < size; ++i) {
      if (zeros >= 2 && data[i] == 3) {
        zeros = 0;
        continue;
      }
      zeros = data[i] == 0 ? zeros + 1 : 0;
      bytes_.push_back(data[i]);
    }
  }

  bool bits(int n, std::uint32_t &out) {
    out = 0;
    for (int i = 0; i < n; ++i) {
      if (pos_ >= bytes_.size() * 8) return false;
      const std::uint8_t byte = bytes_[pos_ / 8];
      out = (out << 1) | ((byte >> (7 - pos_ % 8)) & 1u);
      ++pos_;
    }
    return true;
  }

  bool skip(std::size_t n) {
    if (pos_ + n > bytes_.size() * 8) return false;
    pos_ += n;
    return true;
  }

  // Exp-Golomb ue(v); values above 2^31 - 2 are refused (none is valid here).
  bool ue(std::uint32_t &out) {
    int zeros = 0;
    std::uint32_t bit = 0;
    for (;;) {
      if (!bits(1, bit)) return false;
      if (bit != 0) break;
      if (++zeros > 30) return false;
    }
    std::uint32_t rest = 0;
    if (!bits(zeros, rest)) return false;
    out = ((1u << zeros) - 1) + rest;
    return true;
  }

 private:
  std::vector<std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

// One box in a buffer: its type and payload. False at the end or on a size
// that does not fit.
struct Box {
  char type[5] = {};
  const std::uint8_t *payload = nullptr;
  std::size_t size = 0;
};

bool next_box(const std::uint8_t *&p, const std::uint8_t *end, Box &box) {
  const auto left = static_cast<std::size_t>(end - p);
  if (left < 8) return false;
  std::uint64_t size = be32(p);
  std::size_t head = 8;
  if (size == 1) {
    if (left < 16) return false;
    size = (std::uint64_t{be32(p + 8)} << 32) | be32(p + 12);
    head = 16;
  } else if (size == 0) {
    size = left;
  }
  if (size < head || size > left) return false;
  std::memcpy(box.type, p + 4, 4);
  box.payload = p + head;
  box.size = static_cast<std::size_t>(size) - head;
  p += size;
  return true;
}

// Calls f(box) for each child of a payload whose type is `type`.
template <typename F>
void for_each_child(const std::uint8_t *data, std::size_t size, const char *type, F f) {
  const std::uint8_t *p = data;
  Box box;
  while (next_box(p, data + size, box)) {
    if (std::memcmp(box.type, type, 4) == 0) f(box);
  }
}

}  // namespace

bool hevc_sps_size(const std::uint8_t *nal, std::size_t size, CodedSize &out) {
  if (size < 3 || ((nal[0] >> 1) & 0x3f) != kSpsNalType) return false;
  BitReader r(nal + 2, size - 2);
  std::uint32_t v = 0;
  std::uint32_t max_sub_layers_minus1 = 0;
  if (!r.bits(4, v) || !r.bits(3, max_sub_layers_minus1) || !r.bits(1, v)) return false;
  // profile_tier_level(1, max_sub_layers_minus1)
  if (!r.skip(88 + 8)) return false;
  std::uint32_t profile_present[8] = {};
  std::uint32_t level_present[8] = {};
  for (std::uint32_t i = 0; i < max_sub_layers_minus1; ++i) {
    if (!r.bits(1, profile_present[i]) || !r.bits(1, level_present[i])) return false;
  }
  if (max_sub_layers_minus1 > 0 && !r.skip(2 * (8 - max_sub_layers_minus1))) return false;
  for (std::uint32_t i = 0; i < max_sub_layers_minus1; ++i) {
    if (profile_present[i] != 0 && !r.skip(88)) return false;
    if (level_present[i] != 0 && !r.skip(8)) return false;
  }
  std::uint32_t chroma_format_idc = 0;
  if (!r.ue(v) || !r.ue(chroma_format_idc) || chroma_format_idc > 3) return false;
  std::uint32_t separate_planes = 0;
  if (chroma_format_idc == 3 && !r.bits(1, separate_planes)) return false;
  std::uint32_t width = 0, height = 0, window = 0;
  if (!r.ue(width) || !r.ue(height) || !r.bits(1, window)) return false;
  std::uint64_t crop_w = 0, crop_h = 0;
  if (window != 0) {
    std::uint32_t left = 0, right = 0, top = 0, bottom = 0;
    if (!r.ue(left) || !r.ue(right) || !r.ue(top) || !r.ue(bottom)) return false;
    const bool subsampled = separate_planes == 0 && chroma_format_idc != 0;
    const std::uint64_t sub_w = subsampled && chroma_format_idc != 3 ? 2 : 1;
    const std::uint64_t sub_h = subsampled && chroma_format_idc == 1 ? 2 : 1;
    crop_w = sub_w * (std::uint64_t{left} + right);
    crop_h = sub_h * (std::uint64_t{top} + bottom);
  }
  if (width == 0 || height == 0 || crop_w >= width || crop_h >= height) return false;
  out.width = static_cast<int>(width - crop_w);
  out.height = static_cast<int>(height - crop_h);
  return true;
}

bool hvcc_largest_size(const std::uint8_t *payload, std::size_t size, CodedSize &out) {
  // HEVCDecoderConfigurationRecord: 22 bytes of fields, then the arrays.
  if (size < 23) return false;
  std::size_t pos = 23;
  const unsigned arrays = payload[22];
  bool found = false;
  for (unsigned a = 0; a < arrays; ++a) {
    if (pos + 3 > size) break;
    const int type = payload[pos] & 0x3f;
    const std::uint32_t count = be16(payload + pos + 1);
    pos += 3;
    for (std::uint32_t n = 0; n < count; ++n) {
      if (pos + 2 > size) return found;
      const std::size_t len = be16(payload + pos);
      pos += 2;
      if (pos + len > size) return found;
      CodedSize s;
      if (type == kSpsNalType && hevc_sps_size(payload + pos, len, s) &&
          (!found || std::int64_t{s.width} * s.height > std::int64_t{out.width} * out.height)) {
        out = s;
        found = true;
      }
      pos += len;
    }
  }
  return found;
}

CodedSizeResult heif_coded_size(const std::string &path, CodedSize &out) {
  std::unique_ptr<FILE, int (*)(FILE *)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return CodedSizeResult::NoHvcc;
  std::vector<std::uint8_t> meta;
  for (;;) {
    std::uint8_t head[16];
    if (std::fread(head, 1, 8, f.get()) != 8) break;
    std::uint64_t size = be32(head);
    std::uint64_t head_size = 8;
    if (size == 1) {
      if (std::fread(head + 8, 1, 8, f.get()) != 8) break;
      size = (std::uint64_t{be32(head + 8)} << 32) | be32(head + 12);
      head_size = 16;
    }
    const bool is_meta = std::memcmp(head + 4, "meta", 4) == 0;
    if (size == 0 && is_meta) size = head_size + kMaxMetaBytes;  // "to the end of the file"
    if (size < head_size || size == 0) break;
    const std::uint64_t body = size - head_size;
    if (is_meta) {
      meta.resize(static_cast<std::size_t>(std::min(body, kMaxMetaBytes)));
      meta.resize(std::fread(meta.data(), 1, meta.size(), f.get()));
      break;
    }
    if (body > static_cast<std::uint64_t>(LONG_MAX) ||
        std::fseek(f.get(), static_cast<long>(body), SEEK_CUR) != 0) {
      break;
    }
  }
  // meta is a full box: version and flags first.
  if (meta.size() < 4) return CodedSizeResult::NoHvcc;
  bool any_hvcc = false;
  bool found = false;
  for_each_child(meta.data() + 4, meta.size() - 4, "iprp", [&](const Box &iprp) {
    for_each_child(iprp.payload, iprp.size, "ipco", [&](const Box &ipco) {
      for_each_child(ipco.payload, ipco.size, "hvcC", [&](const Box &hvcc) {
        any_hvcc = true;
        CodedSize s;
        if (hvcc_largest_size(hvcc.payload, hvcc.size, s) &&
            (!found || std::int64_t{s.width} * s.height > std::int64_t{out.width} * out.height)) {
          out = s;
          found = true;
        }
      });
    });
  });
  if (found) return CodedSizeResult::Found;
  return any_hvcc ? CodedSizeResult::Unreadable : CodedSizeResult::NoHvcc;
}

}  // namespace nemo::render
