// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/alloc_limit.hpp"

extern "C" {
#include <libavutil/mem.h>
}

namespace nemo::render {

void limit_ffmpeg_allocations() {
  av_max_alloc(kMaxFfmpegBlock);
}

}  // namespace nemo::render
