// How a command-line program learns that the user or the system asks it to
// stop (POSIX: SIGINT, SIGTERM; Windows: Ctrl-C, Ctrl-Break, console close).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <atomic>
#include <string>

namespace nemo::platform {

// nemo-clip: sets *flag on a stop request (the commands poll it and cancel),
// and makes a closed pipe an error to write to, not a way to die.
void set_flag_on_stop_request(std::atomic<bool> *flag);

// nemo-local: called first in main(). Stop requests are held back from every
// thread started afterwards, and a closed pipe is an error, not a death.
void hold_stop_requests();
// Blocks the calling thread until a stop request; returns its name
// ("SIGINT", "SIGTERM").
std::string wait_for_stop_request();

}  // namespace nemo::platform
