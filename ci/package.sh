#!/usr/bin/env bash
# Makes the .deb of an already-built build dir with cpack; prints its absolute path on the last line.
#
#   ci/package.sh BUILD_DIR
#
# BUILD_DIR must be configured with CMAKE_INSTALL_PREFIX=/usr (the presets of
# CMakePresets.json are) and with the OBS module. cpack installs the "system"
# component into a staging folder (it first brings the build up to date) and
# runs dpkg-shlibdeps (package dpkg-dev) for the dependencies. The package
# lands in BUILD_DIR/packages/. cpack's own output goes to stderr.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

build="${1:?usage: ci/package.sh BUILD_DIR}"
build=$(cd "$build" && pwd)
cache="$build/CMakeCache.txt"
[ -f "$cache" ] || { echo "package: $build is not a CMake build dir (no CMakeCache.txt)" >&2; exit 2; }
[ -f "$build/CPackConfig.cmake" ] || { echo "package: no CPackConfig.cmake in $build" >&2; exit 2; }

prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:[A-Z]*=//p' "$cache")
if [ "$prefix" != "/usr" ]; then
  echo "package: $build has CMAKE_INSTALL_PREFIX=$prefix; the .deb needs /usr:" >&2
  echo "  cmake -DCMAKE_INSTALL_PREFIX=/usr $build   (or configure with a preset)" >&2
  exit 2
fi
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "package: $tool not found (apt-get install cmake dpkg-dev)" >&2; exit 2; }
done

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! (cd "$build" && cpack --config "$build/CPackConfig.cmake" -G DEB) >"$log" 2>&1; then
  cat "$log" >&2
  echo "package: cpack failed" >&2
  exit 1
fi
cat "$log" >&2
deb=$(sed -n 's/^CPack: - package: \(.*\.deb\) generated\.$/\1/p' "$log" | tail -n1)
[ -n "$deb" ] && [ -f "$deb" ] || { echo "package: cpack named no .deb" >&2; exit 1; }
echo "$deb"
