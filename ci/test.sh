#!/usr/bin/env bash
# The test command: installs what it needs, builds from scratch, runs every test.
#   bash ci/test.sh            everything (what CI runs)
#   NEMO_SKIP_SANITIZE=1 ...   skip the ASan+UBSan+fuzzing build (quicker local runs)
#   NEMO_SKIP_FUZZ=1 ...       build the fuzzers but do not run them
#   NEMO_FUZZ_SECONDS=N ...    run each fuzz target N s (default 60)
#   NEMO_OBS_TARGETS="..."     the OBS targets to build and test (default all three):
#                              debian12 (this machine: OBS 29, Qt5; every suite, the
#                              sanitizers and fuzzing), trixie (OBS 30.2, Qt6) and sid
#                              (OBS 32.2, Qt6), each in its chroot (ci/target.sh);
#                              e.g. NEMO_OBS_TARGETS=sid bash ci/test.sh
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

targets=${NEMO_OBS_TARGETS:-debian12 trixie sid}
for t in $targets; do
  case $t in debian12 | trixie | sid) ;; *) echo "test.sh: unknown OBS target '$t'" >&2; exit 2 ;; esac
done
has_target() { [[ " $targets " == *" $1 "* ]]; }

stage "dependencies"
bash ci/install-deps.sh

# The other targets' chroots are made (mostly download and unpacking) while
# this machine builds and tests; their stages wait for them at the end.
declare -A chroot_job=()
for t in trixie sid; do
  if has_target "$t"; then
    mkdir -p "$build/chroots"
    bash ci/chroot.sh make "$t" "$build/chroots/$t" >"$build/chroots/$t.log" 2>&1 &
    chroot_job[$t]=$!
  fi
done

stage "test media (real photos and music from Debian packages)"
bash ci/fetch-test-media.sh "$build/test-media"
# Every test run below (the sanitizer one too) reads the same media.
export NEMO_TEST_MEDIA="$build/test-media"

stage "format"
bash ci/check-format.sh

status=0
failed=()  # "stage: test" lines, repeated at the end so a log's tail names them
note_failures() {  # note_failures STAGE BUILD_DIR: after a ctest run that failed
  local log="$2/Testing/Temporary/LastTestsFailed.log" line
  if [ -f "$log" ]; then
    while IFS= read -r line; do failed+=("$1: ${line#*:}"); done <"$log"
  else
    failed+=("$1: (no list of failed tests)")
  fi
}
if has_target debian12; then
  stage "build (warnings are errors)"
  bash ci/build.sh "$build"

  stage "tests"
  ctest --test-dir "$build" --output-on-failure -j "$jobs" --timeout 900 -LE bench ||
    { status=1; note_failures tests "$build"; }
fi

if has_target debian12 && [ -z "${NEMO_SKIP_SANITIZE:-}" ]; then
  # One clang build serves the sanitizers and the fuzzers: every non-OBS
  # target and test with ASan+UBSan, libraries with libFuzzer's coverage, and
  # the fuzz_* executables (tests/fuzz).
  stage "ASan+UBSan build of every non-OBS target, with the libFuzzer targets (clang)"
  CC=clang CXX=clang++ bash ci/build.sh "$asan_build" -DNEMO_SANITIZE=ON -DNEMO_FUZZ=ON \
    -DNEMO_BUILD_BENCHMARKS=OFF
  stage "tests under ASan+UBSan"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$asan_build" --output-on-failure -j "$jobs" --timeout 900 -LE "slow|e2e|bench" ||
    { status=1; note_failures "ASan+UBSan" "$asan_build"; }
  if [ -z "${NEMO_SKIP_FUZZ:-}" ]; then
    stage "fuzzing: each target for ${NEMO_FUZZ_SECONDS:-60} s"
    if ! bash ci/fuzz.sh "$asan_build" "${NEMO_FUZZ_SECONDS:-60}"; then
      status=1
      failed+=("fuzzing")
      while IFS= read -r line; do failed+=("fuzzing: $line"); done \
        < <(cat "$asan_build/fuzz-run/failures.txt" 2>/dev/null || true)
    fi
  fi
fi

for t in trixie sid; do
  has_target "$t" || continue
  stage "OBS target $t: its chroot, build, unit and E2E tests, .deb (ci/target.sh)"
  if ! wait "${chroot_job[$t]}"; then
    cat "$build/chroots/$t.log"
    echo "test.sh: the $t chroot could not be made"
    status=1
    failed+=("$t: its chroot")
    continue
  fi
  cat "$build/chroots/$t.log"
  NEMO_BUILD_DIR="$build" bash ci/target.sh "$t" || { status=1; failed+=("$t: ci/target.sh (see above)"); }
done

for f in "${failed[@]}"; do echo "FAILED $f"; done
stage "done: $([ $status -eq 0 ] && echo PASS || echo FAIL)"
exit $status
