// The terminal a command-line tool writes to.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

namespace nemo::platform {

// Whether stderr is a terminal (progress bars then redraw in place).
bool stderr_is_terminal();

}  // namespace nemo::platform
