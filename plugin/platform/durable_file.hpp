// Files that survive a crash or a full disk: a small private file replaced
// atomically (tokens, settings, journals), and the flushes that make a
// written file durable before it is renamed into place.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace nemo::platform {

// Replaces `path` with `text`: a temporary beside it, made private to the
// user (POSIX: mode 0600, narrowed first if an older one was wider), written
// whole, flushed to disk, renamed over `path`, the folder flushed. "" on
// success; else why, naming the file ("cannot write /x/y.tmp: No space left
// on device"), with the old file intact and no temporary left.
std::string write_private_file(const std::string &path, std::string_view text);

// Flushes `file`'s buffers and asks the system to put its bytes on disk.
bool sync_file(std::FILE *file);

// Makes a rename or a creation in `dir` durable (best effort).
void sync_directory(const std::string &dir);

}  // namespace nemo::platform
