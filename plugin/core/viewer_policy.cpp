// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/viewer_policy.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "core/prompt_check.hpp"
#include "core/text_match.hpp"

namespace nemo::core {
namespace {

// The next code point of UTF-8 `s` at `i` (advancing i); -1 when the bytes
// there are not UTF-8 (i unchanged).
long next_code_point(std::string_view s, std::size_t &i) {
  const auto c = static_cast<unsigned char>(s[i]);
  int extra = 0;
  long cp = 0;
  if (c < 0x80) {
    ++i;
    return c;
  } else if ((c & 0xE0) == 0xC0) {
    extra = 1;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    extra = 2;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    extra = 3;
    cp = c & 0x07;
  } else {
    return -1;
  }
  if (i + extra >= s.size()) return -1;
  for (int k = 1; k <= extra; ++k) {
    const auto next = static_cast<unsigned char>(s[i + k]);
    if ((next & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (next & 0x3F);
  }
  i += extra + 1;
  return cp;
}

void append_utf8(std::string &out, long cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The prompt as the matcher sees it: full-width ASCII (U+FF01..U+FF5E) and
// the ideographic space folded to ASCII, ASCII lower-cased, runs of white
// space made one space (with drop_spaces, removed). Invalid bytes are kept as they are.
std::string normalize(std::string_view s, bool drop_spaces) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t at = i;
    long cp = next_code_point(s, i);
    if (cp < 0) {
      out += s[at];
      i = at + 1;
      continue;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
    if (cp == 0x3000) cp = ' ';
    if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    const bool space = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r';
    if (space && (drop_spaces || (!out.empty() && out.back() == ' '))) continue;
    append_utf8(out, space ? ' ' : cp);
  }
  return out;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// `word` (lower-case ASCII) at a word start in `lower`; with prefix, any
// ending may follow.
bool has_word(std::string_view lower, std::string_view word, bool prefix) {
  if (!prefix) return text::has_phrase(lower, word);
  for (std::size_t pos = lower.find(word); pos != std::string_view::npos;
       pos = lower.find(word, pos + 1))
    if (pos == 0 || !is_word_char(lower[pos - 1])) return true;
  return false;
}

}  // namespace

const char *viewer_refusal_code(ViewerRefusal refusal) {
  switch (refusal) {
    case ViewerRefusal::None:
      return "";
    case ViewerRefusal::Off:
      return "viewer_requests_off";
    case ViewerRefusal::EmptyPrompt:
      return "viewer_empty_prompt";
    case ViewerRefusal::TooLong:
      return "viewer_prompt_too_long";
    case ViewerRefusal::BlockedWord:
      return "viewer_blocked_word";
    case ViewerRefusal::Cooldown:
      return "viewer_cooldown";
    case ViewerRefusal::TooManyPending:
      return "viewer_too_many_pending";
    case ViewerRefusal::DailyCap:
      return "viewer_daily_cap";
    case ViewerRefusal::NoMedia:
      return "viewer_no_media";
    case ViewerRefusal::Rejected:
      return "viewer_rejected";
  }
  return "";
}

const char *viewer_refusal_key(ViewerRefusal refusal) {
  switch (refusal) {
    case ViewerRefusal::None:
      return "";
    case ViewerRefusal::Off:
      return "Viewer.Refused.Off";
    case ViewerRefusal::EmptyPrompt:
      return "Viewer.Refused.EmptyPrompt";
    case ViewerRefusal::TooLong:
      return "Viewer.Refused.TooLong";
    case ViewerRefusal::BlockedWord:
      return "Viewer.Refused.BlockedWord";
    case ViewerRefusal::Cooldown:
      return "Viewer.Refused.Cooldown";
    case ViewerRefusal::TooManyPending:
      return "Viewer.Refused.TooManyPending";
    case ViewerRefusal::DailyCap:
      return "Viewer.Refused.DailyCap";
    case ViewerRefusal::NoMedia:
      return "Viewer.Refused.NoMedia";
    case ViewerRefusal::Rejected:
      return "Viewer.Refused.Rejected";
  }
  return "";
}

std::vector<std::string> parse_word_list(std::string_view text) {
  // Separators: , ; new lines, and the Chinese comma "，" (U+FF0C), "、"
  // (U+3001) and "；" (U+FF1B), all turned into '\n' first.
  std::string flat;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t at = i;
    const long cp = next_code_point(text, i);
    if (cp < 0) {
      i = at + 1;  // not UTF-8: dropped
      continue;
    }
    if (cp == ',' || cp == ';' || cp == '\r' || cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1B)
      flat += '\n';
    else
      flat.append(text.substr(at, i - at));
  }
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start <= flat.size()) {
    std::size_t end = flat.find('\n', start);
    if (end == std::string::npos) end = flat.size();
    std::string word =
        normalize(text::trim(std::string_view(flat).substr(start, end - start)), false);
    if (!is_ascii(word)) word = normalize(word, true);
    if (!word.empty() && word != "*" && std::find(words.begin(), words.end(), word) == words.end())
      words.push_back(word);
    start = end + 1;
  }
  return words;
}

std::string find_blocked_word(std::string_view prompt, const std::vector<std::string> &words) {
  const std::string spaced = normalize(prompt, false);
  const std::string packed = normalize(prompt, true);
  for (const std::string &word : words) {
    const bool prefix = word.size() > 1 && word.back() == '*';
    const std::string_view w = prefix ? std::string_view(word).substr(0, word.size() - 1) : word;
    if (w.empty()) continue;
    const bool found = is_ascii(w) ? has_word(spaced, w, prefix) : text::contains(packed, w);
    if (found) return word;
  }
  return {};
}

std::size_t utf8_chars(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    const std::size_t at = i;
    if (next_code_point(text, i) < 0) i = at + 1;
  }
  return count;
}

ViewerGate::Decision ViewerGate::check(const ViewerLimits &limits, const std::string &requester,
                                       std::string_view prompt, int pending, Clock::time_point now,
                                       const std::string &today) const {
  Decision d;
  const bool too_long =
      limits.max_chars > 0 && utf8_chars(prompt) > static_cast<std::size_t>(limits.max_chars);
  if (too_long || check_prompt(prompt)) {
    d.refusal = too_long || check_prompt(prompt).key == "Error.PromptTooLong"
                    ? ViewerRefusal::TooLong
                    : ViewerRefusal::EmptyPrompt;
    return d;
  }
  d.word = find_blocked_word(prompt, limits.blocked_words);
  if (!d.word.empty()) {
    d.refusal = ViewerRefusal::BlockedWord;
    return d;
  }
  if (limits.cooldown_s > 0) {
    const auto it = last_.find(requester);
    if (it != last_.end()) {
      const auto since = std::chrono::duration_cast<std::chrono::seconds>(now - it->second).count();
      if (since < limits.cooldown_s) {
        d.refusal = ViewerRefusal::Cooldown;
        d.retry_after_s = static_cast<int>(limits.cooldown_s - since);
        return d;
      }
    }
  }
  if (limits.max_pending > 0 && pending >= limits.max_pending) {
    d.refusal = ViewerRefusal::TooManyPending;
    return d;
  }
  if (cap_reached(limits, today)) d.refusal = ViewerRefusal::DailyCap;
  return d;
}

void ViewerGate::taken(const std::string &requester, Clock::time_point now) {
  // Forget requesters whose last request is a day old: the map stays small
  // over a long stream (no cooldown is longer than that).
  for (auto it = last_.begin(); it != last_.end();)
    it = now - it->second > std::chrono::hours(24) ? last_.erase(it) : std::next(it);
  last_[requester] = now;
}

bool ViewerGate::cap_reached(const ViewerLimits &limits, const std::string &today) const {
  return limits.daily_credits > 0 && spent(today) >= limits.daily_credits;
}

void ViewerGate::spend(double credits, const std::string &today) {
  if (day_ != today) {
    day_ = today;
    spent_ = 0;
  }
  if (credits > 0) spent_ += credits;
}

double ViewerGate::spent(const std::string &today) const {
  return day_ == today ? spent_ : 0;
}

void ViewerGate::restore(const std::string &day, double credits) {
  day_ = day;
  spent_ = credits > 0 ? credits : 0;
}

std::string viewer_key(const std::string &platform, const std::string &id,
                       const std::string &name) {
  return text::ascii_lower(platform) + ":" + (id.empty() ? text::ascii_lower(name) : id);
}

std::string wait_text(int seconds) {
  if (seconds < 0) seconds = 0;
  char buf[32];
  if (seconds >= 3600)
    std::snprintf(buf, sizeof buf, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  else
    std::snprintf(buf, sizeof buf, "%d:%02d", seconds / 60, seconds % 60);
  return buf;
}

}  // namespace nemo::core
