// Anonymous tokens and the users they name, with their credits. Persisted in
// <data>/tokens.json (only SHA-256 hashes of tokens are stored) and
// <data>/users.json.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace nemo::server {

struct IssuedToken {
  std::string token;  // nmv_usr_<64 hex>
  std::string user_id;
  std::int64_t expires_at_ms = 0;
};

struct CreditBalance {
  std::int64_t available = 0;
  std::int64_t frozen = 0;
  std::int64_t total = 0;
  bool unlimited = false;
};

class TokenStore {
 public:
  // credits: nullopt = unlimited.
  TokenStore(std::string data_dir, std::function<std::int64_t()> clock, std::int64_t ttl_ms,
             std::optional<std::int64_t> credits);

  void load();  // drops expired tokens

  // A new token for the user of `client_id` (the same client keeps its user
  // and its credits).
  IssuedToken issue(const std::string &client_id);
  // The user id of a valid, unexpired token.
  std::optional<std::string> user_of(const std::string &token) const;

  CreditBalance balance(const std::string &user_id) const;
  bool reserve(const std::string &user_id, std::int64_t amount);  // false: not enough
  void commit(const std::string &user_id, std::int64_t amount);   // reserved -> spent
  void release(const std::string &user_id, std::int64_t amount);  // reserved -> available

  static constexpr std::int64_t kUnlimitedDisplay = 1000000000;

 private:
  struct TokenRecord {
    std::string user_id;
    std::int64_t expires_at_ms = 0;
  };
  struct UserRecord {
    std::string client_id;
    std::int64_t spent = 0;
    std::int64_t frozen = 0;  // not persisted: turns in flight end with the process
  };
  void save_tokens_locked() const;
  void save_users_locked() const;

  std::string tokens_path_, users_path_;
  std::function<std::int64_t()> clock_;
  std::int64_t ttl_ms_;
  std::optional<std::int64_t> credits_;
  mutable std::mutex mu_;
  std::map<std::string, TokenRecord> tokens_;  // sha256(token) -> record
  std::map<std::string, UserRecord> users_;
  std::map<std::string, std::string> user_by_client_;
};

}  // namespace nemo::server
