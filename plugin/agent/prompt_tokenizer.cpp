// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/prompt_tokenizer.hpp"

#include "agent/prompt_words.hpp"

namespace nemo::agent::prompt {

std::vector<Token> tokenize(std::string_view lower) {
  std::vector<Token> out;

  bool brk = true;
  std::size_t i = 0;
  while (i < lower.size()) {
    const char c = lower[i];
    if (is_alnum(c) || c == '%') {
      Token t;
      t.pos = i;
      t.brk = brk;
      while (i < lower.size()) {
        const char d = lower[i];
        if (is_alnum(d) || d == '%') {
          t.w += d;
          ++i;
        } else if ((d == '\'') && i + 1 < lower.size() && is_alnum(lower[i + 1])) {
          t.w += '\'';
          ++i;
        } else if (lower.substr(i, 3) == "\xE2\x80\x99" && i + 3 < lower.size() &&
                   is_alnum(lower[i + 3])) {  // U+2019 as an apostrophe
          t.w += '\'';
          i += 3;
        } else if (lower.substr(i, 3) == "\xEF\xBC\x85") {  // fullwidth percent
          t.w += '%';
          i += 3;
        } else if (d == '.' && !t.w.empty() && is_digit(t.w.back()) && i + 1 < lower.size() &&
                   is_digit(lower[i + 1])) {
          t.w += '.';
          ++i;
        } else {
          break;
        }
      }
      out.push_back(std::move(t));
      brk = false;
      continue;
    }
    if (lower.substr(i, 3) == "\xEF\xBC\x85") {
      out.push_back(Token{"%", i, brk});
      brk = false;
      i += 3;
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || c == ',' || c == '.' || c == ';' || c == '!' || c == '?' || c == ':' ||
        c == '\n' || c == '(' || c == ')' || c == '"') {
      brk = true;
    }
    ++i;
  }
  return out;
}

const std::string &Words::at(std::size_t i) const {
  static const std::string empty;
  return i < tokens_.size() ? tokens_[i].w : empty;
}

const std::string &Words::near(std::size_t from, std::size_t i) const {
  static const std::string empty;
  if (i >= tokens_.size()) return empty;
  for (std::size_t k = std::min(from, i) + 1; k <= std::max(from, i); ++k) {
    if (tokens_[k].brk) return empty;
  }
  return tokens_[i].w;
}

std::vector<std::size_t> Words::find(std::string_view phrase) const {
  std::vector<std::string_view> parts;
  std::size_t b = 0;
  while (b <= phrase.size()) {
    std::size_t e = phrase.find(' ', b);
    if (e == npos) e = phrase.size();
    if (e > b) parts.push_back(phrase.substr(b, e - b));
    b = e + 1;
  }
  std::vector<std::size_t> hits;
  if (parts.empty()) return hits;
  for (std::size_t i = 0; i + parts.size() <= tokens_.size(); ++i) {
    bool ok = true;
    for (std::size_t k = 0; k < parts.size() && ok; ++k) ok = tokens_[i + k].w == parts[k];
    if (ok) hits.push_back(i);
  }
  return hits;
}

bool Words::any(std::initializer_list<std::string_view> phrases) const {
  for (const auto p : phrases) {
    if (has(p)) return true;
  }
  return false;
}

bool Words::any_positive(std::initializer_list<std::string_view> phrases) const {
  for (const auto p : phrases) {
    for (const std::size_t i : find(p)) {
      if (!negated(i)) return true;
    }
  }
  return false;
}

bool Words::any_negated(std::initializer_list<std::string_view> phrases) const {
  for (const auto p : phrases) {
    for (const std::size_t i : find(p)) {
      if (negated(i)) return true;
    }
  }
  return false;
}

std::size_t Words::last_positive(std::initializer_list<std::string_view> phrases) const {
  std::size_t best = npos;
  for (const auto p : phrases) {
    for (const std::size_t i : find(p)) {
      if (!negated(i) && (best == npos || tokens_[i].pos > best)) best = tokens_[i].pos;
    }
  }
  return best;
}

bool Words::negated(std::size_t i) const {
  if (i >= tokens_.size()) return false;
  if (i + 1 < tokens_.size() && !tokens_[i + 1].brk && tokens_[i + 1].w == "off") return true;
  for (std::size_t back = 1; back <= 4 && back <= i; ++back) {
    const std::size_t j = i - back;
    if (tokens_[j + 1].brk) break;
    const std::string &w = tokens_[j].w;
    if (one_of(w, words::negation_stop.en)) break;
    if (one_of(w, words::negation.en)) return true;
  }
  return false;
}

}  // namespace nemo::agent::prompt
