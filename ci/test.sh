#!/usr/bin/env bash
# The test command: installs what it needs, builds from scratch, runs every test.
#   bash ci/test.sh            everything (what CI runs)
#   NEMO_SKIP_SANITIZE=1 ...   skip the ASan+UBSan+fuzzing build (quicker local runs)
#   NEMO_SKIP_FUZZ=1 ...       build the fuzzers but do not run them
#   NEMO_FUZZ_SECONDS=N ...    run each fuzz target N s (default 60)
# Benchmarks (ctest label "bench") are not run here: `ctest -L bench` runs them.
# Artifacts (OBS logs, screenshots, rendered clips) end up in build/test-artifacts.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${NEMO_BUILD_DIR:-$root/build}
asan_build=${NEMO_ASAN_BUILD_DIR:-$root/build-asan}
jobs=${NEMO_JOBS:-$(nproc)}
started=$(date +%s)
stage() { echo; echo "=== $* ($(( $(date +%s) - started ))s)"; }

stage "dependencies"
bash ci/install-deps.sh

stage "test media (real photos and music from Debian packages)"
bash ci/fetch-test-media.sh "$build/test-media"
# Every test run below (the sanitizer one too) reads the same media.
export NEMO_TEST_MEDIA="$build/test-media"

stage "format"
bash ci/check-format.sh

stage "build (warnings are errors)"
bash ci/build.sh "$build"

stage "tests"
status=0
ctest --test-dir "$build" --output-on-failure -j "$jobs" --timeout 900 -LE bench || status=1

if [ -z "${NEMO_SKIP_SANITIZE:-}" ]; then
  # One clang build serves the sanitizers and the fuzzers: every non-OBS
  # target and test with ASan+UBSan, libraries with libFuzzer's coverage, and
  # the fuzz_* executables (tests/fuzz).
  stage "ASan+UBSan build of every non-OBS target, with the libFuzzer targets (clang)"
  CC=clang CXX=clang++ bash ci/build.sh "$asan_build" -DNEMO_SANITIZE=ON -DNEMO_FUZZ=ON \
    -DNEMO_BUILD_BENCHMARKS=OFF
  stage "tests under ASan+UBSan"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$asan_build" --output-on-failure -j "$jobs" --timeout 900 -LE "slow|e2e|bench" || status=1
  if [ -z "${NEMO_SKIP_FUZZ:-}" ]; then
    stage "fuzzing: each target for ${NEMO_FUZZ_SECONDS:-60} s"
    bash ci/fuzz.sh "$asan_build" "${NEMO_FUZZ_SECONDS:-60}" || status=1
  fi
fi

stage "done: $([ $status -eq 0 ] && echo PASS || echo FAIL)"
exit $status
