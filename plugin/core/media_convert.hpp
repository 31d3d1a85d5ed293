// Media the backend does not accept but FFmpeg reads, made into a file it
// does, on the streamer's machine: audio (Ogg Vorbis, Opus, FLAC, WMA, ...) to
// AAC in M4A, pictures (TIFF, BMP, AVIF, JPEG XL, ...) to PNG with the EXIF
// orientation applied, video in other containers or codecs to H.264/AAC MP4.
// The original is only read; the copy is written to `<stem>.<random>.part.<ext>`
// beside `out` and renamed into place when it is complete. Blocking: call it on a job's thread.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <functional>
#include <string>

#include "core/cancel.hpp"
#include "core/error.hpp"
#include "core/file_check.hpp"

namespace nemo::core {

struct ConvertProbe {
  MediaKind kind = MediaKind::Unknown;  // Unknown: FFmpeg cannot read it as media
  double duration_s = 0;                // 0 for a picture or when unknown
  std::string format;                   // the demuxer's name ("ogg", "flac", "tiff_pipe", ...)
};

// What FFmpeg reads the file as. A video stream that is cover art (an attached
// picture) does not count: a FLAC with a cover is audio. A single-frame video
// stream (an image demuxer, or one frame) is a picture.
ConvertProbe probe_convertible(const std::string &path,
                               const CancelToken &cancel = CancelToken::none());

// The extension of the converted copy: "png", "mp4", "m4a" ("" for Unknown).
const char *converted_ext(MediaKind kind);

// percent 0..100, or -1 when the length is unknown.
using ConvertProgress = std::function<void(double percent)>;

// Converts `in` (read as `kind`) into `out`. Errors: Cancelled, BadMedia (FFmpeg
// cannot decode it), Disk (cannot write out), Internal (an encoder is missing).
Error convert_media(const std::string &in, MediaKind kind, const std::string &out,
                    const ConvertProgress &progress,
                    const CancelToken &cancel = CancelToken::none());

}  // namespace nemo::core
