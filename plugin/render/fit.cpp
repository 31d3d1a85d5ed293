// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/fit.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "render/orientation.hpp"

namespace nemo::render {
namespace {

int even(double v) {
  return std::max(2, static_cast<int>(std::lround(v / 2.0)) * 2);
}

void blur_line(std::uint8_t *p, std::ptrdiff_t step, int n, int r, std::vector<std::uint8_t> &buf) {
  buf.resize(n);
  for (int i = 0; i < n; ++i) buf[i] = p[i * step];
  const int win = 2 * r + 1;
  int sum = 0;
  for (int i = -r; i <= r; ++i) sum += buf[std::clamp(i, 0, n - 1)];
  for (int i = 0; i < n; ++i) {
    p[i * step] = static_cast<std::uint8_t>((sum + win / 2) / win);
    sum += buf[std::min(i + r + 1, n - 1)] - buf[std::max(i - r, 0)];
  }
}

// Where a window of `len` starts along an axis of `size` so that [a, b] is
// in view, its centre `at` (0..1) of the way along the window where there is
// room, and the window inside the picture.
double window_start(double a, double b, double len, double size, double at) {
  if (len >= size) return 0;
  double start = (a + b) / 2 - at * len;
  if (b - a <= len) start = std::clamp(start, b - len, a);
  return std::clamp(start, 0.0, size - len);
}

// The faces may take this much of the crop window's narrow side.
constexpr double kFacesInCrop = 0.6;

}  // namespace

Fit smart_fit(const Subject &subject, double picture_aspect, double canvas_aspect) {
  if (subject.kind != Subject::Kind::Faces || !(picture_aspect > 0) || !(canvas_aspect > 0))
    return Fit::BlurPad;
  // The crop window as a fraction of the picture's width (a wider picture)
  // or of its height (a taller one); the other side is whole.
  const double wide = canvas_aspect / picture_aspect;
  const double faces_w = subject.box.x1 - subject.box.x0;
  const double faces_h = subject.box.y1 - subject.box.y0;
  const bool fits = wide <= 1 ? faces_w <= kFacesInCrop * wide : faces_h <= kFacesInCrop / wide;
  return fits ? Fit::Crop : Fit::BlurPad;
}

void box_blur(const YuvRef &img, int radius) {
  std::vector<std::uint8_t> buf;
  for (int i = 0; i < 3; ++i) {
    const Plane &p = img.p[i];
    const int r = std::max(1, i == 0 ? radius : radius / 2);
    for (int pass = 0; pass < 3; ++pass) {
      for (int y = 0; y < p.height; ++y) blur_line(p.row(y), 1, p.width, r, buf);
      for (int x = 0; x < p.width; ++x) blur_line(p.data + x, p.stride, p.height, r, buf);
    }
  }
}

bool Fitter::scale_oriented(const SourceView &src, int orientation, const YuvRef &dst,
                            Scaler &scaler, YuvImage &tmp) {
  if (orientation <= 1 || orientation > 8) return scaler.scale(src, dst);
  const bool t = orientation_transposes(orientation);
  tmp.resize(t ? dst.height() : dst.width(), t ? dst.width() : dst.height());
  if (!scaler.scale(src, tmp.ref())) return false;
  orient_copy(tmp.ref(), dst, orientation);
  return true;
}

bool Fitter::cover(const SourceView &src, int orientation, const YuvRef &dst, Scaler &scaler,
                   YuvImage &tmp, const Subject *subject, SubjectBox *placed) {
  // The window of the displayed picture with dst's aspect: centred, or on
  // the subject; then taken in stored coordinates.
  const bool t = orientation_transposes(orientation);
  const double dw = t ? src.height : src.width, dh = t ? src.width : src.height;
  const double aspect = static_cast<double>(dst.width()) / dst.height();
  double cw = dw, ch = dh;
  if (dw / dh > aspect) {
    cw = std::clamp(std::round(dh * aspect), 1.0, dw);
  } else {
    ch = std::clamp(std::round(dw / aspect), 1.0, dh);
  }
  const bool framed = subject && subject->kind != Subject::Kind::None;
  const bool faces = framed && subject->kind == Subject::Kind::Faces;
  // Faces a little above the middle: more of the body than of the sky.
  const double x = framed ? window_start(subject->box.x0 * dw, subject->box.x1 * dw, cw, dw, 0.5)
                          : (dw - cw) / 2;
  const double y =
      framed ? window_start(subject->box.y0 * dh, subject->box.y1 * dh, ch, dh, faces ? 0.4 : 0.5)
             : (dh - ch) / 2;
  double ax = 0, ay = 0, bx = 0, by = 0;
  display_to_stored(orientation, x / dw, y / dh, ax, ay);
  display_to_stored(orientation, (x + cw) / dw, (y + ch) / dh, bx, by);
  const int sx =
      std::clamp(static_cast<int>(std::lround(std::min(ax, bx) * src.width)), 0, src.width - 1);
  const int sy =
      std::clamp(static_cast<int>(std::lround(std::min(ay, by) * src.height)), 0, src.height - 1);
  const int sw =
      std::clamp(static_cast<int>(std::lround(std::abs(bx - ax) * src.width)), 1, src.width - sx);
  const int sh =
      std::clamp(static_cast<int>(std::lround(std::abs(by - ay) * src.height)), 1, src.height - sy);
  if (placed && framed) {
    *placed = {std::clamp((subject->box.x0 * dw - x) / cw, 0.0, 1.0),
               std::clamp((subject->box.y0 * dh - y) / ch, 0.0, 1.0),
               std::clamp((subject->box.x1 * dw - x) / cw, 0.0, 1.0),
               std::clamp((subject->box.y1 * dh - y) / ch, 0.0, 1.0)};
  }
  return scale_oriented(crop_view(src, sx, sy, sw, sh), orientation, dst, scaler, tmp);
}

bool Fitter::fit(const SourceView &src, int orientation, Fit fit, const YuvRef &dst, YuvColour bars,
                 const Subject *subject, SubjectBox *placed) {
  if (fit == Fit::Crop) return cover(src, orientation, dst, main_, tmp_, subject, placed);
  if (fit == Fit::Smart) fit = Fit::BlurPad;  // not resolved (a video frame): shown whole
  const bool t = orientation_transposes(orientation);
  const double dw = t ? src.height : src.width;
  const double dh = t ? src.width : src.height;
  const double s = std::min(dst.width() / dw, dst.height() / dh);
  const int fw = std::min(dst.width(), even(dw * s));
  const int fh = std::min(dst.height(), even(dh * s));
  const int ox = ((dst.width() - fw) / 2) & ~1;
  const int oy = ((dst.height() - fh) / 2) & ~1;
  if (fit == Fit::BlurPad && (fw < dst.width() || fh < dst.height())) {
    // A small, blurred, darkened cover of the canvas, scaled up under the picture.
    small_img_.resize(std::max(16, dst.width() / 8), std::max(16, dst.height() / 8));
    const YuvRef small = small_img_.ref();
    if (!cover(src, orientation, small, small_, tmp_small_)) return false;
    box_blur(small, std::max(2, small.width() / 40));
    for (int y = 0; y < small.p[0].height; ++y) {
      std::uint8_t *row = small.p[0].row(y);
      for (int x = 0; x < small.p[0].width; ++x)
        row[x] = static_cast<std::uint8_t>(16 + (row[x] - 16) * 9 / 16);
    }
    for (int i = 1; i < 3; ++i) {
      for (int y = 0; y < small.p[i].height; ++y) {
        std::uint8_t *row = small.p[i].row(y);
        for (int x = 0; x < small.p[i].width; ++x)
          row[x] = static_cast<std::uint8_t>(128 + (row[x] - 128) * 3 / 4);
      }
    }
    if (!up_.scale(view_of(small), dst, SWS_BILINEAR)) return false;
  } else if (fw < dst.width() || fh < dst.height()) {
    fill_colour(dst, bars);
  }
  if (placed && subject && subject->kind != Subject::Kind::None) {
    const double W = dst.width(), H = dst.height();
    *placed = {(ox + subject->box.x0 * fw) / W, (oy + subject->box.y0 * fh) / H,
               (ox + subject->box.x1 * fw) / W, (oy + subject->box.y1 * fh) / H};
  }
  return scale_oriented(src, orientation, sub_image(dst, ox, oy, fw, fh), main_, tmp_);
}

}  // namespace nemo::render
