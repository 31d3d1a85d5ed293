// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/thread_priority.hpp"

#include <cerrno>

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace nemo::render {

bool lower_current_thread_priority() {
#if defined(__linux__)
  // On Linux a nice value belongs to a thread (PRIO_PROCESS with a tid).
  const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
  return ::setpriority(PRIO_PROCESS, tid, 19) == 0;
#else
  return false;
#endif
}

int current_thread_nice() {
#if defined(__linux__)
  errno = 0;
  const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
  return ::getpriority(PRIO_PROCESS, tid);
#else
  return 0;
#endif
}

}  // namespace nemo::render
