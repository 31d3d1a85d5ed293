// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/session_store.hpp"

#include <filesystem>

#include "server/atomic_file.hpp"
#include "server/ids.hpp"

namespace nemo::server {
namespace fs = std::filesystem;

nlohmann::json media_info_json(const MediaRecord &m, const std::string &base) {
  return {{"file_id", m.file_id},
          {"filename", m.filename},
          {"file_type", m.file_type},
          {"format", m.format},
          {"cdn_url", base + m.url_path},
          {"duration", m.duration},
          {"width", m.width},
          {"height", m.height},
          {"fps", m.fps},
          {"has_audio", m.has_audio},
          {"size", m.size},
          {"hash", m.hash}};
}

nlohmann::json media_to_json(const MediaRecord &m) {
  return {{"file_id", m.file_id},     {"filename", m.filename},
          {"file_type", m.file_type}, {"format", m.format},
          {"url_path", m.url_path},   {"hash", m.hash},
          {"disk_name", m.disk_name}, {"size", m.size},
          {"duration", m.duration},   {"fps", m.fps},
          {"width", m.width},         {"height", m.height},
          {"has_audio", m.has_audio}};
}

MediaRecord media_from_json(const nlohmann::json &j) {
  MediaRecord m;
  m.file_id = j.value("file_id", "");
  m.filename = j.value("filename", "");
  m.file_type = j.value("file_type", "");
  m.format = j.value("format", "");
  m.url_path = j.value("url_path", "");
  m.hash = j.value("hash", "");
  m.disk_name = j.value("disk_name", "");
  m.size = j.value("size", std::uint64_t{0});
  m.duration = j.value("duration", 0.0);
  m.fps = j.value("fps", 0.0);
  m.width = j.value("width", 0);
  m.height = j.value("height", 0);
  m.has_audio = j.value("has_audio", false);
  return m;
}

namespace {
nlohmann::json session_to_json(const Session &s) {
  nlohmann::json media = nlohmann::json::array();
  for (const auto &m : s.media) media.push_back(media_to_json(m));
  return {{"session_id", s.session_id}, {"task_id", s.task_id},   {"user_id", s.user_id},
          {"task_name", s.task_name},   {"language", s.language}, {"created_at", s.created_at_ms},
          {"draft", s.draft},           {"history", s.history},   {"media", media}};
}

std::optional<Session> session_from_json(const nlohmann::json &j) {
  if (!j.is_object() || !j.contains("session_id")) return std::nullopt;
  Session s;
  s.session_id = j.value("session_id", "");
  s.task_id = j.value("task_id", "");
  s.user_id = j.value("user_id", "");
  s.task_name = j.value("task_name", "");
  s.language = j.value("language", "en");
  s.created_at_ms = j.value("created_at", std::int64_t{0});
  s.draft = j.value("draft", nlohmann::json());
  s.history = j.value("history", nlohmann::json::array());
  for (const auto &m : j.value("media", nlohmann::json::array())) {
    s.media.push_back(media_from_json(m));
  }
  if (s.session_id.empty()) return std::nullopt;
  return s;
}
}  // namespace

SessionStore::SessionStore(std::string data_dir) : dir_(std::move(data_dir) + "/sessions") {}

void SessionStore::load() {
  std::lock_guard<std::mutex> lock(mu_);
  std::error_code ec;
  fs::create_directories(dir_, ec);
  for (const auto &entry : fs::directory_iterator(dir_, ec)) {
    if (!entry.is_directory()) continue;
    auto j = read_json_file((entry.path() / "session.json").string());
    if (!j) continue;
    if (auto s = session_from_json(*j); s && s->session_id == entry.path().filename().string()) {
      sessions_[s->session_id] = std::move(*s);
    }
  }
}

std::string SessionStore::session_dir(const std::string &session_id) const {
  return dir_ + "/" + session_id;
}

void SessionStore::save_locked(const Session &s) const {
  write_json_atomically(session_dir(s.session_id) + "/session.json", session_to_json(s));
}

Session SessionStore::create(const std::string &user_id, const std::string &task_name,
                             const std::string &language, std::int64_t now_ms) {
  Session s;
  s.session_id = "ses_" + random_hex(16);
  s.task_id = "task_" + random_hex(8);
  s.user_id = user_id;
  s.task_name = task_name;
  s.language = language;
  s.created_at_ms = now_ms;
  s.history = nlohmann::json::array();
  std::lock_guard<std::mutex> lock(mu_);
  save_locked(s);
  sessions_[s.session_id] = s;
  return s;
}

std::optional<Session> SessionStore::get(const std::string &session_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = sessions_.find(session_id);
  if (it == sessions_.end()) return std::nullopt;
  return it->second;
}

bool SessionStore::update(const std::string &session_id,
                          const std::function<void(Session &)> &change) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = sessions_.find(session_id);
  if (it == sessions_.end()) return false;
  Session copy = it->second;
  change(copy);
  save_locked(copy);
  it->second = std::move(copy);
  return true;
}

std::string SessionStore::media_file(const std::string &session_id,
                                     const std::string &file_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = sessions_.find(session_id);
  if (it == sessions_.end()) return "";
  for (const auto &m : it->second.media) {
    if (m.file_id == file_id)
      return session_dir(session_id) + "/media/" + file_id + "/" + m.disk_name;
  }
  return "";
}

std::string SessionStore::resolve_media(const std::string &url) const {
  // Only the path counts: the port changes between runs with --port 0.
  const auto pos = url.find("/media/");
  if (pos == std::string::npos) return "";
  std::string rest = url.substr(pos + 7);
  if (const auto q = rest.find_first_of("?#"); q != std::string::npos) rest.resize(q);
  const auto s1 = rest.find('/');
  if (s1 == std::string::npos) return "";
  const auto s2 = rest.find('/', s1 + 1);
  const std::string sid = rest.substr(0, s1);
  const std::string fid = rest.substr(s1 + 1, s2 == std::string::npos ? s2 : s2 - s1 - 1);
  return media_file(sid, fid);
}

bool SessionStore::try_begin_turn(const std::string &session_id) {
  std::lock_guard<std::mutex> lock(mu_);
  return turns_.insert(session_id).second;
}

void SessionStore::end_turn(const std::string &session_id) {
  std::lock_guard<std::mutex> lock(mu_);
  turns_.erase(session_id);
}

}  // namespace nemo::server
