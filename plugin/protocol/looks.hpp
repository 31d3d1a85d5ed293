// The looks a draft can name: the transitions between visuals (a segment's
// `tr.type`) and the camera moves over a picture (`mo.type`), and the
// choices a request may make for a whole clip (the draft's `m.transition`
// and `m.motion`). One list for the agent that writes drafts, the renderer
// that draws them and the clients that offer them.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nemo::protocol {

// The transition catalogue, in the order a menu shows it. The names are
// FFmpeg xfade's where xfade has the same look (fade, wipeleft, circleopen,
// ...); "blinds", "checker" and "clouds" are luma wipes of the renderer's own.
const std::vector<std::string_view> &transition_names();

// A catalogue name, or an older draft's short name ("wipe" is "wiperight",
// "slide" "slideleft", "zoom" "zoomin"), as the catalogue name; "none" stays
// "none"; anything else: "".
std::string canonical_transition(std::string_view name);

// What a request may ask for the whole clip besides one catalogue name or
// "none": "random" (a different one at each cut) and the styles "smooth",
// "dynamic", "cinematic" (the agent picks fitting ones).
bool is_transition_choice(std::string_view name);  // catalogue, alias, none, random or a style
const std::vector<std::string_view> &transition_styles();  // smooth dynamic cinematic

// The camera moves a picture can make (`mo.type`): none kenburns zoom_in
// zoom_out pan_left pan_right pan_up pan_down drift. zoom_in is "push in",
// zoom_out "pull out", pan_up / pan_down "tilt up / down".
const std::vector<std::string_view> &motion_names();
bool is_motion_name(std::string_view name);

// The strength of a camera move: 0 (none) .. 2; 1 is the default amount.
inline constexpr double kMotionStrengthMax = 2.0;

// The background (the draft's `m.background`): what shows under a
// picture's transparent pixels (PNG, WebP, GIF) and in the bars of a padded
// fit. "#rrggbb"; black when absent.
inline constexpr std::string_view kDefaultBackground = "#000000";
// The colours a request may name, in the order a menu shows them: black white
// grey red orange yellow green blue purple pink.
const std::vector<std::string_view> &background_colour_names();
// A name above ("gray" is "grey") or "#rrggbb" / "rrggbb" (any case) as
// "#rrggbb" in lower case; anything else: "".
std::string canonical_background(std::string_view colour);

}  // namespace nemo::protocol
