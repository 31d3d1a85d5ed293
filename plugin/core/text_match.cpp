// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/text_match.hpp"

namespace nemo::core::text {
namespace {
bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
}  // namespace

bool has_phrase(std::string_view lower, std::string_view phrase) {
  if (phrase.empty()) return false;
  for (std::size_t pos = lower.find(phrase); pos != std::string_view::npos;
       pos = lower.find(phrase, pos + 1)) {
    const bool start_ok = pos == 0 || !is_word_char(lower[pos - 1]);
    const std::size_t end = pos + phrase.size();
    const bool end_ok = end >= lower.size() || !is_word_char(lower[end]);
    if (start_ok && end_ok) return true;
  }
  return false;
}

bool any_phrase(std::string_view lower, Words phrases) {
  for (const auto p : phrases)
    if (has_phrase(lower, p)) return true;
  return false;
}

bool contains_any(std::string_view s, Words needles) {
  for (const auto n : needles)
    if (contains(s, n)) return true;
  return false;
}

}  // namespace nemo::core::text
