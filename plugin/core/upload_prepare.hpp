// Before an upload: a file whose type the backend does not accept but which
// FFmpeg reads is replaced by a converted copy (core/media_convert.hpp) from
// the cache (core/convert_cache.hpp), made now when it is not there. What
// FFmpeg cannot read keeps the file check's own error. Blocking: call it on a
// job's thread.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/cancel.hpp"
#include "core/convert_cache.hpp"
#include "core/error.hpp"
#include "core/file_check.hpp"
#include "core/media_convert.hpp"

namespace nemo::core {

// A file as the dock and the upload see it: usable as is, usable once
// converted (convert, with the kind FFmpeg reads it as), or not (check.error).
struct MediaVerdict {
  FileCheck check;
  bool convert = false;
};
MediaVerdict check_media(const std::string &path, std::uint64_t max_bytes,
                         const CancelToken &cancel = CancelToken::none());

// The name patterns of a file dialog's media filter: the accepted types and
// the usual ones converted before upload ("*.jpg *.jpeg ... *.ogg *.flac").
const char *media_file_patterns();

struct PreparedFile {
  std::string original;
  std::string upload_path;  // the original, or its converted copy
  bool converted = false;
  bool reused = false;  // the copy was in the cache already
};

// One path a file, in order. progress: percent over the files to convert. The size limit applies to
// what is uploaded (the copy, for a converted file). Errors: the file check's, Cancelled, or a
// conversion's (key Error.ConvertFailed; Disk for the cache folder).
Error prepare_uploads(const std::vector<std::string> &files, std::uint64_t max_bytes,
                      const ConvertCache &cache, const ConvertProgress &progress,
                      const CancelToken &cancel, std::vector<PreparedFile> &out);

}  // namespace nemo::core
