// Tuning of the C library's allocator for a long-running server.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

namespace nemo::platform {

// At most `arenas` malloc arenas (glibc makes 8 a core; freed memory stays
// spread over them). No-op where the allocator has no such knob.
void limit_malloc_arenas(int arenas);

}  // namespace nemo::platform
