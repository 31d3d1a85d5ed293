// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/dock/media_check.hpp"

#include "core/upload_prepare.hpp"

namespace nemo::obs {

MediaCheckResult check_media_file(const std::string &path, std::uint64_t max_bytes) {
  // What FFmpeg reads but the backend does not take is converted before upload.
  const core::FileCheck check = core::check_media(path, max_bytes).check;
  MediaCheckResult result;
  result.size = check.size;
  if (check.error) {
    result.error_key = check.error.key.empty() ? "Error.BadInput" : check.error.key;
    return result;
  }
  switch (check.kind) {
    case core::MediaKind::Image:
      result.kind = DockMediaKind::Image;
      break;
    case core::MediaKind::Video:
      result.kind = DockMediaKind::Video;
      break;
    case core::MediaKind::Audio:
      result.kind = DockMediaKind::Audio;
      break;
    case core::MediaKind::Unknown:
      result.error_key = "Error.UnsupportedFile";
      break;
  }
  return result;
}

}  // namespace nemo::obs
