// The beat slots: cuts on the music's beat or not ("cut on the beat", "卡点",
// "don't cut on the beat", "ignore the beat"), and a length that is the
// music's ("fit the length to the music", "和音乐一样长").
// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/prompt_chinese.hpp"
#include "agent/prompt_slots.hpp"
#include "agent/prompt_words.hpp"

namespace nemo::agent::prompt {

void parse_beat(const Instruction &in, AgentRequest &r) {
  // "cut on the beat" first: its "cut" would negate "on the beat".
  if (in.w.any_negated(words::beat_cut.en)) {
    r.beat_cuts = false;
  } else if (in.w.any_positive(words::beat_cut.en)) {
    r.beat_cuts = true;
  }
  if (!r.beat_cuts) {
    const CjkHit zh = chinese_find(in.raw, words::beat_sync.zh);
    if (in.w.any_negated(words::beat_sync.en) || zh.negative ||
        in.w.any_positive(words::beat_ignore.en) || contains(in.raw, words::beat_ignore.zh)) {
      r.beat_cuts = false;
    } else if (in.w.any_positive(words::beat_sync.en) || zh.positive) {
      r.beat_cuts = true;
    }
  }
  if (in.w.any_positive(words::fit_music.en) || chinese_find(in.raw, words::fit_music.zh).positive)
    r.fit_music = true;
}

}  // namespace nemo::agent::prompt
