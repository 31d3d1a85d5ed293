// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/warp.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace nemo::render {
namespace {

// Source position of an output sample -> index and 8-bit weight of the right/lower neighbour.
void locate(double s, int n, std::int32_t &i, std::uint16_t &f) {
  if (n < 2 || s <= 0.0) {
    i = 0;
    f = 0;
    return;
  }
  if (s >= n - 1) {
    i = n - 2;
    f = 256;
    return;
  }
  const double fl = std::floor(s);
  i = static_cast<std::int32_t>(fl);
  f = static_cast<std::uint16_t>(std::lround((s - fl) * 256.0));
  if (f == 256) {
    f = 0;
    ++i;
    if (i >= n - 1) {
      i = n - 2;
      f = 256;
    }
  }
}

}  // namespace

void Warper::warp(const YuvRef &src, const ViewRect &r, const YuvRef &dst, int shift_x,
                  int col_begin, int col_end) {
  if (col_end < 0 || col_end > dst.width()) col_end = dst.width();
  col_begin = std::max(0, col_begin) & ~1;
  col_end = (col_end + 1) & ~1;
  shift_x &= ~1;
  warp_plane(src.p[0], r.x, r.y, r.w, r.h, dst.p[0], shift_x, col_begin, col_end);
  for (int i = 1; i < 3; ++i) {
    warp_plane(src.p[i], r.x / 2, r.y / 2, r.w / 2, r.h / 2, dst.p[i], shift_x / 2, col_begin / 2,
               col_end / 2);
  }
}

void Warper::warp_plane(const Plane &src, double rx, double ry, double rw, double rh,
                        const Plane &dst, int shift_x, int col_begin, int col_end) {
  const int W = dst.width, H = dst.height;
  col_end = std::min(col_end, W);
  if (col_begin >= col_end || src.width < 1 || src.height < 1) return;
  const double sx = rw / W, sy = rh / H;

  // Whole-sample copy: same scale, integer offset.
  const double ix = rx + (-shift_x) * sx;
  if (std::fabs(sx - 1.0) < 1e-9 && std::fabs(sy - 1.0) < 1e-9 && ix == std::floor(ix) &&
      ry == std::floor(ry) && ix + col_begin >= 0 && ix + col_end <= src.width && ry >= 0 &&
      ry + H <= src.height) {
    const int ox = static_cast<int>(ix), oy = static_cast<int>(ry);
    for (int y = 0; y < H; ++y) {
      std::memcpy(dst.row(y) + col_begin, src.row(y + oy) + ox + col_begin, col_end - col_begin);
    }
    return;
  }

  const int n = col_end - col_begin;
  xi_.resize(n);
  xf_.resize(n);
  for (int x = 0; x < n; ++x) {
    const double s = rx + (x + col_begin - shift_x + 0.5) * sx - 0.5;
    locate(s, src.width, xi_[x], xf_[x]);
  }
  const int lo = xi_.front();
  const int hi = std::min(src.width - 1, xi_.back() + 1);
  tmp_.resize(static_cast<std::size_t>(hi - lo + 2));
  const std::int32_t *xi = xi_.data();
  const std::uint16_t *xf = xf_.data();
  for (int y = 0; y < H; ++y) {
    std::int32_t iy;
    std::uint16_t fy;
    locate(ry + (y + 0.5) * sy - 0.5, src.height, iy, fy);
    const std::uint8_t *s0 = src.row(iy) + lo;
    const std::uint8_t *s1 = src.row(std::min(iy + 1, src.height - 1)) + lo;
    std::uint16_t *t = tmp_.data();
    const int span = hi - lo + 1;
    const std::uint16_t a = static_cast<std::uint16_t>(256 - fy), b = fy;
    for (int i = 0; i < span; ++i) t[i] = static_cast<std::uint16_t>(s0[i] * a + s1[i] * b);
    t[span] = t[span - 1];
    std::uint8_t *out = dst.row(y) + col_begin;
    for (int x = 0; x < n; ++x) {
      const int k = xi[x] - lo;
      const std::uint32_t w = xf[x];
      const std::uint32_t v = t[k] * (256u - w) + t[k + 1] * w;
      out[x] = static_cast<std::uint8_t>((v + 32768u) >> 16);
    }
  }
}

}  // namespace nemo::render
