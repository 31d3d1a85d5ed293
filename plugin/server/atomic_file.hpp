// Files in the data folder: JSON written atomically (tmp + fsync + rename) and
// the start-up sweep of half-written files (*.part, *.tmp).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace nemo::server {

// Writes `text` to `path` so that a reader only ever sees the old or the new
// content (platform::write_private_file: <path>.tmp, mode 0600, flushed to
// disk, renamed). Creates parents.
bool write_file_atomically(const std::string &path, const std::string &text);
bool write_json_atomically(const std::string &path, const nlohmann::json &value);

// The JSON in `path`, or nullopt when it is missing or not JSON.
std::optional<nlohmann::json> read_json_file(const std::string &path);

// Removes every *.part and *.tmp file under `dir` (recursively); returns how many.
int remove_partial_files(const std::string &dir);

}  // namespace nemo::server
