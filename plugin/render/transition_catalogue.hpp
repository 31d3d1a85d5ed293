// The transition catalogue as the renderer draws it: each name of
// protocol/looks.hpp, its type, and the family of code that draws it.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string_view>
#include <vector>

#include "render/render_spec.hpp"

namespace nemo::render {

enum class TransitionFamily {
  Cut,       // none
  Blend,     // a cross-fade of the two
  Through,   // out to a colour, then in from it (fadeblack, fadewhite)
  Dissolve,  // each pixel at its own moment (noise)
  Pixelize,  // blocks grow on the outgoing, the incoming sharpens
  Zoom,      // the outgoing rushes in while the next fades up
  Mask,      // a threshold map: wipes, smooth wipes, circles, diagonals, radial, luma wipes
  Push,      // both move (slides)
  Cover,     // the incoming moves in over the outgoing
  Reveal,    // the outgoing moves out from over the incoming
};

struct TransitionLook {
  Transition::Type type;
  std::string_view name;  // protocol::transition_names()
  TransitionFamily family;
  int dx = 0, dy = 0;  // Push, Cover, Reveal: the direction things move (-1 left / up)
};

// Every catalogue entry, in protocol::transition_names() order.
const std::vector<TransitionLook> &transition_catalogue();

// The look of `type` (None: a cut).
const TransitionLook &transition_look(Transition::Type type);

// A catalogue name or an alias ("wipe", "slide", "zoom") or "none" to its
// type; false for anything else.
bool transition_from_name(std::string_view name, Transition::Type &type);

}  // namespace nemo::render
