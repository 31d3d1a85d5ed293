// Lowering the calling thread's CPU priority, so that OBS, live on the same
// machine, keeps its frames while a render runs. Threads started afterwards
// by this thread (the compositor, x264's) inherit it.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

namespace nemo::platform {

// The lowest normal priority for this thread only (Linux: nice 19, which is
// per-thread there), and with idle_class the idle class too (SCHED_IDLE: spare
// CPU time only). false when refused.
bool lower_current_thread_priority(bool idle_class = false);

// Whether the calling thread runs in the idle class (for tests).
bool current_thread_is_idle_class();

// The calling thread's nice value, 0 where there is none (for tests).
int current_thread_nice();

}  // namespace nemo::platform
