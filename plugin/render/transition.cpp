// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/transition.hpp"

#include <algorithm>
#include <cmath>

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

bool transition_blends(Transition::Type type) {
  return type == Transition::Type::Fade || type == Transition::Type::Dissolve ||
         type == Transition::Type::Zoom;
}

}  // namespace nemo::render
