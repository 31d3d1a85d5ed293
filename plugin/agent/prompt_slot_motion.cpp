// The pace and motion slots: slow / fast pace, the pictures' motion (Ken
// Burns, zoom, pan, none) and its strength, and a described scene ("a video of
// the shoes on a track") that no motion can make.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <algorithm>
#include <cstdlib>

#include "agent/prompt_chinese.hpp"
#include "agent/prompt_numbers.hpp"
#include "agent/prompt_slots.hpp"
#include "agent/prompt_words.hpp"
#include "protocol/looks.hpp"

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

// A camera move as the dock writes it ("push in", "tilt_up", "still") or a
// motion name, as the draft's motion; "" for anything else.
std::string move_name(std::string move) {
  std::replace(move.begin(), move.end(), ' ', '_');
  std::replace(move.begin(), move.end(), '-', '_');
  if (move == "still" || move == "static") return "none";
  if (move == "push_in") return "zoom_in";
  if (move == "pull_out") return "zoom_out";
  if (move == "tilt_up") return "pan_up";
  if (move == "tilt_down") return "pan_down";
  if (move == "ken_burns") return "kenburns";
  if (move == "auto" || move == "animate" || protocol::is_motion_name(move)) return move;
  return {};
}

// "strength 1.5", "strength of 0.5", "strength: 2" (in `lower`), "力度1.5"
// (in `raw`): the last one, clamped to 0..2.
std::optional<double> said_strength(const std::string &lower, const std::string &raw) {
  std::optional<double> out;
  const auto number_after = [&](const std::string &s, std::size_t at) -> std::optional<double> {
    while (at < s.size() && (s[at] == ' ' || s[at] == ':' || s[at] == '=')) ++at;
    if (s.compare(at, 3, "of ") == 0) at += 3;
    std::size_t len = 0;
    if (at < s.size() && (s[at] >= '0' && s[at] <= '9')) {
      char *end = nullptr;
      const double v = std::strtod(s.c_str() + at, &end);
      if (end != s.c_str() + at) return v;
    }
    if (auto v = number_at(s, at, len)) return v;
    return std::nullopt;
  };
  for (std::size_t at = lower.find("strength"); at != std::string::npos;
       at = lower.find("strength", at + 1)) {
    if (auto v = number_after(lower, at + 8)) out = v;
  }
  for (const std::string_view word : {std::string_view("力度"), std::string_view("强度")}) {
    for (std::size_t at = raw.find(word); at != std::string::npos; at = raw.find(word, at + 1)) {
      if (auto v = number_after(raw, at + word.size())) out = v;
    }
  }
  if (out) out = std::clamp(*out, 0.0, protocol::kMotionStrengthMax);
  return out;
}

// The dock's "(camera: MOVE, strength K)": the move and the strength.
struct CameraChoice {
  std::string move;  // "" if none or unknown
  std::optional<double> strength;
};
CameraChoice camera_choice(const Instruction &in) {
  CameraChoice out;
  const auto choice = dock_choice(in.lower, "camera");
  if (!choice) return out;
  const std::size_t comma = choice->find(',');
  std::string move = choice->substr(0, comma);
  while (!move.empty() && move.back() == ' ') move.pop_back();
  out.move = move_name(move);
  if (comma != std::string::npos) out.strength = said_strength(choice->substr(comma + 1), {});
  return out;
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
  if (const CameraChoice dock = camera_choice(in); !dock.move.empty()) {
    r.motion = dock.move;
    return;
  }
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
  if (mentions_positive(in, words::drift)) motion = "drift";
  if (mentions(in, words::still)) motion = "none";
  r.motion = motion;
}

void parse_motion_strength(const Instruction &in, AgentRequest &r) {
  if (const CameraChoice dock = camera_choice(in); !dock.move.empty()) {
    if (dock.strength) r.motion_strength = dock.strength;
    return;
  }
  if (pace_mention(in.w, words::slow).near_motion) r.motion_strength = 0.5;
  if (pace_mention(in.w, words::fast).near_motion) r.motion_strength = 1.6;
  if (mentions(in, words::subtle)) {
    r.motion_strength = 0.5;
  } else if (mentions(in, words::strong)) {
    r.motion_strength = 1.6;
  }
  if (auto k = said_strength(in.lower, in.raw)) r.motion_strength = k;
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
