// nemo-local's settings and its command line.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "protocol/limits.hpp"

namespace nemo::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  std::string data_dir;
  int workers = 1;                      // render workers
  std::optional<std::int64_t> credits;  // unset: unlimited; set: each chat turn costs 1
  std::uint64_t max_upload_bytes = 500ull * 1024 * 1024;
  std::string access_key;           // required when host is not loopback
  std::string preset = "veryfast";  // veryfast | quality
  std::string log_file;             // empty: stderr
  bool idle_priority = false;       // renders run SCHED_IDLE (on spare CPU only)
  std::string encoder = "auto";     // auto (a hardware H.264 encoder when one opens) | software

  // Not on the command line (tests and tuning).
  std::chrono::milliseconds heartbeat_interval{10000};
  std::size_t max_prompt_bytes = protocol::kMaxPromptBytes;
  std::int64_t token_ttl_ms = 7LL * 24 * 3600 * 1000;
  int chat_turn_cost = 1;
  int max_render_attempts = 3;          // a render interrupted this many times fails
  int keep_alive_max_count = 100;       // requests a connection may carry (1: one each)
  std::function<std::int64_t()> clock;  // ms since epoch; empty: the system clock
};

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(const std::string &host);

// Why these options cannot start a server ("" when they can).
std::string validate_options(const ServerOptions &options);

enum class ParseResult { Ok, Help, Error };
// argv -> options; on Error `message` says why, on Help it holds the usage.
ParseResult parse_command_line(int argc, const char *const argv[], ServerOptions &options,
                               std::string &message);

std::string default_data_dir();

}  // namespace nemo::server
