// The timeline at one instant: which visuals show, their motion, the
// transition between two of them, the texts over them. Pictures are decoded
// and fitted once, at the size their motion needs, when first shown, and
// freed when their segment ends.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <memory>
#include <vector>

#include "render/fit.hpp"
#include "render/picture.hpp"
#include "render/render_error.hpp"
#include "render/render_spec.hpp"
#include "render/text_overlay.hpp"
#include "render/transition_mask.hpp"
#include "render/warp.hpp"

namespace nemo::render {

class Compositor {
 public:
  explicit Compositor(const RenderSpec &spec);
  ~Compositor();
  Compositor(const Compositor &) = delete;
  Compositor &operator=(const Compositor &) = delete;

  // Lays out the texts and checks the inputs exist. Call once.
  MaybeError prepare();

  // Frame `n` (time n / fps) into `out` (canvas size). Frames come in order.
  MaybeError render(std::int64_t n, const YuvRef &out);

  std::int64_t frame_count() const;

 private:
  struct Visual;
  MaybeError ensure(Visual &v);
  // The part of v's fitted source that shows at t (decodes it when first shown).
  MaybeError view_at(Visual &v, double t_ms, double extra_zoom, ViewRect &rect);
  // Draws v at t into dst, shifted right by shift_x, only columns [col_begin,
  // col_end); `extra_zoom` zooms further (the zoom transition).
  MaybeError draw(Visual &v, double t_ms, const YuvRef &dst, int shift_x, int col_begin,
                  int col_end, double extra_zoom);
  // Draws the rows [view_top, view_bottom) (fractions of its frame) of v at t
  // into the rows [row_begin, row_end) of dst (even rows): vertical slides.
  MaybeError draw_rows(Visual &v, double t_ms, const YuvRef &dst, int row_begin, int row_end,
                       double view_top, double view_bottom);
  MaybeError draw_transition(Visual &a, Visual &b, double t, double p, const YuvRef &out);

  const RenderSpec &spec_;
  const YuvColour background_;
  std::vector<std::unique_ptr<Visual>> visuals_;
  std::vector<TextLayer> texts_;
  Warper warper_;
  Fitter fitter_;
  YuvImage scratch_;
  TransitionMask mask_;
};

}  // namespace nemo::render
