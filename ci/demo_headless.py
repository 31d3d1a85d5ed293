"""The product demo without a display: OBS under Xvfb with the plugin.

Uses the E2E harness (tests/e2e/obs_harness.py) with a profile kept under
<build>/demo so that its log and screenshots can be looked at afterwards.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import argparse
import os
import re
import shutil
import sys
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(root, "tests", "e2e"))
from obs_harness import ObsInstance  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--seconds", type=float, default=5.0, help="how long OBS runs")
    args = parser.parse_args()

    demo_dir = os.path.join(os.path.abspath(args.build_dir), "demo")
    home = os.path.join(demo_dir, "home")
    shutil.rmtree(home, ignore_errors=True)
    os.makedirs(home)
    os.environ["NEMO_BUILD_DIR"] = os.path.abspath(args.build_dir)
    os.environ["NEMO_ARTIFACTS_DIR"] = demo_dir

    obs = ObsInstance("artifacts", keep_home=home)
    obs.start()
    version = obs.ws.call("GetVersion")
    print(f"demo: OBS {version['obsVersion']} running under Xvfb {obs.xvfb.display}")
    time.sleep(args.seconds)
    screen = obs.screenshot("screen.png")
    log = obs.stop()
    # The profile under <build>/demo/home stays for inspection.

    plugin_lines = [l for l in log.splitlines() if "obs-nemo-video" in l]
    print("demo: what OBS's log says about the plugin:")
    for line in plugin_lines:
        print("   ", line)
    print(f"demo: OBS log:    {os.path.join(obs.artifacts, 'obs-log.txt')}")
    print(f"demo: screenshot: {screen}")
    leaks = re.search(r"Number of memory leaks: (\d+)\s*$", log)
    print(f"demo: OBS quit in {obs.exit_seconds:.2f}s, memory leaks: {leaks.group(1) if leaks else '?'}")
    loaded = any(re.search(r"\[obs-nemo-video\] loaded", l) for l in plugin_lines)
    return 0 if loaded else 1


if __name__ == "__main__":
    sys.exit(main())
