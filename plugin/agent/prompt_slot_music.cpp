// The sound slots: music or none (silence), the music's volume (a percentage
// or quieter / louder) and fades, and the clips' own sound.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <algorithm>

#include "agent/prompt_chinese.hpp"
#include "agent/prompt_numbers.hpp"
#include "agent/prompt_slots.hpp"
#include "agent/prompt_words.hpp"

namespace nemo::agent::prompt {
namespace {

bool mentions(const Instruction &in, const WordList &list) {
  return in.w.any(list.en) || contains(in.raw, list.zh);
}

// "music at 30%", "clips at 50%": each percentage, for the clips when a clip
// word is near, else for the music when the prompt is about sound.
void parse_percentages(const Instruction &in, bool music_context, AgentRequest &r) {
  const Words &w = in.w;
  for (std::size_t i = 0; i < w.size(); ++i) {
    std::string_view rest;
    auto v = leading_number(w.at(i), rest);
    if (!v) continue;
    if (!(rest == "%" || (rest.empty() && one_of(w.near(i, i + 1), {"%", "percent"})))) continue;
    bool clip = false;
    for (std::size_t back = 1; back <= 5 && back <= i; ++back) {
      if (one_of(w.near(i, i - back), words::clip_sound_word.en)) clip = true;
    }
    for (std::size_t fwd = 1; fwd <= 3; ++fwd) {
      if (one_of(w.near(i, i + fwd), words::clip_sound_word_after.en)) clip = true;
    }
    const std::size_t pos = w.token(i).pos;
    if (near_before(in.raw, pos, 18, "原声")) clip = true;
    const double volume = std::clamp(*v / 100.0, 0.0, 2.0);
    if (clip) {
      r.clip_volume = volume;
    } else if (music_context) {
      r.music_volume = volume;
    }
  }
  const std::size_t p = in.raw.find("百分之");
  if (p != npos) {
    std::size_t len = 0;
    if (auto v = number_at(in.raw, p + 9, len)) {
      const double volume = std::clamp(*v / 100.0, 0.0, 2.0);
      if (near_before(in.raw, p, 18, "原声")) {
        r.clip_volume = volume;
      } else {
        r.music_volume = volume;
      }
    }
  }
}

}  // namespace

void parse_music(const Instruction &in, AgentRequest &r) {
  if (in.w.any_negated(words::music.en) || chinese_find(in.raw, words::music.zh).negative ||
      mentions(in, words::silent)) {
    r.no_music = true;
    if (mentions(in, words::no_audio)) r.clip_volume = 0.0;
  } else if (in.w.any_positive(words::music.en) || chinese_find(in.raw, words::music.zh).positive) {
    r.music = true;
  }
}

// A volume asked for means music, unless it is 0.
void parse_volume(const Instruction &in, AgentRequest &r) {
  const bool music_context = mentions(in, words::music_context);
  parse_percentages(in, music_context, r);
  if (in.w.any(words::quieter.en) || (music_context && in.w.any(words::quieter_music.en)) ||
      contains(in.raw, words::quieter.zh)) {
    r.music_volume_step = -1;
  } else if (in.w.any(words::louder.en) || (music_context && in.w.any(words::louder_music.en)) ||
             contains(in.raw, words::louder.zh)) {
    r.music_volume_step = +1;
  }
  if (r.music_volume || r.music_volume_step != 0)
    r.no_music = r.no_music && r.music_volume && *r.music_volume == 0;
}

// -1: a fade of the default length (no length said).
void parse_music_fades(const Instruction &in, AgentRequest &r) {
  const bool fade_in_out = contains(in.raw, words::fade_in_out.zh);  // a transition
  if (mentions(in, words::fade_in)) {
    if (!fade_in_out || mentions(in, words::fade_in_music)) {
      if (!r.music_fade_in_ms) r.music_fade_in_ms = -1;
    }
  }
  if (in.w.any(words::fade_out.en) || (contains(in.raw, words::fade_out.zh) && !fade_in_out)) {
    if (!r.music_fade_out_ms) r.music_fade_out_ms = -1;
  }
}

void parse_clip_sound(const Instruction &in, AgentRequest &r) {
  if (mentions(in, words::mute_clips)) {
    r.clip_volume = 0.0;
  } else if (mentions(in, words::keep_clip_sound)) {
    if (!r.clip_volume) r.clip_volume = 1.0;
  }
}

}  // namespace nemo::agent::prompt
