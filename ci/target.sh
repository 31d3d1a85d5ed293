#!/usr/bin/env bash
# One other OBS target, built and tested in its Debian chroot:
#   ci/target.sh trixie     OBS 30.2 / Qt 6.8 / FFmpeg 7.1 / GCC 14
#   ci/target.sh sid        OBS 32.2 / Qt 6.11 / FFmpeg 9 / GCC 16 / CMake 4
#
# Steps: the chroot (made once, kept in the build folder: build/chroots/TARGET),
# the whole tree built in it with warnings as errors (the module, nemo-local,
# nemo-clip and every test), the unit tests, the E2E tests that matter in that
# OBS under Xvfb (the module loads, the dock is built and shown, Generate puts a
# playing clip in the scene, SIGINT quits with 0 leaks), then the .deb: made
# with cpack, installed with apt into a clean copy of the chroot, and loaded by
# OBS from the system folders.
#
# Environment: NEMO_BUILD_DIR (default build/), NEMO_TEST_MEDIA (real photos
# and music, default build/test-media: ci/fetch-test-media.sh makes it),
# NEMO_TARGET_E2E (the E2E tests to run, a ctest -R regex).
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:?usage: ci/target.sh trixie|sid}
build=${NEMO_BUILD_DIR:-$root/build}
media=${NEMO_TEST_MEDIA:-$build/test-media}
chroot_dir=$build/chroots/$target
tbuild=$build/targets/$target
e2e=${NEMO_TARGET_E2E:-^e2e\.(obs_load|generate|dock)$}
jobs=${NEMO_JOBS:-$(nproc)}
started=$SECONDS
step() { echo "--- $target: $* ($((SECONDS - started)) s)"; }

[ -d "$media/photos" ] || bash "$root/ci/fetch-test-media.sh" "$media" >/dev/null

step "chroot"
bash "$root/ci/chroot.sh" make "$target" "$chroot_dir"

mkdir -p "$tbuild"
in_chroot() {
  bash "$root/ci/chroot.sh" run "$chroot_dir" --bind "$root:/src:ro" --bind "$tbuild:/build" \
    --bind "$media:/nemo-media:ro" -- "$@"
}
versions=$(in_chroot sh -c 'dpkg-query -W -f="\${Package} \${Version}\n" libobs-dev qt6-base-dev libavformat-dev libcpp-httplib-dev g++ cmake' | paste -sd, )
echo "$target: $versions"

step "build (warnings are errors)"
# The generator stays what the folder was configured with; -Werror=dev: a
# CMake policy warning fails too.
# -g1 as in ci/build.sh: line tables only.
in_chroot sh -c "cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNEMO_WERROR=ON \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO='-O2 -g1 -DNDEBUG' -DCMAKE_CXX_FLAGS_RELWITHDEBINFO='-O2 -g1 -DNDEBUG' \
  -DCMAKE_INSTALL_PREFIX=/usr \
  -Werror=dev -DNEMO_BUILD_BENCHMARKS=ON >/build/configure.log 2>&1 || { cat /build/configure.log; exit 1; }
  grep -E '^-- (OBS|obs-nemo-video)' /build/configure.log
  cmake --build /build -j $jobs"

status=0
step "unit, renderer and nemo-local tests (ctest -L 'unit|render|server', not the slow ones)"
in_chroot env NEMO_TEST_MEDIA=/nemo-media \
  ctest --test-dir /build --output-on-failure -j "$jobs" --timeout 600 -L "unit|render|server" -LE slow || status=1

step "E2E tests in real OBS under Xvfb ($e2e)"
in_chroot env NEMO_TEST_MEDIA=/nemo-media \
  ctest --test-dir /build --output-on-failure --timeout 600 -R "$e2e" || status=1

step "package: the .deb, installed with apt into a clean copy of the chroot, loaded by OBS"
deb=$(in_chroot bash /src/ci/package.sh /build | tail -n1)
deb=${deb#/build/}
[ -f "$tbuild/$deb" ] || { echo "$target: ci/package.sh made no .deb ($deb)"; exit 1; }
in_chroot bash /src/ci/check-deb.sh "/build/$deb" || status=1
bash "$root/ci/chroot.sh" run "$chroot_dir" --overlay --bind "$root:/src:ro" \
  --bind "$tbuild:/build" -- sh -c "
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null &&
    apt-get install -y -qq /build/$deb >/dev/null &&
    dpkg -L obs-nemo-video | grep -E 'obs-plugins|bin/' &&
    bash /src/ci/check-deb-loads.sh" || status=1

step "done: $([ $status -eq 0 ] && echo PASS || echo FAIL); artifacts in $tbuild/test-artifacts"
exit $status
