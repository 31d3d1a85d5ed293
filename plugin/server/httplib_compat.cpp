// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/httplib_compat.hpp"

#include <cerrno>
#include <cstdlib>

namespace nemo::server {

std::uint64_t header_u64(const httplib::Headers &headers, const std::string &key) {
  const auto it = headers.find(key);  // Headers compares keys case-insensitively
  if (it == headers.end()) return 0;
  const std::string &value = it->second;
  if (value.empty() || value[0] < '0' || value[0] > '9') return 0;
  errno = 0;
  char *end = nullptr;
  const unsigned long long n = std::strtoull(value.c_str(), &end, 10);
  if (errno == ERANGE) return UINT64_MAX;
  return static_cast<std::uint64_t>(n);
}

}  // namespace nemo::server
