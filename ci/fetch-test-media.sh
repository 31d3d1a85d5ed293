#!/usr/bin/env bash
# Real photos and real music for the renderer's tests and benchmark, from
# Debian packages (no other source): mate-backgrounds (nature photographs,
# JPEG), asc-music (game soundtrack, MP3) and python3-skimage (its sample
# "astronaut": a NASA portrait, public domain; the face-framing tests).
#
#   ci/fetch-test-media.sh <out-dir> [cache-dir]
#
# <out-dir> gets photos/*.jpg, music/*.mp3 and faces/astronaut.png (the tests read it from
# NEMO_TEST_MEDIA, default <build>/test-media). The .deb files are kept in
# the cache dir ($NEMO_MEDIA_CACHE, default /work/.cache/nemo-media), so a
# second run downloads nothing. Idempotent.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

out="${1:?usage: fetch-test-media.sh <out-dir> [cache-dir]}"
cache="${2:-${NEMO_MEDIA_CACHE:-/work/.cache/nemo-media}}"

photos_pkg=mate-backgrounds
music_pkg=asc-music
photos=(Dune LadyBird RainDrops Storm TwoWings Wood)
music=(frontiers machine_wars)

faces_pkg=python3-skimage

mkdir -p "$cache" "$out/photos" "$out/music" "$out/faces"

fetch_deb() {  # fetch_deb <package>: prints the .deb path
  local pkg="$1" deb
  deb=$(ls "$cache"/"${pkg}"_*.deb 2>/dev/null | head -n1 || true)
  if [[ -z "$deb" ]]; then
    if ! (cd "$cache" && apt-get download "$pkg" >&2); then
      # A fresh machine may have no package lists yet.
      if [[ $(id -u) -eq 0 ]]; then apt-get update >&2 || true; fi
      (cd "$cache" && apt-get download "$pkg" >&2)
    fi
    deb=$(ls "$cache"/"${pkg}"_*.deb | head -n1)
  fi
  echo "$deb"
}

extract() {  # extract <package>: prints the extraction root
  local pkg="$1" deb root
  deb=$(fetch_deb "$pkg")
  root="$cache/x-$(basename "$deb" .deb)"
  if [[ ! -f "$root/.done" ]]; then
    rm -rf "$root"
    dpkg -x "$deb" "$root"
    touch "$root/.done"
  fi
  echo "$root"
}

copy_if_changed() {  # copy_if_changed <src> <dst>
  if [[ ! -f "$2" ]] || ! cmp -s "$1" "$2"; then cp "$1" "$2"; fi
  printf '  %s (%s bytes)\n' "$2" "$(stat -c %s "$2")"
}

root=$(extract "$photos_pkg")
echo "photos from $photos_pkg:"
for p in "${photos[@]}"; do
  copy_if_changed "$root/usr/share/backgrounds/mate/nature/$p.jpg" "$out/photos/$p.jpg"
done

root=$(extract "$music_pkg")
echo "music from $music_pkg:"
for m in "${music[@]}"; do
  copy_if_changed "$root/usr/share/games/asc/music/$m.mp3" "$out/music/$m.mp3"
done
root=$(extract "$faces_pkg")
echo "faces from $faces_pkg:"
copy_if_changed "$root/usr/lib/python3/dist-packages/skimage/data/astronaut.png" "$out/faces/astronaut.png"
echo "test media ready in $out"
