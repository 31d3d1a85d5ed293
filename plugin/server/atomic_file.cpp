// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/atomic_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "platform/durable_file.hpp"

namespace nemo::server {
namespace fs = std::filesystem;

bool write_file_atomically(const std::string &path, const std::string &text) {
  const fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  return platform::write_private_file(path, text).empty();
}

bool write_json_atomically(const std::string &path, const nlohmann::json &value) {
  // Never throws on text that is not UTF-8 (a client's id, a file name):
  // such bytes are stored as U+FFFD rather than failing the write.
  return write_file_atomically(path,
                               value.dump(1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::optional<nlohmann::json> read_json_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  auto value = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) return std::nullopt;
  return value;
}

int remove_partial_files(const std::string &dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return 0;
  int removed = 0;
  std::vector<fs::path> doomed;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const auto ext = it->path().extension();
    if (ext == ".part" || ext == ".tmp") doomed.push_back(it->path());
  }
  for (const auto &p : doomed) {
    if (fs::remove(p, ec)) ++removed;
  }
  return removed;
}

}  // namespace nemo::server
