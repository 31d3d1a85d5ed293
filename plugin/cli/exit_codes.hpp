// nemo-clip's exit codes: one per kind of failure a script may want to tell apart.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "core/error.hpp"

namespace nemo::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitInternal = 1,     // a bug, an answer we could not understand, or the agent failed
  kExitUsage = 2,        // bad arguments
  kExitNetwork = 3,      // cannot reach the backend, timeouts, rate limits
  kExitAuth = 4,         // token refused, session lost
  kExitCredits = 5,      // out of credits, or export blocked on the plan
  kExitBadInput = 6,     // a file that cannot be used (type, size, unreadable)
  kExitRender = 7,       // the render failed or its MP4 is damaged
  kExitDisk = 8,         // cannot write the output
  kExitCancelled = 130,  // Ctrl-C (128 + SIGINT, as shells report it)
};

int exit_code_for(core::ErrorCode code);

}  // namespace nemo::cli
