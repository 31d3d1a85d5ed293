// SPDX-License-Identifier: GPL-2.0-or-later
#include <cstdlib>  // defines __GLIBC__ (through <features.h>) when it is glibc

#include "platform/memory.hpp"

#ifdef __GLIBC__
#include <malloc.h>
#endif

namespace nemo::platform {

void limit_malloc_arenas(int arenas) {
#ifdef __GLIBC__
  mallopt(M_ARENA_MAX, arenas);
#else
  (void)arenas;  // musl has no arenas to limit
#endif
}

}  // namespace nemo::platform
