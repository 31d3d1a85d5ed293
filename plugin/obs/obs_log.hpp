// Logging with the module's prefix: every line reads "[obs-nemo-video] ...".
// Pass details that may hold server text through core::redact_secrets first.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <util/base.h>

namespace nemo::obs {

void log(int level, const char *format, ...) __attribute__((format(printf, 2, 3)));

}  // namespace nemo::obs

#define nemo_info(...) ::nemo::obs::log(LOG_INFO, __VA_ARGS__)
#define nemo_warn(...) ::nemo::obs::log(LOG_WARNING, __VA_ARGS__)
#define nemo_error(...) ::nemo::obs::log(LOG_ERROR, __VA_ARGS__)
