// Threshold maps for the mask transitions (wipes, smooth wipes, circles,
// open/close, diagonals, radial, and the luma wipes blinds, checker, clouds):
// per pixel, the moment 0..1 of the transition when it turns from the
// outgoing visual to the incoming one, with a soft edge of `softness`. Made
// once per transition at the canvas size, for the luma and the chroma grids.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <vector>

#include "render/picture.hpp"
#include "render/render_spec.hpp"

namespace nemo::render {

class TransitionMask {
 public:
  // The map of `type` (a Mask-family transition) for a canvas of w x h (even).
  void build(Transition::Type type, int width, int height);
  bool built_for(Transition::Type type, int width, int height) const {
    return type_ == type && width_ == width && height_ == height && !luma_.empty();
  }
  double softness() const { return softness_; }
  // The threshold of the luma sample (x, y), 0..65535 (tests).
  std::uint16_t luma_at(int x, int y) const {
    return luma_[static_cast<std::size_t>(y) * width_ + x];
  }

  // dst = dst where the incoming has not arrived, `in` where it has, a soft
  // mix on the edge; p = the transition's eased progress 0..1.
  void apply(const YuvRef &dst, const YuvRef &in, double p) const;

 private:
  Transition::Type type_ = Transition::Type::None;
  int width_ = 0, height_ = 0;
  double softness_ = 0.05;
  std::vector<std::uint16_t> luma_;    // width x height
  std::vector<std::uint16_t> chroma_;  // width/2 x height/2
};

}  // namespace nemo::render
