// Where the system keeps the fonts the renderer draws text with (CJK first,
// so Chinese titles render; then a Latin fallback).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <vector>

namespace nemo::platform {

// Font files to try, best first.
std::vector<std::string> system_font_candidates(bool bold);

}  // namespace nemo::platform
