// Byte-safe text helpers for the agent: UTF-8 checks and repair, ASCII case
// folding, trimming and number formatting. Every function accepts any bytes.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace nemo::agent::text {

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points above U+10FFFF).
bool utf8_valid(std::string_view s);
// `s` with every ill-formed sequence replaced by U+FFFD and NUL bytes dropped.
std::string utf8_sanitize(std::string_view s);
// Number of code points of well-formed UTF-8 `s`.
std::size_t utf8_length(std::string_view s);
// At most `max_code_points` code points of well-formed UTF-8 `s`, cut on a code point boundary.
std::string utf8_truncate(std::string_view s, std::size_t max_code_points);
// True when `s` holds a CJK ideograph (U+3400..U+9FFF).
bool has_cjk(std::string_view s);

// ASCII letters lowered; every other byte unchanged (so offsets stay the same).
std::string ascii_lower(std::string_view s);
// Without leading/trailing ASCII whitespace and ideographic spaces (U+3000).
std::string trim(std::string_view s);
// Control characters (C0 except none, DEL) replaced by spaces, runs of spaces collapsed, trimmed.
std::string one_line(std::string_view s);

// 30000 -> "30", 2500 -> "2.5", 1250 -> "1.3" (one decimal at most).
std::string seconds(std::int64_t ms);

}  // namespace nemo::agent::text
