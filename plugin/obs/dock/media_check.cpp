// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/dock/media_check.hpp"

#if __has_include("core/file_check.hpp")
#include "core/file_check.hpp"
#define NEMO_HAVE_FILE_CHECK 1
#else
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#endif

namespace nemo::obs {

#ifdef NEMO_HAVE_FILE_CHECK

MediaCheckResult check_media_file(const std::string &path, std::uint64_t max_bytes) {
  const core::FileCheck check = core::check_upload_file(path, max_bytes);
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

#else  // core's check has not landed: the name and the size only.

MediaCheckResult check_media_file(const std::string &path, std::uint64_t max_bytes) {
  namespace fs = std::filesystem;
  MediaCheckResult result;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec) || !std::ifstream(path, std::ios::binary)) {
    result.error_key = "Error.BadInput";
    return result;
  }
  result.size = fs::file_size(path, ec);
  if (ec || result.size == 0) {
    result.error_key = "Error.BadInput";
    return result;
  }
  if (max_bytes && result.size > max_bytes) {
    result.error_key = "Error.FileTooLarge";
    return result;
  }
  std::string ext = fs::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char *e : {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic"}) {
    if (ext == e) result.kind = DockMediaKind::Image;
  }
  for (const char *e : {".mp4", ".mov", ".avi", ".webm", ".mkv"}) {
    if (ext == e) result.kind = DockMediaKind::Video;
  }
  for (const char *e : {".mp3", ".wav", ".m4a", ".aac"}) {
    if (ext == e) result.kind = DockMediaKind::Audio;
  }
  if (result.kind == DockMediaKind::Unknown) result.error_key = "Error.UnsupportedFile";
  return result;
}

#endif

}  // namespace nemo::obs
