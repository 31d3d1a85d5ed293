// Bilinear resampling of a fractional source rectangle to the canvas, on the
// Y, U and V planes directly (no colour conversion per frame). Separable:
// one vertical blend of two source rows, then one horizontal blend, in
// 8-bit fixed point (1/256 pixel steps), with reused buffers.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <vector>

#include "render/motion.hpp"
#include "render/picture.hpp"

namespace nemo::render {

class Warper {
 public:
  // Draws `rect` of `src` over the whole of `dst`, shifted right by `shift_x`
  // output pixels (negative: left; used by slides); only output columns in
  // [col_begin, col_end) are written (col_end < 0: to the right edge).
  void warp(const YuvRef &src, const ViewRect &rect, const YuvRef &dst, int shift_x = 0,
            int col_begin = 0, int col_end = -1);

 private:
  void warp_plane(const Plane &src, double rx, double ry, double rw, double rh, const Plane &dst,
                  int shift_x, int col_begin, int col_end);

  std::vector<std::int32_t> xi_;
  std::vector<std::uint16_t> xf_;
  std::vector<std::uint16_t> tmp_;
};

}  // namespace nemo::render
