// The background slot: the colour under transparent pictures and in a padded
// fit's bars. The dock's "(background: white)", "a white background",
// "background colour #ff8800", "on a black backdrop", "白色背景",
// "背景改成白色", "白底". "Background music" and "背景音乐" are music, not
// this; "a blurred background" is the fit (prompt_slot_canvas.cpp).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <string>
#include <string_view>

#include "agent/prompt_chinese.hpp"
#include "agent/prompt_slots.hpp"
#include "protocol/looks.hpp"

namespace nemo::agent::prompt {
namespace {

// A colour as one English word: a name, or hex written "#rrggbb".
std::string colour_of(const Instruction &in, const Words &w, std::size_t i) {
  const std::string &word = w.at(i);
  if (word.empty()) return {};
  const std::size_t pos = w.token(i).pos;
  if (word.size() == 6 && pos > 0 && in.lower[pos - 1] == '#')
    return protocol::canonical_background(word);
  // Only names without '#': a bare "facade" is a word, not a colour.
  for (const auto name : protocol::background_colour_names())
    if (word == name) return protocol::canonical_background(word);
  return word == "gray" ? protocol::canonical_background(word) : std::string();
}

bool is_background_word(std::string_view w) {
  return w == "background" || w == "backgrounds" || w == "backdrop" || w == "bg";
}

// What follows "background" that makes it something else.
bool is_other_background(std::string_view next) {
  for (const std::string_view w :
       {"music", "track", "song", "songs", "audio", "sound", "sounds", "noise", "tune", "tunes"})
    if (next == w) return true;
  return false;
}

std::string english_background(const Instruction &in) {
  const Words &w = in.w;
  std::string found;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!is_background_word(w.at(i)) || is_other_background(w.near(i, i + 1))) continue;
    if (w.negated(i)) continue;
    // Before: "a white background", "a plain white background", "#ff8800 background".
    for (std::size_t back = 1; back <= 2 && back <= i; ++back) {
      if (w.near(i, i - back).empty()) break;
      const std::string c = colour_of(in, w, i - back);
      if (!c.empty()) {
        found = c;
        break;
      }
      if (!one_of(w.at(i - back), {"plain", "solid", "simple", "flat", "pure", "a", "an"})) break;
    }
    // After: "background colour #ff8800", "the background to white", "background in blue".
    for (std::size_t j = i + 1; j <= i + 5 && !w.near(i, j).empty(); ++j) {
      const std::string c = colour_of(in, w, j);
      if (!c.empty()) {
        found = c;
        break;
      }
      if (!one_of(w.at(j), {"colour", "color", "to", "of", "is", "be", "in", "as", "should",
                            "plain", "solid", "pure", "a", "an", "make", "set", "turn"}))
        break;
    }
  }
  return found;
}

struct ZhColour {
  std::string_view word;
  std::string_view name;
};
constexpr ZhColour kZhColours[] = {
    {"黑", "black"},  {"白", "white"}, {"灰", "grey"}, {"红", "red"},    {"橙", "orange"},
    {"黄", "yellow"}, {"绿", "green"}, {"蓝", "blue"}, {"紫", "purple"}, {"粉", "pink"}};

// The colour named in raw[from, to), nearest to `near_end` (the end when
// true, else the start); "" when none.
std::string zh_colour_in(std::string_view raw, std::size_t from, std::size_t to, bool near_end) {
  std::string best;
  std::size_t best_distance = std::string::npos;
  const std::string_view span = raw.substr(from, to - from);
  for (const ZhColour &c : kZhColours) {
    for (std::size_t at = span.find(c.word); at != std::string::npos;
         at = span.find(c.word, at + 1)) {
      const std::size_t distance = near_end ? span.size() - at : at;
      if (distance < best_distance) {
        best_distance = distance;
        best = protocol::canonical_background(c.name);
      }
    }
  }
  return best;
}

std::string chinese_background(const std::string &raw) {
  std::string found;
  constexpr std::string_view bg = "背景";
  for (std::size_t at = raw.find(bg); at != std::string::npos; at = raw.find(bg, at + 1)) {
    const std::size_t end = at + bg.size();
    if (near_after(raw, end, 3, "音") || near_after(raw, end, 3, "乐") || chinese_negated(raw, at))
      continue;
    // "白色背景", "浅蓝色的背景": up to four characters before.
    const std::size_t from = at >= 12 ? at - 12 : 0;
    std::string c = zh_colour_in(raw, from, at, true);
    // "背景改成白色", "背景用蓝色", "背景为黑色": up to five characters after.
    if (c.empty()) c = zh_colour_in(raw, end, std::min(raw.size(), end + 15), false);
    if (!c.empty()) found = c;
  }
  // "白底", "黑底的": the base colour.
  constexpr std::string_view base = "底";
  for (std::size_t at = raw.find(base); at != std::string::npos; at = raw.find(base, at + 1)) {
    if (at < 3 || chinese_negated(raw, at)) continue;
    std::string c = zh_colour_in(raw, at - 3, at, true);
    if (c.empty() && at >= 6 && raw.compare(at - 3, 3, "色") == 0)
      c = zh_colour_in(raw, at - 6, at - 3, true);
    if (!c.empty()) found = c;
  }
  return found;
}

}  // namespace

void parse_background(const Instruction &in, AgentRequest &r) {
  if (auto choice = dock_choice(in.lower, "background")) {
    const std::string hex = protocol::canonical_background(*choice);
    if (!hex.empty()) {
      r.background = hex;
      return;
    }
  }
  std::string c = english_background(in);
  if (c.empty()) c = chinese_background(in.raw);
  if (!c.empty()) r.background = c;
}

}  // namespace nemo::agent::prompt
