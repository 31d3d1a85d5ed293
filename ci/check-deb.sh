#!/usr/bin/env bash
# Checks a .deb of ci/package.sh without installing it: its files, its control fields, its manifest.json.
#
#   ci/check-deb.sh DEB
#
# Files (dpkg-deb -c): the module under /usr/lib/<multiarch>/obs-plugins/, the
# data folder /usr/share/obs/obs-plugins/obs-nemo-video/ with locale/en-US.ini,
# locale/zh-CN.ini and manifest.json, /usr/bin/nemo-local and nemo-clip, the
# copyright file, and nothing else (no test binary, no benchmark).
# Control (dpkg-deb -f): Depends names obs-studio >= the OBS built against and
# < its next major, libobs, and Qt 5 for OBS 29 or Qt 6 for OBS 30+, never both.
# manifest.json: valid JSON whose id and version are the package's.
# Prints one line a check; exits 1 if any failed.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

deb="${1:?usage: ci/check-deb.sh DEB}"
[ -f "$deb" ] || { echo "check-deb: no such file: $deb" >&2; exit 2; }
name=obs-nemo-video
data=usr/share/obs/obs-plugins/$name
failed=0
ok() { echo "ok:   $*"; }
bad() { echo "FAIL: $*"; failed=1; }

field() { dpkg-deb -f "$deb" "$1"; }
package=$(field Package)
version=$(field Version)
depends=$(field Depends)
[ "$package" = "$name" ] && ok "Package: $package" || bad "Package is '$package', not $name"
[ "$(field Section)" = "video" ] && ok "Section: video" || bad "Section is '$(field Section)', not video"

# Version: <upstream>-<revision>+obs<major>, the major matching Depends.
if [[ "$version" =~ ^([0-9]+\.[0-9]+\.[0-9]+)-[0-9A-Za-z.~]+\+obs([0-9]+)$ ]]; then
  upstream=${BASH_REMATCH[1]}
  major=${BASH_REMATCH[2]}
  ok "Version: $version (OBS $major)"
else
  bad "Version '$version' is not <upstream>-<revision>+obs<major>"
  upstream="" major=0
fi

# Depends.
echo "      Depends: $depends"
next=$((major + 1))
if [[ "$depends" =~ obs-studio\ \(\>=\ ${major}\.[0-9]+\) ]] && [[ "$depends" == *"obs-studio (<< ${next}~)"* ]]; then
  ok "Depends: obs-studio >= ${major}.x, << ${next}~"
else
  bad "Depends lacks obs-studio (>= ${major}.N) and obs-studio (<< ${next}~)"
fi
[[ "$depends" =~ (^|[ ,])libobs0 ]] && ok "Depends: libobs" || bad "Depends lacks libobs0 (dpkg-shlibdeps did not run?)"
for lib in libaubio libopencv-objdetect; do
  [[ "$depends" =~ (^|[ ,])$lib ]] && ok "Depends: $lib" || bad "Depends lacks $lib (beats, framing)"
done
recommends=$(field Recommends)
[[ "$recommends" == *opencv-data* ]] && ok "Recommends: opencv-data (the face model)" \
  || bad "Recommends lacks opencv-data (the face model)"
has_qt5=0 has_qt6=0
[[ "$depends" =~ libqt5widgets5 ]] && has_qt5=1
[[ "$depends" =~ libqt6widgets6 ]] && has_qt6=1
if [ "$major" -ge 30 ]; then
  [ $has_qt6 = 1 ] && [ $has_qt5 = 0 ] && ok "Depends: Qt 6 only (OBS $major)" \
    || bad "OBS $major is a Qt 6 build: Depends must name libqt6widgets6 and no libqt5"
else
  [ $has_qt5 = 1 ] && [ $has_qt6 = 0 ] && ok "Depends: Qt 5 only (OBS $major)" \
    || bad "OBS $major is a Qt 5 build: Depends must name libqt5widgets5 and no libqt6"
fi

# Files.
mapfile -t files < <(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | sed 's|^\./||')
has() {  # has <regex>: prints the first file that matches; fails if none does
  printf '%s\n' "${files[@]}" | grep -E -m1 "^$1\$"
}
for want in "usr/lib/[a-z0-9_]+-linux-[a-z0-9_]+/obs-plugins/$name\.so" \
            "$data/locale/en-US\.ini" "$data/locale/zh-CN\.ini" "$data/manifest\.json" \
            "usr/bin/nemo-local" "usr/bin/nemo-clip" "usr/share/doc/$name/copyright"; do
  if found=$(has "$want"); then ok "file: /$found"; else bad "missing: /${want//\\/}"; fi
done
allowed="^(usr/lib/[a-z0-9_]+-linux-[a-z0-9_]+/obs-plugins/$name\.so|$data/.+|usr/bin/nemo-(local|clip)|usr/share/doc/$name/.+)$"
extra=$(printf '%s\n' "${files[@]}" | grep -Ev "$allowed" || true)
[ -z "$extra" ] && ok "no file outside the layout" || bad "files outside the layout: $(echo $extra)"
tests=$(printf '%s\n' "${files[@]}" | grep -Ei '(^|/|_|-)(test|tests|itest|bench|benchmark|fuzz|gtest)([_.-]|$)' || true)
[ -z "$tests" ] && ok "no test, benchmark or fuzz binary" || bad "test files in the package: $(echo $tests)"

# manifest.json: parses, and names this package and version.
manifest=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO "./$data/manifest.json" 2>/dev/null || true)
if result=$(printf '%s' "$manifest" | python3 -c '
import json, sys
m = json.load(sys.stdin)
name, version = sys.argv[1], sys.argv[2]
assert m.get("id") == name, "id %r is not %r" % (m.get("id"), name)
assert m.get("version") == version, "version %r is not %r" % (m.get("version"), version)
assert isinstance(m.get("display_name"), str) and m["display_name"], "no display_name"
assert isinstance(m.get("urls", {}), dict), "urls is not an object"
print("id %s, version %s, display_name %r" % (m["id"], m["version"], m["display_name"]))
' "$name" "$upstream" 2>&1); then
  ok "manifest.json: $result"
else
  bad "manifest.json: ${result##*$'\n'}"
fi

if [ $failed = 0 ]; then
  echo "check-deb: $(basename "$deb") is good"
else
  echo "check-deb: $(basename "$deb") FAILED"
fi
exit $failed
