// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/transition.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace nemo::render {
namespace {

// A fixed per-pixel threshold 0..255 (integer hash of the position).
inline std::uint32_t noise(std::uint32_t x, std::uint32_t y) {
  std::uint32_t h = x * 0x9E3779B1u ^ (y * 0x85EBCA77u);
  h ^= h >> 15;
  h *= 0x2C1B3C6Du;
  h ^= h >> 12;
  return h & 255u;
}

}  // namespace

void blend_into(const YuvRef &dst, const YuvRef &b, int alpha) {
  alpha = std::clamp(alpha, 0, 256);
  const int ia = 256 - alpha;
  for (int i = 0; i < 3; ++i) {
    const Plane &d = dst.p[i];
    const Plane &s = b.p[i];
    for (int y = 0; y < d.height; ++y) {
      std::uint8_t *o = d.row(y);
      const std::uint8_t *in = s.row(y);
      for (int x = 0; x < d.width; ++x)
        o[x] = static_cast<std::uint8_t>((o[x] * ia + in[x] * alpha + 128) >> 8);
    }
  }
}

void dissolve_into(const YuvRef &dst, const YuvRef &b, double p) {
  // threshold t(x,y) in 0..1; alpha = clamp((p*(1+soft) - t) / soft)
  const double soft = 0.25;
  const int pos = static_cast<int>(std::lround(p * (1.0 + soft) * 255.0));
  const int inv_soft = static_cast<int>(std::lround(256.0 / soft));
  for (int i = 0; i < 3; ++i) {
    const Plane &d = dst.p[i];
    const Plane &s = b.p[i];
    const int scale = i == 0 ? 1 : 2;  // chroma: the noise of the top-left luma sample
    for (int y = 0; y < d.height; ++y) {
      std::uint8_t *o = d.row(y);
      const std::uint8_t *in = s.row(y);
      for (int x = 0; x < d.width; ++x) {
        const int t = static_cast<int>(
            noise(static_cast<std::uint32_t>(x * scale), static_cast<std::uint32_t>(y * scale)));
        const int a = std::clamp((pos - t) * inv_soft / 255, 0, 256);
        o[x] = static_cast<std::uint8_t>((o[x] * (256 - a) + in[x] * a + 128) >> 8);
      }
    }
  }
}

void blend_toward(const YuvRef &dst, std::uint8_t y, std::uint8_t u, std::uint8_t v, int alpha) {
  alpha = std::clamp(alpha, 0, 256);
  const int ia = 256 - alpha;
  const int colour[3] = {y, u, v};
  for (int i = 0; i < 3; ++i) {
    const Plane &d = dst.p[i];
    const int c = colour[i] * alpha + 128;
    for (int row = 0; row < d.height; ++row) {
      std::uint8_t *o = d.row(row);
      for (int x = 0; x < d.width; ++x) o[x] = static_cast<std::uint8_t>((o[x] * ia + c) >> 8);
    }
  }
}

namespace {

void pixelate_plane(const Plane &p, int block) {
  for (int y0 = 0; y0 < p.height; y0 += block) {
    const int y1 = std::min(p.height, y0 + block);
    for (int x0 = 0; x0 < p.width; x0 += block) {
      const int x1 = std::min(p.width, x0 + block);
      unsigned sum = 0;
      for (int y = y0; y < y1; ++y) {
        const std::uint8_t *r = p.row(y);
        for (int x = x0; x < x1; ++x) sum += r[x];
      }
      const unsigned n = static_cast<unsigned>((y1 - y0) * (x1 - x0));
      const auto mean = static_cast<std::uint8_t>((sum + n / 2) / n);
      for (int y = y0; y < y1; ++y) std::fill(p.row(y) + x0, p.row(y) + x1, mean);
    }
  }
}

}  // namespace

void pixelate(const YuvRef &img, int block) {
  if (block <= 1) return;
  block += block & 1;  // even, so that the chroma squares cover the same pixels
  pixelate_plane(img.p[0], block);
  const int chroma_block = std::max(1, block / 2);
  if (chroma_block > 1) {
    pixelate_plane(img.p[1], chroma_block);
    pixelate_plane(img.p[2], chroma_block);
  }
}

}  // namespace nemo::render
