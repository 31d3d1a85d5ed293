// The pixel work of transitions between two rendered visuals. Which visual
// is drawn where (wipe and slide split the columns; zoom scales the outgoing
// visual) is decided by the frame loop; here are the blends.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "render/picture.hpp"
#include "render/render_spec.hpp"

namespace nemo::render {

// dst = dst * (1 - t) + b * t, t = alpha / 256 (0..256).
void blend_into(const YuvRef &dst, const YuvRef &b, int alpha);

// Dissolve: each pixel switches from dst to b at its own moment (a fixed
// noise pattern), with a soft edge, as progress p goes 0..1.
void dissolve_into(const YuvRef &dst, const YuvRef &b, double p);

// Whether the transition needs the incoming visual in a separate image
// (blends) or draws it straight into the output (wipe, slide).
bool transition_blends(Transition::Type type);

}  // namespace nemo::render
