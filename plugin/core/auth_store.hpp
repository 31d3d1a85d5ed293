// What the client keeps across restarts, in <data folder>/client.json (mode
// 0600, written atomically): the client id (made once), the anonymous token
// and its expiry, the current session, so iterative edits survive a
// restart, and the backends whose /run_sse reads only the camelCase body.
// An empty folder keeps everything in memory only.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace nemo::core {

struct PersistedAuth {
  std::string client_id;
  std::string token;               // anonymous token only (a configured one is never written)
  std::int64_t expires_at_ms = 0;  // 0: unknown
  std::string user_id;
  std::string session_id;
  std::string task_id;
  // Base URLs (no trailing '/') whose /run_sse took only the camelCase body
  // (appName, userId, sessionId, newMessage: ADK JS), learnt by a retry.
  std::vector<std::string> camel_case_chat;
};

class AuthStore {
 public:
  explicit AuthStore(std::string data_dir);
  // What was saved; a missing or unreadable file gives empty fields.
  PersistedAuth load() const;
  // Writes <dir>/client.json.tmp with mode 0600, then renames it into place.
  Error save(const PersistedAuth &auth) const;
  std::string path() const;  // "" when memory only

 private:
  std::string dir_;
};

// expires_at as the API sends it (unix seconds or ms, or an ISO 8601 string) -> unix ms; 0 if
// unknown.
std::int64_t parse_expiry_ms(const std::string &text_or_number);

}  // namespace nemo::core
