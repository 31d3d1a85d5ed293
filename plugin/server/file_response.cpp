// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/file_response.hpp"

#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace nemo::server {

namespace {
struct OpenFile {
  struct Closer {
    void operator()(std::FILE *f) const {
      if (f) std::fclose(f);
    }
  };
  std::unique_ptr<std::FILE, Closer> file;
  std::mutex mu;
};
}  // namespace

bool serve_file(httplib::Response &res, const std::string &path, const std::string &content_type) {
  auto open = std::make_shared<OpenFile>();
  open->file.reset(std::fopen(path.c_str(), "rb"));
  if (!open->file) return false;
  if (std::fseek(open->file.get(), 0, SEEK_END) != 0) return false;
  const long end = std::ftell(open->file.get());
  if (end < 0) return false;
  const auto size = static_cast<std::size_t>(end);
  res.set_header("Accept-Ranges", "bytes");
  res.set_header("Cache-Control", "no-store");
  res.set_content_provider(
      size, content_type,
      [open, size](std::size_t offset, std::size_t length, httplib::DataSink &sink) {
        std::lock_guard<std::mutex> lock(open->mu);
        if (offset >= size) return false;
        if (std::fseek(open->file.get(), static_cast<long>(offset), SEEK_SET) != 0) return false;
        std::vector<char> buf(std::min<std::size_t>(length, 256 * 1024));
        const std::size_t got = std::fread(buf.data(), 1, buf.size(), open->file.get());
        if (got == 0) return false;
        return sink.write(buf.data(), got);
      });
  return true;
}

std::string mime_for_format(const std::string &format) {
  static const std::map<std::string, std::string> types = {
      {"jpg", "image/jpeg"},       {"png", "image/png"},   {"webp", "image/webp"},
      {"gif", "image/gif"},        {"bmp", "image/bmp"},   {"tiff", "image/tiff"},
      {"heic", "image/heic"},      {"mp4", "video/mp4"},   {"mov", "video/quicktime"},
      {"mkv", "video/x-matroska"}, {"webm", "video/webm"}, {"avi", "video/x-msvideo"},
      {"mp3", "audio/mpeg"},       {"wav", "audio/wav"},   {"m4a", "audio/mp4"},
      {"aac", "audio/aac"},        {"ogg", "audio/ogg"},   {"flac", "audio/flac"}};
  const auto it = types.find(format);
  return it == types.end() ? "application/octet-stream" : it->second;
}

}  // namespace nemo::server
