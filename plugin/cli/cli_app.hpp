// Runs one nemo-clip command: sets up the backend (a URL, or nemo-local started
// beside the binary), the ApiClient and the render journal, runs the command as
// a core::Job, relays its progress and text to Output, and maps the outcome to
// an exit code. Ctrl-C (the `interrupted` flag) cancels the job's CancelToken.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <atomic>
#include <string>

#include "cli/cli_args.hpp"
#include "cli/cli_output.hpp"

namespace nemo::cli {

struct AppEnv {
  std::string self_dir;  // the directory nemo-clip runs from (nemo-local is looked for there)
  const std::atomic<bool> *interrupted = nullptr;
};

int run_app(const CliOptions &options, Output &out, const AppEnv &env);

}  // namespace nemo::cli
