#!/usr/bin/env bash
# Installs every Debian 12 package the project needs to build, test and run.
# Idempotent: installs only what is missing, and asks apt nothing otherwise.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang-format
  # the sanitizer + libFuzzer build
  clang libclang-rt-14-dev llvm
  # OBS 29 and the Qt it was built with
  obs-studio libobs-dev qtbase5-dev
  # client, server and renderer
  libcurl4-openssl-dev nlohmann-json3-dev libcpp-httplib-dev
  libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev libswscale-dev libswresample-dev
  libfreetype-dev libheif-dev libheif-examples fonts-noto-cjk
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev ffmpeg
  # real OBS under test: X server, obs-websocket client, window control and
  # screenshot crops for the dock tests
  xvfb xauth python3 python3-websocket xdotool imagemagick
  # stacks of a hung or crashed OBS in the test artifacts
  gdb
)

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
