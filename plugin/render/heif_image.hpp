// HEIC/HEIF pictures through libheif (when the build found it).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>

#include "render/picture.hpp"
#include "render/render_error.hpp"

namespace nemo::render {

bool heif_supported();

// Display size (libheif applies the rotation/mirror boxes); no pixel decoded.
MaybeError heif_read_header(const std::string &path, int &width, int &height);

// Decodes the primary image to RGB (orientation already applied: 1). The
// caller has read the header first (decode_image does): heif_read_header is
// where the coded size is checked against the cap, before any pixel.
MaybeError heif_decode(const std::string &path, DecodedPicture &out);

}  // namespace nemo::render
