// The looks a client may choose for a whole clip besides its prompt: the
// transitions (a catalogue name, "random" or a style), the camera move with
// its strength, and the background under transparent pictures. The dock's
// menus, nemo-clip's --transition / --motion / --motion-strength /
// --background and the vendor request's `transition`, `motion`,
// `motionStrength`, `background` all come here; the choice travels to the
// agent as the words "(transition: NAME)", "(camera: MOVE, strength K)" and
// "(background: #rrggbb)" after the prompt, which the agent reads before,
// and instead of, other words.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nemo::core {

struct LookChoice {
  std::string transition;       // "" or "auto": the prompt decides
  std::string motion;           // "" or "auto": the prompt decides; else camera_moves()
  double motion_strength = -1;  // < 0: the prompt decides; else 0..2
  std::string background;       // "" or "auto": the prompt decides; else a colour name or #rrggbb
  bool empty() const;
};

// The camera moves as clients name them, in the order a menu shows them:
// push_in pull_out pan_left pan_right tilt_up tilt_down drift kenburns still.
const std::vector<std::string_view> &camera_moves();

// What is wrong with `choice`, as one English sentence that names the field
// and what it may be ("" when nothing is). For bots and the command line.
std::string look_choice_problem(const LookChoice &choice);

// `prompt` with the choice appended in the agent's words; unchanged when the
// choice is empty (or invalid: check look_choice_problem first).
std::string with_look_choice(const std::string &prompt, const LookChoice &choice);

}  // namespace nemo::core
