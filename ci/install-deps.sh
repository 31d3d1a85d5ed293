#!/usr/bin/env bash
# The Debian packages the project needs to build, test and run, per target:
#   ci/install-deps.sh                installs what Debian 12 (this machine) lacks
#   ci/install-deps.sh --list TARGET  prints TARGET's list (debian12, trixie, sid),
#                                     one package a line (ci/chroot.sh makes the
#                                     trixie and sid chroots from it)
# Idempotent: installs only what is missing, and asks apt nothing otherwise.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

packages_for() {  # packages_for TARGET
  local target=$1
  # toolchain (build-essential brings dpkg-dev: cpack's dpkg-shlibdeps;
  # CPackDeb also needs file(1) to find the binaries it passes to it)
  echo build-essential cmake ninja-build pkg-config git file
  case $target in
    debian12)
      # OBS 29 and the Qt it was built with; clang and libFuzzer for the
      # sanitizer pass, clang-format for the style check, mmdebstrap for the
      # other targets' chroots
      echo obs-studio libobs-dev qtbase5-dev
      echo clang-format clang libclang-rt-14-dev llvm mmdebstrap
      # MLT's melt: render_bench's third comparator
      echo melt
      ;;
    trixie | sid)
      # OBS 30 / 32: Qt6 builds
      # (qt6-svg-plugins: OBS's own icons; Debian installs it as a Recommends)
      echo obs-studio libobs-dev qt6-base-dev qt6-svg-plugins ca-certificates
      ;;
    *)
      echo "install-deps: unknown target '$target' (debian12, trixie, sid)" >&2
      return 2
      ;;
  esac
  # client, server and renderer
  echo libcurl4-openssl-dev nlohmann-json3-dev libcpp-httplib-dev libssl-dev
  echo libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev libswscale-dev libswresample-dev
  echo libfreetype-dev libheif-dev libheif-examples fonts-noto-cjk
  # the renderer's looks: beats (aubio), faces (OpenCV and the face models
  # Debian ships in opencv-data)
  echo libaubio-dev libopencv-imgproc-dev libopencv-objdetect-dev opencv-data
  # tests and benchmarks
  echo libgtest-dev libgmock-dev libbenchmark-dev ffmpeg sox
  # real OBS under test: X server, obs-websocket client, window control and
  # screenshot crops for the dock tests
  echo xvfb xauth python3 python3-websocket xdotool imagemagick
  # stacks of a hung or crashed OBS in the test artifacts
  echo gdb
}

if [ "${1:-}" = "--list" ]; then
  packages_for "${2:?usage: install-deps.sh --list debian12|trixie|sid}" | tr ' ' '\n' | sed '/^$/d'
  exit 0
fi

mapfile -t packages < <(packages_for debian12 | tr ' ' '\n' | sed '/^$/d')
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
