// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/auth_store.hpp"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/private_file.hpp"
#include "platform/clock.hpp"

namespace nemo::core {
namespace {
std::string str(const nlohmann::json &j, const char *key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}
}  // namespace

AuthStore::AuthStore(std::string data_dir) : dir_(std::move(data_dir)) {}

std::string AuthStore::path() const {
  return dir_.empty() ? std::string() : dir_ + "/client.json";
}

PersistedAuth AuthStore::load() const {
  PersistedAuth a;
  if (dir_.empty()) return a;
  std::ifstream in(path(), std::ios::binary);
  if (!in) return a;
  std::stringstream ss;
  ss << in.rdbuf();
  const auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return a;
  a.client_id = str(j, "client_id");
  a.token = str(j, "token");
  a.user_id = str(j, "user_id");
  a.session_id = str(j, "session_id");
  a.task_id = str(j, "task_id");
  if (j.contains("expires_at_ms") && j["expires_at_ms"].is_number_integer())
    a.expires_at_ms = j["expires_at_ms"].get<std::int64_t>();
  if (j.contains("camel_case_chat") && j["camel_case_chat"].is_array())
    for (const auto &url : j["camel_case_chat"])
      if (url.is_string()) a.camel_case_chat.push_back(url.get<std::string>());
  return a;
}

Error AuthStore::save(const PersistedAuth &a) const {
  if (dir_.empty()) return {};
  // The folder usually exists; on a first run its parents may not either. A
  // failure shows when the file is written.
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(dir_).parent_path(), ec);
  // Private to the user when we make it (an existing folder is left as is).
  if (std::filesystem::create_directory(dir_, ec))
    std::filesystem::permissions(dir_, std::filesystem::perms::owner_all, ec);
  nlohmann::json j = {{"client_id", a.client_id},         {"token", a.token},
                      {"expires_at_ms", a.expires_at_ms}, {"user_id", a.user_id},
                      {"session_id", a.session_id},       {"task_id", a.task_id}};
  if (!a.camel_case_chat.empty()) j["camel_case_chat"] = a.camel_case_chat;
  const std::string text = j.dump(2) + "\n";
  return write_private_file(path(), text);
}

std::int64_t parse_expiry_ms(const std::string &text) {
  if (text.empty()) return 0;
  bool digits = text.size() < 19;
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (digits) {
    const std::int64_t v = std::stoll(text);
    return v < 100000000000LL ? v * 1000 : v;  // seconds or ms
  }
  std::tm tm{};
  std::istringstream in(text);
  in.imbue(std::locale::classic());
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
  if (in.fail()) return 0;
  // fraction and zone: UTC assumed
  return static_cast<std::int64_t>(platform::unix_time_of_utc(tm)) * 1000;
}

}  // namespace nemo::core
