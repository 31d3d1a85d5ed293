// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/obs_log.hpp"

#include <cstdarg>
#include <string>

namespace nemo::obs {

void log(int level, const char *format, ...) {
  std::string prefixed = std::string("[obs-nemo-video] ") + format;
  va_list args;
  va_start(args, format);
  blogva(level, prefixed.c_str(), args);
  va_end(args);
}

}  // namespace nemo::obs
