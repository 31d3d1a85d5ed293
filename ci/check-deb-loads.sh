#!/usr/bin/env bash
# Starts the system's OBS under Xvfb with the installed .deb and checks from OBS's log that it loaded the module from there.
#
#   ci/check-deb-loads.sh            (no arguments; obs-nemo-video installed with apt-get install ./file.deb)
#
# Runs `xvfb-run -a obs --multi --disable-shutdown-check` with HOME at a
# scratch folder (so no per-user plugin in ~/.config can be loaded), waits for
# OBS to finish loading (NEMO_LOAD_WAIT seconds at most, default 30), lets it
# run NEMO_LOAD_RUN more seconds (default 15), sends it SIGINT, and checks that:
#   - the module mapped into OBS is the system one, /usr/lib/<multiarch>/obs-plugins/obs-nemo-video.so;
#   - OBS's log says "[obs-nemo-video] loaded" and lists obs-nemo-video.so under "Loaded Modules";
#   - OBS found the module's locale (no "Failed to load 'en-US' text for module");
#   - OBS ran until SIGINT and then quit by itself;
#   - on OBS 32+ (plugin manager), the plugin manager read manifest.json: its
#     modules.json has our id and the package's version.
# Prints the relevant log lines; exits non-zero if the module did not load.
# Works the same on a machine and inside a chroot (needs obs, xvfb-run, xauth).
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

name=obs-nemo-video
wait_s=${NEMO_LOAD_WAIT:-30}
run_s=${NEMO_LOAD_RUN:-15}
for tool in obs xvfb-run dpkg-query; do
  command -v "$tool" >/dev/null || { echo "check-deb-loads: $tool not found" >&2; exit 2; }
done
version=$(dpkg-query -W -f='${Version}' "$name" 2>/dev/null || true)
[ -n "$version" ] || { echo "check-deb-loads: package $name is not installed" >&2; exit 2; }
upstream=${version%%-*}
module=$(dpkg-query -L "$name" | grep -E "^/usr/lib/[^/]+/obs-plugins/$name\.so$" | head -n1 || true)
[ -n "$module" ] && [ -f "$module" ] || { echo "check-deb-loads: the package installed no module" >&2; exit 1; }
echo "check-deb-loads: $name $version, module $module"

home=$(mktemp -d /tmp/nemo-deb-load.XXXXXX)
obs_pid=""
cleanup() {
  [ -n "$obs_pid" ] && kill -KILL "$obs_pid" 2>/dev/null || true
  rm -rf "$home"
}
trap cleanup EXIT
config="$home/.config/obs-studio"
mkdir -p "$config"
# No first-run wizard, English UI; nothing in $config/plugins.
printf '[General]\nFirstRun=true\nLanguage=en-US\n' >"$config/global.ini"

pidfile="$home/obs.pid"
# shellcheck disable=SC2016  # $$ is the inner shell's pid, which exec makes OBS's
HOME="$home" LANG=C.UTF-8 QT_QPA_PLATFORM=xcb LIBGL_ALWAYS_SOFTWARE=1 \
  xvfb-run -a -s "-screen 0 1280x720x24 -nolisten tcp" \
  sh -c 'echo $$ >"$0"; cd "$HOME"; exec obs --multi --disable-shutdown-check' "$pidfile" \
  >"$home/obs-stdout.txt" 2>&1 &
runner=$!

