// What an uploaded file is, type sniffed from its content, for the upload
// answer of nemo-local.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <optional>
#include <string>

#include "render/render_error.hpp"

namespace nemo::render {

struct MediaInfo {
  std::string kind;  // image | video | audio
  std::string
      format;  // jpg png webp gif bmp tiff heic mp4 mov mkv webm avi mp3 wav m4a aac ogg flac
  int width = 0, height = 0;  // pictures: as displayed (EXIF orientation applied)
  double duration_s = 0, fps = 0;
  bool has_audio = false;
};

// Pictures are decoded once (after the header passed the pixel cap) so that a
// damaged file is refused at upload. Errors: bad_input (missing, empty,
// damaged, unknown content), unsupported (known but not handled, e.g. AVIF),
// too_large (pixel cap), and two codes only inspect_media gives: no_media (a
// container with no video or audio stream) and unsupported_codec (a stream no
// decoder of this FFmpeg can read).
std::optional<RenderError> inspect_media(const std::string &path, MediaInfo &out);

}  // namespace nemo::render
