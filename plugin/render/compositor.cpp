// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/compositor.hpp"

#include <algorithm>
#include <cmath>

#include "render/image_decode.hpp"
#include "render/media_sniff.hpp"
#include "render/motion.hpp"
#include "render/transition.hpp"
#include "render/video_source.hpp"

namespace nemo::render {

struct Compositor::Visual {
  const VisualClip *clip = nullptr;
  int index = 0;
  double max_zoom = 1.0;
  YuvImage source;  // the fitted picture / current video frame, canvas x max_zoom
  std::unique_ptr<VideoSource> video;
  std::uint64_t video_serial = ~std::uint64_t{0};
  bool ready = false;
  bool released = false;
};

Compositor::Compositor(const RenderSpec &spec) : spec_(spec) {
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
    if (auto err = decode_image(v.clip->path, pic)) {
      err->message = v.clip->path + ": " + err->message;
      return err;
    }
    if (!fitter_.fit(pic.view, pic.orientation, v.clip->fit, v.source.ref())) {
      return make_error("internal", "cannot scale " + v.clip->path);
    }
    // `pic` (the full-size decode) is freed here: only the fitted copy stays.
  }
  v.ready = true;
  return std::nullopt;
}

MaybeError Compositor::draw(Visual &v, double t_ms, const YuvRef &dst, int shift_x, int col_begin,
                            int col_end, double extra_zoom) {
  if (auto err = ensure(v)) return err;
  const VisualClip &c = *v.clip;
  if (v.video) {
    SourceView frame;
    if (auto err = v.video->frame_at(std::max(0.0, (t_ms - c.start_ms) / 1000.0), frame))
      return err;
    if (v.video->serial() != v.video_serial) {
      if (!fitter_.fit(frame, v.video->orientation(), c.fit, v.source.ref())) {
        return make_error("internal", "cannot scale a frame of " + c.path);
      }
      v.video_serial = v.video->serial();
    }
  }
  const double len = static_cast<double>(std::max<std::int64_t>(1, c.end_ms - c.start_ms));
  const double u = (t_ms - c.start_ms) / len;
  const YuvRef src = v.source.ref();
  const ViewRect rect = motion_view(c.motion, v.index, u, src.width(), src.height(), extra_zoom);
  warper_.warp(src, rect, dst, shift_x, col_begin, col_end);
  return std::nullopt;
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
  const int W = out.width();
  if (b == nullptr) {
    fill_black(out);
  } else if (a == nullptr || a->clip->transition_out.type == Transition::Type::None) {
    if (auto err = draw(*b, t, out, 0, 0, W, 1.0)) return err;
  } else {
    const double from = static_cast<double>(b->clip->start_ms);
    const double to = static_cast<double>(std::max(a->clip->end_ms, b->clip->start_ms + 1));
    const double p = std::clamp((t - from) / (to - from), 0.0, 1.0);
    const double e = ease_in_out(p);
    const YuvRef other = scratch_.ref();
    switch (a->clip->transition_out.type) {
      case Transition::Type::Fade:
        if (auto err = draw(*a, t, out, 0, 0, W, 1.0)) return err;
        if (auto err = draw(*b, t, other, 0, 0, W, 1.0)) return err;
        blend_into(out, other, static_cast<int>(std::lround(p * 256.0)));
        break;
      case Transition::Type::Dissolve:
        if (auto err = draw(*a, t, out, 0, 0, W, 1.0)) return err;
        if (auto err = draw(*b, t, other, 0, 0, W, 1.0)) return err;
        dissolve_into(out, other, p);
        break;
      case Transition::Type::Zoom:
        // The outgoing visual rushes in while the next one fades up.
        if (auto err = draw(*a, t, out, 0, 0, W, 1.0 + 0.8 * e)) return err;
        if (auto err = draw(*b, t, other, 0, 0, W, 1.0)) return err;
        blend_into(out, other, static_cast<int>(std::lround(e * 256.0)));
        break;
      case Transition::Type::Wipe: {
        // The next visual is revealed from the left edge to the right.
        const int edge = static_cast<int>(std::lround(e * W)) & ~1;
        if (auto err = draw(*b, t, out, 0, 0, edge, 1.0)) return err;
        if (auto err = draw(*a, t, out, 0, edge, W, 1.0)) return err;
        break;
      }
      case Transition::Type::Slide: {
        // The next visual slides in from the right, pushing this one out.
        const int off = static_cast<int>(std::lround(e * W)) & ~1;
        if (auto err = draw(*a, t, out, -off, 0, W - off, 1.0)) return err;
        if (auto err = draw(*b, t, out, W - off, W - off, W, 1.0)) return err;
        break;
      }
      case Transition::Type::None:
        break;
    }
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
