// The pace and motion slots: slow / fast pace, the pictures' motion (Ken
// Burns, zoom, pan, none) and its strength, and a described scene ("a video of
// the shoes on a track") that no motion can make.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/prompt_chinese.hpp"
#include "agent/prompt_slots.hpp"
#include "agent/prompt_words.hpp"

namespace nemo::agent::prompt {
namespace {

// A positive mention of one of `list`: about the pace, or (next to a motion
// word: "zoom out slowly") about the motion's strength.
struct PaceMention {
  bool pace = false, near_motion = false;
};
PaceMention pace_mention(const Words &w, const WordList &list) {
  PaceMention out;
  for (const auto word : list.en) {
    for (const std::size_t i : w.find(word)) {
      if (w.negated(i)) continue;
      bool motion_near = false;
      for (std::size_t k = (i >= 2 ? i - 2 : 0); k <= i + 2; ++k) {
        if (k != i && one_of(w.near(i, k), words::motion_word.en)) motion_near = true;
      }
      (motion_near ? out.near_motion : out.pace) = true;
    }
  }
  return out;
}

bool mentions(const Instruction &in, const WordList &list) {
  return in.w.any(list.en) || contains(in.raw, list.zh);
}
bool mentions_positive(const Instruction &in, const WordList &list) {
  return in.w.any_positive(list.en) || contains(in.raw, list.zh);
}

}  // namespace

void parse_pace(const Instruction &in, AgentRequest &r) {
  const bool slow_motion = mentions(in, words::slow_motion);
  const bool slow = pace_mention(in.w, words::slow).pace;
  const bool fast = pace_mention(in.w, words::fast).pace;
  if (!slow_motion && (slow || mentions_positive(in, words::slow_pace))) {
    r.pace = "slow";
  } else if (fast || mentions_positive(in, words::fast_pace)) {
    r.pace = "fast";
  } else if (mentions(in, words::normal_pace)) {
    r.pace = "normal";
  }
}

// The last rule that matches wins; "pan" alone is to the right.
void parse_motion(const Instruction &in, AgentRequest &r) {
  std::optional<std::string> motion;
  if (mentions_positive(in, words::animate)) motion = "animate";
  if (in.w.any_positive(words::ken_burns.en)) motion = "kenburns";
  if (mentions_positive(in, words::zoom_in) && !in.w.any(words::zoom_in_not.en)) motion = "zoom_in";
  if (mentions_positive(in, words::zoom_out)) motion = "zoom_out";
  // The generic "pan" (to the right) comes last so that "pan up" is not read as it.
  for (const auto &[type, list] :
       {std::pair{"pan_left", &words::pan_left}, std::pair{"pan_up", &words::pan_up},
        std::pair{"pan_down", &words::pan_down}, std::pair{"pan_right", &words::pan_right}}) {
    if (mentions_positive(in, *list)) {
      motion = type;
      break;
    }
  }
  if (mentions(in, words::still)) motion = "none";
  r.motion = motion;
}

void parse_motion_strength(const Instruction &in, AgentRequest &r) {
  if (pace_mention(in.w, words::slow).near_motion) r.motion_strength = 0.5;
  if (pace_mention(in.w, words::fast).near_motion) r.motion_strength = 1.6;
  if (mentions(in, words::subtle)) {
    r.motion_strength = 0.5;
  } else if (mentions(in, words::strong)) {
    r.motion_strength = 1.6;
  }
}

// "a 5-second video of the shoes in motion on a track": scenery it cannot make.
void parse_scene(const Instruction &in, AgentRequest &r) {
  const Words &w = in.w;
  for (const std::string_view lead : words::scene_lead.en) {
    for (const std::size_t i : w.find(lead)) {
      std::string description;
      bool content = false;
      for (std::size_t k = i + 2; k < i + 14 && !w.near(i + 1, k).empty(); ++k) {
        const std::string &word = w.at(k);
        if (!one_of(word, words::scene_nothing.en)) content = true;
        if (word == "with") break;
        description += (description.empty() ? "" : " ") + word;
      }
      if (content && r.described_scene.empty()) r.described_scene = description;
    }
  }
}

}  // namespace nemo::agent::prompt
