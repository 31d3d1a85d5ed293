// cpp-httplib API differences between the versions nemo-local is built with
// (Debian 12: 0.11; trixie: 0.18; sid: 0.41): the one place that knows them.
// No version numbers here: each name is taken from the API it stands for.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <httplib.h>

#include <cstdint>
#include <string>

namespace nemo::server {

// A streaming ContentReader's multipart parts: the part's type and the
// callback's were renamed in 0.2x (MultipartFormData -> FormData,
// MultipartContentHeader -> FormDataHeader), with the same fields (name,
// filename, content_type). Callers take the part as `const auto &`, which
// fits both, instead of naming it.

// A header's value as an unsigned number; 0 when absent or not a number
// (what get_header_value<uint64_t>, gone in 0.18, answered).
std::uint64_t header_u64(const httplib::Headers &headers, const std::string &key);

}  // namespace nemo::server
