// A ceiling on one FFmpeg allocation in nemo-local's process. FFmpeg 5.1's
// MOV demuxer sizes its sample index from counts the file declares: a 1 KB MP4
// whose fragment run claims 84 million samples asks for a 2 GB block and fills
// most of it. The client checks downloads itself (core/mp4_sample_counts);
// here, where a streamer's uploads are inspected and rendered, no single
// FFmpeg block may pass 1 GiB (the largest legitimate one, a 64-megapixel
// 16-bit RGBA picture, is 512 MiB): such a file fails to open instead.
// Process-wide: called once by nemo-local's main, never inside OBS.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>

namespace nemo::render {

inline constexpr std::size_t kMaxFfmpegBlock = std::size_t{1} << 30;

void limit_ffmpeg_allocations();

}  // namespace nemo::render
