// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/text.hpp"

#include <cstdio>

#include "protocol/text.hpp"
#include "protocol/utf8.hpp"

namespace nemo::agent::text {
namespace {

bool is_space_at(std::string_view s, std::size_t i, std::size_t &len) {
  const char c = s[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
    len = 1;
    return true;
  }
  if (s.substr(i, 3) == "\xE3\x80\x80") {  // U+3000 ideographic space
    len = 3;
    return true;
  }
  return false;
}

}  // namespace

// UTF-8 itself is the protocol's (one decoder for the whole tree).
bool utf8_valid(std::string_view s) {
  return protocol::is_valid_utf8(s);
}

std::string utf8_sanitize(std::string_view s) {
  return protocol::sanitize_utf8(s);
}

std::size_t utf8_length(std::string_view s) {
  return protocol::utf8_length(s);
}

std::string utf8_truncate(std::string_view s, std::size_t max_code_points) {
  return protocol::utf8_truncate(s, max_code_points);
}

bool has_cjk(std::string_view s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    const auto c0 = static_cast<unsigned char>(s[i]);
    const auto c1 = static_cast<unsigned char>(s[i + 1]);
    // U+3400..U+9FFF: E3 90..BF, E4..E9 xx
    if ((c0 == 0xE3 && c1 >= 0x90 && c1 <= 0xBF) || (c0 >= 0xE4 && c0 <= 0xE9)) {
      if ((c1 & 0xC0) == 0x80 && (static_cast<unsigned char>(s[i + 2]) & 0xC0) == 0x80) {
        return true;
      }
    }
  }
  return false;
}

std::string ascii_lower(std::string_view s) {
  return protocol::ascii_lower(s);
}

std::string trim(std::string_view s) {
  std::size_t begin = 0, len = 0;
  while (begin < s.size() && is_space_at(s, begin, len)) begin += len;
  std::size_t end = s.size();
  while (end > begin) {
    if (is_space_at(s, end - 1, len) && len == 1) {
      --end;
    } else if (end - begin >= 3 && s.substr(end - 3, 3) == "\xE3\x80\x80") {
      end -= 3;
    } else {
      break;
    }
  }
  return std::string(s.substr(begin, end - begin));
}

std::string one_line(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F || c == ' ') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += ch;
  }
  return trim(out);
}

std::string seconds(std::int64_t ms) {
  if (ms <= 0) return "0";
  if (ms % 1000 == 0) return std::to_string(ms / 1000);
  const std::int64_t tenths = (ms + 50) / 100;
  if (tenths % 10 == 0) return std::to_string(tenths / 10);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

}  // namespace nemo::agent::text
