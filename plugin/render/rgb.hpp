// A solid colour (8-bit sRGB) and its value in the video's colour space
// (BT.709, limited range), for backgrounds and bars.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>

namespace nemo::render {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb &o) const { return r == o.r && g == o.g && b == o.b; }
};

struct YuvColour {
  std::uint8_t y = 16, u = 128, v = 128;
};

// BT.709 limited range: black is (16, 128, 128), white (235, 128, 128).
YuvColour to_yuv709(Rgb c);

}  // namespace nemo::render
