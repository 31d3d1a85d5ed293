// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/prompt_chinese.hpp"

#include "agent/prompt_tokenizer.hpp"
#include "agent/prompt_words.hpp"

namespace nemo::agent::prompt {

bool near_before(std::string_view s, std::size_t pos, std::size_t bytes, std::string_view what) {
  const std::size_t b = pos > bytes ? pos - bytes : 0;
  return s.substr(b, pos - b).find(what) != npos;
}
bool near_after(std::string_view s, std::size_t pos, std::size_t bytes, std::string_view what) {
  return s.substr(pos, bytes).find(what) != npos;
}

bool chinese_negated(std::string_view s, std::size_t pos) {
  for (const std::string_view n : words::negation.zh) {
    if (near_before(s, pos, 12, n)) return true;
  }
  return false;
}

CjkHit chinese_find(std::string_view s, std::initializer_list<std::string_view> list) {
  CjkHit hit;
  for (const auto w : list) {
    for (std::size_t p = s.find(w); p != npos; p = s.find(w, p + w.size())) {
      (chinese_negated(s, p) ? hit.negative : hit.positive) = true;
    }
  }
  return hit;
}
bool contains(std::string_view s, std::initializer_list<std::string_view> list) {
  for (const auto w : list) {
    if (s.find(w) != npos) return true;
  }
  return false;
}

}  // namespace nemo::agent::prompt
