// SPDX-License-Identifier: GPL-2.0-or-later
#include "protocol/envelope.hpp"

#include <initializer_list>
#include <limits>
#include <utility>

#include "protocol/error_codes.hpp"

namespace nemo::protocol {
namespace {
constexpr int kMaxDepth = 4;  // an error object inside an error object inside...

std::string text_of(const nlohmann::json &v, int depth = 0);

// The first of `keys` in obj whose text is not empty.
std::string first_text(const nlohmann::json &obj, std::initializer_list<const char *> keys,
                       int depth) {
  for (const char *key : keys) {
    const auto it = obj.find(key);
    if (it == obj.end()) continue;
    std::string s = text_of(*it, depth + 1);
    if (!s.empty()) return s;
  }
  return {};
}

// A string; an object's message/msg/error/detail (else its dump); a list's
// items joined with "; " (FastAPI's 422 detail: "body.appName: Field required").
std::string text_of(const nlohmann::json &v, int depth) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null() || v.is_boolean()) return {};  // `"error": false/true` says no reason
  if (depth >= kMaxDepth) return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (v.is_object()) {
    std::string s = first_text(v, {"message", "msg", "error", "detail"}, depth);
    if (!s.empty() && v.contains("loc") && v["loc"].is_array() && !v["loc"].empty()) {
      std::string loc;
      for (const auto &part : v["loc"]) {
        if (!loc.empty()) loc += ".";
        loc += part.is_string() ? part.get<std::string>() : part.dump();
      }
      s = loc + ": " + s;
    }
    if (!s.empty()) return s;
    return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  if (v.is_array()) {
    std::string s;
    for (const auto &item : v) {
      const std::string one = text_of(item, depth + 1);
      if (one.empty()) continue;
      if (!s.empty()) s += "; ";
      s += one;
    }
    return s;
  }
  return v.dump();
}

bool code_of(const nlohmann::json &v, long &out) {
  if (v.is_number_integer()) {
    out = v.get<long>();
    return true;
  }
  if (v.is_number()) {
    // A non-integer code counts as its integer part; beyond long's range it
    // is clamped (the conversion would be undefined behaviour).
    const double d = v.get<double>();
    constexpr double kLimit = 9.0e18;  // inside long's range
    out = d >= kLimit    ? std::numeric_limits<long>::max()
          : d <= -kLimit ? std::numeric_limits<long>::min()
                         : static_cast<long>(d);
    return true;
  }
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    if (s.empty() || s.size() > 9) return false;
    for (char c : s)
      if (c < '0' || c > '9') return false;
    out = std::stol(s);
    return true;
  }
  return false;
}
}  // namespace

Envelope parse_envelope(std::string_view text) {
  Envelope env;
  env.body = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (env.body.is_discarded() || !env.body.is_object()) {
    env.body = nullptr;
    return env;
  }
  env.json = true;
  const auto &b = env.body;
  env.message = first_text(b, {"message", "msg"}, 0);
  if (b.contains("code") && code_of(b["code"], env.code)) {
    env.has_code = true;
    env.ok = env.code == 0;
    env.data = b.contains("data") ? b["data"] : nlohmann::json();
    if (!env.ok && env.message.empty()) env.message = first_text(b, {"error", "detail"}, 0);
    return env;
  }
  if (b.contains("success") && b["success"].is_boolean()) {
    env.ok = b["success"].get<bool>();
    env.data = b.contains("data") ? b["data"] : nlohmann::json();
    if (!env.ok) {
      const std::string reason = first_text(b, {"error", "detail"}, 0);
      if (!reason.empty()) env.message = reason;
      long code = 0;
      if (b.contains("error") && b["error"].is_object() && b["error"].contains("code") &&
          code_of(b["error"]["code"], code)) {
        env.has_code = true;
        env.code = code;
      }
    }
    return env;
  }
  // Unwrapped: the whole body is the data. Its reason, for when the status says it failed.
  if (env.message.empty()) env.message = first_text(b, {"error", "detail"}, 0);
  env.ok = true;
  env.data = b;
  return env;
}

Envelope parse_envelope(std::string_view text, long http_status) {
  Envelope env = parse_envelope(text);
  if (http_status < 200 || http_status >= 300) env.ok = false;
  return env;
}

nlohmann::json ok_envelope(nlohmann::json data, const std::string &message) {
  return {{"code", code::kOk}, {"message", message}, {"data", std::move(data)}};
}

nlohmann::json error_envelope(int error_code, const std::string &message, nlohmann::json data) {
  return {{"code", error_code}, {"message", message}, {"data", std::move(data)}};
}

}  // namespace nemo::protocol
