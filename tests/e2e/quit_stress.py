"""Quit stress: starts real OBS (tests/e2e harness), lets it play a clip with
the AI Video dock up, quits it with SIGINT like the E2E tests do, N times,
and counts how each quit ended (clean, crashed with a signal, other exit
code, hung). A diagnostic tool, not a test: not registered in ctest.

    NEMO_BUILD_DIR=<build> /usr/bin/python3 -B quit_stress.py [N] [--mode MODE]

MODE:
  plugin     (default) the plugin loaded, its dock shown with its content
             built, an AI Video Clip (nemo_video_clip) playing a looping clip
  no-plugin  plain OBS (no plugin installed), an FFmpeg Media Source playing
             the same clip: OBS's own rate, for comparison
  idle       the plugin loaded, dock shown, nothing playing

SIGINT goes out after a random 0-2 s once the clip plays, so it lands at
different points of OBS's event loop (painting the audio meters, the dock,
the preview's widgets). Per-run artifacts go to
$NEMO_ARTIFACTS_DIR/quit_stress-<mode>-<run> (OBS's log and stdout).
Prints one line per run and a summary line `N clean, N crashed, ...`.

Why SIGINT: OBS 29.0.x runs its whole shutdown (OBSBasic::close) inside the
SIGINT handler, on top of whatever the main thread was doing; the plugin
defers that to the event loop (plugin/obs/sigint_deferral.cpp). Runs with
NEMO_KEEP_OBS_SIGINT=1 in the environment keep OBS's own handler, to
measure the rate without the plugin's deferral.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time

from obs_harness import ObsInstance

SCENE = "Quit Stress"
INPUT = "Stress Clip"


def make_clip(path):
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=640x360:rate=30:duration=6", "-f", "lavfi", "-i",
                    "sine=frequency=440:duration=6", "-c:v", "libx264", "-preset", "ultrafast",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path],
                   check=True, timeout=120)


def wait_for(condition, timeout, interval=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    return None


def one_run(mode, index, clip, env):
    name = f"quit_stress-{mode}-{index:02d}"
    obs = ObsInstance(name, with_plugin=(mode != "no-plugin"), extra_env=env)
    note = ""
    try:
        obs.start()
        ws = obs.ws
        if mode != "no-plugin":
            if not obs.wait_for_log(r"\[obs-nemo-video\] dock with content: ", timeout=60):
                note += " (dock content not logged)"
        if mode != "idle":
            kind = "ffmpeg_source" if mode == "no-plugin" else "nemo_video_clip"
            settings = ({"local_file": clip, "looping": True} if kind == "ffmpeg_source" else
                        {"clip_path": clip, "looping": True})
            ws.call("CreateScene", {"sceneName": SCENE})
            ws.call("SetCurrentProgramScene", {"sceneName": SCENE})
            ws.call("CreateInput", {"sceneName": SCENE, "inputName": INPUT, "inputKind": kind,
                                    "inputSettings": settings})
            playing = wait_for(lambda: ws.call("GetMediaInputStatus", {"inputName": INPUT})
                               .get("mediaState") == "OBS_MEDIA_STATE_PLAYING", 30)
            if not playing:
                note += " (clip not playing)"
        time.sleep(random.uniform(0.0, 2.0))
        obs.stop()
    except Exception as e:  # a run that failed to start is counted, not fatal
        note += f" (error: {e})"
        if obs.proc and obs.proc.poll() is None:
            obs.stop()
    finally:
        obs.cleanup()
    code = obs.proc.returncode if obs.proc else None
    try:
        with open(obs.stdout_path, encoding="utf-8", errors="replace") as f:
            stdout = f.read()
    except (OSError, AttributeError):
        stdout = ""
    recursive = "Recursive repaint detected" in stdout
    if obs.exit_seconds == float("inf"):
        outcome = "hung"
    elif code == 0:
        outcome = "clean"
    elif code is not None and code < 0:
        outcome = "crashed"
    else:
        outcome = "failed"
    deferred = bool(re.search(r"SIGINT: quitting from the event loop", obs.log_text))
    return outcome, code, obs.exit_seconds, recursive, deferred, note


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("runs", type=int, nargs="?", default=10)
    parser.add_argument("--mode", choices=("plugin", "no-plugin", "idle"), default="plugin")
    parser.add_argument("--keep-obs-sigint", action="store_true",
                        help="NEMO_KEEP_OBS_SIGINT=1: the plugin leaves OBS's SIGINT handler")
    args = parser.parse_args()
    env = {"NEMO_API_BASE": "local"}
    if args.keep_obs_sigint:
        env["NEMO_KEEP_OBS_SIGINT"] = "1"
    counts = {"clean": 0, "crashed": 0, "failed": 0, "hung": 0}
    with tempfile.TemporaryDirectory(prefix="nemo-quit-stress-") as tmp:
        clip = os.path.join(tmp, "stress.mp4")
        make_clip(clip)
        for i in range(1, args.runs + 1):
            outcome, code, seconds, recursive, deferred, note = one_run(args.mode, i, clip, env)
            counts[outcome] += 1
            secs = "-" if seconds is None else f"{seconds:.1f}s"
            print(f"run {i:2d}/{args.runs} mode={args.mode}: {outcome} (exit {code}, {secs})"
                  f"{' recursive-repaint' if recursive else ''}"
                  f"{' sigint-deferred' if deferred else ''}{note}", flush=True)
    total = sum(counts.values())
    print(f"quit_stress mode={args.mode} keep_obs_sigint={args.keep_obs_sigint}: "
          f"{total} quits: {counts['clean']} clean, {counts['crashed']} crashed, "
          f"{counts['failed']} failed, {counts['hung']} hung", flush=True)
    return 0 if counts["clean"] == total else 1


if __name__ == "__main__":
    sys.exit(main())
