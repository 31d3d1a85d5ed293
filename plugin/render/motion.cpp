// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/motion.hpp"

#include <algorithm>
#include <cmath>

namespace nemo::render {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kZoomAmount = 0.20;  // zoom in/out and Ken Burns at strength 1
constexpr double kPanZoom = 0.15;     // the zoom that gives a pan its room
constexpr double kDriftZoom = 0.08;   // a drift: a small room, crossed at an even speed

double strength(const Motion &m) {
  return std::clamp(m.strength, 0.0, 2.0);
}

// The start of a view of `len` at `start`, moved the least so that it holds
// [a, b] (when [a, b] fits in it), inside [0, size].
double keep_in_view(double start, double len, double a, double b, double size) {
  if (b - a <= len) start = std::clamp(start, b - len, a);
  return std::clamp(start, 0.0, std::max(0.0, size - len));
}

}  // namespace

double ease_in_out(double u) {
  u = std::clamp(u, 0.0, 1.0);
  return 0.5 - 0.5 * std::cos(kPi * u);
}

double motion_max_zoom(const Motion &m) {
  switch (m.type) {
    case Motion::Type::None:
      return 1.0;
    case Motion::Type::KenBurns:
    case Motion::Type::ZoomIn:
    case Motion::Type::ZoomOut:
      return 1.0 + kZoomAmount * strength(m);
    case Motion::Type::Drift:
      return 1.0 + kDriftZoom * strength(m);
    default:
      return 1.0 + kPanZoom * strength(m);
  }
}

ViewRect motion_view(const Motion &m, int variant, double u, int src_w, int src_h,
                     double extra_zoom, const SubjectBox *keep) {
  const double e = ease_in_out(u);
  const double zmax = motion_max_zoom(m);
  double q = 1.0;   // zoom relative to the whole source
  double dx = 0.0;  // centre offset, in units of the room left on each side (-1..1)
  double dy = 0.0;
  switch (m.type) {
    case Motion::Type::None:
      break;
    case Motion::Type::ZoomIn:
      q = 1.0 + (zmax - 1.0) * e;
      break;
    case Motion::Type::ZoomOut:
      q = zmax - (zmax - 1.0) * e;
      break;
    case Motion::Type::PanLeft:
      q = zmax;
      dx = 1.0 - 2.0 * e;
      break;
    case Motion::Type::PanRight:
      q = zmax;
      dx = 2.0 * e - 1.0;
      break;
    case Motion::Type::PanUp:
      q = zmax;
      dy = 1.0 - 2.0 * e;
      break;
    case Motion::Type::PanDown:
      q = zmax;
      dy = 2.0 * e - 1.0;
      break;
    case Motion::Type::Drift: {
      // Linear, not eased: a drift has no start or stop. Diagonals, alternating.
      static const double kDir[4][2] = {{1.0, 0.4}, {-1.0, -0.3}, {0.6, -1.0}, {-0.5, 1.0}};
      const int v = ((variant % 4) + 4) % 4;
      const double s = 2.0 * std::clamp(u, 0.0, 1.0) - 1.0;
      q = zmax;
      dx = kDir[v][0] * s;
      dy = kDir[v][1] * s;
      break;
    }
    case Motion::Type::KenBurns: {
      static const double kDir[4][2] = {{-0.9, -0.6}, {0.9, 0.5}, {0.8, -0.7}, {-0.7, 0.8}};
      const int v = ((variant % 4) + 4) % 4;
      const bool zoom_in = v % 2 == 0;
      q = zoom_in ? 1.0 + (zmax - 1.0) * e : zmax - (zmax - 1.0) * e;
      // Drift toward one side while zooming; the room grows with the zoom.
      const double t = zoom_in ? e : 1.0 - e;
      dx = kDir[v][0] * t;
      dy = kDir[v][1] * t;
      break;
    }
  }
  q *= std::max(1.0, extra_zoom);
  ViewRect r;
  r.w = src_w / q;
  r.h = src_h / q;
  const double room_x = (src_w - r.w) / 2.0;
  const double room_y = (src_h - r.h) / 2.0;
  r.x = room_x + dx * room_x;
  r.y = room_y + dy * room_y;
  if (keep) {
    // The least shift that brings the box into view (a continuous function
    // of the move, so the motion stays smooth), then back inside the source.
    r.x = keep_in_view(r.x, r.w, keep->x0 * src_w, keep->x1 * src_w, src_w);
    r.y = keep_in_view(r.y, r.h, keep->y0 * src_h, keep->y1 * src_h, src_h);
  }
  return r;
}

}  // namespace nemo::render
