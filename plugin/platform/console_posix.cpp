// SPDX-License-Identifier: GPL-2.0-or-later
#include "platform/console.hpp"

#include <unistd.h>

namespace nemo::platform {

bool stderr_is_terminal() {
  return ::isatty(STDERR_FILENO) == 1;
}

}  // namespace nemo::platform
