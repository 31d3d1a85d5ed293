#!/usr/bin/env bash
# Runs every libFuzzer target of a NEMO_FUZZ build for a bounded time.
#   ci/fuzz.sh <build-dir> [seconds-per-target]      (default 60)
# The build: CC=clang CXX=clang++ cmake -S . -B <build-dir> -DNEMO_SANITIZE=ON -DNEMO_FUZZ=ON ...
#            cmake --build <build-dir> --target nemo_fuzzers
# Seeds: tests/fuzz/corpus/<target> and tests/fuzz/regressions/<target> from
# the repository, plus inputs made here: small videos by the ffmpeg CLI and by
# the project's renderer (mp4_probe), small pictures by ffmpeg, ImageMagick and
# heif-enc, and real photos from $NEMO_TEST_MEDIA/photos (ci/fetch-test-media.sh)
# scaled down (image_decode). Two targets run at a time (NEMO_FUZZ_PARALLEL).
# Prints executions, exec/s and coverage per target; exits non-zero when a
# target crashed, leaving the input in <build-dir>/fuzz-run/artifacts/ (add it
# to tests/fuzz/regressions/<target>/ with the fix).
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:?usage: fuzz.sh <build-dir> [seconds]}" && pwd)
seconds=${2:-60}
parallel=${NEMO_FUZZ_PARALLEL:-2}
bin="$build/fuzz"
run="$build/fuzz-run"
targets=(sse_parser envelope_draft agent_prompt mp4_probe image_decode server_request)

# -max_len per target: text protocols stay small, media files get room for a
# real header and some data.
max_len() {
  case "$1" in
    agent_prompt) echo 4096 ;;
    mp4_probe | image_decode) echo 65536 ;;
    *) echo 16384 ;;
  esac
}

for t in "${targets[@]}"; do
  [ -x "$bin/fuzz_$t" ] || { echo "missing $bin/fuzz_$t (build the nemo_fuzzers target)" >&2; exit 2; }
done

rm -rf "$run"
mkdir -p "$run/artifacts" "$run/logs" "$run/generated"
for t in "${targets[@]}"; do
  mkdir -p "$run/corpus/$t" "$run/regressions/$t"
  cp -r "$root/tests/fuzz/corpus/$t/." "$run/corpus/$t/" 2>/dev/null || true
  cp -r "$root/tests/fuzz/regressions/$t/." "$run/regressions/$t/" 2>/dev/null || true
done

# --- Seeds made at run time -------------------------------------------------
gen="$run/generated"
quiet_ffmpeg() { timeout 60 ffmpeg -nostdin -hide_banner -loglevel error -y "$@"; }
if command -v ffmpeg >/dev/null; then
  v=(-f lavfi -i testsrc=size=64x36:rate=10:duration=0.5)
  a=(-f lavfi -i sine=frequency=440:duration=0.5)
  m="$run/corpus/mp4_probe"
  quiet_ffmpeg "${v[@]}" -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$m/ff_h264.mp4" || true
  quiet_ffmpeg "${v[@]}" "${a[@]}" -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac \
    -movflags +faststart "$m/ff_h264_aac_faststart.mp4" || true
  quiet_ffmpeg "${v[@]}" -c:v libx264 -preset ultrafast -pix_fmt yuv420p \
    -movflags frag_keyframe+empty_moov "$m/ff_fragmented.mp4" || true
  quiet_ffmpeg "${v[@]}" -c:v mpeg4 "$m/ff_mpeg4.mov" || true
  quiet_ffmpeg "${v[@]}" "${a[@]}" -c:v libx264 -preset ultrafast -c:a libopus "$m/ff_h264_opus.mkv" || true
  quiet_ffmpeg "${v[@]}" -c:v libvpx -b:v 100k "$m/ff_vp8.webm" || true
  # A download cut short: the header promises more than the file holds.
  if [ -f "$m/ff_h264_aac_faststart.mp4" ]; then
    head -c 3000 "$m/ff_h264_aac_faststart.mp4" >"$m/ff_truncated.mp4"
  fi

  i="$run/corpus/image_decode"
  p=(-f lavfi -i testsrc=size=48x32 -frames:v 1)
  quiet_ffmpeg "${p[@]}" "$i/ff.png" || true
  quiet_ffmpeg "${p[@]}" -q:v 5 "$i/ff.jpg" || true
  quiet_ffmpeg "${p[@]}" -pix_fmt yuv444p -q:v 5 "$i/ff_444.jpg" || true
  quiet_ffmpeg "${p[@]}" -c:v libwebp "$i/ff.webp" || true
  quiet_ffmpeg "${p[@]}" "$i/ff.gif" || true
  quiet_ffmpeg "${p[@]}" "$i/ff.bmp" || true
  quiet_ffmpeg "${p[@]}" "$i/ff.tiff" || true
  quiet_ffmpeg "${p[@]}" -pix_fmt rgba "$i/ff_rgba.png" || true
  quiet_ffmpeg "${p[@]}" -pix_fmt gray16be "$i/ff_gray16.png" || true
fi
i="$run/corpus/image_decode"
if command -v convert >/dev/null && [ -f "$i/ff.png" ]; then
  convert "$i/ff.png" -quality 70 -orient RightTop "$i/im_exif_orient6.jpg" || true
  convert "$i/ff.png" -compress lzw "$i/im_lzw.tiff" || true
fi
if command -v heif-enc >/dev/null && [ -f "$i/ff.png" ]; then
  heif-enc -q 30 "$i/ff.png" -o "$i/heif.heic" >/dev/null 2>&1 || true
