// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/prompt_parser.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>

#include "agent/text.hpp"

namespace nemo::agent {
namespace {

using text::ascii_lower;
using text::trim;

constexpr std::size_t npos = std::string::npos;
constexpr std::size_t kMaxPromptBytes = 64 * 1024;  // longer prompts are cut (never an error)

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool one_of(std::string_view w, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// --- English words ----------------------------------------------------------

struct Token {
  std::string w;
  std::size_t pos = 0;
  bool brk = false;  // a clause break (punctuation, a line end or non-ASCII text) before it
};

class Words {
 public:
  explicit Words(std::string_view lower) {
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
        tokens_.push_back(std::move(t));
        brk = false;
        continue;
      }
      if (lower.substr(i, 3) == "\xEF\xBC\x85") {
        tokens_.push_back(Token{"%", i, brk});
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
  }

  std::size_t size() const { return tokens_.size(); }
  const std::string &at(std::size_t i) const {
    static const std::string empty;
    return i < tokens_.size() ? tokens_[i].w : empty;
  }
  const Token &token(std::size_t i) const { return tokens_[i]; }
  // `at(i)` when it is in the same clause as token `from`, else "".
  const std::string &near(std::size_t from, std::size_t i) const {
    static const std::string empty;
    if (i >= tokens_.size()) return empty;
    for (std::size_t k = std::min(from, i) + 1; k <= std::max(from, i); ++k) {
      if (tokens_[k].brk) return empty;
    }
    return tokens_[i].w;
  }

  // Token indices where the words of `phrase` (single spaces) start.
  std::vector<std::size_t> find(std::string_view phrase) const {
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
  bool has(std::string_view phrase) const { return !find(phrase).empty(); }
  bool any(std::initializer_list<std::string_view> phrases) const {
    for (const auto p : phrases) {
      if (has(p)) return true;
    }
    return false;
  }
  // A positive (not negated) mention of any of `phrases`.
  bool any_positive(std::initializer_list<std::string_view> phrases) const {
    for (const auto p : phrases) {
      for (const std::size_t i : find(p)) {
        if (!negated(i)) return true;
      }
    }
    return false;
  }
  bool any_negated(std::initializer_list<std::string_view> phrases) const {
    for (const auto p : phrases) {
      for (const std::size_t i : find(p)) {
        if (negated(i)) return true;
      }
    }
    return false;
  }
  // Position (byte offset) of the last positive mention of any of `phrases`, or npos.
  std::size_t last_positive(std::initializer_list<std::string_view> phrases) const {
    std::size_t best = npos;
    for (const auto p : phrases) {
      for (const std::size_t i : find(p)) {
        if (!negated(i) && (best == npos || tokens_[i].pos > best)) best = tokens_[i].pos;
      }
    }
    return best;
  }

  // "no music", "remove the title", "without any transitions", "music off".
  bool negated(std::size_t i) const {
    if (i >= tokens_.size()) return false;
    if (i + 1 < tokens_.size() && !tokens_[i + 1].brk && tokens_[i + 1].w == "off") return true;
    for (std::size_t back = 1; back <= 4 && back <= i; ++back) {
      const std::size_t j = i - back;
      if (tokens_[j + 1].brk) break;
      const std::string &w = tokens_[j].w;
      if (one_of(w, {"and", "but", "then", "also", "plus", "with", "add", "use", "keep", "instead",
                     "into", "make"})) {
        break;
      }
      if (one_of(w, {"no",    "not",     "without", "remove", "removing", "delete", "drop",  "dont",
                     "don't", "disable", "lose",    "skip",   "ditch",    "kill",   "strip", "rid",
                     "mute",  "none",    "stop",    "never",  "cut",      "exclude"})) {
        return true;
      }
    }
    return false;
  }

 private:
  std::vector<Token> tokens_;
};

// --- numbers ----------------------------------------------------------------

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

// Leading decimal number of `w` ("30", "0.5", "1.5min"); `rest` gets what follows it.
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

enum class Unit { None, Second, Minute };
Unit unit_of(std::string_view w) {
  if (one_of(w, {"s", "sec", "secs", "second", "seconds", "second's"})) return Unit::Second;
  if (one_of(w, {"min", "mins", "minute", "minutes"})) return Unit::Minute;
  return Unit::None;
}

struct Mention {
  std::int64_t ms = 0;
  std::size_t first = 0, last = 0;  // token range
};

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

// --- Chinese ----------------------------------------------------------------

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

// A number at s[i] in ASCII digits or Chinese numerals; `len` its byte length.
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

bool near_before(std::string_view s, std::size_t pos, std::size_t bytes, std::string_view what) {
  const std::size_t b = pos > bytes ? pos - bytes : 0;
  return s.substr(b, pos - b).find(what) != npos;
}
bool near_after(std::string_view s, std::size_t pos, std::size_t bytes, std::string_view what) {
  return s.substr(pos, bytes).find(what) != npos;
}

struct CjkMention {
  std::int64_t ms;
  std::size_t begin, end;
};

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

bool chinese_negated(std::string_view s, std::size_t pos) {
  for (const std::string_view n : {"不要", "去掉", "删除", "删掉", "移除", "取消", "关掉", "关闭",
                                   "没有", "不用", "不需要", "别", "去除", "拿掉", "无"}) {
    if (near_before(s, pos, 12, n)) return true;
  }
  return false;
}

struct CjkHit {
  bool positive = false, negative = false;
};
CjkHit chinese_find(std::string_view s, std::initializer_list<std::string_view> words) {
  CjkHit hit;
  for (const auto w : words) {
    for (std::size_t p = s.find(w); p != npos; p = s.find(w, p + w.size())) {
      (chinese_negated(s, p) ? hit.negative : hit.positive) = true;
    }
  }
  return hit;
}
bool contains(std::string_view s, std::initializer_list<std::string_view> words) {
  for (const auto w : words) {
    if (s.find(w) != npos) return true;
  }
  return false;
}

// --- script and quotes ------------------------------------------------------

bool has_script_word(std::string_view lower) {
  const Words w(lower);
  return w.any({"script", "caption", "captions", "subtitle", "subtitles", "text", "lines", "words",
                "story", "narrative"}) ||
         contains(lower, {"脚本", "文案", "字幕", "台词"});
}
bool has_video_word(std::string_view lower) {
  const Words w(lower);
  return w.any({"video", "slideshow", "clip", "promo", "reel", "movie", "film"}) ||
         contains(lower, {"视频", "短片", "影片"});
}

// Splits `raw` into the instruction and the script (captions) it carries.
void split_instruction(const std::string &raw, std::string &instruction, std::string &script) {
  instruction = raw;
  script.clear();
  const std::string lower = ascii_lower(raw);
  // 1. An explicit marker.
  std::size_t best = npos, best_len = 0;
  for (const std::string_view m :
       {"script:", "script：", "captions:", "captions：", "subtitles:", "subtitles：",
        "caption:", "subtitle:", "lines:", "脚本：", "脚本:", "文案：", "文案:", "字幕：",
        "字幕:", "台词：", "台词:"}) {
    const std::size_t p = lower.find(m);
    if (p != npos && p < best) {
      best = p;
      best_len = m.size();
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
    if (one_of(last, {"title", "titled", "called", "named"}) ||
        (pre_trim.size() >= 6 && pre_trim.substr(pre_trim.size() - 6) == "标题")) {
      return;  // "title: Summer" is a title
    }
    if (!post.empty() && (has_script_word(pre) || has_video_word(pre))) {
      instruction = raw.substr(0, i);
      script = post;
    }
    return;
  }
}

struct Quote {
  std::size_t begin, end;  // the whole quote, marks included
  std::string inner;
};

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

// --- unsupported asks ---------------------------------------------------------

void find_unsupported(const Words &w, std::string_view raw, AgentRequest &r) {
  auto add = [&](std::string code, std::string what) {
    for (const auto &u : r.unsupported) {
      if (u.code == code) return;
    }
    r.unsupported.push_back(UnsupportedAsk{std::move(code), std::move(what)});
  };
  struct Resolution {
    std::string_view word, shown;
  };
  for (const Resolution &res :
       {Resolution{"4k", "4K"}, Resolution{"2160p", "2160p"}, Resolution{"1440p", "1440p"},
        Resolution{"2k", "2K"}, Resolution{"8k", "8K"}, Resolution{"5k", "5K"},
        Resolution{"uhd", "UHD"}, Resolution{"ultra hd", "ultra HD"}}) {
    if (w.has(res.word)) add("resolution", std::string(res.shown));
  }
  if (w.any({"voice over", "voiceover", "narration", "narrator", "text to speech", "tts",
             "ai voice", "read it aloud", "read aloud", "lip sync", "lipsync", "dubbing"}) ||
      contains(raw, {"配音", "旁白", "朗读"})) {
    add("voice", "voice-over");
  }
  if (w.any({"weather", "make it rain", "rain", "snow", "sunny", "the sky", "daytime", "night time",
             "nighttime", "green screen", "greenscreen"}) ||
      contains(raw, {"天气", "下雨", "下雪", "天空", "抠图", "换背景", "背景换"})) {
    add("scene", "the weather, sky or scenery");
  }
  for (const std::size_t i : w.find("background")) {
    const std::string &next = w.near(i, i + 1);
    if (one_of(next, {"music", "track", "song", "audio", "sound", "tune"})) continue;
    bool edit = false;
    for (std::size_t back = 1; back <= 3 && back <= i; ++back) {
      if (one_of(w.near(i, i - back), {"remove", "change", "replace", "swap", "erase", "delete"}))
        edit = true;
    }
    if (edit) add("scene", "the background");
  }
  if (w.any({"anime", "cartoon", "ghibli", "style transfer", "oil painting", "watercolor", "sketch",
             "pixar", "3d style", "filter", "filters", "color grade", "colour grade",
             "color grading", "sepia", "black and white", "vintage", "lut"}) ||
      contains(raw, {"卡通", "动漫", "滤镜", "调色", "风格化", "黑白"})) {
    add("style", "a visual style or filter");
  }
  if (w.any({"slow motion", "slow mo", "slo mo", "slowmo", "reverse", "reversed", "rewind",
             "speed ramp", "time lapse", "timelapse", "hyperlapse"}) ||
      contains(raw, {"慢动作", "倒放", "快进"})) {
    add("speed", "slow motion or reversed playback");
  }
  if (w.any({"upscale", "upscaling", "enhance", "sharpen", "denoise", "stabilize", "stabilise",
             "restore", "remove noise"}) ||
      contains(raw, {"画质增强", "超分", "防抖", "降噪"})) {
    add("enhance", "enhance or upscale");
  }
  if (w.any({"logo", "sticker", "stickers", "emoji", "emojis", "watermark", "gif overlay",
             "lower third"}) ||
      contains(raw, {"贴纸", "水印", "表情"})) {
    add("overlay", "logos, stickers or emoji");
  }
  if (w.any({"transcribe", "auto captions", "auto subtitles", "automatic captions",
             "automatic subtitles", "speech to text", "generate captions", "generate subtitles"}) ||
      contains(raw, {"识别字幕", "自动字幕", "语音识别"})) {
    add("speech", "automatic captions from speech");
  }
  if (w.any({"compose", "generate music", "generate a song", "create music", "write a song",
             "make music", "ai music"}) ||
      contains(raw, {"生成音乐", "作曲"})) {
    add("music_gen", "music generation");
  }
  if (w.any({"face swap", "faceswap", "deepfake", "swap faces", "change the face", "avatar",
             "talking head"}) ||
      contains(raw, {"换脸", "数字人"})) {
    add("object", "face swap or avatars");
  }
  // "add a dragon": anything added that is not one of the things the agent can add.
  static const std::initializer_list<std::string_view> addable = {
      "title",      "titles",     "caption",     "captions",   "subtitle", "subtitles", "text",
      "music",      "song",       "songs",       "soundtrack", "bgm",      "audio",     "sound",
      "background", "transition", "transitions", "fade",       "fades",    "fading",    "crossfade",
      "crossfades", "cross",      "dissolve",    "dissolves",  "wipe",     "wipes",     "slide",
      "slides",     "zoom",       "zooms",       "pan",        "pans",     "panning",   "motion",
      "movement",   "animation",  "animations",  "ken",        "kenburns", "photo",     "photos",
      "picture",    "pictures",   "image",       "images",     "pic",      "pics",      "clip",
      "clips",      "video",      "videos",      "file",       "files",    "media",     "more",
      "my",         "the",        "this",        "these",      "those",    "it",        "them",
      "all",        "new",        "other",       "remaining",  "rest",     "few",       "little",
      "bit",        "blur",       "blurred",     "border",     "borders",  "black",     "bars",
      "letterbox",  "padding",    "effect",      "effects",    "some",     "smooth",    "gentle",
      "subtle",     "slow",       "fast",        "quick",      "short",    "long",      "nice",
      "cool",       "simple",     "your",        "our",        "one",      "second",    "seconds",
      "to",         "in",         "on",          "at",         "a",        "an",        "title's",
      "script",     "captions'",  "intro",       "outro",      "ending",   "end",       "beginning",
      "start",      "extra",      "another",     "back",       "volume"};
  for (const std::string_view verb : {"add", "insert", "include", "put", "place", "draw", "show"}) {
    for (const std::size_t i : w.find(verb)) {
      std::size_t k = i + 1;
      std::string article;
      if (one_of(w.near(i, k), {"a", "an", "some", "the"})) {
        article = w.at(k);
        ++k;
      }
      const std::string &object = w.near(i, k);
      if (object.empty() || one_of(object, addable) ||
          std::isdigit(static_cast<unsigned char>(object[0]))) {
        continue;
      }
      if (one_of(verb, {"include", "show", "put", "place"}) && article.empty()) continue;
      add("object", (article.empty() ? "" : article + " ") + object);
    }
  }
  for (const std::string_view verb :
       {"加一个", "加一只", "加一条", "加一些", "添加一个", "添加一只", "添加一条", "加个", "加只",
        "加条", "加上一个", "加上一只"}) {
    const std::size_t p = raw.find(verb);
    if (p == npos) continue;
    const std::string after = text::utf8_truncate(raw.substr(p + verb.size()), 4);
    if (contains(after, {"标题", "字幕", "音乐", "配乐", "转场", "照片", "图片", "视频", "文字",
                         "动画", "歌"})) {
      continue;
    }
    std::string what;
    for (std::size_t q = 0; q < after.size();) {  // up to the first punctuation
      const std::size_t len = (static_cast<unsigned char>(after[q]) >= 0xE0) ? 3 : 1;
      const std::string g = after.substr(q, len);
      if (g == "，" || g == "。" || g == "！" || g == "？" || g == "," || g == "." || g == " ")
        break;
      what += g;
      q += len;
    }
    if (!what.empty()) add("object", what);
  }
  if (contains(raw, {"龙"}) && r.unsupported.empty()) add("object", "龙");
}

// --- the parser -------------------------------------------------------------

void parse_lengths(const Words &w, std::string_view raw, AgentRequest &r) {
  static const std::initializer_list<std::string_view> transition_words = {
      "transition", "transitions", "fade",  "fades", "dissolve",
      "dissolves",  "wipe",        "wipes", "slide", "slides",
      "crossfade",  "crossfades",  "cross", "zooms", "cuts"};
  static const std::initializer_list<std::string_view> picture_words = {
      "photo", "photos", "picture", "pictures", "image", "images",
      "pic",   "pics",   "slide",   "clip",     "shot"};
  for (const Mention &m : english_durations(w)) {
    std::size_t k = m.last + 1;
    if (one_of(w.near(m.last, k), {"long", "of"})) ++k;
    const std::string &n1 = w.near(m.last, k);
    const std::string &n2 = w.near(m.last, k + 1);
    std::vector<std::string> prev;
    for (std::size_t back = 1; back <= 5 && back <= m.first; ++back) {
      const std::string &p = w.near(m.first, m.first - back);
      if (p.empty()) break;
      prev.push_back(p);
    }
    const auto prev_has = [&](std::initializer_list<std::string_view> list) {
      return std::any_of(prev.begin(), prev.end(),
                         [&](const std::string &p) { return one_of(p, list); });
    };
    if (one_of(n1, {"fade", "fades", "fading"}) && n2 == "in") {
      r.music_fade_in_ms = m.ms;
    } else if (one_of(n1, {"fade", "fades", "fading"}) && n2 == "out") {
      r.music_fade_out_ms = m.ms;
    } else if (one_of(n1, transition_words)) {
      r.transition_ms = m.ms;
    } else if (one_of(n1, {"per", "each", "every"}) ||
               (n1 == "for" && one_of(n2, {"each", "every"})) ||
               (n1 == "a" && one_of(n2, picture_words))) {
      r.per_item_ms = m.ms;
    } else if (prev_has({"fade", "fades", "fading"}) && prev_has({"out"})) {
      r.music_fade_out_ms = m.ms;
    } else if (prev_has({"fade", "fades", "fading"}) && prev_has({"in"})) {
      r.music_fade_in_ms = m.ms;
    } else if (prev_has(transition_words)) {
      r.transition_ms = m.ms;
    } else if (prev_has({"each", "every", "per"}) && prev_has(picture_words)) {
      r.per_item_ms = m.ms;
    } else if (!r.duration_ms) {
      r.duration_ms = m.ms;
    }
  }
  for (const CjkMention &m : chinese_durations(raw)) {
    if (near_after(raw, m.end, 15, "淡入淡出") || near_after(raw, m.end, 15, "转场") ||
        near_before(raw, m.begin, 12, "转场")) {
      r.transition_ms = m.ms;
    } else if (near_before(raw, m.begin, 9, "每")) {
      r.per_item_ms = m.ms;
    } else if (near_after(raw, m.end, 12, "淡出") || near_before(raw, m.begin, 12, "淡出")) {
      r.music_fade_out_ms = m.ms;
    } else if (near_after(raw, m.end, 12, "淡入") || near_before(raw, m.begin, 12, "淡入")) {
      r.music_fade_in_ms = m.ms;
    } else if (!r.duration_ms) {
      r.duration_ms = m.ms;
    }
  }
}

void parse_volume(const Words &w, std::string_view raw, AgentRequest &r) {
  const bool music_context =
      w.any({"music", "bgm", "song", "soundtrack", "volume", "audio", "track"}) ||
      contains(raw, {"音乐", "配乐", "音量", "bgm", "歌"});
  for (std::size_t i = 0; i < w.size(); ++i) {
    std::string_view rest;
    auto v = leading_number(w.at(i), rest);
    if (!v) continue;
    if (!(rest == "%" || (rest.empty() && one_of(w.near(i, i + 1), {"%", "percent"})))) continue;
    bool clip = false;
    for (std::size_t back = 1; back <= 5 && back <= i; ++back) {
      if (one_of(w.near(i, i - back), {"clip", "clips", "original", "videos", "voice", "voices",
                                       "clip's", "clips'", "video's"})) {
        clip = true;
      }
    }
    for (std::size_t fwd = 1; fwd <= 3; ++fwd) {
      if (one_of(w.near(i, i + fwd), {"clip", "clips", "original", "videos", "voice", "voices"}))
        clip = true;
    }
    const std::size_t pos = w.token(i).pos;
    if (near_before(raw, pos, 18, "原声")) clip = true;
    const double volume = std::clamp(*v / 100.0, 0.0, 2.0);
    if (clip) {
      r.clip_volume = volume;
    } else if (music_context) {
      r.music_volume = volume;
    }
  }
  const std::size_t p = raw.find("百分之");
  if (p != npos) {
    std::size_t len = 0;
    if (auto v = number_at(raw, p + 9, len)) {
      const double volume = std::clamp(*v / 100.0, 0.0, 2.0);
      if (near_before(raw, p, 18, "原声")) {
        r.clip_volume = volume;
      } else {
        r.music_volume = volume;
      }
    }
  }
  const bool music_words = music_context;
  if (w.any({"quieter", "softer", "less loud", "too loud"}) ||
      (music_words && w.any({"lower", "turn down", "reduce", "decrease", "lower the"})) ||
      contains(raw, {"小声", "小一点", "调低", "降低", "轻一点", "小点"})) {
    r.music_volume_step = -1;
  } else if (w.any({"louder"}) ||
             (music_words && w.any({"turn up", "raise", "increase", "boost", "more music"})) ||
             contains(raw, {"大声", "调高", "提高", "大一点", "响一点"})) {
    r.music_volume_step = +1;
  }
}

}  // namespace

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

AgentRequest parse_prompt(std::string_view prompt_bytes) {
  AgentRequest r;
  const std::string raw_all =
      text::utf8_sanitize(prompt_bytes.substr(0, std::min(prompt_bytes.size(), kMaxPromptBytes)));
  r.chinese = text::has_cjk(raw_all);

  std::string instruction, script;
  split_instruction(raw_all, instruction, script);
  if (!script.empty()) {
    r.captions = split_script(script);
  }

  // Quoted text: the title (or a caption when it follows "caption"); blanked
  // out of the instruction so that its words are not read as requests.
  std::string raw = instruction;
  for (const Quote &q : find_quotes(instruction)) {
    const Words before(ascii_lower(instruction.substr(0, q.begin)));
    bool caption = false;
    for (std::size_t back = 1; back <= 3 && back <= before.size(); ++back) {
      if (one_of(before.at(before.size() - back), {"caption", "captions", "subtitle", "subtitles"}))
        caption = true;
    }
    if (near_before(instruction, q.begin, 9, "字幕")) caption = true;
    const std::string t = clean_text(q.inner, 100);
    if (!t.empty()) {
      if (caption) {
        if (r.captions.size() < 60) r.captions.push_back(t);
      } else if (!r.title) {
        r.title = t;
      }
    }
    std::fill(raw.begin() + static_cast<std::ptrdiff_t>(q.begin),
              raw.begin() + static_cast<std::ptrdiff_t>(q.end), ' ');
  }
  const std::string lower = ascii_lower(raw);
  std::string norm = lower;
  std::replace(norm.begin(), norm.end(), '-', ' ');
  std::replace(norm.begin(), norm.end(), '_', ' ');
  const Words w(norm);

  // Creation and scope.
  r.create = w.any({"turn these",  "turn my", "turn them", "turn all",     "convert these",
                    "convert my",  "create",  "generate",  "build",        "make a",
                    "make an",     "make me", "make my",   "put together", "slideshow",
                    "slide show",  "into a",  "into an",   "into one",     "into video",
                    "into videos", "redo",    "rebuild",   "start over",   "from scratch",
                    "new video",   "compile"}) ||
             contains(raw, {"做成", "制作", "生成", "转成", "变成", "做一个", "做个", "创建",
                            "重新做", "合成"});
  r.single_picture = (w.any({"this image", "this photo", "this picture", "this pic", "this shot",
                             "the image", "the photo", "the picture", "this product photo"}) ||
                      contains(raw, {"这张"})) &&
                     !w.any({"these", "photos", "images", "pictures", "all"});
  r.add_media = w.any({"add the new", "add new", "add more", "add the other", "add the rest",
                       "add these", "add those", "add them", "include the new", "include all",
                       "use all", "add the remaining", "add my other"}) ||
                contains(raw, {"加上新", "添加新", "加入新"});
  for (const std::string_view kind : {"photos", "pictures", "images", "clips", "videos", "photo",
                                      "picture", "image", "clip", "video"}) {
    for (const std::size_t i : w.find(kind)) {
      if (i >= 1 && one_of(w.near(i, i - 1), {"add", "include"})) r.add_media = true;
    }
  }

  parse_lengths(w, raw, r);
  if (w.any({"shorter", "shorten"}) || contains(raw, {"短一点", "缩短", "短一些"}))
    r.length_step = -1;
  if (w.any({"longer", "lengthen", "extend"}) ||
      contains(raw, {"长一点", "加长", "延长", "长一些"})) {
    r.length_step = +1;
  }

  // Canvas.
  struct AspectWord {
    std::size_t pos;
    AspectRequest aspect;
  };
  std::vector<AspectWord> aspects;
  const auto add_aspect = [&](std::size_t pos, AspectRequest a) {
    if (pos != npos) aspects.push_back(AspectWord{pos, a});
  };
  static const std::initializer_list<std::string_view> photo_nouns = {
      "photo", "photos", "picture", "pictures", "image", "images", "shot", "shots", "pics"};
  for (const std::size_t i : w.find("portrait")) {
    if (!one_of(w.near(i, i + 1), photo_nouns) && !w.negated(i))
      add_aspect(w.token(i).pos, AspectRequest::Portrait);
  }
  for (const std::size_t i : w.find("landscape")) {
    if (!one_of(w.near(i, i + 1), photo_nouns) && !w.negated(i))
      add_aspect(w.token(i).pos, AspectRequest::Landscape);
  }
  add_aspect(w.last_positive({"vertical", "tiktok", "reels", "reel", "shorts", "instagram story",
                              "stories", "douyin", "upright"}),
             AspectRequest::Portrait);
  add_aspect(w.last_positive({"square", "squared"}), AspectRequest::Square);
  add_aspect(w.last_positive({"horizontal", "widescreen", "wide screen", "youtube"}),
             AspectRequest::Landscape);
  struct Ratio {
    std::string_view text;
    AspectRequest aspect;
  };
  for (const Ratio &ratio :
       {Ratio{"9:16", AspectRequest::Portrait}, Ratio{"16:9", AspectRequest::Landscape},
        Ratio{"1:1", AspectRequest::Square}, Ratio{"4:3", AspectRequest::Classic},
        Ratio{"3:4", AspectRequest::Tall}, Ratio{"4:5", AspectRequest::Feed},
        Ratio{"9：16", AspectRequest::Portrait}, Ratio{"16：9", AspectRequest::Landscape},
        Ratio{"1：1", AspectRequest::Square}}) {
    for (std::size_t p = lower.find(ratio.text); p != npos; p = lower.find(ratio.text, p + 1)) {
      const std::size_t e = p + ratio.text.size();
      if ((p > 0 && is_digit(lower[p - 1])) || (e < lower.size() && is_digit(lower[e]))) continue;
      add_aspect(p, ratio.aspect);
    }
  }
  for (const std::string_view zh : {"竖屏", "竖版", "竖向", "竖的", "抖音"})
    add_aspect(raw.rfind(zh), AspectRequest::Portrait);
  for (const std::string_view zh : {"横屏", "横版", "横向", "横的"})
    add_aspect(raw.rfind(zh), AspectRequest::Landscape);
  for (const std::string_view zh : {"正方形", "方形", "方屏"})
    add_aspect(raw.rfind(zh), AspectRequest::Square);
  if (!aspects.empty()) {
    const auto last =
        std::max_element(aspects.begin(), aspects.end(),
                         [](const AspectWord &a, const AspectWord &b) { return a.pos < b.pos; });
    r.aspect = last->aspect;
  }
  if (w.any({"720p", "720"}) && !w.any({"1080p"})) r.resolution = 720;
  if (w.any({"1080p", "full hd", "fullhd", "fhd"})) r.resolution = 1080;
  for (std::size_t i = 0; i < w.size(); ++i) {
    std::string_view rest;
    auto v = leading_number(w.at(i), rest);
    if (!v) continue;
    if (rest == "fps" || (rest.empty() && one_of(w.near(i, i + 1), {"fps", "frames"}))) {
      if (*v > 60) {
        r.unsupported.push_back(
            UnsupportedAsk{"fps", text::seconds(static_cast<std::int64_t>(*v * 1000)) + " fps"});
      } else if (*v >= 10) {
        r.fps = static_cast<int>(std::lround(*v));
      }
    }
  }

  // Transitions.
  static const std::initializer_list<std::string_view> transition_nouns = {"transition",
                                                                           "transitions"};
  r.transitions_mentioned = w.any(transition_nouns) || contains(raw, {"转场", "过渡"});
  {
    struct Kind {
      std::size_t pos;
      std::string type;
    };
    std::vector<Kind> kinds;
    const auto note = [&](std::size_t pos, const char *type) {
      if (pos != npos) kinds.push_back(Kind{pos, type});
    };
    for (const std::string_view f : {"fade", "fades"}) {
      for (const std::size_t i : w.find(f)) {
        const std::string &next = w.near(i, i + 1);
        if (one_of(next, {"in", "out", "away"}) || w.negated(i)) continue;
        if (i >= 1 && one_of(w.near(i, i - 1), {"music", "song", "audio"})) continue;
        note(w.token(i).pos, "fade");
      }
    }
    note(w.last_positive({"crossfade", "crossfades", "cross fade", "cross fades", "dissolve",
                          "dissolves", "cross dissolve"}),
         "dissolve");
    note(w.last_positive({"wipe", "wipes", "wiping"}), "wipe");
    note(
        w.last_positive({"slide transition", "slide transitions", "slide", "sliding", "slides in"}),
        "slide");
    note(w.last_positive({"zoom transition", "zoom transitions", "zoom between"}), "zoom");
    note(w.last_positive({"hard cut", "hard cuts", "straight cuts", "jump cuts", "simple cuts",
                          "just cuts", "quick cuts", "fast cuts"}),
         "none");
    if (w.any_negated({"transition", "transitions", "fade", "fades", "dissolves", "wipes"}))
      note(0, "none");
    const auto zh = [&](std::initializer_list<std::string_view> list, const char *type) {
      for (const auto word : list) {
        const std::size_t p = raw.rfind(word);
        if (p != npos && !chinese_negated(raw, p)) note(p, type);
      }
    };
    zh({"淡入淡出", "渐隐", "渐变"}, "fade");
    zh({"叠化", "溶解", "交叉淡化"}, "dissolve");
    zh({"擦除", "划像"}, "wipe");
    zh({"滑动", "推移"}, "slide");
    zh({"缩放转场"}, "zoom");
    if (chinese_find(raw, {"转场", "过渡"}).negative || contains(raw, {"硬切", "直接切"}))
      note(0, "none");
    if (!kinds.empty()) {
      // A negation ("no transitions") wins; otherwise the last mentioned type.
      const bool none =
          std::any_of(kinds.begin(), kinds.end(), [](const Kind &k) { return k.type == "none"; });
      r.transition =
          none ? std::string("none")
               : std::max_element(kinds.begin(), kinds.end(), [](const Kind &a, const Kind &b) {
                   return a.pos < b.pos;
                 })->type;
    }
  }
  if (w.any({"smooth", "smoothly", "smoother"}) || contains(raw, {"流畅", "平滑", "顺滑"})) {
    if (!r.transition) r.transition = "dissolve";
    r.transitions_mentioned = true;
  }

  // Pace.
  const bool slow_motion =
      w.any({"slow motion", "slow mo", "slo mo", "slowmo"}) || contains(raw, {"慢动作"});
  // "zoom out slowly" is about the motion, not the pace: such words next to a motion word
  // set its strength instead.
  const auto pace_word = [&](std::initializer_list<std::string_view> words, bool &near_motion) {
    bool pace = false;
    for (const auto word : words) {
      for (const std::size_t i : w.find(word)) {
        if (w.negated(i)) continue;
        bool motion_near = false;
        for (std::size_t k = (i >= 2 ? i - 2 : 0); k <= i + 2; ++k) {
          if (k != i &&
              one_of(w.near(i, k), {"zoom", "zooms", "zooming", "pan", "pans", "panning", "motion",
                                    "move", "moves", "moving", "movement", "camera"})) {
            motion_near = true;
          }
        }
        (motion_near ? near_motion : pace) = true;
      }
    }
    return pace;
  };
  bool slow_motion_word = false, fast_motion_word = false;
  const bool slow_pace = pace_word(
      {"slow", "slower", "slowly", "calm", "calmer", "relaxed", "leisurely"}, slow_motion_word);
  const bool fast_pace = pace_word({"fast", "faster", "quick", "quicker", "quickly", "snappy",
                                    "energetic", "upbeat", "punchy", "rapid"},
                                   fast_motion_word);
  if (!slow_motion &&
      (slow_pace || w.any_positive({"slow paced", "slow down"}) ||
       contains(raw, {"慢一点", "慢节奏", "更慢", "放慢", "慢速", "舒缓", "慢一些", "慢些"}))) {
    r.pace = "slow";
  } else if (fast_pace || w.any_positive({"speed up", "dynamic pace"}) ||
             contains(raw,
                      {"快一点", "快节奏", "更快", "加快", "快速", "快一些", "快些", "节奏快"})) {
    r.pace = "fast";
  } else if (w.any({"normal pace", "normal speed", "medium pace", "normal pacing"}) ||
             contains(raw, {"正常节奏"})) {
    r.pace = "normal";
  }

  // Motion.
  {
    std::optional<std::string> motion;
    const auto set = [&](const char *m) { motion = m; };
    if (w.any_positive({"animate", "animated", "animation", "in motion", "motion", "moving",
                        "movement", "bring to life", "bring it to life", "bring them to life",
                        "come alive", "comes alive", "come to life", "dynamic", "alive"}) ||
        contains(raw, {"动起来", "动画", "动态", "活起来", "运动", "动感"})) {
      set("animate");
    }
    if (w.any_positive({"ken burns", "kenburns"})) set("kenburns");
    if (w.any_positive({"zoom in", "zoom into", "zooming in", "zooms in", "push in", "zoom"}) ||
        contains(raw, {"推近", "放大", "拉近"})) {
      if (!w.any({"zoom transition", "zoom transitions", "zoom between", "zoom out", "zooming out",
                  "zooms out"})) {
        set("zoom_in");
      }
    }
    if (w.any_positive({"zoom out", "zooming out", "zooms out", "pull out", "pull back"}) ||
        contains(raw, {"拉远", "缩小"})) {
      set("zoom_out");
    }
    struct Pan {
      const char *type;
      std::initializer_list<std::string_view> en;
      std::initializer_list<std::string_view> zh;
    };
    // The generic "pan" (to the right) comes last so that "pan up" is not read as it.
    for (const Pan &pan :
         {Pan{"pan_left",
              {"pan left", "pan to the left", "panning left", "pans left"},
              {"向左平移", "左移", "向左移动", "向左"}},
          Pan{"pan_up",
              {"pan up", "tilt up", "panning up", "pans up"},
              {"向上平移", "上移", "向上移动"}},
          Pan{"pan_down",
              {"pan down", "tilt down", "panning down", "pans down"},
              {"向下平移", "下移", "向下移动"}},
          Pan{"pan_right",
              {"pan right", "pan to the right", "panning right", "pans right", "pan", "panning"},
              {"向右平移", "右移", "向右移动", "向右"}}}) {
      bool hit = false;
      for (const auto p : pan.en) hit = hit || w.any_positive({p});
      if (hit || contains(raw, pan.zh)) {
        set(pan.type);
        break;
      }
    }
    if (w.any({"static", "stationary", "no motion", "no movement", "no zoom", "no animation",
               "without motion", "without movement", "without zoom", "don't animate",
               "dont animate", "still image", "keep it still"}) ||
        contains(raw, {"不要动", "静止", "不要动画", "不要运动"})) {
      set("none");
    }
    r.motion = motion;
    if (slow_motion_word) r.motion_strength = 0.5;
    if (fast_motion_word) r.motion_strength = 1.6;
    if (w.any({"subtle", "gentle", "gently", "slight", "slightly", "soft", "softly"}) ||
        contains(raw, {"轻微", "轻柔", "缓缓"})) {
      r.motion_strength = 0.5;
    } else if (w.any({"strong", "dramatic", "more motion", "more movement", "intense", "stronger",
                      "more dramatic"}) ||
               contains(raw, {"强烈", "明显", "更多运动"})) {
      r.motion_strength = 1.6;
    }
    // "a 5-second video of the shoes in motion on a track": scenery it cannot make.
    for (const std::string_view lead : {"video of", "clip of", "animation of", "footage of"}) {
      for (const std::size_t i : w.find(lead)) {
        std::string description;
        bool content = false;
        for (std::size_t k = i + 2; k < i + 14 && !w.near(i + 1, k).empty(); ++k) {
          const std::string &word = w.at(k);
          if (!one_of(word, {"the",   "my",     "this",    "these",       "those",   "your",
                             "a",     "an",     "it",      "them",        "photo",   "photos",
                             "image", "images", "picture", "pictures",    "pic",     "pics",
                             "with",  "and",    "music",   "transitions", "captions"})) {
            content = true;
          }
          if (one_of(word, {"with"})) break;
          description += (description.empty() ? "" : " ") + word;
        }
        if (content && r.described_scene.empty()) r.described_scene = description;
      }
    }
  }

  // Fit.
  if (w.any_positive({"blur", "blurred", "blurry", "blurred background", "blur background"}) ||
      contains(raw, {"模糊背景", "背景模糊"})) {
    r.fit = "blur";
  } else if (w.any_positive({"letterbox", "letterboxed", "letterboxing", "pillarbox", "black bars",
                             "pad", "padding", "padded", "fit", "whole photo", "whole picture",
                             "whole image", "entire photo", "entire picture", "entire image",
                             "fit inside"}) ||
             w.any_negated({"crop", "cropped", "cropping", "cut off"}) ||
             contains(raw, {"黑边", "完整显示", "不要裁剪", "不裁剪"})) {
    r.fit = "pad";
  } else if (w.any_positive({"crop", "cropped", "cropping", "fill", "fill the frame", "full screen",
                             "fullscreen", "zoom to fill"}) ||
             contains(raw, {"裁剪", "铺满", "填满", "全屏"})) {
    r.fit = "crop";
  }

  // Titles and captions (quoted text was taken above).
  {
    const std::initializer_list<std::string_view> title_words = {"title", "titled", "called",
                                                                 "named", "headline"};
    bool title_positive = false;
    for (const auto tw : title_words) {
      for (const std::size_t i : w.find(tw)) {
        if (w.negated(i)) {
          if (tw == "title") r.remove_title = true;
          continue;
        }
        if (tw == "title" || tw == "titled" || tw == "headline") title_positive = true;
        if (r.title) continue;
        // Unquoted: "titled Summer Trip", "title: Summer" (an upper-case or non-ASCII start).
        std::size_t from = w.token(i).pos + tw.size();
        while (from < raw.size() && (raw[from] == ' ' || raw[from] == ':')) ++from;
        if (lower.compare(from, 3, "is ") == 0) from += 3;
        if (from >= raw.size()) continue;
        const auto first = static_cast<unsigned char>(raw[from]);
        if (!((first >= 'A' && first <= 'Z') || first >= 0x80 ||
              (tw != "title" && is_alnum(raw[from]))))
          continue;
        std::size_t end = from;
        while (end < raw.size() && end - from < 240 &&
               std::string_view(",.;!?\n").find(raw[end]) == npos &&
               raw.compare(end, 3, "，") != 0 && raw.compare(end, 3, "。") != 0) {
          ++end;
        }
        std::string t = raw.substr(from, end - from);
        for (const std::string_view stop :
             {" with ", " and ", " at ", " in ", " for ", " using ", " plus "}) {
          const std::size_t p = ascii_lower(t).find(stop);
          if (p != npos) t = t.substr(0, p);
        }
        t = clean_text(t, 60);
        if (!t.empty()) r.title = t;
      }
    }
    const auto zh_title = chinese_find(raw, {"标题"});
    if (zh_title.negative) r.remove_title = true;
    if (zh_title.positive) {
      title_positive = true;
      const std::size_t p = raw.find("标题");
      std::size_t from = p + 6;
      for (const std::string_view sep : {"：", ":", "为", "是", "叫", " "}) {
        if (raw.compare(from, sep.size(), sep) == 0) from += sep.size();
      }
      std::size_t end = from;
      while (end < raw.size() && std::string_view(",.;!?\n").find(raw[end]) == npos &&
             raw.compare(end, 3, "，") != 0 && raw.compare(end, 3, "。") != 0 &&
             raw.compare(end, 3, "！") != 0 && raw.compare(end, 3, "、") != 0) {
        ++end;
      }
      if (!r.title && !r.remove_title) {
        const std::string t = clean_text(raw.substr(from, end - from), 40);
        if (!t.empty()) r.title = t;
      }
    }
    if (r.remove_title) r.title.reset();
    if (title_positive && !r.title && !r.remove_title) r.title_without_text = true;

    const bool captions_negated =
        w.any_negated({"caption", "captions", "subtitle", "subtitles", "text"}) ||
        chinese_find(raw, {"字幕"}).negative;
    if (captions_negated) {
      r.remove_captions = true;
      r.captions.clear();
    } else if (r.captions.empty() && (w.any({"caption", "captions", "subtitle", "subtitles"}) ||
                                      contains(raw, {"字幕"}))) {
      r.captions_without_text = true;
    }
  }

  // Music.
  {
    static const std::initializer_list<std::string_view> music_words = {
        "music", "bgm",   "soundtrack",       "song",       "songs",
        "tune",  "audio", "background track", "sound track"};
    if (w.any_negated(music_words) || chinese_find(raw, {"音乐", "配乐", "bgm", "歌"}).negative ||
        w.any({"silent", "no sound", "without sound", "mute everything"}) ||
        contains(raw, {"静音", "无声"})) {
      r.no_music = true;
      if (w.any({"silent", "no sound", "without sound", "no audio", "mute everything"}) ||
          contains(raw, {"静音", "无声"})) {
        r.clip_volume = 0.0;
      }
    } else if (w.any_positive(music_words) ||
               chinese_find(raw, {"音乐", "配乐", "bgm", "歌"}).positive) {
      r.music = true;
    }
    parse_volume(w, raw, r);
    if (r.music_volume || r.music_volume_step != 0)
      r.no_music = r.no_music && r.music_volume && *r.music_volume == 0;
    if (w.any({"fade in", "fades in", "fading in", "fadein", "fade the music in",
               "fade the song in"}) ||
        contains(raw, {"淡入"})) {
      if (!contains(raw, {"淡入淡出"}) || w.any({"music", "bgm"}) || contains(raw, {"音乐"})) {
        if (!r.music_fade_in_ms) r.music_fade_in_ms = -1;
      }
    }
    if (w.any({"fade out", "fades out", "fading out", "fadeout", "fade away", "fades away",
               "fade the music out", "fade the song out"}) ||
        (contains(raw, {"淡出"}) && !contains(raw, {"淡入淡出"}))) {
      if (!r.music_fade_out_ms) r.music_fade_out_ms = -1;
    }
    if (w.any({"mute the clips", "mute clips", "mute the videos", "mute the clip", "mute the video",
               "no original sound", "no clip sound", "mute the original",
               "without the original sound"}) ||
        contains(raw, {"去掉原声", "不要原声", "原声静音"})) {
      r.clip_volume = 0.0;
    } else if (w.any({"keep the original sound", "keep original sound", "keep the original audio",
                      "original audio", "original sound", "full volume clips",
                      "keep the clip sound"}) ||
               contains(raw, {"保留原声"})) {
      if (!r.clip_volume) r.clip_volume = 1.0;
    }
  }

  find_unsupported(w, raw, r);
  if (r.duration_ms && *r.duration_ms > 600000) {
    r.unsupported.push_back(UnsupportedAsk{"too_long", text::seconds(*r.duration_ms) + " s"});
    r.duration_ms.reset();
  }
  if (r.duration_ms) r.duration_ms = std::max<std::int64_t>(*r.duration_ms, 1000);
  if (r.per_item_ms) r.per_item_ms = std::clamp<std::int64_t>(*r.per_item_ms, 1000, 60000);
  if (r.transition_ms) r.transition_ms = std::clamp<std::int64_t>(*r.transition_ms, 0, 3000);
  for (auto *fade : {&r.music_fade_in_ms, &r.music_fade_out_ms}) {
    if (*fade && **fade >= 0) *fade = std::min<std::int64_t>(**fade, 30000);
  }

  r.understood = r.create || r.add_media || r.duration_ms || r.length_step != 0 || r.per_item_ms ||
                 r.aspect != AspectRequest::Keep || r.resolution || r.fps || r.transition ||
                 r.transition_ms || r.transitions_mentioned || r.pace || r.motion ||
                 r.motion_strength || r.fit || r.title || r.remove_title || r.title_without_text ||
                 !r.captions.empty() || r.remove_captions || r.captions_without_text || r.music ||
                 r.no_music || r.music_volume || r.music_volume_step != 0 || r.music_fade_in_ms ||
                 r.music_fade_out_ms || r.clip_volume;
  return r;
}

}  // namespace nemo::agent
