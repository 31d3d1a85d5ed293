// Bilinear resampling of a fractional source rectangle to the canvas, on the
// Y, U and V planes directly (no colour conversion per frame). Separable and
// horizontal first: each source row the view touches is resampled once
// (SSSE3 byte shuffles where available), then two such rows are blended per
// output row. 8-bit fixed-point weights: 1/256-pixel steps.
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

  // Force the portable code path (tests compare both).
  void set_simd(bool enabled) { simd_ = enabled; }

 private:
  void warp_plane(const Plane &src, double rx, double ry, double rw, double rh, const Plane &dst,
                  int shift_x, int col_begin, int col_end);
  void prepare_groups(int n);
  void resample_row(const std::uint8_t *row, int n, std::uint16_t *out, bool simd) const;

  bool simd_ = true;
  std::vector<std::int32_t> xi_;
  std::vector<std::uint16_t> xf_;
  // Per group of 8 outputs: shuffle masks and weights (SSSE3 path).
  std::vector<std::uint8_t> groups_;
  bool groups_ok_ = false;
  std::vector<std::uint16_t> rows_[2];
  int row_index_[2] = {-1, -1};
};

}  // namespace nemo::render
