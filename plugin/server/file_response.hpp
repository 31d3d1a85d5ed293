// Serving a file from disk without loading it: a content provider that reads
// the requested window, so httplib answers Range requests (206) for files of
// any size.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <httplib.h>

#include <string>

namespace nemo::server {

// false when the file cannot be opened (nothing is set on `res`).
bool serve_file(httplib::Response &res, const std::string &path, const std::string &content_type);

// The MIME type of a sniffed format (jpg, mp4, ...).
std::string mime_for_format(const std::string &format);

}  // namespace nemo::server
