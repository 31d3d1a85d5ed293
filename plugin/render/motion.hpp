// Camera motion over a visual (Ken Burns, zoom, pan) as a rectangle of the
// fitted source per instant: continuous in time, eased in and out, so the
// warp can sample it with sub-pixel precision.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "render/render_spec.hpp"
#include "render/subject.hpp"

namespace nemo::render {

// A rectangle of the source, in source (luma) pixels; fractional.
struct ViewRect {
  double x = 0, y = 0, w = 0, h = 0;
};

// The largest zoom the motion reaches: the fitted source is the canvas times
// this, so that the most zoomed-in frame still samples the source 1:1.
double motion_max_zoom(const Motion &motion);

// Ease in and out: 0 -> 0, 1 -> 1, zero speed at both ends.
double ease_in_out(double u);

// The view at progress u (0..1 over the visual's whole extent) of a source of
// src_w x src_h. `variant` picks one of the Ken Burns paths (the clip's index,
// so that consecutive photos move differently). `extra_zoom` >= 1 zooms
// further about the same centre (the zoom transition). `keep` (fractions of
// the source): a box the view is moved to contain wherever it fits, so that
// a move starts, travels and ends with the faces in frame.
ViewRect motion_view(const Motion &motion, int variant, double u, int src_w, int src_h,
                     double extra_zoom = 1.0, const SubjectBox *keep = nullptr);

}  // namespace nemo::render
