// SPDX-License-Identifier: GPL-2.0-or-later
#include <unistd.h>

#include "platform/console.hpp"

namespace nemo::platform {

bool stderr_is_terminal() {
  return ::isatty(STDERR_FILENO) == 1;
}

}  // namespace nemo::platform
