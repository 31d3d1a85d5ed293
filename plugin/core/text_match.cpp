// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/text_match.hpp"

namespace nemo::core::text {
namespace {
bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
}  // namespace

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char &c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

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

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
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
