// Random identifiers and content hashes.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace nemo::server {

// `bytes` random bytes from the OS's CSPRNG, as lowercase hex (2*bytes chars).
std::string random_hex(std::size_t bytes);

// A random RFC 4122 version 4 UUID.
std::string random_uuid();

// SHA-256 over data fed in pieces; hex digest.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256 &) = delete;
  Sha256 &operator=(const Sha256 &) = delete;
  void update(const void *data, std::size_t size);
  std::string hex_digest();  // once

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string sha256_hex(std::string_view data);

// Milliseconds since the Unix epoch (the system clock).
std::int64_t system_now_ms();

}  // namespace nemo::server
