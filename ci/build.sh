#!/usr/bin/env bash
# Configures and builds. Usage: ci/build.sh [BUILD_DIR] [extra cmake args...]
# Warnings are errors here, CMake's developer warnings too (CI and the test
# command build with this script).
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shift || true
jobs=${NEMO_JOBS:-$(nproc)}

# Ninja keeps both cores busy across targets; a dir configured before with
# another generator keeps it.
generator=()
if command -v ninja >/dev/null && [ ! -f "$build/CMakeCache.txt" ]; then
  generator=(-G Ninja)
fi
# -g1: line tables only. Backtraces, core dumps and sanitizer reports keep
# their file:line; full -g made every compile about a third slower.
flags="-O2 -g1 -DNDEBUG"
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="$flags" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$flags" \
  -DNEMO_WERROR=ON -Werror=dev "$@"
cmake --build "$build" -j "$jobs"
