// Fitting a picture or video frame to a canvas-shaped image: crop, pad, or
// pad over a blurred, darkened copy of itself.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "render/picture.hpp"
#include "render/render_spec.hpp"
#include "render/scaler.hpp"
#include "render/subject.hpp"

namespace nemo::render {

class Fitter {
 public:
  // Fits `src` (EXIF orientation still to apply) to all of `dst`, whose
  // aspect is the canvas's. Colour is converted here; a padded fit's bars
  // are `bars`. A crop keeps `subject` (when given) in view: all of its faces
  // where they fit, else it is centred on them or on its detail; `placed`
  // then gets where the subject's box landed in `dst`. false: swscale failed.
  bool fit(const SourceView &src, int orientation, Fit fit, const YuvRef &dst, YuvColour bars = {},
           const Subject *subject = nullptr, SubjectBox *placed = nullptr);

 private:
  bool cover(const SourceView &src, int orientation, const YuvRef &dst, Scaler &scaler,
             YuvImage &tmp, const Subject *subject = nullptr, SubjectBox *placed = nullptr);
  bool scale_oriented(const SourceView &src, int orientation, const YuvRef &dst, Scaler &scaler,
                      YuvImage &tmp);

  Scaler main_, small_, up_;
  YuvImage tmp_, tmp_small_, small_img_;
};

// Fit::Smart for one picture (displayed aspect `picture_aspect`, width over
// height) on a canvas of `canvas_aspect`: Crop when all of `subject`'s faces
// fit in the crop window with room around them (for the shoulders, and for a
// camera move), else BlurPad: a landscape or a crowd is shown whole.
Fit smart_fit(const Subject &subject, double picture_aspect, double canvas_aspect);

// Three box-blur passes (close to a Gaussian) of every plane, in place.
void box_blur(const YuvRef &img, int radius);

}  // namespace nemo::render
