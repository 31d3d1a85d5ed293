// UTF-8, the one way: every layer (the client's prompt check, the server's
// request checks and SSE chunks, the agent, the renderer's text) reads text
// with these. Well-formed means RFC 3629: no overlong forms, no surrogates,
// nothing past U+10FFFF.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nemo::protocol {

// The code point at text[i] and its length in bytes; length 0 when the bytes
// there are not a well-formed sequence (`cp` is then unspecified).
std::size_t decode_utf8_at(std::string_view text, std::size_t i, char32_t &cp);

bool is_valid_utf8(std::string_view text);

// The code points of `text`, each ill-formed byte read as U+FFFD.
std::vector<char32_t> decode_utf8(std::string_view text);

// `text` with each ill-formed byte replaced by U+FFFD and NUL bytes dropped.
std::string sanitize_utf8(std::string_view text);

// The number of code points (of a valid text; lead bytes are counted).
std::size_t utf8_length(std::string_view text);

// At most `max_code_points` code points of `text`, never cut inside one.
std::string utf8_truncate(std::string_view text, std::size_t max_code_points);

// `text` cut into pieces of about `size` bytes, never inside a UTF-8 sequence
// (SSE text chunks); bytes that are not UTF-8 are cut anywhere.
std::vector<std::string> split_utf8(std::string_view text, std::size_t size);

}  // namespace nemo::protocol
