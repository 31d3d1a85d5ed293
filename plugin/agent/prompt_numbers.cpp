// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/prompt_numbers.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace nemo::agent::prompt {

std::optional<double> word_number(std::string_view w) {
  static const std::pair<std::string_view, int> table[] = {
      {"one", 1},       {"two", 2},      {"three", 3},      {"four", 4},      {"five", 5},
      {"six", 6},       {"seven", 7},    {"eight", 8},      {"nine", 9},      {"ten", 10},
      {"eleven", 11},   {"twelve", 12},  {"fifteen", 15},   {"twenty", 20},   {"thirty", 30},
      {"forty", 40},    {"fifty", 50},   {"sixty", 60},     {"ninety", 90},   {"thirteen", 13},
      {"fourteen", 14}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
      {"seventy", 70},  {"eighty", 80}};
  for (const auto &[name, value] : table) {
    if (w == name) return value;
  }
  return std::nullopt;
}

std::optional<double> leading_number(std::string_view w, std::string_view &rest) {
  std::size_t i = 0;
  while (i < w.size() && (is_digit(w[i]) || w[i] == '.')) ++i;
  if (i == 0 || !is_digit(w[0]) || i > 9) return std::nullopt;
  double value = 0, scale = 0;
  for (std::size_t k = 0; k < i; ++k) {
    if (w[k] == '.') {
      if (scale != 0) return std::nullopt;
      scale = 1;
      continue;
    }
    if (scale == 0) {
      value = value * 10 + (w[k] - '0');
    } else {
      scale /= 10;
      value += scale * (w[k] - '0');
    }
  }
  rest = w.substr(i);
  return value;
}

Unit unit_of(std::string_view w) {
  if (one_of(w, {"s", "sec", "secs", "second", "seconds", "second's"})) return Unit::Second;
  if (one_of(w, {"min", "mins", "minute", "minutes"})) return Unit::Minute;
  return Unit::None;
}

std::vector<Mention> english_durations(const Words &words) {
  std::vector<Mention> out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string &w = words.at(i);
    std::optional<double> value;
    Unit unit = Unit::None;
    std::size_t last = i;
    std::string_view rest;
    if (auto v = leading_number(w, rest)) {
      value = v;
      unit = unit_of(rest);
      if (rest.empty()) {
        unit = unit_of(words.near(i, i + 1));
        if (unit != Unit::None) last = i + 1;
      } else if (unit == Unit::None) {
        continue;  // "1080p", "35%"
      }
    } else if (auto wv = word_number(w)) {
      value = wv;
      std::size_t k = i + 1;
      if (*wv >= 20 && *wv < 100 && *wv == std::floor(*wv / 10) * 10) {
        if (auto unit_digit = word_number(words.near(i, k)); unit_digit && *unit_digit < 10) {
          value = *wv + *unit_digit;
          ++k;
        }
      }
      unit = unit_of(words.near(i, k));
      if (unit != Unit::None) last = k;
    } else if (w == "half") {
      std::size_t k = i + 1;
      if (words.near(i, k) == "a") ++k;
      if (unit_of(words.near(i, k)) == Unit::Minute) {
        value = 0.5;
        unit = Unit::Minute;
        last = k;
      }
    } else if (w == "a" || w == "an") {
      if (unit_of(words.near(i, i + 1)) == Unit::Minute) {
        value = 1;
        unit = Unit::Minute;
        last = i + 1;
      }
    }
    if (!value || unit == Unit::None) continue;
    double ms = *value * (unit == Unit::Minute ? 60000.0 : 1000.0);
    if (unit == Unit::Minute) {  // "1 minute 30 seconds", "1 min and 30 s"
      std::size_t k = last + 1;
      if (words.near(last, k) == "and") ++k;
      std::string_view r;
      if (auto sv = leading_number(words.near(last, k), r)) {
        if (unit_of(r) == Unit::Second) {
          ms += *sv * 1000.0;
          last = k;
        } else if (r.empty() && unit_of(words.near(k, k + 1)) == Unit::Second) {
          ms += *sv * 1000.0;
          last = k + 1;
        }
      }
    }
    if (ms > 1e9) ms = 1e9;
    out.push_back(Mention{static_cast<std::int64_t>(std::llround(ms)), i, last});
    i = last;
  }
  return out;
}

int cjk_digit(std::string_view s, std::size_t i, std::size_t &len) {
  static const std::pair<std::string_view, int> table[] = {
      {"零", 0}, {"〇", 0}, {"一", 1}, {"二", 2}, {"两", 2},  {"三", 3},   {"四", 4}, {"五", 5},
      {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}, {"十", 10}, {"百", 100}, {"半", -2}};
  for (const auto &[glyph, value] : table) {
    if (s.substr(i, glyph.size()) == glyph) {
      len = glyph.size();
      return value;
    }
  }
  return -1;
}

std::optional<double> number_at(std::string_view s, std::size_t i, std::size_t &len) {
  std::string_view rest;
  if (i < s.size() && is_digit(s[i])) {
    std::size_t e = i;
    while (e < s.size() && (is_digit(s[e]) || s[e] == '.')) ++e;
    auto v = leading_number(s.substr(i, e - i), rest);
    if (!v) return std::nullopt;
    len = e - i - rest.size();
    return v;
  }
  double total = 0, current = 0;
  bool any = false, half = false;
  std::size_t k = i, glyph = 0;
  for (;;) {
    const int d = k < s.size() ? cjk_digit(s, k, glyph) : -1;
    if (d < 0 && d != -2) break;
    if (d == -2) {  // 半: only alone ("半分钟")
      if (any) break;
      half = true;
      any = true;
      k += glyph;
      break;
    }
    any = true;
    if (d == 10 || d == 100) {
      total += (current == 0 ? 1 : current) * d;
      current = 0;
    } else {
      current = d;
    }
    k += glyph;
  }
  if (!any) return std::nullopt;
  len = k - i;
  return half ? 0.5 : total + current;
}

std::vector<CjkMention> chinese_durations(std::string_view s) {
  std::vector<CjkMention> out;
  for (std::size_t i = 0; i < s.size();) {
    const bool boundary = i == 0 || !(is_digit(s[i - 1]) || s[i - 1] == '.');
    std::size_t len = 0;
    auto v = boundary ? number_at(s, i, len) : std::nullopt;
    if (!v || len == 0) {
      ++i;
      continue;
    }
    std::size_t k = i + len;
    while (k < s.size() && s[k] == ' ') ++k;
    double ms = -1;
    if (s.substr(k, 6) == "秒钟") {
      ms = *v * 1000;
      k += 6;
    } else if (s.substr(k, 3) == "秒") {
      ms = *v * 1000;
      k += 3;
    } else if (s.substr(k, 9) == "分半钟" || s.substr(k, 6) == "分半") {
      ms = (*v + 0.5) * 60000;
      k += s.substr(k, 9) == "分半钟" ? 9 : 6;
    } else if (s.substr(k, 6) == "分钟") {
      ms = *v * 60000;
      k += 6;
    } else if (s.substr(k, 3) == "分") {
      std::size_t l2 = 0;
      if (auto sv = number_at(s, k + 3, l2); sv && s.substr(k + 3 + l2, 3) == "秒") {
        ms = *v * 60000 + *sv * 1000;
        k += 3 + l2 + 3;
      }
    }
    if (ms < 0) {
      i += len;
      continue;
    }
    out.push_back(CjkMention{static_cast<std::int64_t>(std::llround(std::min(ms, 1e9))), i, k});
    i = k;
  }
  return out;
}

}  // namespace nemo::agent::prompt
