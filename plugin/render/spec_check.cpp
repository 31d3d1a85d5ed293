// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/spec_check.hpp"

#include "render/mp4_writer.hpp"

namespace nemo::render {

MaybeError check_spec(const RenderSpec &spec) {
  const Canvas &c = spec.canvas;
  if (c.width < 64 || c.height < 64 || c.width > 4096 || c.height > 4096 || c.width % 2 ||
      c.height % 2) {
    return make_error("bad_input", "the canvas must be even and 64..4096 pixels a side, not " +
                                       std::to_string(c.width) + "x" + std::to_string(c.height));
  }
  if (c.fps < 1 || c.fps > 120) return make_error("bad_input", "fps must be 1..120");
  if (spec.duration_ms <= 0 || spec.duration_ms > kMaxDurationMs) {
    return make_error("bad_input", "the duration must be more than 0 and at most 3 hours");
  }
  for (const VisualClip &v : spec.visuals) {
    if (v.path.empty()) return make_error("bad_input", "a visual has no file");
    if (v.end_ms <= v.start_ms || v.start_ms < 0)
      return make_error("bad_input", "a visual ends before it starts: " + v.path);
    if (v.source_in_ms < 0) return make_error("bad_input", "a negative in-point: " + v.path);
  }
  for (const AudioClip &a : spec.audio) {
    if (a.path.empty()) return make_error("bad_input", "an audio clip has no file");
    if (a.end_ms <= a.start_ms || a.start_ms < 0)
      return make_error("bad_input", "an audio clip ends before it starts");
    if (a.source_in_ms < 0) return make_error("bad_input", "a negative in-point: " + a.path);
  }
  if (!valid_x264_preset(spec.encoder.preset)) {
    return make_error("bad_input", "unknown x264 preset \"" + spec.encoder.preset + "\"");
  }
  if (spec.encoder.crf < 0 || spec.encoder.crf > 51)
    return make_error("bad_input", "CRF must be 0..51");
  return std::nullopt;
}

}  // namespace nemo::render