fi
# Real photos (camera JPEGs with their EXIF), scaled down so that the fuzzer
# mutates headers and data instead of copying megabytes.
photos=()
if [ -n "${NEMO_TEST_MEDIA:-}" ] && [ -d "$NEMO_TEST_MEDIA/photos" ]; then
  for photo in "$NEMO_TEST_MEDIA"/photos/*.jpg; do
    [ -f "$photo" ] || continue
    photos+=("$photo")
    if command -v convert >/dev/null; then
      convert "$photo" -resize 96x96 -quality 75 "$i/photo_$(basename "$photo")" || true
    fi
  done
else
  echo "NEMO_TEST_MEDIA not set (ci/fetch-test-media.sh): no real photos in the image seeds"
fi
# MP4s from the project's renderer: a picture (a real photo when there is one)
# to a one-second clip, with music when there is some.
if [ -x "$bin/nemo_fuzz_render_seed" ]; then
  picture="${photos[0]:-$i/ff.png}"
  music=$(ls "${NEMO_TEST_MEDIA:-/nonexistent}"/music/*.mp3 2>/dev/null | head -n1 || true)
  if [ -f "$picture" ]; then
    ASAN_OPTIONS=detect_leaks=0 "$bin/nemo_fuzz_render_seed" "$picture" \
      "$run/corpus/mp4_probe/render_picture.mp4" 2>>"$run/logs/render_seed.log" ||
      echo "renderer seed failed (see $run/logs/render_seed.log)"
    if [ -n "$music" ]; then
      ASAN_OPTIONS=detect_leaks=0 "$bin/nemo_fuzz_render_seed" "$picture" \
        "$run/corpus/mp4_probe/render_picture_music.mp4" "$music" 2>>"$run/logs/render_seed.log" ||
        echo "renderer seed failed (see $run/logs/render_seed.log)"
    fi
  fi
fi

# --- The runs -----------------------------------------------------------------
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_one() {
  local t="$1"
  local seeds
  seeds=$(find "$run/corpus/$t" "$run/regressions/$t" -type f | wc -l)
  echo "--- $t: ${seconds}s, $seeds seed inputs, -max_len=$(max_len "$t")"
  # The corpus dir comes first: new inputs are written there.
  "$bin/fuzz_$t" "$run/corpus/$t" "$run/regressions/$t" \
    -max_total_time="$seconds" -max_len="$(max_len "$t")" -rss_limit_mb=2560 -timeout=30 \
    -print_final_stats=1 -artifact_prefix="$run/artifacts/$t-" \
    >"$run/logs/$t.log" 2>&1
}

status=0
declare -A pids=()
summary() {
  local t="$1" rc="$2" log="$run/logs/$1.log"
  local execs rate cov ft corpus
  # A log without these (a target that died before its first report) must
  # not end the script: || true under set -e and pipefail.
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1 || true)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n1 || true)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n1 | cut -d' ' -f2 || true)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n1 | cut -d' ' -f2 || true)
  corpus=$(find "$run/corpus/$t" -type f | wc -l)
  printf '%-16s %s  execs %-10s exec/s %-7s cov %-6s ft %-6s corpus %s\n' "$t" \
    "$([ "$rc" -eq 0 ] && echo ok || echo CRASH)" "${execs:-?}" "${rate:-?}" "${cov:-?}" \
    "${ft:-?}" "$corpus"
  if [ "$rc" -ne 0 ]; then
    status=1
    echo "    log: $log (exit $rc)"
    grep -E 'ERROR: |SUMMARY: |fuzz check failed|runtime error|Killed|out-of-memory|timeout' "$log" |
      head -n 5 | sed 's/^/    /' || true
    ls "$run/artifacts/$t-"* 2>/dev/null | sed 's/^/    input: /' || true
    # One line a crash for the end of the CI log (ci/test.sh prints them
    # last): what happened and, when it is small, the input itself, so that
    # a run seen only by its tail can still be reproduced.
    local what input seed
    what=$(grep -m1 -E 'runtime error|fuzz check failed' "$log" || grep -m1 'ERROR: ' "$log" || true)
    input=$(ls "$run/artifacts/$t-"* 2>/dev/null | head -n1 || true)
    seed=$(grep -m1 -o 'Seed: [0-9]*' "$log" || true)
    {
      printf '%s: exit %s (%s): %s\n' "$t" "$rc" "${seed:-no seed}" "${what:-(no report in the log)}" |
        cut -c1-300
      if [ -n "$input" ] && [ "$(stat -c %s "$input")" -le 1024 ]; then
        printf '%s: input (base64): %s\n' "$t" "$(base64 -w0 "$input")"
      fi
    } >>"$run/failures.txt"
  fi
}

queue=("${targets[@]}")
results=()
while [ ${#queue[@]} -gt 0 ] || [ ${#pids[@]} -gt 0 ]; do
  while [ ${#queue[@]} -gt 0 ] && [ ${#pids[@]} -lt "$parallel" ]; do
    t="${queue[0]}"
    queue=("${queue[@]:1}")
    run_one "$t" &
    pids[$t]=$!
  done
  wait -n || true
  for t in "${!pids[@]}"; do
    if ! kill -0 "${pids[$t]}" 2>/dev/null; then
      rc=0
      wait "${pids[$t]}" || rc=$?
      results+=("$t $rc")
      unset "pids[$t]"
    fi
  done
done

echo
echo "=== fuzzing, ${seconds}s per target"
for r in "${results[@]}"; do
  # shellcheck disable=SC2086
  summary $r
done
exit $status
