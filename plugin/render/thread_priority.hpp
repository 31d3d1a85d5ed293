// Lowering the calling thread's CPU priority, so that OBS, live on the same
// machine, keeps its frames while a render runs. Threads started afterwards
// by this thread (the compositor, x264's) inherit it.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

namespace nemo::render {

// nice 19 for this thread only (Linux: per-thread), and with idle_class
// SCHED_IDLE too. false when refused.
bool lower_current_thread_priority(bool idle_class = false);

// Whether the calling thread runs under SCHED_IDLE (for tests).
bool current_thread_is_idle_class();

// The calling thread's nice value (for tests).
int current_thread_nice();

}  // namespace nemo::render
