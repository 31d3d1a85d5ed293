// FFmpeg API differences between the versions the renderer is built with
// (Debian 12: FFmpeg 5.1; trixie: 7.1; sid: 8/9): the one place that knows
// which call each version has. Everything else calls these.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
}

namespace nemo::render {

// A decoded frame's duration in its stream's time base, 0 when unknown.
// (AVFrame::pkt_duration until FFmpeg 6.0, AVFrame::duration after; 7.0
// removed the first.)
std::int64_t frame_duration(const AVFrame *frame);

// The stream's display matrix (9 int32, as av_display_rotation_get takes it),
// or nullptr. (av_stream_get_side_data until FFmpeg 6.1, the codec
// parameters' coded_side_data after; 8.0 removed the first.)
const std::int32_t *stream_display_matrix(const AVStream *stream);

}  // namespace nemo::render
