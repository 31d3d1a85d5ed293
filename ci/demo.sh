#!/usr/bin/env bash
# The product command: builds, then runs OBS with the obs-nemo-video plugin.
#  - on a desktop (DISPLAY set): installs the plugin for this user
#    (~/.config/obs-studio/plugins/obs-nemo-video) and starts OBS;
#  - with no DISPLAY (or NEMO_HEADLESS=1): runs OBS under Xvfb in a scratch
#    profile and prints where its log and screenshots were written.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NEMO_BUILD_DIR:-$root/build}

bash "$root/ci/install-deps.sh"
bash "$root/ci/build.sh" "$build"

if [ -n "${DISPLAY:-}" ] && [ -z "${NEMO_HEADLESS:-}" ]; then
  prefix="${XDG_CONFIG_HOME:-$HOME/.config}/obs-studio/plugins"
  cmake --install "$build" --component user --prefix "$prefix"
  echo "demo: plugin installed in $prefix/obs-nemo-video; starting OBS"
  exec obs
fi
exec /usr/bin/python3 "$root/ci/demo_headless.py" --build-dir "$build"
