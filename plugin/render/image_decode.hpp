// Decodes one picture (JPEG, PNG, WebP, GIF's first frame, BMP, TIFF, HEIC),
// type sniffed from content, size checked against the pixel cap before any
// pixel is allocated.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>

#include "render/image_header.hpp"
#include "render/picture.hpp"
#include "render/render_error.hpp"

namespace nemo::render {

// Errors: bad_input (missing, empty, corrupt, not a picture), unsupported,
// too_large. `header` (optional) gets the header fields. Transparent pixels
// are blended over `background`.
MaybeError decode_image(const std::string &path, DecodedPicture &out, ImageHeader *header = nullptr,
                        Rgb background = {});

}  // namespace nemo::render
