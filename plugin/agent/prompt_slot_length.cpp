// The length slots: the total length, the time per picture, the transitions'
// and the music fades' lengths ("30 seconds", "3 s per photo", "1秒转场"), and
// "shorter" / "longer".
// SPDX-License-Identifier: GPL-2.0-or-later
#include <algorithm>
#include <vector>

#include "agent/prompt_chinese.hpp"
#include "agent/prompt_numbers.hpp"
#include "agent/prompt_slots.hpp"
#include "agent/prompt_words.hpp"

namespace nemo::agent::prompt {
namespace {

// What an English length is of, from the words after and before it.
void assign_english_length(const Words &w, const Mention &m, AgentRequest &r) {
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
  const auto &fade = words::fade.en;
  const auto &transition = words::transition_word.en;
  const auto &per = words::per.en;
  if (one_of(n1, fade) && n2 == "in") {
    r.music_fade_in_ms = m.ms;
  } else if (one_of(n1, fade) && n2 == "out") {
    r.music_fade_out_ms = m.ms;
  } else if (one_of(n1, transition)) {
    r.transition_ms = m.ms;
  } else if (one_of(n1, per) || (n1 == "for" && one_of(n2, {"each", "every"})) ||
             (n1 == "a" && one_of(n2, words::picture_word.en))) {
    r.per_item_ms = m.ms;
  } else if (prev_has(fade) && prev_has({"out"})) {
    r.music_fade_out_ms = m.ms;
  } else if (prev_has(fade) && prev_has({"in"})) {
    r.music_fade_in_ms = m.ms;
  } else if (prev_has(transition)) {
    r.transition_ms = m.ms;
  } else if (prev_has(per) && prev_has(words::picture_word.en)) {
    r.per_item_ms = m.ms;
  } else if (!r.duration_ms) {
    r.duration_ms = m.ms;
  }
}

// What a Chinese length is of, from the text around it.
void assign_chinese_length(std::string_view raw, const CjkMention &m, AgentRequest &r) {
  const auto after = [&](std::size_t bytes, std::string_view what) {
    return near_after(raw, m.end, bytes, what);
  };
  const auto before = [&](std::size_t bytes, std::string_view what) {
    return near_before(raw, m.begin, bytes, what);
  };
  if (after(15, "淡入淡出") || after(15, "转场") || before(12, "转场")) {
    r.transition_ms = m.ms;
  } else if (before(9, "每")) {
    r.per_item_ms = m.ms;
  } else if (after(12, "淡出") || before(12, "淡出")) {
    r.music_fade_out_ms = m.ms;
  } else if (after(12, "淡入") || before(12, "淡入")) {
    r.music_fade_in_ms = m.ms;
  } else if (!r.duration_ms) {
    r.duration_ms = m.ms;
  }
}

}  // namespace

void parse_lengths(const Instruction &in, AgentRequest &r) {
  for (const Mention &m : english_durations(in.w)) assign_english_length(in.w, m, r);
  for (const CjkMention &m : chinese_durations(in.raw)) assign_chinese_length(in.raw, m, r);
}

void parse_length_step(const Instruction &in, AgentRequest &r) {
  if (in.w.any(words::shorter.en) || contains(in.raw, words::shorter.zh)) r.length_step = -1;
  if (in.w.any(words::longer.en) || contains(in.raw, words::longer.zh)) r.length_step = +1;
}

}  // namespace nemo::agent::prompt
