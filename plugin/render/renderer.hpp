// The local renderer: a RenderSpec in, an H.264/AAC MP4 out.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "render/render_error.hpp"
#include "render/render_spec.hpp"

namespace nemo::render {

struct RenderOptions {
  std::function<void(double fraction)> on_progress;  // 0..1, from the frame loop; ends at 1
  const std::atomic<bool> *cancel = nullptr;         // checked every frame
  bool low_priority = true;                          // nice 19 for the render threads
  bool idle_class = false;  // with low_priority: SCHED_IDLE too (spare CPU time only)
  // Once the output is open: the H.264 encoder chosen, and why those tried
  // before it were passed over ("h264_vaapi: no vaapi device (...)").
  std::function<void(const std::string &encoder, const std::vector<std::string> &refused)>
      on_encoder;
};

// Writes <out_path>.tmp, renames to out_path on success; nothing left behind
// on failure or cancel. Runs on a thread of its own (so that lowering its
// priority does not touch the caller's) and returns when done.
std::optional<RenderError> render_to_file(const RenderSpec &spec, const std::string &out_path,
                                          const RenderOptions &options);

}  // namespace nemo::render
