// Flattens a picture with an alpha channel (PNG, WebP, GIF with a
// transparent colour) onto a solid background, so no undefined colour under
// transparent pixels reaches the video.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>

#include "render/picture.hpp"
#include "render/render_error.hpp"
#include "render/rgb.hpp"

namespace nemo::render {

// True when the view's pixel format carries alpha (or a palette, which may).
bool has_alpha(const SourceView &view);

// Leaves an opaque picture as it is. Otherwise replaces `pic` with an RGB24
// picture of the same size: each pixel blended over `background` by its alpha.
// Errors: internal (the conversion could not be set up).
MaybeError flatten_alpha(DecodedPicture &pic, Rgb background = {});

}  // namespace nemo::render
