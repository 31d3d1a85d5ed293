// Checks a file before it is uploaded: it exists, is a readable regular file,
// is not empty, fits the size limit, and its content (magic bytes, not only the
// name) is one of the accepted types: mp4 mov avi webm mkv jpg png gif webp heic
// mp3 wav m4a aac. An extension that does not match the content is reported
// (extension_mismatch) but is no error when the content is an accepted type.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace nemo::core {

enum class MediaKind { Image, Video, Audio, Unknown };
struct FileCheck {
  Error error;
  MediaKind kind = MediaKind::Unknown;
  std::string sniffed_ext;  // from the content: "mp4", "jpg", ... ("" if not recognized)
  std::uint64_t size = 0;
  std::string declared_ext;         // from the name, lower case, without the dot
  bool extension_mismatch = false;  // the name says another type than the content
};

// max_bytes 0: no size limit. Error keys: Error.FileMissing, Error.FileLinkBroken
// (a symbolic link to nothing, or a loop of links), Error.FileNotRegular,
// Error.FileUnreadable, Error.FileEmpty (code BadInput), Error.UnsupportedFile,
// Error.FileTooLarge.
FileCheck check_upload_file(const std::string &path, std::uint64_t max_bytes);

// The type of a file's first bytes (at least 12, ideally 4 KiB): an accepted
// extension, or another recognized one ("bmp", "tiff", "ogg", "flac", "pdf", "zip",
// "avif"), or "".
std::string sniff_type(std::string_view head);

MediaKind kind_of_ext(std::string_view ext);
bool is_accepted_ext(std::string_view ext);
const char *media_kind_name(MediaKind kind);  // image, video, audio, unknown
// "mp4, mov, avi, webm, mkv, jpg, png, gif, webp, heic, mp3, wav, m4a, aac"
std::string accepted_types_text();

}  // namespace nemo::core
