// Helpers of the core integration tests: a temporary folder, a client
// configuration aimed at a FakeServer with every protocol duration scaled
// down to milliseconds, and a stopwatch.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/config.hpp"
#include "fake_server.hpp"

namespace nemo::test {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "nemo-itest-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) ? pattern : std::string();
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  const std::string &path() const { return path_; }
  std::string file(const std::string &name) const { return path_ + "/" + name; }
  std::string write(const std::string &name, const std::string &bytes) const {
    std::ofstream out(file(name), std::ios::binary);
    out << bytes;
    return file(name);
  }

 private:
  std::string path_;
};

// Every duration of the protocol in milliseconds, so the suite stays fast.
inline core::Timings fast_timings() {
  using ms = std::chrono::milliseconds;
  core::Timings t;
  t.connect_timeout = ms(2000);
  t.request_timeout = ms(5000);
  t.transfer_stall = ms(5000);
  t.rate_limit_wait = ms(60);
  t.max_retry_after = ms(5000);
  t.still_working_every = ms(100);
  t.heartbeat_only_limit = ms(500);
  t.turn_limit = ms(1500);
  t.recovery_first = ms(40);
  t.recovery_every = ms(40);
  t.recovery_reads = 5;
  t.first_poll = ms(20);
  t.min_poll = ms(10);
  t.poll_cap = ms(80);
  t.render_limit = ms(10000);
  return t;
}

inline core::Config config_for(const FakeServer &server, const std::string &data_dir) {
  core::Config c;
  c.base_url = server.base_url();
  c.data_dir = data_dir;
  c.timings = fast_timings();
  return c;
}

inline std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  std::chrono::milliseconds elapsed() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start_);
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

}  // namespace nemo::test
