// Small text checks the server needs: prompt language, safe file names
// (UTF-8 itself: protocol/utf8.hpp).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nemo::server {

// "zh" when the text holds a CJK ideograph, else "en".
std::string detect_language(std::string_view text);

// A file name safe to put on disk and in a URL path: the last path component,
// only [A-Za-z0-9._-] kept (others become '_'), no leading dot, at most 100
// bytes; "file" when nothing is left.
std::string sanitize_filename(std::string_view name);

}  // namespace nemo::server
