// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/rgb.hpp"

#include <algorithm>
#include <cmath>

namespace nemo::render {

YuvColour to_yuv709(Rgb c) {
  // Full-range R'G'B' to limited-range Y'CbCr with BT.709's coefficients.
  const double r = c.r / 255.0, g = c.g / 255.0, b = c.b / 255.0;
  const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const double cb = (b - y) / 1.8556;
  const double cr = (r - y) / 1.5748;
  const auto q = [](double v) {
    return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
  };
  return YuvColour{q(16 + 219 * y), q(128 + 224 * cb), q(128 + 224 * cr)};
}

}  // namespace nemo::render
