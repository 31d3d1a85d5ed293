// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/upload_prepare.hpp"

#include <filesystem>
#include <system_error>

namespace nemo::core {
namespace {
std::string base_name(const std::string &path) {
  return std::filesystem::path(path).filename().string();
}
}  // namespace

const char *media_file_patterns() {
  return "*.jpg *.jpeg *.png *.gif *.webp *.heic *.heif *.avif *.jxl *.bmp *.tif *.tiff "
         "*.mp4 *.mov *.m4v *.mkv *.webm *.avi *.flv *.wmv *.mpg *.mpeg *.ts *.m2ts *.3gp "
         "*.mp3 *.wav *.m4a *.aac *.ogg *.oga *.opus *.flac *.wma *.aiff *.aif";
}

MediaVerdict check_media(const std::string &path, std::uint64_t max_bytes,
                         const CancelToken &cancel) {
  MediaVerdict v;
  v.check = check_upload_file(path, max_bytes);
  if (v.check.error.code != ErrorCode::UnsupportedFile) return v;
  const ConvertProbe probe = probe_convertible(path, cancel);
  if (probe.kind == MediaKind::Unknown) return v;
  v.convert = true;
  v.check.error = {};
  v.check.kind = probe.kind;
  return v;
}

Error prepare_uploads(const std::vector<std::string> &files, std::uint64_t max_bytes,
                      const ConvertCache &cache, const ConvertProgress &progress,
                      const CancelToken &cancel, std::vector<PreparedFile> &out) {
  out.clear();
  // Every file is checked before anything is converted, so a bad file fails
  // the upload at once rather than after minutes of work on the others.
  std::vector<MediaVerdict> verdicts;
  std::size_t to_convert = 0;
  for (const std::string &path : files) {
    if (cancel.cancelled()) return make_error(ErrorCode::Cancelled);
    // The limit is checked on the copy for a file that is converted.
    MediaVerdict v = check_media(path, 0, cancel);
    if (v.check.error) return v.check.error;
    if (!v.convert && max_bytes != 0 && v.check.size > max_bytes)
      return check_upload_file(path, max_bytes).error;
    if (v.convert) ++to_convert;
    verdicts.push_back(std::move(v));
  }
  std::size_t converted = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    PreparedFile file;
    file.original = files[i];
    file.upload_path = files[i];
    if (verdicts[i].convert) {
      const std::string copy = cache.copy_path(files[i], verdicts[i].check.kind);
      if (copy.empty())
        return make_error(ErrorCode::BadInput, "cannot read " + base_name(files[i]));
      file.converted = true;
      file.upload_path = copy;
      file.reused = cache.reuse(copy);
      if (!file.reused) {
        std::error_code ec;
        const auto dir = std::filesystem::path(copy).parent_path();
        if (!std::filesystem::create_directories(dir, ec) && ec)
          return disk_error(ec.value(), "cannot create the conversion folder " + dir.string() +
                                            ": " + ec.message());
        const double base = 100.0 * static_cast<double>(converted) / to_convert;
        Error e = convert_media(
            files[i], verdicts[i].check.kind, copy,
            [&](double p) {
              // A picture has no progress of its own: the share of the files done.
              if (progress) progress(base + (p < 0 ? 0 : p) / static_cast<double>(to_convert));
            },
            cancel);
        if (e) {
          if (e.code != ErrorCode::Cancelled && e.code != ErrorCode::Disk) {
            // The streamer's file could not be used (not a damaged render).
            if (e.code == ErrorCode::BadMedia) e.code = ErrorCode::BadInput;
            e.key = "Error.ConvertFailed";
            e.detail = "cannot convert " + e.detail;
          }
          return e;
        }
      }
      ++converted;
      cache.trim(copy);
      if (max_bytes != 0) {
        const FileCheck c = check_upload_file(copy, max_bytes);
        if (c.error) {
          Error e = c.error;
          e.detail = base_name(files[i]) + " converted: " + e.detail;
          return e;
        }
      }
    }
    out.push_back(std::move(file));
  }
  return {};
}

}  // namespace nemo::core
