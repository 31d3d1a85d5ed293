// Writing a small private file (tokens, settings, the render journal) so that
// a crash or a full disk never leaves it half written or readable by others:
// a temporary file made with mode 0600, written whole, fsynced, renamed over
// the old one, and the folder fsynced.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace nemo::core {

// Replaces `path` with `text` atomically, mode 0600 (an older file made with a
// wider mode is narrowed before a byte is written). On failure the old file is
// intact, no temporary is left, and the error (ErrorCode::Disk) says why.
Error write_private_file(const std::string &path, std::string_view text);

}  // namespace nemo::core
