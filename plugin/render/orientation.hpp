// EXIF orientation (1..8) applied to our 4:2:0 images.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "render/picture.hpp"

namespace nemo::render {

inline bool orientation_transposes(int orientation) {
  return orientation >= 5 && orientation <= 8;
}

// Where a point of the displayed picture (fractions 0..1) is in the stored one.
void display_to_stored(int orientation, double xd, double yd, double &xs, double &ys);

// dst has src's size, swapped for orientations 5..8.
void orient_copy(const YuvRef &src, const YuvRef &dst, int orientation);

}  // namespace nemo::render
