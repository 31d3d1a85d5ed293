// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/token_store.hpp"

#include <nlohmann/json.hpp>

#include "server/atomic_file.hpp"
#include "server/ids.hpp"

namespace nemo::server {

TokenStore::TokenStore(std::string data_dir, std::function<std::int64_t()> clock,
                       std::int64_t ttl_ms, std::optional<std::int64_t> credits)
    : tokens_path_(data_dir + "/tokens.json"),
      users_path_(data_dir + "/users.json"),
      clock_(std::move(clock)),
      ttl_ms_(ttl_ms),
      credits_(credits) {}

void TokenStore::load() {
  std::lock_guard<std::mutex> lock(mu_);
  const std::int64_t now = clock_();
  if (auto j = read_json_file(tokens_path_); j && j->is_object()) {
    for (const auto &[hash, rec] : j->items()) {
      TokenRecord r{rec.value("user_id", ""), rec.value("expires_at", std::int64_t{0})};
      if (!r.user_id.empty() && r.expires_at_ms > now) tokens_[hash] = r;
    }
  }
  if (auto j = read_json_file(users_path_); j && j->is_object()) {
    for (const auto &[id, rec] : j->items()) {
      UserRecord u{rec.value("client_id", ""), rec.value("spent", std::int64_t{0}), 0};
      users_[id] = u;
      if (!u.client_id.empty()) user_by_client_[u.client_id] = id;
    }
  }
}

void TokenStore::save_tokens_locked() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto &[hash, r] : tokens_) {
    j[hash] = {{"user_id", r.user_id}, {"expires_at", r.expires_at_ms}};
  }
  write_json_atomically(tokens_path_, j);
}

void TokenStore::save_users_locked() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto &[id, u] : users_) j[id] = {{"client_id", u.client_id}, {"spent", u.spent}};
  write_json_atomically(users_path_, j);
}

IssuedToken TokenStore::issue(const std::string &client_id) {
  std::lock_guard<std::mutex> lock(mu_);
  const std::int64_t now = clock_();
  std::string user_id;
  if (auto it = user_by_client_.find(client_id); it != user_by_client_.end()) {
    user_id = it->second;
  } else {
    user_id = "usr_" + random_hex(12);
    users_[user_id] = UserRecord{client_id, 0, 0};
    user_by_client_[client_id] = user_id;
    save_users_locked();
  }
  for (auto it = tokens_.begin(); it != tokens_.end();) {
    it = it->second.expires_at_ms <= now ? tokens_.erase(it) : std::next(it);
  }
  IssuedToken t{"nmv_usr_" + random_hex(32), user_id, now + ttl_ms_};
  tokens_[sha256_hex(t.token)] = TokenRecord{user_id, t.expires_at_ms};
  save_tokens_locked();
  return t;
}

std::optional<std::string> TokenStore::user_of(const std::string &token) const {
  if (token.empty()) return std::nullopt;
  const std::string hash = sha256_hex(token);
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = tokens_.find(hash);
  if (it == tokens_.end() || it->second.expires_at_ms <= clock_()) return std::nullopt;
  return it->second.user_id;
}

CreditBalance TokenStore::balance(const std::string &user_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  CreditBalance b;
  const auto it = users_.find(user_id);
  const std::int64_t spent = it == users_.end() ? 0 : it->second.spent;
  const std::int64_t frozen = it == users_.end() ? 0 : it->second.frozen;
  if (!credits_) {
    b.unlimited = true;
    b.total = kUnlimitedDisplay;
    b.frozen = frozen;
    b.available = kUnlimitedDisplay - frozen;
    return b;
  }
  b.total = *credits_;
  b.frozen = frozen;
  b.available = std::max<std::int64_t>(0, *credits_ - spent - frozen);
  return b;
}

bool TokenStore::reserve(const std::string &user_id, std::int64_t amount) {
  std::lock_guard<std::mutex> lock(mu_);
  auto &u = users_[user_id];
  if (credits_ && *credits_ - u.spent - u.frozen < amount) return false;
  u.frozen += amount;
  return true;
}

void TokenStore::commit(const std::string &user_id, std::int64_t amount) {
  std::lock_guard<std::mutex> lock(mu_);
  auto &u = users_[user_id];
  u.frozen = std::max<std::int64_t>(0, u.frozen - amount);
  u.spent += amount;
  save_users_locked();
}

void TokenStore::release(const std::string &user_id, std::int64_t amount) {
  std::lock_guard<std::mutex> lock(mu_);
  auto &u = users_[user_id];
  u.frozen = std::max<std::int64_t>(0, u.frozen - amount);
}

}  // namespace nemo::server
