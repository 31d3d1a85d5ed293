// Runs nemo-local, the offline backend, as a child process: on loopback, on a
// free port, at low CPU priority, with its log in a file. Used by the OBS
// module (offline mode) and by nemo-clip (--backend local).
//
// start() reads the child's first stdout line, `listening on http://HOST:PORT`,
// within a timeout; stop() asks it to stop and waits a bounded time, then
// kills it. The destructor stops the child, so a LocalBackend never leaks one.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "core/cancel.hpp"
#include "core/error.hpp"
#include "platform/child_process.hpp"

namespace nemo::core {

struct LocalBackendOptions {
  std::string executable;  // the nemo-local binary (see find_local_backend)
  std::string data_dir;    // required: where the backend keeps sessions and renders
  std::string host = "127.0.0.1";
  int port = 0;  // 0: the backend picks a free port
  int workers = 1;
  int nice = 10;         // added to the child's nice value (0: unchanged)
  std::string log_path;  // the child's stderr; empty: <data_dir>/nemo-local.log
  std::vector<std::string> extra_args;
  std::chrono::milliseconds start_timeout{15000};
};

// The first executable `nemo-local` in `dirs`, then on PATH; "" if none.
std::string find_local_backend(const std::vector<std::string> &dirs);

// Parses `listening on http://HOST:PORT` into the base URL; "" if the line is
// anything else.
std::string parse_listening_line(const std::string &line);

class LocalBackend {
 public:
  LocalBackend() = default;
  ~LocalBackend();
  LocalBackend(const LocalBackend &) = delete;
  LocalBackend &operator=(const LocalBackend &) = delete;

  Error start(const LocalBackendOptions &options, const CancelToken &cancel = CancelToken::none());
  // Asks the child to stop (SIGTERM), kills it after `grace`; returns when it
  // is reaped.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));

  bool running();                                  // false once the child exited
  const std::string &url() const { return url_; }  // http://127.0.0.1:PORT
  std::int64_t pid() const { return child_.id(); }

 private:
  platform::ChildProcess child_;
  std::thread drain_;  // reads the child's stdout after the first line
  std::string url_;
};

}  // namespace nemo::core
