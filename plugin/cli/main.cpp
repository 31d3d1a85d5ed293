// nemo-clip: the command line over core/. Parsing (cli_args), output
// (cli_output), exit codes (exit_codes) and the commands (cli_app) live in
// their own files; this file wires signals and argv to them.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>

extern "C" {
#include <libavutil/log.h>
}

#include "cli/cli_app.hpp"
#include "cli/cli_args.hpp"
#include "cli/cli_output.hpp"
#include "cli/exit_codes.hpp"

namespace {
std::atomic<bool> g_interrupted{false};

extern "C" void on_signal(int) {
  g_interrupted.store(true);
}

std::string self_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}
}  // namespace

int main(int argc, char **argv) {
  using namespace nemo::cli;
  const ParseResult parsed = parse_args(argc, argv);
  if (!parsed.ok()) {
    std::cerr << "nemo-clip: " << parsed.error << "\n\n" << usage_text();
    return kExitUsage;
  }
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  av_log_set_level(AV_LOG_QUIET);  // the probe reports its own errors

  Output out(std::cout, std::cerr, parsed.options.json, ::isatty(STDERR_FILENO) == 1);
  AppEnv env;
  env.self_dir = self_dir();
  env.interrupted = &g_interrupted;
  return run_app(parsed.options, out, env);
}
