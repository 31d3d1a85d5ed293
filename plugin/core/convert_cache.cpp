// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/convert_cache.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "core/media_convert.hpp"

namespace nemo::core {
namespace fs = std::filesystem;
namespace {
std::uint64_t fnv1a(const std::string &text, std::uint64_t h = 1469598103934665603ull) {
  for (const unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// A copy being written (core/media_convert.hpp: "<stem>.<random>.part.<ext>").
bool is_part(const fs::path &p) {
  return p.filename().string().find(".part.") != std::string::npos;
}

struct Entry {
  fs::path path;
  fs::file_time_type used;
  std::uint64_t size;
};

std::vector<Entry> entries(const std::string &dir) {
  std::vector<Entry> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code e2;
    if (!it->is_regular_file(e2) || is_part(it->path())) continue;
    const auto size = it->file_size(e2);
    if (e2) continue;
    const auto used = it->last_write_time(e2);
    if (e2) continue;
    out.push_back({it->path(), used, static_cast<std::uint64_t>(size)});
  }
  return out;
}
}  // namespace

ConvertCache::ConvertCache(std::string dir, std::uint64_t limit_bytes)
    : dir_(std::move(dir)), limit_(limit_bytes) {
  if (dir_.empty()) {
    std::error_code ec;
    const fs::path tmp = fs::temp_directory_path(ec);
    dir_ = ((ec ? fs::path(".") : tmp) / "nemo-video-converted").string();
  }
}

std::string ConvertCache::copy_path(const std::string &original, MediaKind kind) const {
  std::error_code ec;
  const fs::path abs = fs::absolute(original, ec).lexically_normal();
  if (ec) return {};
  const auto size = fs::file_size(abs, ec);
  if (ec) return {};
  const auto mtime = fs::last_write_time(abs, ec);
  if (ec) return {};
  std::uint64_t h = fnv1a(abs.string());
  h = fnv1a(std::to_string(size), h);
  h = fnv1a(std::to_string(mtime.time_since_epoch().count()), h);
  char key[17];
  std::snprintf(key, sizeof key, "%016llx", static_cast<unsigned long long>(h));
  std::string stem = abs.stem().string();
  if (stem.empty()) stem = "media";
  return (fs::path(dir_) / key / (stem + "." + converted_ext(kind))).string();
}

bool ConvertCache::reuse(const std::string &copy) const {
  std::error_code ec;
  if (!fs::is_regular_file(copy, ec) || fs::file_size(copy, ec) == 0 || ec) return false;
  fs::last_write_time(copy, fs::file_time_type::clock::now(), ec);
  return true;
}

std::uint64_t ConvertCache::size_bytes() const {
  std::uint64_t total = 0;
  for (const Entry &e : entries(dir_)) total += e.size;
  return total;
}

void ConvertCache::trim(const std::string &keep) const {
  std::vector<Entry> all = entries(dir_);
  std::uint64_t total = 0;
  for (const Entry &e : all) total += e.size;
  if (total <= limit_) return;
  std::sort(all.begin(), all.end(), [](const Entry &a, const Entry &b) { return a.used < b.used; });
  std::error_code ec;
  const fs::path kept = keep.empty() ? fs::path() : fs::absolute(keep, ec).lexically_normal();
  for (const Entry &e : all) {
    if (total <= limit_) break;
    if (!kept.empty() && fs::absolute(e.path, ec).lexically_normal() == kept) continue;
    if (fs::remove(e.path, ec)) {
      total -= e.size;
      fs::remove(e.path.parent_path(), ec);  // the key folder, when it is empty now
    }
  }
}

}  // namespace nemo::core
