// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/look_choice.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "protocol/looks.hpp"

namespace nemo::core {
namespace {

bool unset(const std::string &s) {
  return s.empty() || s == "auto";
}

bool strength_set(double k) {
  return !(k < 0);  // NaN counts as set (and invalid)
}

std::string strength_text(double k) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2g", k);
  return buf;
}

}  // namespace

bool LookChoice::empty() const {
  return unset(transition) && unset(motion) && !strength_set(motion_strength) && unset(background);
}

const std::vector<std::string_view> &camera_moves() {
  static const std::vector<std::string_view> moves = {"push_in",   "pull_out", "pan_left",
                                                      "pan_right", "tilt_up",  "tilt_down",
                                                      "drift",     "kenburns", "still"};
  return moves;
}

std::string look_choice_problem(const LookChoice &c) {
  if (!unset(c.transition) && !protocol::is_transition_choice(c.transition)) {
    std::string names;
    for (const auto n : protocol::transition_names())
      names += std::string(names.empty() ? "" : ", ") + std::string(n);
    return "unknown transition \"" + c.transition +
           "\": use auto, none, random, smooth, dynamic, "
           "cinematic or one of " +
           names;
  }
  const auto &moves = camera_moves();
  if (!unset(c.motion) && std::find(moves.begin(), moves.end(), c.motion) == moves.end()) {
    std::string names;
    for (const auto n : moves) names += std::string(names.empty() ? "" : ", ") + std::string(n);
    return "unknown camera move \"" + c.motion + "\": use auto or one of " + names;
  }
  if (strength_set(c.motion_strength) &&
      !(c.motion_strength >= 0 && c.motion_strength <= protocol::kMotionStrengthMax)) {
    return "the camera move's strength must be between 0 and 2";
  }
  if (!unset(c.background) && protocol::canonical_background(c.background).empty()) {
    std::string names;
    for (const auto n : protocol::background_colour_names())
      names += std::string(names.empty() ? "" : ", ") + std::string(n);
    return "unknown background colour \"" + c.background + "\": use auto, #rrggbb or one of " +
           names;
  }
  return {};
}

std::string with_look_choice(const std::string &prompt, const LookChoice &c) {
  if (c.empty() || !look_choice_problem(c).empty()) return prompt;
  std::string out = prompt;
  if (!unset(c.transition)) out += " (transition: " + c.transition + ")";
  if (!unset(c.motion) || strength_set(c.motion_strength)) {
    out += " (camera: " + (unset(c.motion) ? std::string("auto") : c.motion);
    if (strength_set(c.motion_strength) && c.motion != "still")
      out += ", strength " + strength_text(c.motion_strength);
    out += ")";
  }
  if (!unset(c.background))
    out += " (background: " + protocol::canonical_background(c.background) + ")";
  return out;
}

}  // namespace nemo::core
