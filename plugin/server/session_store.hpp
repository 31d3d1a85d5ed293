// Sessions: their media, draft and chat history, one JSON file each in
// <data>/sessions/<sid>/session.json, media beside it in media/<file_id>/.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace nemo::server {

struct MediaRecord {
  std::string file_id;
  std::string filename;   // sanitized name, also the last URL component
  std::string file_type;  // image | video | audio
  std::string format;     // sniffed
  std::string url_path;   // /media/<sid>/<file_id>/<filename>
  std::string disk_name;  // the file in media/<file_id>/ (named by the sniffed type)
  std::string hash;       // sha256 hex
  std::uint64_t size = 0;
  double duration = 0, fps = 0;
  int width = 0, height = 0;
  bool has_audio = false;
};

struct Session {
  std::string session_id;
  std::string task_id;
  std::string user_id;
  std::string task_name;
  std::string language = "en";
  std::int64_t created_at_ms = 0;
  nlohmann::json draft;    // DRAFT.md; null until the agent makes one
  nlohmann::json history;  // [{role, text, ts}]
  std::vector<MediaRecord> media;
};

class SessionStore {
 public:
  explicit SessionStore(std::string data_dir);
  void load();

  Session create(const std::string &user_id, const std::string &task_name,
                 const std::string &language, std::int64_t now_ms);
  std::optional<Session> get(const std::string &session_id) const;
  // Applies `change` to the session and persists it; false when unknown.
  bool update(const std::string &session_id, const std::function<void(Session &)> &change);

  std::string session_dir(const std::string &session_id) const;
  // The local file behind a media URL (any scheme/host/port), "" if unknown.
  std::string resolve_media(const std::string &url) const;
  // The local file behind /media/<sid>/<fid>/<name>, "" if unknown.
  std::string media_file(const std::string &session_id, const std::string &file_id) const;

  // One chat turn at a time per session.
  bool try_begin_turn(const std::string &session_id);
  void end_turn(const std::string &session_id);

 private:
  void save_locked(const Session &s) const;
  std::string dir_;
  mutable std::mutex mu_;
  std::map<std::string, Session> sessions_;
  std::set<std::string> turns_;
};

nlohmann::json media_to_json(const MediaRecord &m);
// How a client sees an uploaded file (the upload answer's files[] and the
// state's video_infos): its metadata and its cdn_url on this server (`base`).
nlohmann::json media_info_json(const MediaRecord &m, const std::string &base);
MediaRecord media_from_json(const nlohmann::json &j);

}  // namespace nemo::server
