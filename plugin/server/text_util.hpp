// Small text checks the server needs: UTF-8 validity, prompt language, safe
// file names.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nemo::server {

// Well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view text);

// "zh" when the text holds a CJK ideograph, else "en".
std::string detect_language(std::string_view text);

// A file name safe to put on disk and in a URL path: the last path component,
// only [A-Za-z0-9._-] kept (others become '_'), no leading dot, at most 100
// bytes; "file" when nothing is left.
std::string sanitize_filename(std::string_view name);

// The bytes of `text` cut into pieces of about `size` bytes, never inside a
// UTF-8 sequence (for partial SSE chunks).
std::vector<std::string> split_utf8(std::string_view text, std::size_t size);

}  // namespace nemo::server
