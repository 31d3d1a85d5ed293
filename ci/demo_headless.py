"""The product demo without a display: OBS under Xvfb with the plugin on the
offline backend. It asks the plugin for a clip made from sample photos and
music (the obs-websocket Generate request goes to the same generation service
as the dock's Generate button), waits for it to play in the scene, and writes
screenshots of the screen and of the scene.

Uses the E2E harness (tests/e2e/obs_harness.py) with a profile kept under
<build>/demo so that its log and screenshots can be looked at afterwards.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import argparse
import base64
import os
import re
import shutil
import sys
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(root, "tests", "e2e"))
import media  # noqa: E402
from obs_harness import ObsInstance  # noqa: E402

PROMPT = "turn these photos into a 12-second video with transitions and background music"


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for the clip")
    args = parser.parse_args()

    build = os.path.abspath(args.build_dir)
    demo_dir = os.path.join(build, "demo")
    home = os.path.join(demo_dir, "home")
    shutil.rmtree(home, ignore_errors=True)
    os.makedirs(home)
    os.environ["NEMO_BUILD_DIR"] = build
    os.environ["NEMO_ARTIFACTS_DIR"] = demo_dir

    obs = ObsInstance("artifacts", keep_home=home,
                      extra_env={"NEMO_API_BASE": os.environ.get("NEMO_API_BASE", "local")})
    obs.start()
    version = obs.ws.call("GetVersion")
    print(f"demo: OBS {version['obsVersion']} running under Xvfb {obs.xvfb.display}")
    photos, music = media.photos(5), media.music()
    print(f"demo: generating from {len(photos)} photos and {os.path.basename(music)}: '{PROMPT}'")
    answer = obs.ws.vendor("obs-nemo-video", "Generate", {
        "images": [{"path": p} for p in photos], "audio": music, "prompt": PROMPT})
    status = {}
    if answer.get("ok"):
        deadline = time.monotonic() + args.timeout
        last = None
        while time.monotonic() < deadline:
            status = obs.ws.vendor("obs-nemo-video", "GetJob", {"jobId": answer["jobId"]})
            line = f"{status.get('phase') or status.get('status')} {status.get('progress', 0)}%"
            if line != last:
                print(f"demo:   {line}")
                last = line
            if status.get("status") in ("completed", "failed", "cancelled"):
                break
            time.sleep(1)
    else:
        print(f"demo: Generate was refused: {answer}")

    scene_shot = None
    if status.get("status") == "completed":
        print(f"demo: clip {status['clipPath']} is playing as '{status.get('sourceName')}'")
        time.sleep(3)  # let it play a little before the pictures
        scene = obs.ws.call("GetCurrentProgramScene")["currentProgramSceneName"]
        data = obs.ws.call("GetSourceScreenshot", {"sourceName": scene, "imageFormat": "png",
                                                   "imageWidth": 1280})
        scene_shot = os.path.join(obs.artifacts, "scene.png")
        with open(scene_shot, "wb") as f:
            f.write(base64.b64decode(data["imageData"].split(",", 1)[1]))
    else:
        print(f"demo: the clip did not complete: {status.get('message') or status}")
    screen = obs.screenshot("screen.png")
    log = obs.stop()
    # The profile under <build>/demo/home stays for inspection.

    print("demo: what OBS's log says about the plugin:")
    for line in log.splitlines():
        if "[obs-nemo-video]" in line or "obs-nemo-video.so" in line:
            print("   ", line)
    print(f"demo: OBS log:          {os.path.join(obs.artifacts, 'obs-log.txt')}")
    print(f"demo: screen:           {screen}")
    print(f"demo: scene:            {scene_shot}")
    leaks = re.search(r"Number of memory leaks: (\d+)\s*$", log)
    print(f"demo: OBS quit in {obs.exit_seconds:.2f}s, memory leaks: {leaks.group(1) if leaks else '?'}")
    return 0 if status.get("status") == "completed" else 1


if __name__ == "__main__":
    sys.exit(main())
