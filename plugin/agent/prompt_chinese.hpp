// Chinese phrases in a prompt: found as substrings, negated when a negation
// (不要, 去掉, 没有...) comes shortly before them.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string_view>

namespace nemo::agent::prompt {

// `what` occurs in the `bytes` bytes before (after) byte offset `pos` of `s`.
bool near_before(std::string_view s, std::size_t pos, std::size_t bytes, std::string_view what);
bool near_after(std::string_view s, std::size_t pos, std::size_t bytes, std::string_view what);
// A Chinese negation (words::negation.zh) within 12 bytes before `pos`.
bool chinese_negated(std::string_view s, std::size_t pos);

struct CjkHit {
  bool positive = false, negative = false;
};
// Whether `s` mentions any of `list`, positively and / or negated.
CjkHit chinese_find(std::string_view s, std::initializer_list<std::string_view> list);
// `s` holds any of `list` (as substrings).
bool contains(std::string_view s, std::initializer_list<std::string_view> list);

}  // namespace nemo::agent::prompt
