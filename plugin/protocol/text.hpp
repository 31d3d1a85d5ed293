// ASCII case and white space: the small text rules every layer applies to
// header names, file extensions, enum-like values and prompts.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <string_view>

namespace nemo::protocol {

// ASCII letters lower-cased; every other byte (UTF-8 included) unchanged.
std::string ascii_lower(std::string_view s);

// Leading and trailing ASCII white space (space, \t, \n, \r, \f, \v) removed.
std::string_view trim(std::string_view s);

}  // namespace nemo::protocol
