// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/prompt_script.hpp"

#include <algorithm>

#include "agent/prompt_chinese.hpp"
#include "agent/prompt_parser.hpp"
#include "agent/prompt_tokenizer.hpp"
#include "agent/prompt_words.hpp"
#include "agent/text.hpp"

namespace nemo::agent {
namespace prompt {

using text::ascii_lower;
using text::trim;

bool has_script_word(std::string_view lower) {
  const Words w(lower);
  return w.any(words::script_word.en) || contains(lower, words::script_word.zh);
}
bool has_video_word(std::string_view lower) {
  const Words w(lower);
  return w.any(words::video_word.en) || contains(lower, words::video_word.zh);
}

void split_instruction(const std::string &raw, std::string &instruction, std::string &script) {
  instruction = raw;
  script.clear();
  const std::string lower = ascii_lower(raw);
  // 1. An explicit marker.
  std::size_t best = npos, best_len = 0;
  for (const auto &markers : {words::script_marker.en, words::script_marker.zh}) {
    for (const std::string_view m : markers) {
      const std::size_t p = lower.find(m);
      if (p != npos && p < best) {
        best = p;
        best_len = m.size();
      }
    }
  }
  if (best != npos) {
    instruction = raw.substr(0, best);
    script = raw.substr(best + best_len);
    return;
  }
  // 2. A multi-line prompt: the first line instructs, the next ones are the script.
  const std::string trimmed = trim(raw);
  const std::size_t nl = trimmed.find('\n');
  if (nl != npos) {
    const std::string first = trim(trimmed.substr(0, nl));
    const std::string rest = trim(trimmed.substr(nl + 1));
    const std::string first_lower = ascii_lower(first);
    const bool colon_end =
        !first.empty() &&
        (first.back() == ':' || (first.size() >= 3 && first.substr(first.size() - 3) == "："));
    if (!rest.empty() &&
        (colon_end || has_script_word(first_lower) || has_video_word(first_lower))) {
      instruction = first;
      script = rest;
      return;
    }
  }
  // 3. "...promo video with music: First line. Second line."
  for (std::size_t i = 0; i < raw.size(); ++i) {
    std::size_t colon_len = 0;
    if (raw[i] == ':') {
      colon_len = 1;
    } else if (raw.compare(i, 3, "：") == 0) {
      colon_len = 3;
    } else {
      continue;
    }
    if (colon_len == 1 && i > 0 && i + 1 < raw.size() && is_digit(raw[i - 1]) &&
        is_digit(raw[i + 1])) {
      continue;  // 9:16
    }
    const std::string pre = lower.substr(0, i);
    const std::string post = trim(raw.substr(i + colon_len));
    const Words pw(pre);
    const std::string &last = pw.size() > 0 ? pw.at(pw.size() - 1) : std::string();
    const std::string pre_trim = trim(pre);
    const auto ends_with = [&](std::string_view end) {
      return pre_trim.size() >= end.size() &&
             pre_trim.compare(pre_trim.size() - end.size(), end.size(), end) == 0;
    };
    if (one_of(last, words::title_lead.en) ||
        std::any_of(words::title_lead.zh.begin(), words::title_lead.zh.end(), ends_with)) {
      return;  // "title: Summer" is a title
    }
    if (!post.empty() && (has_script_word(pre) || has_video_word(pre))) {
      instruction = raw.substr(0, i);
      script = post;
    }
    return;
  }
}

std::vector<Quote> find_quotes(const std::string &s) {
  static const std::pair<std::string_view, std::string_view> pairs[] = {
      {"“", "”"}, {"「", "」"}, {"『", "』"}, {"《", "》"}, {"‘", "’"}, {"\"", "\""}, {"'", "'"}};
  std::vector<Quote> out;
  for (std::size_t i = 0; i < s.size();) {
    bool matched = false;
    for (const auto &[open, close] : pairs) {
      if (s.compare(i, open.size(), open) != 0) continue;
      if (open == "'") {  // an apostrophe unless it opens a word after a space or start
        if (i > 0 && is_alnum(s[i - 1])) break;
      }
      const std::size_t from = i + open.size();
      // A quote holds at most 120 code points: look no further (linear time on any input).
      const std::size_t window = std::string_view(s).substr(from, 120 * 4 + 8).find(close);
      if (window == npos) break;
      const std::size_t end = from + window;
      if (close == "'" && end + 1 < s.size() && is_alnum(s[end + 1])) break;  // don't / it's
      const std::string inner = trim(s.substr(from, end - from));
      if (inner.empty() || text::utf8_length(inner) > 120 || inner.find('\n') != npos) break;
      out.push_back(Quote{i, end + close.size(), inner});
      i = end + close.size();
      matched = true;
      break;
    }
    if (!matched) ++i;
  }
  return out;
}

std::string clean_text(std::string_view s, std::size_t max_code_points) {
  return text::utf8_truncate(text::one_line(s), max_code_points);
}

}  // namespace prompt

using prompt::is_digit;
using prompt::npos;
using text::trim;

std::vector<std::string> split_script(std::string_view script, std::size_t max_captions) {
  const std::string s = text::utf8_sanitize(script);
  std::vector<std::string> out;
  auto push = [&](std::string piece) {
    std::string t = trim(text::one_line(piece));
    // strip one pair of surrounding quotes / list markers
    for (const std::string_view lead : {"- ", "* ", "• ", "“", "\"", "「"}) {
      if (t.compare(0, lead.size(), lead) == 0) t = trim(t.substr(lead.size()));
    }
    for (const std::string_view tail : {"”", "\"", "」"}) {
      if (t.size() >= tail.size() && t.compare(t.size() - tail.size(), tail.size(), tail) == 0) {
        t = trim(t.substr(0, t.size() - tail.size()));
      }
    }
    if (t.empty() || out.size() >= max_captions) return;
    out.push_back(text::utf8_truncate(t, 200));
  };
  std::size_t line_start = 0;
  while (line_start <= s.size()) {
    std::size_t line_end = s.find('\n', line_start);
    if (line_end == npos) line_end = s.size();
    const std::string_view line(s.data() + line_start, line_end - line_start);
    std::string piece;
    for (std::size_t i = 0; i < line.size(); ++i) {
      piece += line[i];
      const char c = line[i];
      bool end = false;
      if (c == '!' || c == '?') {
        end = true;
      } else if (c == '.') {
        end = !(i > 0 && is_digit(line[i - 1]) && i + 1 < line.size() && is_digit(line[i + 1])) &&
              !(i + 1 < line.size() && line[i + 1] == '.');
      } else if (line.compare(i, 3, "。") == 0 || line.compare(i, 3, "！") == 0 ||
                 line.compare(i, 3, "？") == 0) {
        piece += line.substr(i + 1, 2);
        i += 2;
        end = true;
      }
      if (end) {
        while (i + 1 < line.size() && (line[i + 1] == '"' || line[i + 1] == ')'))
          piece += line[++i];
        push(piece);
        piece.clear();
      }
    }
    push(piece);
    line_start = line_end + 1;
  }
  return out;
}

}  // namespace nemo::agent
