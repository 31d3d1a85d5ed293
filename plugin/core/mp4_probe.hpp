// Checks a finished video before it is handed to OBS: libavformat opens it,
// reads the header (no decoding), and the file must have a positive duration and
// a video stream with a codec, a size and a frame rate, and its sample index must
// not point past the end of the file (a truncated download). Anything else is
// ErrorCode::BadMedia. Reading can be cancelled and has a deadline.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "core/cancel.hpp"
#include "core/error.hpp"

namespace nemo::core {

struct ProbeResult {
  std::string container;  // "mp4", "mov", "matroska", ...
  double duration_s = 0;
  bool has_video = false;
  std::string video_codec;  // "h264", ...
  int width = 0;
  int height = 0;
  double fps = 0;
  bool has_audio = false;
  std::string audio_codec;
  std::uint64_t size = 0;  // bytes
};

Error probe_mp4(const std::string &path, ProbeResult &out);  // error BadMedia when unusable
std::string describe_probe(const ProbeResult &);             // one line for the CLI / log

struct ProbeOptions {
  const CancelToken *cancel = nullptr;  // aborts the read (error Cancelled)
  std::chrono::milliseconds timeout{10000};
};
Error probe_mp4(const std::string &path, ProbeResult &out, const ProbeOptions &options);

}  // namespace nemo::core
