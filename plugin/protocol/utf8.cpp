// SPDX-License-Identifier: GPL-2.0-or-later
#include "protocol/utf8.hpp"

#include <cstdint>

namespace nemo::protocol {

std::size_t decode_utf8_at(std::string_view text, std::size_t i, char32_t &cp) {
  const auto b = [&](std::size_t k) { return static_cast<std::uint8_t>(text[i + k]); };
  const std::uint8_t lead = b(0);
  std::size_t n = 0;
  char32_t min = 0;
  if (lead < 0x80) {
    cp = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    n = 2, cp = lead & 0x1Fu, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    n = 3, cp = lead & 0x0Fu, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    n = 4, cp = lead & 0x07u, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

bool is_valid_utf8(std::string_view text) {
  char32_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = decode_utf8_at(text, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::vector<char32_t> decode_utf8(std::string_view text) {
  std::vector<char32_t> out;
  out.reserve(text.size());
  char32_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = decode_utf8_at(text, i, cp);
    out.push_back(n == 0 ? U'\uFFFD' : cp);
    i += n == 0 ? 1 : n;
  }
  return out;
}

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char32_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = decode_utf8_at(text, i, cp);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    if (cp != 0) out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::string utf8_truncate(std::string_view text, std::size_t max_code_points) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (count == max_code_points) return std::string(text.substr(0, i));
      ++count;
    }
  }
  return std::string(text);
}

std::vector<std::string> split_utf8(std::string_view text, std::size_t size) {
  std::vector<std::string> pieces;
  if (size == 0) size = 1;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = start + size;
    if (end >= text.size()) {
      end = text.size();
    } else {
      while (end > start && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
      if (end == start) end = start + size;  // not UTF-8: cut anyway
    }
    pieces.emplace_back(text.substr(start, end - start));
    start = end;
  }
  return pieces;
}

}  // namespace nemo::protocol
