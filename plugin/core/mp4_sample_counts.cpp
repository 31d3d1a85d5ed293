// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/mp4_sample_counts.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace nemo::core {
namespace {

using FilePtr = std::unique_ptr<FILE, int (*)(FILE *)>;

std::uint64_t be32(const std::uint8_t *p) {
  return (std::uint64_t{p[0]} << 24) | (std::uint64_t{p[1]} << 16) | (std::uint64_t{p[2]} << 8) |
         p[3];
}

bool is(const char *type, const char *name) {
  return std::memcmp(type, name, 4) == 0;
}

class Walker {
 public:
  Walker(FILE *f, std::uint64_t file_size) : f_(f), file_size_(file_size) {}

  // Walks the boxes in [begin, end). False when it stops early (a box that
  // runs past its parent: left to libavformat).
  bool walk(std::uint64_t begin, std::uint64_t end, int depth) {
    std::uint64_t pos = begin;
    while (pos + 8 <= end && !error_) {
      std::uint8_t head[16];
      if (!read_at(pos, head, 8)) return false;
      std::uint64_t size = be32(head);
      std::uint64_t head_size = 8;
      char type[4];
      std::memcpy(type, head + 4, 4);
      if (size == 1) {
        if (pos + 16 > end || !read_at(pos + 8, head + 8, 8)) return false;
        size = (be32(head + 8) << 32) | be32(head + 12);
        head_size = 16;
      } else if (size == 0) {
        size = end - pos;
      }
      if (size < head_size || size > end - pos) return false;
      const std::uint64_t body = pos + head_size, body_end = pos + size;
      if (depth < 8 &&
          (is(type, "moov") || is(type, "trak") || is(type, "mdia") || is(type, "minf") ||
           is(type, "stbl") || is(type, "moof") || is(type, "traf"))) {
        if (!walk(body, body_end, depth + 1)) return false;
      } else if (!table(type, body, body_end - body)) {
        return false;
      }
      pos = body_end;
    }
    return true;
  }

  const Error &error() const { return error_; }

 private:
  bool read_at(std::uint64_t pos, std::uint8_t *out, std::size_t n) {
    if (pos > static_cast<std::uint64_t>(LONG_MAX) ||
        std::fseek(f_, static_cast<long>(pos), SEEK_SET) != 0) {
      return false;
    }
    return std::fread(out, 1, n, f_) == n;
  }

  void refuse(const char *type, const std::string &what) {
    error_ = make_error(ErrorCode::BadMedia, "the MP4's '" + std::string(type, 4) + "' box " +
                                                 what + ", more than the file's " +
                                                 std::to_string(file_size_) + " bytes can hold");
  }

  // A count of samples must fit the file (a sample is at least one byte).
  bool samples_fit(const char *type, std::uint64_t samples) {
    if (samples <= file_size_) return true;
    refuse(type, "declares " + std::to_string(samples) + " samples");
    return false;
  }

  // entry_count entries of `entry` bytes after `head` bytes must fit the box.
  bool entries_fit(const char *type, std::uint64_t payload, std::uint64_t head, std::uint64_t count,
                   std::uint64_t entry) {
    if (head + count * entry <= payload) return true;
    refuse(type, "declares " + std::to_string(count) + " entries in " + std::to_string(payload) +
                     " bytes");
    return false;
  }

  // Sums the first 32-bit field of `count` entries of `entry` bytes from `pos`.
  bool sum_entries(std::uint64_t pos, std::uint64_t count, std::size_t entry, std::size_t field,
                   std::uint64_t &sum, std::uint64_t &max) {
    std::vector<std::uint8_t> buf(entry * 4096);
    sum = max = 0;
    for (std::uint64_t done = 0; done < count;) {
      const std::uint64_t n = std::min<std::uint64_t>(4096, count - done);
      if (!read_at(pos + done * entry, buf.data(), static_cast<std::size_t>(n * entry)))
        return false;
      for (std::uint64_t i = 0; i < n; ++i) {
        const std::uint64_t v = be32(buf.data() + i * entry + field);
        sum += v;
        max = std::max(max, v);
      }
      done += n;
    }
    return true;
  }

  // One leaf box. False stops the walk (a refusal, or a box cut short).
  bool table(const char *type, std::uint64_t body, std::uint64_t payload) {
    std::uint8_t h[12];
    if (is(type, "stts") || is(type, "ctts") || is(type, "stsc") || is(type, "stco") ||
        is(type, "co64") || is(type, "stss")) {
      if (payload < 8 || !read_at(body, h, 8)) return false;
      const std::uint64_t count = be32(h + 4);
      const std::uint64_t entry = is(type, "stsc")                       ? 12
                                  : is(type, "stco") || is(type, "stss") ? 4
                                                                         : 8;
      if (!entries_fit(type, payload, 8, count, entry)) return false;
      if (is(type, "stts") || is(type, "ctts") || is(type, "stsc")) {
        // stts/ctts: (sample_count, ...); stsc: (first_chunk, samples_per_chunk, ...).
        std::uint64_t sum = 0, max = 0;
        const std::size_t field = is(type, "stsc") ? 4 : 0;
        if (!sum_entries(body + 8, count, static_cast<std::size_t>(entry), field, sum, max))
          return false;
        return samples_fit(type, is(type, "stsc") ? max : sum);
      }
      return true;
    }
    if (is(type, "stsz")) {
      if (payload < 12 || !read_at(body, h, 12)) return false;
      const std::uint64_t sample_size = be32(h + 4), count = be32(h + 8);
      if (sample_size == 0 && !entries_fit(type, payload, 12, count, 4)) return false;
      return samples_fit(type, count);
    }
    if (is(type, "stz2")) {
      if (payload < 12 || !read_at(body, h, 12)) return false;
      const std::uint64_t bits = h[7], count = be32(h + 8);
      if (12 + (count * bits + 7) / 8 > payload) {
        refuse(type, "declares " + std::to_string(count) + " entries in " +
                         std::to_string(payload) + " bytes");
        return false;
      }
      return samples_fit(type, count);
    }
    if (is(type, "trun")) {
      if (payload < 8 || !read_at(body, h, 8)) return false;
      const std::uint32_t flags = (std::uint32_t{h[1]} << 16) | (std::uint32_t{h[2]} << 8) | h[3];
      const std::uint64_t count = be32(h + 4);
      const std::uint64_t head = 8 + ((flags & 0x1) ? 4 : 0) + ((flags & 0x4) ? 4 : 0);
      std::uint64_t per_sample = 0;
      for (std::uint32_t bit = 0x100; bit <= 0x800; bit <<= 1) per_sample += (flags & bit) ? 4 : 0;
      if (!entries_fit(type, payload, head, count, per_sample)) return false;
      fragment_samples_ += count;
      return samples_fit(type, fragment_samples_);
    }
    return true;
  }

  FILE *f_;
  std::uint64_t file_size_;
  std::uint64_t fragment_samples_ = 0;  // over every trun of the file
  Error error_;
};

}  // namespace

Error check_mp4_sample_counts(const std::string &path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  FilePtr f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return {};
  Walker walker(f.get(), static_cast<std::uint64_t>(st.st_size));
  walker.walk(0, static_cast<std::uint64_t>(st.st_size), 0);
  return walker.error();
}

}  // namespace nemo::core
