// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/transition_mask.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace nemo::render {
namespace {

using T = Transition::Type;
constexpr double kPi = 3.14159265358979323846;

// Smooth value noise (a few octaves), for the clouds luma wipe: the same
// pattern every render.
double hash01(int x, int y) {
  std::uint32_t h =
      static_cast<std::uint32_t>(x) * 0x9E3779B1u ^ (static_cast<std::uint32_t>(y) * 0x85EBCA77u);
  h ^= h >> 15;
  h *= 0x2C1B3C6Du;
  h ^= h >> 12;
  return (h & 0xFFFFu) / 65535.0;
}
double value_noise(double x, double y) {
  const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
  const double fx = x - x0, fy = y - y0;
  const double sx = fx * fx * (3 - 2 * fx), sy = fy * fy * (3 - 2 * fy);
  const double a = hash01(x0, y0), b = hash01(x0 + 1, y0), c = hash01(x0, y0 + 1),
               d = hash01(x0 + 1, y0 + 1);
  return (a + (b - a) * sx) + ((c + (d - c) * sx) - (a + (b - a) * sx)) * sy;
}
double clouds(double x, double y) {
  double sum = 0, amp = 0.5, f = 1.0;
  for (int o = 0; o < 4; ++o, amp *= 0.5, f *= 2.0) sum += amp * value_noise(x * f, y * f);
  return sum;
}

// The moment a point turns, 0..1. (x, y): the point in canvas pixels (of the
// luma grid); w, h: the canvas.
double threshold(T type, double x, double y, double w, double h) {
  const double u = x / w, v = y / h;
  const double cx = x - w / 2, cy = y - h / 2;
  const double r = std::sqrt(cx * cx + cy * cy) / std::sqrt(w * w / 4 + h * h / 4);
  switch (type) {
    case T::WipeLeft:
    case T::SmoothLeft:
      return 1.0 - u;  // the edge moves to the left
    case T::WipeRight:
    case T::SmoothRight:
      return u;
    case T::WipeUp:
    case T::SmoothUp:
      return 1.0 - v;
    case T::WipeDown:
    case T::SmoothDown:
      return v;
    case T::CircleOpen:
      return r;
    case T::CircleClose:
      return 1.0 - r;
    case T::HorzOpen:
      return std::abs(2 * v - 1);
    case T::HorzClose:
      return 1.0 - std::abs(2 * v - 1);
    case T::VertOpen:
      return std::abs(2 * u - 1);
    case T::VertClose:
      return 1.0 - std::abs(2 * u - 1);
    case T::DiagTL:
      return (u + v) / 2;
    case T::DiagTR:
      return (1 - u + v) / 2;
    case T::DiagBL:
      return (u + 1 - v) / 2;
    case T::DiagBR:
      return (2 - u - v) / 2;
    case T::Radial: {
      // A clock hand from twelve o'clock, clockwise.
      double a = std::atan2(cx, -cy);
      if (a < 0) a += 2 * kPi;
      return a / (2 * kPi);
    }
    case T::Blinds: {
      // Ten slats, each opening from its top.
      const double slats = 10.0;
      const double s = v * slats;
      return s - std::floor(s);
    }
    case T::Checker: {
      // Squares an eighth of the height; half of them wipe first, each left to right.
      const double side = h / 8.0;
      const int cxi = static_cast<int>(x / side), cyi = static_cast<int>(y / side);
      const double local = x / side - cxi;
      return 0.5 * ((cxi + cyi) & 1) + 0.5 * local;
    }
    case T::Clouds:
      return clouds(u * 4.0 * w / h, v * 4.0);
    default:
      return u;
  }
}

double softness_of(T type) {
  switch (type) {
    case T::SmoothLeft:
    case T::SmoothRight:
    case T::SmoothUp:
    case T::SmoothDown:
      return 0.45;
    case T::Clouds:
      return 0.25;
    case T::Blinds:
      return 0.12;
    case T::Radial:
      return 0.02;
    case T::Checker:
      return 0.04;
    default:
      return 0.05;
  }
}

// Fills `map` (w x h samples, each standing for a `step` x `step` square of
// the luma grid) with the thresholds in 0..65535.
void fill(T type, int w, int h, int step, int luma_w, int luma_h, std::vector<std::uint16_t> &map,
          std::vector<double> &scratch) {
  scratch.resize(static_cast<std::size_t>(w) * h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      scratch[static_cast<std::size_t>(y) * w + x] =
          threshold(type, (x + 0.5) * step, (y + 0.5) * step, luma_w, luma_h);
    }
  }
  if (type == T::Clouds) {
    // Even out the noise: every threshold equally likely, so the reveal is steady.
    std::array<std::uint32_t, 4096> hist{};
    double lo = 1e9, hi = -1e9;
    for (double s : scratch) lo = std::min(lo, s), hi = std::max(hi, s);
    const double span = std::max(1e-9, hi - lo);
    for (double &s : scratch) {
      s = (s - lo) / span;
      ++hist[std::min<std::size_t>(4095, static_cast<std::size_t>(s * 4095.0))];
    }
    std::array<double, 4096> cdf{};
    std::uint64_t acc = 0;
    for (std::size_t i = 0; i < hist.size(); ++i) {
      acc += hist[i];
      cdf[i] = static_cast<double>(acc) / static_cast<double>(scratch.size());
    }
    for (double &s : scratch)
      s = cdf[std::min<std::size_t>(4095, static_cast<std::size_t>(s * 4095.0))];
  }
  map.resize(scratch.size());
  for (std::size_t i = 0; i < scratch.size(); ++i)
    map[i] = static_cast<std::uint16_t>(std::lround(std::clamp(scratch[i], 0.0, 1.0) * 65535.0));
}

void apply_plane(const Plane &d, const Plane &s, const std::uint16_t *map, int map_w, int pos,
                 int soft) {
  const int k = (256 << 16) / soft;  // alpha = (pos - m) * 256 / soft
  for (int y = 0; y < d.height; ++y) {
    std::uint8_t *o = d.row(y);
    const std::uint8_t *in = s.row(y);
    const std::uint16_t *m = map + static_cast<std::size_t>(y) * map_w;
    for (int x = 0; x < d.width; ++x) {
      const int diff = pos - m[x];
      if (diff <= 0) continue;
      if (diff >= soft) {
        o[x] = in[x];
        continue;
      }
      const int a = (diff * k) >> 16;
      o[x] = static_cast<std::uint8_t>((o[x] * (256 - a) + in[x] * a + 128) >> 8);
    }
  }
}

}  // namespace

void TransitionMask::build(Transition::Type type, int width, int height) {
  type_ = type;
  width_ = width;
  height_ = height;
  softness_ = softness_of(type);
  std::vector<double> scratch;
  fill(type, width, height, 1, width, height, luma_, scratch);
  fill(type, width / 2, height / 2, 2, width, height, chroma_, scratch);
}

void TransitionMask::apply(const YuvRef &dst, const YuvRef &in, double p) const {
  // alpha = clamp((p * (1 + s) - m) / s): nothing at p = 0, everything at p = 1.
  const int soft = std::max(1, static_cast<int>(std::lround(softness_ * 65535.0)));
  const int pos = static_cast<int>(std::lround(std::clamp(p, 0.0, 1.0) * (65535.0 + soft)));
  apply_plane(dst.p[0], in.p[0], luma_.data(), width_, pos, soft);
  for (int i = 1; i < 3; ++i) apply_plane(dst.p[i], in.p[i], chroma_.data(), width_ / 2, pos, soft);
}

}  // namespace nemo::render
