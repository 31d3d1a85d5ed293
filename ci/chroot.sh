#!/usr/bin/env bash
# The Debian chroots the other OBS targets are built and tested in (trixie:
# OBS 30.2, sid: OBS 32.2), made with mmdebstrap from the mirror apt uses here.
#
#   ci/chroot.sh make TARGET DIR
#       makes DIR (a directory chroot of TARGET with ci/install-deps.sh's list
#       for it), unless DIR already holds one made from the same list
#   ci/chroot.sh run DIR [--bind HOST:INSIDE[:ro]]... [--overlay] -- CMD...
#       runs CMD as root inside DIR with /proc, /sys, /dev, a fresh /tmp and
#       /dev/shm, and the given bind mounts; --overlay runs it in a throw-away
#       copy of DIR (an overlayfs over it: DIR itself is left as it was)
#
# Mounts live in a private mount namespace (unshare): nothing stays mounted
# after CMD ends, however it ends. Needs root (CI and developers' machines
# run as root; otherwise run it with sudo).
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

suite_of() {
  case $1 in
    trixie) echo trixie ;;
    sid) echo sid ;;
    *) echo "chroot: unknown target '$1' (trixie, sid)" >&2; return 2 ;;
  esac
}

# The Debian mirror this machine's apt uses (the chroots come from the same
# one); NEMO_DEBIAN_MIRROR overrides it.
mirror() {
  if [ -n "${NEMO_DEBIAN_MIRROR:-}" ]; then echo "$NEMO_DEBIAN_MIRROR"; return; fi
  local uri
  uri=$(apt-get indextargets --format '$(REPO_URI)' 2>/dev/null | grep -E '/debian/?$' | head -n1 || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

make_chroot() {
  local target=$1 dir=$2 suite list stamp
  suite=$(suite_of "$target")
  list=$(bash "$root/ci/install-deps.sh" --list "$target")
  stamp="$suite $(echo "$list" | sha256sum | cut -d' ' -f1)"
  if [ -f "$dir/.nemo-chroot" ] && [ "$(cat "$dir/.nemo-chroot")" = "$stamp" ]; then
    echo "chroot: $dir is a $target chroot already (cached)"
    return 0
  fi
  command -v mmdebstrap >/dev/null || { echo "chroot: mmdebstrap is missing (ci/install-deps.sh installs it)" >&2; return 1; }
  rm -rf "$dir" "$dir.new"
  mkdir -p "$(dirname "$dir")"
  local started=$SECONDS
  # sid's Release file on a snapshot mirror is past its Valid-Until date.
  mmdebstrap --quiet --variant=apt --include="$(echo "$list" | paste -sd,)" \
    --aptopt='Acquire::Check-Valid-Until "false"' --aptopt='APT::Install-Recommends "false"' \
    --customize-hook='rm -f "$1"/etc/resolv.conf' \
    "$suite" "$dir.new" "$(mirror)"
  echo "$stamp" > "$dir.new/.nemo-chroot"
  mv "$dir.new" "$dir"
  echo "chroot: made $dir ($target, $(echo "$list" | wc -l) packages asked for) in $((SECONDS - started)) s"
}

run_chroot() {
  local dir=$1; shift
  local binds=() overlay=0
  while [ $# -gt 0 ]; do
    case $1 in
      --bind) binds+=("$2"); shift 2 ;;
      --overlay) overlay=1; shift ;;
      --) shift; break ;;
      *) echo "chroot: run: unknown option '$1'" >&2; return 2 ;;
    esac
  done
  [ $# -gt 0 ] || { echo "chroot: run: no command" >&2; return 2; }
  [ -f "$dir/.nemo-chroot" ] || { echo "chroot: $dir is not a chroot made by ci/chroot.sh" >&2; return 1; }
  local scratch=""
  if [ $overlay -eq 1 ]; then
    scratch=$(mktemp -d /tmp/nemo-overlay.XXXXXX)
    trap 'rm -rf "$scratch"' RETURN
  fi
  # The inner script gets: DIR, OVERLAY_SCRATCH, the bind specs, --, CMD.
  unshare --mount --propagation private bash -euo pipefail -c '
    dir=$1 scratch=$2; shift 2
    if [ -n "$scratch" ]; then
      mkdir -p "$scratch/upper" "$scratch/work" "$scratch/root"
      mount -t overlay overlay -o "lowerdir=$dir,upperdir=$scratch/upper,workdir=$scratch/work" "$scratch/root"
      dir=$scratch/root
    fi
    mount -t proc proc "$dir/proc"
    mount --rbind /sys "$dir/sys"
    mount --rbind /dev "$dir/dev"
    mount -t tmpfs -o mode=1777 tmpfs "$dir/dev/shm"
    mount -t tmpfs -o mode=1777 tmpfs "$dir/tmp"
    while [ "$1" != "--" ]; do
      IFS=: read -r host inside mode <<<"$1"; shift
      mkdir -p "$dir$inside"
      mount --bind "$host" "$dir$inside"
      if [ "${mode:-}" = ro ]; then mount -o remount,bind,ro "$dir$inside"; fi
    done
    shift
    # Name resolution for apt inside (the chroot keeps no resolv.conf of its own).
    cp -L /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
    exec chroot "$dir" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb CI="${CI:-}" \
      PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
  ' _ "$dir" "$scratch" "${binds[@]}" -- "$@"
}

case "${1:-}" in
  make) make_chroot "${2:?target}" "${3:?dir}" ;;
  run) shift; run_chroot "$@" ;;
  *) echo "usage: ci/chroot.sh make TARGET DIR | run DIR [--bind H:I[:ro]]... [--overlay] -- CMD..." >&2; exit 2 ;;
esac
