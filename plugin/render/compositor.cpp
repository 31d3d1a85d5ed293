// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/compositor.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "render/image_decode.hpp"
#include "render/media_sniff.hpp"
#include "render/motion.hpp"
#include "render/orientation.hpp"
#include "render/subject.hpp"
#include "render/transition.hpp"
#include "render/transition_catalogue.hpp"
#include "render/video_source.hpp"

namespace nemo::render {

struct Compositor::Visual {
  const VisualClip *clip = nullptr;
  int index = 0;
  double max_zoom = 1.0;
  YuvImage source;                 // the fitted picture / current video frame, canvas x max_zoom
  std::optional<SubjectBox> keep;  // the faces in `source`, kept in view by the motion
  std::unique_ptr<VideoSource> video;
  std::uint64_t video_serial = ~std::uint64_t{0};
  bool ready = false;
  bool released = false;
};

Compositor::Compositor(const RenderSpec &spec)
    : spec_(spec), background_(to_yuv709(spec.background)) {
  for (std::size_t i = 0; i < spec.visuals.size(); ++i) {
    auto v = std::make_unique<Visual>();
    v->clip = &spec.visuals[i];
    v->index = static_cast<int>(i);
    v->max_zoom = motion_max_zoom(spec.visuals[i].motion);
    visuals_.push_back(std::move(v));
  }
}

Compositor::~Compositor() = default;

std::int64_t Compositor::frame_count() const {
  return (spec_.duration_ms * spec_.canvas.fps + 500) / 1000;
}

MaybeError Compositor::prepare() {
  // Every input readable and of the right kind before any frame is made.
  for (const auto &v : visuals_) {
    Sniffed sniffed;
    unsigned long long size = 0;
    if (!sniff_file(v->clip->path, sniffed, size))
      return make_error("bad_input", "cannot open " + v->clip->path);
    if (size == 0) return make_error("bad_input", v->clip->path + ": the file is empty");
    const std::string want = v->clip->is_video ? "video" : "image";
    if (sniffed.kind != want) {
      return make_error("bad_input", v->clip->path + ": expected " +
                                         (v->clip->is_video ? "a video" : "a picture") +
                                         ", found " +
                                         (sniffed.kind.empty() ? "unknown content" : sniffed.kind));
    }
    if (!v->clip->is_video) {
      ImageHeader header;
      if (auto err = read_image_header(v->clip->path, sniffed.format, header)) {
        err->message = v->clip->path + ": " + err->message;
        return err;
      }
    }
  }
  for (const TextOverlay &t : spec_.texts) {
    if (t.end_ms <= t.start_ms || t.text.empty()) continue;
    TextLayer layer;
    if (auto err = render_text_layer(t, spec_.canvas, spec_.font_path, layer)) return err;
    texts_.push_back(std::move(layer));
  }
  scratch_.resize(spec_.canvas.width, spec_.canvas.height);
  return std::nullopt;
}

MaybeError Compositor::ensure(Visual &v) {
  if (v.ready) return std::nullopt;
  const int sw =
      std::max(2, static_cast<int>(std::lround(spec_.canvas.width * v.max_zoom / 2.0)) * 2);
  const int sh =
      std::max(2, static_cast<int>(std::lround(spec_.canvas.height * v.max_zoom / 2.0)) * 2);
  v.source.resize(sw, sh);
  if (v.clip->is_video) {
    v.video = std::make_unique<VideoSource>();
    if (auto err = v.video->open(v.clip->path, v.clip->source_in_ms)) return err;
  } else {
    DecodedPicture pic;
    if (auto err = decode_image(v.clip->path, pic, nullptr, spec_.background)) {
      err->message = v.clip->path + ": " + err->message;
      return err;
    }
    // Framing matters where the picture is cropped, may be, or moves.
    Fit fit = v.clip->fit;
    Subject subject;
    if (spec_.frame_subjects &&
        (fit == Fit::Crop || fit == Fit::Smart || v.clip->motion.type != Motion::Type::None))
      subject = find_subject(pic.view, pic.orientation);
    if (fit == Fit::Smart) {
      const bool t = orientation_transposes(pic.orientation);
      const double w = t ? pic.view.height : pic.view.width;
      const double h = t ? pic.view.width : pic.view.height;
      fit =
          smart_fit(subject, w / h, static_cast<double>(spec_.canvas.width) / spec_.canvas.height);
    }
    SubjectBox placed;
    if (!fitter_.fit(pic.view, pic.orientation, fit, v.source.ref(), background_, &subject,
                     &placed)) {
      return make_error("internal", "cannot scale " + v.clip->path);
    }
    if (subject.kind == Subject::Kind::Faces) v.keep = placed;
    // `pic` (the full-size decode) is freed here: only the fitted copy stays.
  }
  v.ready = true;
  return std::nullopt;
}

MaybeError Compositor::view_at(Visual &v, double t_ms, double extra_zoom, ViewRect &rect) {
  if (auto err = ensure(v)) return err;
  const VisualClip &c = *v.clip;
  if (v.video) {
    SourceView frame;
    if (auto err = v.video->frame_at(std::max(0.0, (t_ms - c.start_ms) / 1000.0), frame))
      return err;
    if (v.video->serial() != v.video_serial) {
      if (!fitter_.fit(frame, v.video->orientation(), c.fit, v.source.ref(), background_)) {
        return make_error("internal", "cannot scale a frame of " + c.path);
      }
      v.video_serial = v.video->serial();
    }
  }
  const double len = static_cast<double>(std::max<std::int64_t>(1, c.end_ms - c.start_ms));
  const double u = (t_ms - c.start_ms) / len;
  const YuvRef src = v.source.ref();
  rect = motion_view(c.motion, v.index, u, src.width(), src.height(), extra_zoom,
                     v.keep ? &*v.keep : nullptr);
  return std::nullopt;
}

MaybeError Compositor::draw(Visual &v, double t_ms, const YuvRef &dst, int shift_x, int col_begin,
                            int col_end, double extra_zoom) {
  ViewRect rect;
  if (auto err = view_at(v, t_ms, extra_zoom, rect)) return err;
  warper_.warp(v.source.ref(), rect, dst, shift_x, col_begin, col_end);
  return std::nullopt;
}

MaybeError Compositor::draw_rows(Visual &v, double t_ms, const YuvRef &dst, int row_begin,
                                 int row_end, double view_top, double view_bottom) {
  if (row_end <= row_begin) return std::nullopt;
  ViewRect rect;
  if (auto err = view_at(v, t_ms, 1.0, rect)) return err;
  rect.y += rect.h * view_top;
  rect.h *= view_bottom - view_top;
  YuvRef rows = dst;
  for (int i = 0; i < 3; ++i) {
    const int k = i == 0 ? 1 : 2;
    rows.p[i].data = dst.p[i].row(row_begin / k);
    rows.p[i].height = (row_end - row_begin) / k;
  }
  warper_.warp(v.source.ref(), rect, rows);
  return std::nullopt;
}

MaybeError Compositor::draw_transition(Visual &a, Visual &b, double t, double p,
                                       const YuvRef &out) {
  const TransitionLook &look = transition_look(a.clip->transition_out.type);
  const double e = ease_in_out(p);
  const int W = out.width(), H = out.height();
  const YuvRef other = scratch_.ref();
  switch (look.family) {
    case TransitionFamily::Cut:
      return draw(b, t, out, 0, 0, W, 1.0);
    case TransitionFamily::Blend:
      if (auto err = draw(a, t, out, 0, 0, W, 1.0)) return err;
      if (auto err = draw(b, t, other, 0, 0, W, 1.0)) return err;
      blend_into(out, other, static_cast<int>(std::lround(p * 256.0)));
      return std::nullopt;
    case TransitionFamily::Through: {
      // Out to the colour in the first half, in from it in the second: one visual a frame.
      const bool white = look.type == Transition::Type::FadeWhite;
      const std::uint8_t y = white ? kWhiteY : kBlackY;
      if (p < 0.5) {
        if (auto err = draw(a, t, out, 0, 0, W, 1.0)) return err;
        blend_toward(out, y, kNeutralC, kNeutralC, static_cast<int>(std::lround(p * 2 * 256.0)));
      } else {
        if (auto err = draw(b, t, out, 0, 0, W, 1.0)) return err;
        blend_toward(out, y, kNeutralC, kNeutralC,
                     static_cast<int>(std::lround((1.0 - p) * 2 * 256.0)));
      }
      return std::nullopt;
    }
    case TransitionFamily::Dissolve:
      if (auto err = draw(a, t, out, 0, 0, W, 1.0)) return err;
      if (auto err = draw(b, t, other, 0, 0, W, 1.0)) return err;
      dissolve_into(out, other, p);
      return std::nullopt;
    case TransitionFamily::Pixelize: {
      // Blocks grow to a fortieth of the width at the middle, where the two cross over.
      if (auto err = draw(a, t, out, 0, 0, W, 1.0)) return err;
      if (auto err = draw(b, t, other, 0, 0, W, 1.0)) return err;
      blend_into(out, other,
                 static_cast<int>(std::lround(std::clamp((p - 0.4) / 0.2, 0.0, 1.0) * 256.0)));
      const double peak = 1.0 - std::abs(2.0 * p - 1.0);
      pixelate(out, 1 + static_cast<int>(std::lround(peak * W / 40.0)));
      return std::nullopt;
    }
    case TransitionFamily::Zoom:
      // The outgoing visual rushes in while the next one fades up.
      if (auto err = draw(a, t, out, 0, 0, W, 1.0 + 0.8 * e)) return err;
      if (auto err = draw(b, t, other, 0, 0, W, 1.0)) return err;
      blend_into(out, other, static_cast<int>(std::lround(e * 256.0)));
      return std::nullopt;
    case TransitionFamily::Mask:
      if (!mask_.built_for(look.type, W, H)) mask_.build(look.type, W, H);
      if (auto err = draw(a, t, out, 0, 0, W, 1.0)) return err;
      if (auto err = draw(b, t, other, 0, 0, W, 1.0)) return err;
      mask_.apply(out, other, e);
      return std::nullopt;
    case TransitionFamily::Push:
    case TransitionFamily::Cover:
    case TransitionFamily::Reveal:
      break;
  }
  // Moves. The incoming comes in from the side opposite to the direction of
  // the move; in a push both move, in a cover only the incoming, in a reveal
  // only the outgoing.
  const bool a_moves = look.family != TransitionFamily::Cover;
  const bool b_moves = look.family != TransitionFamily::Reveal;
  if (look.dx != 0) {
    const int off = static_cast<int>(std::lround(e * W)) & ~1;
    if (look.dx < 0) {  // leftwards: the incoming shows on the right
      if (auto err = draw(a, t, out, a_moves ? -off : 0, 0, W - off, 1.0)) return err;
      return draw(b, t, out, b_moves ? W - off : 0, W - off, W, 1.0);
    }
    if (auto err = draw(a, t, out, a_moves ? off : 0, off, W, 1.0)) return err;
    return draw(b, t, out, b_moves ? off - W : 0, 0, off, 1.0);
  }
  const int off = static_cast<int>(std::lround(e * H)) & ~1;
  const double f = static_cast<double>(off) / H;
  if (look.dy < 0) {  // upwards: the incoming shows at the bottom
    if (auto err = draw_rows(a, t, out, 0, H - off, a_moves ? f : 0.0, a_moves ? 1.0 : 1.0 - f))
      return err;
    return draw_rows(b, t, out, H - off, H, b_moves ? 0.0 : 1.0 - f, b_moves ? f : 1.0);
  }
  if (auto err = draw_rows(a, t, out, off, H, a_moves ? 0.0 : f, a_moves ? 1.0 - f : 1.0))
    return err;
  return draw_rows(b, t, out, 0, off, b_moves ? 1.0 - f : 0.0, b_moves ? 1.0 : f);
}

MaybeError Compositor::render(std::int64_t n, const YuvRef &out) {
  const double t = static_cast<double>(n) * 1000.0 / spec_.canvas.fps;
  // The visuals showing now: at most the last two (a transition).
  Visual *a = nullptr;
  Visual *b = nullptr;
  for (auto &v : visuals_) {
    if (v->clip->start_ms <= t && t < v->clip->end_ms) {
      a = b;
      b = v.get();
    }
  }
  if (b == nullptr) {
    fill_colour(out, background_);
  } else if (a == nullptr || a->clip->transition_out.type == Transition::Type::None) {
    if (auto err = draw(*b, t, out, 0, 0, out.width(), 1.0)) return err;
  } else {
    const double from = static_cast<double>(b->clip->start_ms);
    const double to = static_cast<double>(std::max(a->clip->end_ms, b->clip->start_ms + 1));
    const double p = std::clamp((t - from) / (to - from), 0.0, 1.0);
    if (auto err = draw_transition(*a, *b, t, p, out)) return err;
  }
  for (std::size_t i = 0, k = 0; i < spec_.texts.size(); ++i) {
    const TextOverlay &tx = spec_.texts[i];
    if (tx.end_ms <= tx.start_ms || tx.text.empty()) continue;
    const TextLayer &layer = texts_[k++];
    const double op = text_opacity(tx, t);
    if (op > 0) composite_text(layer, op, out);
  }
  // Free what will not be shown again (frames come in order).
  const double next_t = static_cast<double>(n + 1) * 1000.0 / spec_.canvas.fps;
  for (auto &v : visuals_) {
    if (v->ready && v->clip->end_ms <= next_t) {
      v->source.release();
      v->video.reset();
      v->ready = false;
      v->released = true;
    }
  }
  return std::nullopt;
}

}  // namespace nemo::render
