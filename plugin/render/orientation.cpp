// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/orientation.hpp"

#include <cstring>

namespace nemo::render {
namespace {

// dst(x, y) = src(sx, sy), for each orientation (dst is the displayed picture).
void orient_plane(const Plane &s, const Plane &d, int o) {
  const int sw = s.width, sh = s.height;
  for (int y = 0; y < d.height; ++y) {
    std::uint8_t *out = d.row(y);
    switch (o) {
      case 2: {
        const std::uint8_t *in = s.row(y);
        for (int x = 0; x < d.width; ++x) out[x] = in[sw - 1 - x];
        break;
      }
      case 3: {
        const std::uint8_t *in = s.row(sh - 1 - y);
        for (int x = 0; x < d.width; ++x) out[x] = in[sw - 1 - x];
        break;
      }
      case 4:
        std::memcpy(out, s.row(sh - 1 - y), d.width);
        break;
      case 5:  // transpose
        for (int x = 0; x < d.width; ++x) out[x] = s.row(x)[y];
        break;
      case 6:  // rotate 90 clockwise
        for (int x = 0; x < d.width; ++x) out[x] = s.row(sh - 1 - x)[y];
        break;
      case 7:  // transverse
        for (int x = 0; x < d.width; ++x) out[x] = s.row(sh - 1 - x)[sw - 1 - y];
        break;
      case 8:  // rotate 90 counter-clockwise
        for (int x = 0; x < d.width; ++x) out[x] = s.row(x)[sw - 1 - y];
        break;
      default:
        std::memcpy(out, s.row(y), d.width);
        break;
    }
  }
}

}  // namespace

void display_to_stored(int orientation, double xd, double yd, double &xs, double &ys) {
  // orient_plane's dst(x, y) = src(sx, sy), in fractions.
  switch (orientation) {
    case 2:
      xs = 1 - xd;
      ys = yd;
      break;
    case 3:
      xs = 1 - xd;
      ys = 1 - yd;
      break;
    case 4:
      xs = xd;
      ys = 1 - yd;
      break;
    case 5:
      xs = yd;
      ys = xd;
      break;
    case 6:
      xs = yd;
      ys = 1 - xd;
      break;
    case 7:
      xs = 1 - yd;
      ys = 1 - xd;
      break;
    case 8:
      xs = 1 - yd;
      ys = xd;
      break;
    default:
      xs = xd;
      ys = yd;
      break;
  }
}

void orient_copy(const YuvRef &src, const YuvRef &dst, int orientation) {
  for (int i = 0; i < 3; ++i) orient_plane(src.p[i], dst.p[i], orientation);
}

}  // namespace nemo::render