log_file() { ls -t "$config"/logs/*.txt 2>/dev/null | head -n1 || true; }
mapped=""
loaded=0
for _ in $(seq $((wait_s * 4))); do
  [ -z "$obs_pid" ] && [ -s "$pidfile" ] && obs_pid=$(cat "$pidfile")
  if [ -n "$obs_pid" ] && [ -r "/proc/$obs_pid/maps" ]; then
    m=$(grep -o "/[^ ]*/$name\.so" "/proc/$obs_pid/maps" | sort -u | tr '\n' ' ' || true)
    [ -n "$m" ] && mapped="$m"
  fi
  log=$(log_file)
  if [ -n "$log" ] && grep -q "Loaded Modules:" "$log" && grep -q "==== Startup complete" "$log"; then
    loaded=1
    break
  fi
  kill -0 "$runner" 2>/dev/null || break
  sleep 0.25
done

# Running with the module for a while (the dock builds, the plugin manager
# writes modules.json): a crash after the load shows here.
survived=0
if [ $loaded = 1 ]; then
  survived=1
  for _ in $(seq $((run_s * 4))); do
    kill -0 "$runner" 2>/dev/null || { survived=0; break; }
    sleep 0.25
  done
fi
if [ -n "$obs_pid" ]; then
  kill -INT "$obs_pid" 2>/dev/null || true
fi
quit=1
for _ in $(seq 80); do
  kill -0 "$runner" 2>/dev/null || break
  sleep 0.25
done
if kill -0 "$runner" 2>/dev/null; then
  quit=0
  kill -KILL "$obs_pid" 2>/dev/null || true
fi
wait "$runner" 2>/dev/null || true
obs_pid=""

failed=0
ok() { echo "ok:   $*"; }
bad() { echo "FAIL: $*"; failed=1; }
log=$(log_file)
if [ -z "$log" ]; then
  echo "check-deb-loads: OBS wrote no log; its output:"
  tail -n 30 "$home/obs-stdout.txt"
  exit 1
fi
echo "---- $(basename "$log"): the lines about $name and the module list"
grep -E "$name|Failed to load|not loaded" "$log" || true
sed -n '/Loaded Modules:/,/^[^ ]*: ----/p' "$log" | grep -E "Loaded Modules:|$name" || true
echo "----"

[ $loaded = 1 ] && ok "OBS finished loading" || bad "OBS did not finish loading within ${wait_s} s"
[ $survived = 1 ] && ok "OBS ran ${run_s} s with the module" || bad "OBS did not keep running ${run_s} s after loading"
[ $quit = 1 ] && ok "OBS quit by itself on SIGINT ($(grep -o 'Number of memory leaks: [0-9]*' "$log" || echo 'no leak count'))" \
  || bad "OBS did not quit within 20 s of SIGINT (killed)"
case " $mapped " in
  *" $module "*) ok "OBS mapped $module" ;;
  *) bad "OBS did not map $module (mapped: ${mapped:-none})" ;;
esac
for other in $mapped; do
  [ "$other" = "$module" ] || bad "OBS also mapped another copy: $other"
done
grep -q "\[$name\] loaded, version $upstream" "$log" && ok "log: [$name] loaded, version $upstream" \
  || bad "log has no '[$name] loaded, version $upstream'"
module_list=$(sed -n '/Loaded Modules:/,/^[^ ]*: ----/p' "$log")
grep -qE "^[^ ]*: +$name\.so$" <<<"$module_list" && ok "log: $name.so under Loaded Modules" \
  || bad "log: $name.so is not under Loaded Modules"
grep -qE "Failed to load .* text for module: '$name(\.so)?'" "$log" && bad "log: OBS did not find the module's locale" \
  || ok "log: the module's locale was found"
grep -qE "Failed to load module file '.*$name|Module '.*$name.*' not loaded" "$log" && bad "log: OBS failed to load the module" || true

# OBS 32 keeps it in <config>/obs-studio/plugin_manager/modules.json (frontend/plugin-manager).
modules_json=$(find "$home" -path '*/plugin_manager/modules.json' 2>/dev/null | head -n1 || true)
if [ -n "$modules_json" ]; then
  if entry=$(python3 -c '
import json, sys
mods = [m for m in json.load(open(sys.argv[1])) if m.get("module_name") == sys.argv[2]]
assert mods, "no entry for %s" % sys.argv[2]
m = mods[0]
assert m.get("id") == sys.argv[2] and m.get("version") == sys.argv[3], "id %r, version %r" % (m.get("id"), m.get("version"))
print("%s: id %s, version %s, display_name %r" % (sys.argv[1].split("/")[-1], m["id"], m["version"], m.get("display_name")))
' "$modules_json" "$name" "$upstream" 2>&1); then
    ok "plugin manager read manifest.json: $entry"
  else
    bad "plugin manager's modules.json: ${entry##*$'\n'}"
  fi
else
  echo "info: no plugin manager modules.json (OBS before 32): manifest.json not read"
fi

if [ $failed = 0 ]; then
  echo "check-deb-loads: OBS loaded $name $version from $module"
else
  kept="/tmp/$name-deb-load-$(date +%s).txt"
  cp "$log" "$kept" 2>/dev/null || kept="(not kept)"
  echo "check-deb-loads: FAILED (OBS's log: $kept)"
fi
exit $failed
