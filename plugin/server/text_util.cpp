// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/text_util.hpp"

#include "protocol/utf8.hpp"

namespace nemo::server {

std::string detect_language(std::string_view text) {
  char32_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = protocol::decode_utf8_at(text, i, cp);
    if (n == 0) {
      ++i;
      continue;
    }
    if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
        (cp >= 0xf900 && cp <= 0xfaff)) {
      return "zh";
    }
    i += n;
  }
  return "en";
}

std::string sanitize_filename(std::string_view name) {
  const auto slash = name.find_last_of("/\\");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    out.push_back(ok ? c : '_');
  }
  while (!out.empty() && out.front() == '.') out.erase(out.begin());
  if (out.size() > 100) out.erase(0, out.size() - 100);
  if (out.empty() || out == "." || out == "..") out = "file";
  return out;
}

}  // namespace nemo::server
