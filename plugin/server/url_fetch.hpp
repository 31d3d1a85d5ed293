// Downloads one http(s) URL to a file for the URL mode of the upload endpoint:
// timeouts, a size cap, no redirects, the SHA-256 computed on the way.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace nemo::server {

struct FetchResult {
  enum class Status { Ok, BadUrl, TooLarge, Failed };
  Status status = Status::Failed;
  std::string message;  // when not Ok
  std::uint64_t size = 0;
  std::string sha256;
};

// The file name a URL suggests (its last path component), "" when none.
std::string url_file_name(const std::string &url);

// Writes the body to `path` (created or truncated); removes it unless Ok.
FetchResult fetch_url_to_file(const std::string &url, const std::string &path,
                              std::uint64_t max_bytes, int timeout_s,
                              const std::atomic<bool> *cancel = nullptr);

}  // namespace nemo::server
