// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/agent_text.hpp"

#include <cstdio>

namespace nemo::server::text {
namespace {

// Length of the well-formed UTF-8 sequence at s[i], or 0 when it is ill-formed.
std::size_t sequence_length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  }
  return n;
}

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

bool utf8_valid(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string utf8_sanitize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      if (!(n == 1 && s[i] == '\0')) out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t count = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string utf8_truncate(std::string_view s, std::size_t max_code_points) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (count == max_code_points) return std::string(s.substr(0, i));
      ++count;
    }
  }
  return std::string(s);
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
  std::string out(s);
  for (char &c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
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

}  // namespace nemo::server::text
