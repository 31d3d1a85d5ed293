// SPDX-License-Identifier: GPL-2.0-or-later
#include "protocol/looks.hpp"

#include <algorithm>

namespace nemo::protocol {
namespace {

bool listed(const std::vector<std::string_view> &list, std::string_view name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

}  // namespace

const std::vector<std::string_view> &transition_names() {
  static const std::vector<std::string_view> names = {
      "fade",      "fadeblack",  "fadewhite",  "dissolve",    "pixelize",   "zoomin",
      "wipeleft",  "wiperight",  "wipeup",     "wipedown",    "smoothleft", "smoothright",
      "smoothup",  "smoothdown", "slideleft",  "slideright",  "slideup",    "slidedown",
      "coverleft", "coverright", "revealleft", "revealright", "circleopen", "circleclose",
      "horzopen",  "horzclose",  "vertopen",   "vertclose",   "diagtl",     "diagtr",
      "diagbl",    "diagbr",     "radial",     "blinds",      "checker",    "clouds"};
  return names;
}

std::string canonical_transition(std::string_view name) {
  if (name == "none") return "none";
  if (name == "wipe") return "wiperight";
  if (name == "slide") return "slideleft";
  if (name == "zoom") return "zoomin";
  return listed(transition_names(), name) ? std::string(name) : std::string();
}

const std::vector<std::string_view> &transition_styles() {
  static const std::vector<std::string_view> styles = {"smooth", "dynamic", "cinematic"};
  return styles;
}

bool is_transition_choice(std::string_view name) {
  return !canonical_transition(name).empty() || name == "random" ||
         listed(transition_styles(), name);
}

const std::vector<std::string_view> &motion_names() {
  static const std::vector<std::string_view> names = {"none",     "kenburns", "zoom_in",
                                                      "zoom_out", "pan_left", "pan_right",
                                                      "pan_up",   "pan_down", "drift"};
  return names;
}

bool is_motion_name(std::string_view name) {
  return listed(motion_names(), name);
}

}  // namespace nemo::protocol
