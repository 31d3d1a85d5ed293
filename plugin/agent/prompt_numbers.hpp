// Numbers and lengths in a prompt: English ("30", "thirty five", "1.5min",
// "a minute and 30 seconds") and Chinese ("三十秒", "1分30秒", "半分钟").
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "agent/prompt_tokenizer.hpp"

namespace nemo::agent::prompt {

// "one".."ninety" -> its value; nullopt for any other word.
std::optional<double> word_number(std::string_view w);
// Leading decimal number of `w` ("30", "0.5", "1.5min"); `rest` gets what follows it.
std::optional<double> leading_number(std::string_view w, std::string_view &rest);

enum class Unit { None, Second, Minute };
// "s", "sec", "seconds"... -> Second; "min", "minutes"... -> Minute.
Unit unit_of(std::string_view w);

// A length said in English words: its value and the tokens that say it.
struct Mention {
  std::int64_t ms = 0;
  std::size_t first = 0, last = 0;  // token range
};
std::vector<Mention> english_durations(const Words &words);

// A Chinese numeral glyph at s[i] (零..九, 十 10, 百 100, 半 -2), -1 if none; `len` its bytes.
int cjk_digit(std::string_view s, std::size_t i, std::size_t &len);
// A number at s[i] in ASCII digits or Chinese numerals; `len` its byte length.
std::optional<double> number_at(std::string_view s, std::size_t i, std::size_t &len);

// A length said in Chinese: its value and the bytes [begin, end) that say it.
struct CjkMention {
  std::int64_t ms;
  std::size_t begin, end;
};
std::vector<CjkMention> chinese_durations(std::string_view s);

}  // namespace nemo::agent::prompt
