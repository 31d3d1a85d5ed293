// A child process whose stdout we read and whose stderr goes to a file: how
// the OBS module and nemo-clip run nemo-local. Also where executables are
// found, since names (".exe") and PATH (":" or ";") differ by system.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace nemo::platform {

// `name` (without ".exe") in each of `dirs` in turn, then on PATH; the first
// executable file found, "" if none.
std::string find_executable(const std::string &name, const std::vector<std::string> &dirs);

bool is_executable_file(const std::string &path);

struct SpawnOptions {
  std::string executable;
  std::vector<std::string> args;  // after the executable's own name
  std::string stderr_path;        // appended to (created private); empty: the null device
  int lower_priority_by = 0;      // added to the child's nice value (POSIX) / its class lowered
};

class ChildProcess {
 public:
  ChildProcess() = default;
  ~ChildProcess();  // stop(), then close_stdout(): a ChildProcess never leaks one
  ChildProcess(const ChildProcess &) = delete;
  ChildProcess &operator=(const ChildProcess &) = delete;

  // Starts the child with stdin from the null device and stdout on a pipe.
  // "" on success, else why.
  std::string start(const SpawnOptions &options);

  // Up to `size` bytes of the child's stdout: waits at most `timeout` (a
  // negative one: until data or EOF). > 0: bytes read; 0: nothing yet;
  // -1: end of file (the child closed it or exited) or an error. Safe to call
  // from one other thread while stop() runs.
  long read_stdout(char *buf, std::size_t size, std::chrono::milliseconds timeout);

  bool running();  // false once the child has exited (it is then reaped)

  // Asks the child to stop (SIGTERM), waits `grace`, then kills it; returns
  // when it is reaped. Its stdout stays open (a reader sees EOF) until
  // close_stdout().
  void stop(std::chrono::milliseconds grace);
  void close_stdout();

  std::int64_t id() const { return id_; }  // the process id; -1 when none

 private:
  void reap(std::chrono::milliseconds grace);

  std::int64_t id_ = -1;
  std::intptr_t stdout_ = -1;  // a descriptor (POSIX) or a HANDLE (Windows)
};

}  // namespace nemo::platform
