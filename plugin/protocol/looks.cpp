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

namespace {

struct NamedColour {
  std::string_view name;
  std::string_view hex;
};

// Plain, well-known values: what a person means by the word on a screen.
constexpr NamedColour kColours[] = {
    {"black", "#000000"},  {"white", "#ffffff"},  {"grey", "#808080"},  {"red", "#d62828"},
    {"orange", "#f77f00"}, {"yellow", "#fcbf49"}, {"green", "#2a9d4b"}, {"blue", "#1d5fbf"},
    {"purple", "#6a3d9a"}, {"pink", "#f4a6c0"},
};

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

const std::vector<std::string_view> &background_colour_names() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> v;
    for (const auto &c : kColours) v.push_back(c.name);
    return v;
  }();
  return names;
}

std::string canonical_background(std::string_view colour) {
  if (colour == "gray") colour = "grey";
  for (const auto &c : kColours) {
    if (colour == c.name) return std::string(c.hex);
  }
  if (!colour.empty() && colour.front() == '#') colour.remove_prefix(1);
  if (colour.size() != 6) return {};
  std::string out = "#";
  for (const char ch : colour) {
    if (!is_hex_digit(ch)) return {};
    out += static_cast<char>(ch >= 'A' && ch <= 'F' ? ch - 'A' + 'a' : ch);
  }
  return out;
}

}  // namespace nemo::protocol
