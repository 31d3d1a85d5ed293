#!/usr/bin/env bash
# The product command: builds, then runs OBS with the obs-nemo-video plugin on
# the offline backend (nemo-local, started by the plugin on first use).
#  - on a desktop (DISPLAY set): installs the plugin for this user
#    (~/.config/obs-studio/plugins/obs-nemo-video) and starts OBS; the
#    "AI Video" dock is on the right;
#  - with no DISPLAY (or NEMO_HEADLESS=1): runs OBS under Xvfb in a scratch
#    profile, generates a clip from sample photos and music through the
#    plugin's generation service (the dock's path), puts it in the scene, and
#    writes screenshots of the screen and of the scene.
# NEMO_API_BASE=<url> points the plugin at another backend instead.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NEMO_BUILD_DIR:-$root/build}

bash "$root/ci/install-deps.sh"
bash "$root/ci/build.sh" "$build"
export NEMO_API_BASE="${NEMO_API_BASE:-local}"

if [ -n "${DISPLAY:-}" ] && [ -z "${NEMO_HEADLESS:-}" ]; then
  prefix="${XDG_CONFIG_HOME:-$HOME/.config}/obs-studio/plugins"
  cmake --install "$build" --component user --prefix "$prefix"
  echo "demo: plugin installed in $prefix/obs-nemo-video; starting OBS"
  exec obs
fi
bash "$root/ci/fetch-test-media.sh" "$build/test-media" >/dev/null
exec /usr/bin/python3 "$root/ci/demo_headless.py" --build-dir "$build"
