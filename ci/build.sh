#!/usr/bin/env bash
# Configures and builds. Usage: ci/build.sh [BUILD_DIR] [extra cmake args...]
# Warnings are errors here (CI and the test command build with this script).
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shift || true
jobs=${NEMO_JOBS:-$(nproc)}

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEMO_WERROR=ON "$@"
cmake --build "$build" -j "$jobs"
