// nemo-clip: the command line over core/. Parsing (cli_args), output
// (cli_output), exit codes (exit_codes) and the commands (cli_app) live in
// their own files; this file wires signals and argv to them.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <atomic>
#include <iostream>

extern "C" {
#include <libavutil/log.h>
}

#include "cli/cli_app.hpp"
#include "cli/cli_args.hpp"
#include "cli/cli_output.hpp"
#include "cli/exit_codes.hpp"
#include "platform/console.hpp"
#include "platform/paths.hpp"
#include "platform/stop_signals.hpp"

namespace {
std::atomic<bool> g_interrupted{false};
}  // namespace

int main(int argc, char **argv) {
  using namespace nemo::cli;
  const ParseResult parsed = parse_args(argc, argv);
  if (!parsed.ok()) {
    std::cerr << "nemo-clip: " << parsed.error << "\n\n" << usage_text();
    return kExitUsage;
  }
  nemo::platform::set_flag_on_stop_request(&g_interrupted);
  av_log_set_level(AV_LOG_QUIET);  // the probe reports its own errors

  Output out(std::cout, std::cerr, parsed.options.json, nemo::platform::stderr_is_terminal());
  AppEnv env;
  env.self_dir = nemo::platform::executable_dir();
  env.interrupted = &g_interrupted;
  return run_app(parsed.options, out, env);
}
