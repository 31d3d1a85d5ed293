// The prompt's English words: lower-cased text cut into word tokens, each
// knowing whether a clause break (punctuation, a line end, non-ASCII text)
// comes before it; phrases are found as runs of tokens, and a mention knows
// whether it is negated ("no music", "music off").
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace nemo::agent::prompt {

constexpr std::size_t npos = std::string::npos;

inline bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
inline bool one_of(std::string_view w, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

struct Token {
  std::string w;
  std::size_t pos = 0;  // byte offset in the text
  bool brk = false;     // a clause break (punctuation, a line end or non-ASCII text) before it
};

// Letters, digits and '%' make words; an apostrophe (or U+2019) inside a word
// and a decimal point inside a number stay in it; a fullwidth percent is '%'.
std::vector<Token> tokenize(std::string_view lower);

class Words {
 public:
  // `lower`: the text, ASCII lower-cased (text::ascii_lower).
  explicit Words(std::string_view lower) : tokens_(tokenize(lower)) {}

  std::size_t size() const { return tokens_.size(); }
  // Token i's word, "" past the end.
  const std::string &at(std::size_t i) const;
  const Token &token(std::size_t i) const { return tokens_[i]; }
  // `at(i)` when it is in the same clause as token `from`, else "".
  const std::string &near(std::size_t from, std::size_t i) const;

  // Token indices where the words of `phrase` (single spaces) start.
  std::vector<std::size_t> find(std::string_view phrase) const;
  bool has(std::string_view phrase) const { return !find(phrase).empty(); }
  bool any(std::initializer_list<std::string_view> phrases) const;
  // A positive (not negated) mention of any of `phrases`.
  bool any_positive(std::initializer_list<std::string_view> phrases) const;
  bool any_negated(std::initializer_list<std::string_view> phrases) const;
  // Position (byte offset) of the last positive mention of any of `phrases`, or npos.
  std::size_t last_positive(std::initializer_list<std::string_view> phrases) const;
  // "no music", "remove the title", "without any transitions", "music off".
  bool negated(std::size_t i) const;

 private:
  std::vector<Token> tokens_;
};

}  // namespace nemo::agent::prompt
