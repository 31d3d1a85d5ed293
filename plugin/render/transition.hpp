// The pixel work of transitions between two rendered visuals. Which visual
// is drawn where (slides, covers and reveals split the frame; zoom scales the
// outgoing visual) is decided by the compositor; here are the blends (the
// threshold-map ones are in transition_mask.hpp).
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

// dst = dst * (1 - t) + colour * t, t = alpha / 256: a fade to a flat colour
// (limited-range Y, U, V).
void blend_toward(const YuvRef &dst, std::uint8_t y, std::uint8_t u, std::uint8_t v, int alpha);

// Mosaic: each `block` x `block` square of luma (and the matching chroma) is
// its mean. block <= 1 leaves the image as it is.
void pixelate(const YuvRef &img, int block);

}  // namespace nemo::render
