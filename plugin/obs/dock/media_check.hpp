// Is a dropped file something the backend accepts, as is or once converted,
// and what is it? Uses core's check_media (content sniffing, size limit, an
// FFmpeg probe of other types). Blocking: call it off the UI thread.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <string>

namespace nemo::obs {

enum class DockMediaKind { Image, Video, Audio, Unknown };

struct MediaCheckResult {
  DockMediaKind kind = DockMediaKind::Unknown;
  std::string error_key;  // "" when usable; else a locale key ("Error.FileTooLarge", ...)
  std::uint64_t size = 0;
};

MediaCheckResult check_media_file(const std::string &path, std::uint64_t max_bytes);

}  // namespace nemo::obs
