// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/config.hpp"

#include <cstdio>
#include <cstdlib>
#include <random>

#include "nemo/version.hpp"

namespace nemo::core {
namespace {
std::string env(const char *name) {
  const char *value = std::getenv(name);
  return value ? std::string(value) : std::string();
}
}  // namespace

Attribution::Attribution() : source(NEMO_PLUGIN_ID), version(NEMO_VERSION), platform("obs") {}

std::string resolve_base_url(const std::string &setting) {
  std::string url = !setting.empty() ? setting : env("NEMO_API_BASE");
  if (url.empty()) url = kDefaultApiBase;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string resolve_token(const std::string &setting) {
  return !setting.empty() ? setting : env("NEMO_TOKEN");
}

std::string make_uuid() {
  std::random_device rd;
  std::mt19937_64 gen((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
  std::uint64_t hi = gen(), lo = gen();
  hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // variant 10
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return buf;
}

Config Config::resolve(const std::string &base_url_setting, const std::string &token_setting,
                       const std::string &language, const std::string &data_dir) {
  Config c;
  c.base_url = resolve_base_url(base_url_setting);
  c.token = resolve_token(token_setting);
  if (!language.empty()) c.language = language;
  c.data_dir = data_dir;
  return c;
}

}  // namespace nemo::core
