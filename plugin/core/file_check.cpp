// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/file_check.hpp"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "protocol/text.hpp"

namespace nemo::core {
namespace {
constexpr std::array<std::string_view, 14> kAccepted = {"mp4", "mov", "avi", "webm", "mkv",
                                                        "jpg", "png", "gif", "webp", "heic",
                                                        "mp3", "wav", "m4a", "aac"};

struct FileCloser {
  void operator()(std::FILE *f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

bool at(std::string_view s, std::size_t pos, std::string_view magic) {
  return s.size() >= pos + magic.size() && s.substr(pos, magic.size()) == magic;
}

std::uint8_t byte(std::string_view s, std::size_t i) {
  return static_cast<std::uint8_t>(s[i]);
}

// An MPEG audio frame header or an ADTS header at s[0].
std::string sniff_mpeg_audio(std::string_view s) {
  if (s.size() < 4 || byte(s, 0) != 0xFF || (byte(s, 1) & 0xE0) != 0xE0) return {};
  const int layer = (byte(s, 1) >> 1) & 3;
  if (layer == 0) return (byte(s, 1) & 0xF6) == 0xF0 ? "aac" : "";  // ADTS: sync 0xFFF, layer 0
  const int bitrate = byte(s, 2) >> 4, rate = (byte(s, 2) >> 2) & 3;
  if (bitrate == 15 || rate == 3) return {};
  return "mp3";
}

// ISO base media (ftyp box): mp4, mov, m4a, heic, avif.
std::string sniff_iso(std::string_view s) {
  if (!at(s, 4, "ftyp") || s.size() < 12) {
    // Old QuickTime files start with another atom.
    for (const char *atom : {"moov", "mdat", "wide", "free", "skip", "pnot"})
      if (at(s, 4, atom)) return "mov";
    return {};
  }
  const std::string brand = protocol::ascii_lower(s.substr(8, 4));
  if (brand == "qt  ") return "mov";
  if (brand == "m4a " || brand == "m4b " || brand == "m4p ") return "m4a";
  if (brand == "heic" || brand == "heix" || brand == "hevc" || brand == "hevx" || brand == "heim" ||
      brand == "heis" || brand == "mif1" || brand == "msf1")
    return brand == "mif1" || brand == "msf1"
               ? (s.find("avif") != std::string_view::npos && s.find("avif") < 64 ? "avif" : "heic")
               : "heic";
  if (brand == "avif" || brand == "avis") return "avif";
  return "mp4";  // isom, iso2..6, mp41, mp42, avc1, dash, m4v, 3gp...
}

// Whether the names say the same file type (jpeg is jpg; the ISO and Matroska
// families share a container whose brand is often generic).
bool same_type(const std::string &a, const std::string &b) {
  if (a == b) return true;
  auto family = [](const std::string &e) -> std::string {
    if (e == "jpg" || e == "jpeg" || e == "jpe" || e == "jfif") return "jpg";
    if (e == "mp4" || e == "m4v" || e == "mov" || e == "qt" || e == "m4a" || e == "3gp")
      return "iso";
    if (e == "mkv" || e == "webm" || e == "mka") return "mkv";
    if (e == "tif" || e == "tiff") return "tiff";
    if (e == "heic" || e == "heif") return "heic";
    return e;
  };
  return family(a) == family(b);
}

Error file_error(ErrorCode code, const char *key, std::string detail) {
  Error e = make_error(code, std::move(detail));
  e.key = key;
  return e;
}
}  // namespace

std::string sniff_type(std::string_view s) {
  if (at(s, 0, "\xFF\xD8\xFF")) return "jpg";
  if (at(s, 0, "\x89PNG\r\n\x1A\n")) return "png";
  if (at(s, 0, "GIF87a") || at(s, 0, "GIF89a")) return "gif";
  if (at(s, 0, "RIFF") && s.size() >= 12) {
    if (at(s, 8, "WEBP")) return "webp";
    if (at(s, 8, "WAVE")) return "wav";
    if (at(s, 8, "AVI ")) return "avi";
    return {};
  }
  if (at(s, 0, "\x1A\x45\xDF\xA3")) {
    // EBML: the DocType says webm or matroska; it sits in the first few dozen bytes.
    const std::string_view head = s.substr(0, 64);
    if (head.find("webm") != std::string_view::npos) return "webm";
    return "mkv";
  }
  if (std::string iso = sniff_iso(s); !iso.empty()) return iso;
  if (at(s, 0, "ID3") && s.size() >= 10) {
    // Skip the ID3v2 tag (its size is syncsafe) and look at the first frame.
    const std::size_t size = (static_cast<std::size_t>(byte(s, 6) & 0x7F) << 21) |
                             (static_cast<std::size_t>(byte(s, 7) & 0x7F) << 14) |
                             (static_cast<std::size_t>(byte(s, 8) & 0x7F) << 7) |
                             static_cast<std::size_t>(byte(s, 9) & 0x7F);
    const std::size_t frame = 10 + size + ((byte(s, 5) & 0x10) ? 10 : 0);
    if (frame < s.size() && sniff_mpeg_audio(s.substr(frame)) == "aac") return "aac";
    return "mp3";  // an ID3 tag is an MP3 file's in practice
  }
  if (at(s, 0, "ADIF")) return "aac";
  if (std::string mpeg = sniff_mpeg_audio(s); !mpeg.empty()) return mpeg;
  if (at(s, 0, "BM") && s.size() >= 14 && byte(s, 6) == 0 && byte(s, 7) == 0) return "bmp";
  if (at(s, 0, "II*\0") || at(s, 0, "MM\0*")) return "tiff";
  if (at(s, 0, "OggS")) return "ogg";
  if (at(s, 0, "fLaC")) return "flac";
  if (at(s, 0, "%PDF")) return "pdf";
  if (at(s, 0, "PK\x03\x04")) return "zip";
  return {};
}

MediaKind kind_of_ext(std::string_view ext) {
  const std::string e = protocol::ascii_lower(ext);
  for (const char *v : {"mp4", "mov", "avi", "webm", "mkv", "m4v"})
    if (e == v) return MediaKind::Video;
  for (const char *v : {"jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "bmp", "tiff", "avif"})
    if (e == v) return MediaKind::Image;
  for (const char *v : {"mp3", "wav", "m4a", "aac", "ogg", "flac"})
    if (e == v) return MediaKind::Audio;
  return MediaKind::Unknown;
}

bool is_accepted_ext(std::string_view ext) {
  const std::string e = protocol::ascii_lower(ext);
  for (const auto a : kAccepted)
    if (e == a) return true;
  return false;
}

const char *media_kind_name(MediaKind kind) {
  switch (kind) {
    case MediaKind::Image:
      return "image";
    case MediaKind::Video:
      return "video";
    case MediaKind::Audio:
      return "audio";
    case MediaKind::Unknown:
      return "unknown";
  }
  return "unknown";
}

std::string accepted_types_text() {
  std::string s;
  for (const auto a : kAccepted) {
    if (!s.empty()) s += ", ";
    s += a;
  }
  return s;
}

FileCheck check_upload_file(const std::string &path, std::uint64_t max_bytes) {
  FileCheck out;
  const auto slash = path.find_last_of('/');
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (const auto dot = name.find_last_of('.'); dot != std::string::npos && dot + 1 < name.size())
    out.declared_ext = protocol::ascii_lower(name.substr(dot + 1));

  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) {
    std::error_code link_ec;
    const bool loop = ec == std::errc::too_many_symbolic_link_levels;
    const bool missing = st.type() == fs::file_type::not_found ||
                         ec == std::errc::no_such_file_or_directory ||
                         ec == std::errc::not_a_directory;
    if (loop || (missing && fs::is_symlink(fs::symlink_status(path, link_ec))))
      out.error = file_error(
          ErrorCode::BadInput, "Error.FileLinkBroken",
          "the link leads to no file" + std::string(loop ? " (a loop of links): " : ": ") + name);
    else if (missing)
      out.error = file_error(ErrorCode::BadInput, "Error.FileMissing", "no such file: " + name);
    else
      out.error = file_error(ErrorCode::BadInput, "Error.FileUnreadable",
                             "cannot read " + name + ": " + ec.message());
    return out;
  }
  if (!fs::is_regular_file(st)) {
    out.error =
        file_error(ErrorCode::BadInput, "Error.FileNotRegular", "not a regular file: " + name);
    return out;
  }
  out.size = static_cast<std::uint64_t>(fs::file_size(path, ec));
  if (ec) {
    out.error = file_error(ErrorCode::BadInput, "Error.FileUnreadable",
                           "cannot read " + name + ": " + ec.message());
    return out;
  }
  FilePtr file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    out.error = file_error(ErrorCode::BadInput, "Error.FileUnreadable",
                           "cannot read " + name + ": " + std::strerror(errno));
    return out;
  }
  if (out.size == 0) {
    out.error = file_error(ErrorCode::BadInput, "Error.FileEmpty", "the file is empty: " + name);
    return out;
  }
  std::array<char, 4096> buf{};
  const std::size_t n = std::fread(buf.data(), 1, buf.size(), file.get());
  if (n == 0 && std::ferror(file.get())) {
    out.error = file_error(ErrorCode::BadInput, "Error.FileUnreadable", "cannot read " + name);
    return out;
  }
  out.sniffed_ext = sniff_type(std::string_view(buf.data(), n));
  out.kind = kind_of_ext(out.sniffed_ext);
  out.extension_mismatch = !out.sniffed_ext.empty() && !out.declared_ext.empty() &&
                           !same_type(out.sniffed_ext, out.declared_ext);
  if (!is_accepted_ext(out.sniffed_ext)) {
    std::string detail = name + ": ";
    if (out.sniffed_ext.empty())
      detail += "the content is not a recognized media type";
    else
      detail += "the content is " + out.sniffed_ext + ", which is not accepted";
    if (!out.declared_ext.empty() && is_accepted_ext(out.declared_ext))
      detail += " (the name says ." + out.declared_ext + ")";
    detail += "; accepted: " + accepted_types_text();
    out.error = make_error(ErrorCode::UnsupportedFile, detail);
    return out;
  }
  if (max_bytes != 0 && out.size > max_bytes) {
    out.error = make_error(ErrorCode::FileTooLarge, name + " is " + std::to_string(out.size) +
                                                        " bytes; the limit is " +
                                                        std::to_string(max_bytes) + " bytes");
    return out;
  }
  return out;
}

}  // namespace nemo::core
