// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/envelope.hpp"

#include <limits>

namespace nemo::core {
namespace {
std::string text_of(const nlohmann::json &v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object()) {
    for (const char *key : {"message", "msg", "error", "detail"})
      if (v.contains(key) && v[key].is_string()) return v[key].get<std::string>();
    return v.dump();
  }
  if (v.is_null()) return {};
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
  for (const char *key : {"message", "msg"})
    if (b.contains(key) && b[key].is_string()) {
      env.message = b[key].get<std::string>();
      break;
    }
  if (b.contains("code") && code_of(b["code"], env.code)) {
    env.has_code = true;
    env.ok = env.code == 0;
    env.data = b.contains("data") ? b["data"] : nlohmann::json();
    if (!env.ok && env.message.empty() && b.contains("error")) env.message = text_of(b["error"]);
    return env;
  }
  if (b.contains("success") && b["success"].is_boolean()) {
    env.ok = b["success"].get<bool>();
    env.data = b.contains("data") ? b["data"] : nlohmann::json();
    if (!env.ok && b.contains("error") && !b["error"].is_null()) {
      env.message = text_of(b["error"]);
      long code = 0;
      if (b["error"].is_object() && b["error"].contains("code") &&
          code_of(b["error"]["code"], code)) {
        env.has_code = true;
        env.code = code;
      }
    }
    return env;
  }
  env.ok = true;
  env.data = b;
  return env;
}

}  // namespace nemo::core
