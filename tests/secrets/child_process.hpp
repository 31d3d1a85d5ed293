// Runs a program as a child with its stdout and stderr in files, a chosen
// environment, a time limit, and an optional SIGINT when a condition holds
// (to cancel a run half-way, as a user's Ctrl-C does).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace nemo::test {

struct ChildRun {
  int exit_code = -1;  // 128 + signal when killed by one; -1 if it could not start
  bool timed_out = false;
  bool interrupted = false;  // we sent SIGINT
  std::string out;           // what it wrote on stdout
  std::string err;           // and on stderr
};

struct ChildOptions {
  std::vector<std::string> argv;
  // Set (or, with an empty value, removed) on top of this process's environment.
  std::map<std::string, std::string> env;
  std::string stdout_path, stderr_path;  // required: where the output goes
  std::chrono::milliseconds limit{120000};
  // Polled every 20 ms while the child runs; true once -> SIGINT is sent.
  std::function<bool()> interrupt_when;
};

ChildRun run_child(const ChildOptions &options);

}  // namespace nemo::test
