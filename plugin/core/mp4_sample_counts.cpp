// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/mp4_sample_counts.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <utility>
#include <vector>

namespace nemo::core {
namespace {

using FilePtr = std::unique_ptr<FILE, int (*)(FILE *)>;
using Range = std::pair<std::uint64_t, std::uint64_t>;  // [begin, end)

std::uint64_t be32(const std::uint8_t *p) {
  return (std::uint64_t{p[0]} << 24) | (std::uint64_t{p[1]} << 16) | (std::uint64_t{p[2]} << 8) |
         p[3];
}

bool read_at(FILE *f, std::uint64_t pos, std::uint8_t *out, std::size_t n) {
  if (pos > static_cast<std::uint64_t>(LONG_MAX) ||
      std::fseek(f, static_cast<long>(pos), SEEK_SET) != 0) {
    return false;
  }
  return std::fread(out, 1, n, f) == n;
}

// The payloads of the top-level 'mdat' boxes, found the way libavformat walks
// the top level: a size of 0 runs to the end, a size past the end is cut to
// it, a size below the header ends the walk.
std::vector<Range> media_data(FILE *f, std::uint64_t file_size) {
  std::vector<Range> out;
  std::uint64_t pos = 0;
  while (pos + 8 <= file_size) {
    std::uint8_t h[16];
    if (!read_at(f, pos, h, 8)) break;
    std::uint64_t size = be32(h);
    std::uint64_t head = 8;
    if (size == 1 && pos + 16 <= file_size && read_at(f, pos + 8, h + 8, 8)) {
      size = (be32(h + 8) << 32) | be32(h + 12);
      head = 16;
    } else if (size == 0) {
      size = file_size - pos;
    }
    if (size < head) break;
    size = std::min(size, file_size - pos);
    if (std::memcmp(h + 4, "mdat", 4) == 0) out.emplace_back(pos + head, pos + size);
    pos += size;
  }
  return out;
}

}  // namespace

Error check_mp4_sample_counts(const std::string &path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return {};
  const auto file_size = static_cast<std::uint64_t>(std::filesystem::file_size(path, ec));
  if (ec) return {};
  FilePtr f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return {};
  const std::vector<Range> skip = media_data(f.get(), file_size);

  // Every 'trun', 'stsz' and 'stz2' outside the media data, wherever it sits
  // (libavformat parses one inside any box it walks, not only where the
  // format puts it). Their counts: 32 bits after a 32-bit version/flags
  // ('trun'), after version/flags and a sample size ('stsz') or a field size
  // ('stz2').
  std::uint64_t fragment_samples = 0;
  constexpr std::size_t kChunk = 1 << 16;
  std::vector<std::uint8_t> buf(kChunk + 3);
  std::uint64_t pos = 0;
  std::size_t skip_index = 0;
  while (pos < file_size) {
    while (skip_index < skip.size() && skip[skip_index].second <= pos) ++skip_index;
    if (skip_index < skip.size() && skip[skip_index].first <= pos) {
      pos = skip[skip_index].second;
      continue;
    }
    std::uint64_t end = std::min(file_size, pos + kChunk + 3);
    if (skip_index < skip.size()) end = std::min(end, skip[skip_index].first + 3);
    const auto n = static_cast<std::size_t>(end - pos);
    if (n < 4 || !read_at(f.get(), pos, buf.data(), n)) break;
    for (std::size_t i = 0; i + 4 <= n; ++i) {
      const std::uint8_t *t = buf.data() + i;
      const bool trun = std::memcmp(t, "trun", 4) == 0;
      const bool stsz = std::memcmp(t, "stsz", 4) == 0 || std::memcmp(t, "stz2", 4) == 0;
      if (!trun && !stsz) continue;
      const std::uint64_t at = pos + i;  // the box type; its payload follows
      std::uint8_t p[12];
      if (at + 4 + (trun ? 8 : 12) > file_size || !read_at(f.get(), at + 4, p, trun ? 8 : 12))
        continue;
      const std::uint64_t count = trun ? be32(p + 4) : be32(p + 8);
      const std::uint64_t samples = trun ? (fragment_samples += count) : count;
      if (samples > file_size) {
        return make_error(ErrorCode::BadMedia,
                          "the MP4's '" + std::string(reinterpret_cast<const char *>(t), 4) +
                              "' box declares " + std::to_string(count) +
                              " samples, more than the file's " + std::to_string(file_size) +
                              " bytes can hold");
      }
    }
    pos = end - 3;
    if (end == file_size) break;
  }
  return {};
}

}  // namespace nemo::core
