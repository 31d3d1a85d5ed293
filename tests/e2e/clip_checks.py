"""Helpers shared by the E2E tests that generate clips through the vendor
requests and look at what the scene shows (render stats, collection reopen,
resume after restart, the completed-to-playing benchmark).
SPDX-License-Identifier: GPL-2.0-or-later
"""
import base64
import glob
import os
import shutil
import subprocess
import time
import unittest

import media
from obs_harness import ObsInstance
from obs_websocket import RequestFailed

VENDOR = "obs-nemo-video"
SOURCE_KIND = "nemo_video_clip"
PLAYING = "OBS_MEDIA_STATE_PLAYING"
ENDED = "OBS_MEDIA_STATE_ENDED"
# A picture whose 64x36 gray thumbnail spreads less than this is a flat fill
# (black, or a solid colour): no clip on screen.
FLAT = 8
# Mean gray difference under which a screenshot is "the same picture" as a
# frame of the clip (test_generate measured ~5 for a match, >30 apart).
SAME = 12
# The same for make_test_clip's clip: testsrc2 moves fast between the
# frames sampled 4 a second and is saturated (measured 14-15 for the right
# clip; a black picture is ~127 away).
SAME_TESTSRC = 25
# What these tests allow OBS to take to quit. OBS's 3 s quit is
# test_quit_midway's and test_obs_load's subject; here, on a loaded shared
# machine, a slow quit (4-5 s seen, with 1.8 s graphics-thread stalls in the
# log) must not hide what the test is about. Exit code 0 and no leaks still hold.
QUIT_TIMEOUT_S = 10.0


def wait_for(condition, timeout, what, interval=0.25):
    """Polls condition() until it returns a true value; fails after timeout."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            last = condition()
        except RequestFailed as e:
            last = e
        else:
            if last:
                return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last: {last!r})")


def generate(ws, prompt, photos=3, music=True, **extra):
    """Starts a vendor Generate with real photos (and music); returns the job id."""
    request = {"images": [{"path": p} for p in media.photos(photos)], "prompt": prompt,
               "aspect": "16:9"}
    if music:
        request["audio"] = media.music()
    request.update(extra)
    answer = ws.vendor(VENDOR, "Generate", request)
    assert answer.get("ok"), answer
    return answer["jobId"]


def vendor_event(events, type_, predicate=lambda data: True, timeout=20):
    """The data of the first vendor event of the plugin's of type_ for which
    predicate(data) holds, read from the ObsWebSocket `events` (None if none)."""
    def matches(event):
        if event.get("eventType") != "VendorEvent":
            return False
        data = event["eventData"]
        return (data.get("vendorName") == VENDOR and data.get("eventType") == type_
                and predicate(data["eventData"]))
    found = events.wait_event(matches, timeout)
    return found["eventData"]["eventData"] if found else None


def job(ws, job_id):
    return ws.vendor(VENDOR, "GetJob", {"jobId": job_id})


def wait_job(ws, job_id, timeout):
    def finished():
        last = job(ws, job_id)
        return last if last.get("status") in ("completed", "failed", "cancelled") else None
    return wait_for(finished, timeout, f"job {job_id} to finish", interval=0.5)


def screenshot(ws, source_name, save_to=None, width=640):
    """GetSourceScreenshot as PNG bytes (saved when save_to is a path)."""
    data = ws.call("GetSourceScreenshot", {"sourceName": source_name, "imageFormat": "png",
                                           "imageWidth": width})["imageData"]
    png = base64.b64decode(data.split(",", 1)[1])
    if save_to:
        with open(save_to, "wb") as f:
            f.write(png)
    return png


def media_state(ws, input_name):
    return ws.call("GetMediaInputStatus", {"inputName": input_name})["mediaState"]


def shows_clip(ws, source_name, clip_path, timeout, save_to=None, same=SAME,
               restart_if_ended=True):
    """Waits until the source is PLAYING and its picture matches a frame of
    the clip (difference under `same`); returns the best difference. Saves
    the last screenshot."""
    frames = media.gray_frames(clip_path)
    best = [255.0]
    shot = [None]

    def matches():
        state = media_state(ws, source_name)
        if state == ENDED and restart_if_ended:
            # A short clip that is not looped may have played to its end on
            # a slow machine before it is looked at: play it again.
            ws.call("TriggerMediaInputAction", {
                "inputName": source_name,
                "mediaAction": "OBS_WEBSOCKET_MEDIA_INPUT_ACTION_RESTART"})
            return False
        if state != PLAYING:
            return False
        shot[0] = screenshot(ws, source_name)
        gray = media.gray_image(shot[0])
        if media.spread(gray) <= FLAT:
            return False
        best[0] = min(media.mean_abs_diff(gray, f) for f in frames)
        return best[0] < same

    try:
        wait_for(matches, timeout, f"'{source_name}' to play {os.path.basename(clip_path)}",
                 interval=0.5)
    finally:
        if save_to and shot[0]:
            with open(save_to, "wb") as f:
                f.write(shot[0])
    return best[0]


def make_test_clip(path, seconds=3):
    """A moving 1080p H.264 clip with a tone (testsrc2), made by the ffmpeg CLI."""
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y",
                    "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=30:duration={seconds}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
                    "-vf", "scale=out_color_matrix=bt709,format=yuv420p", "-c:v", "libx264",
                    "-preset", "ultrafast", "-colorspace", "bt709", "-color_primaries", "bt709",
                    "-color_trc", "bt709", "-c:a", "aac", "-shortest", path],
                   check=True, capture_output=True, timeout=120)


def stop(obs):
    """tearDown's stop: when OBS no longer answers obs-websocket, its
    threads' stacks (gdb) go to the artifacts before it is stopped."""
    if not (obs and obs.proc and obs.proc.poll() is None):
        return
    try:
        if obs.ws:
            obs.ws.call("GetVersion", timeout=10)
    except Exception as e:  # a hung OBS: keep the evidence
        path = os.path.join(obs.artifacts, "hung-threads.txt")
        result = subprocess.run(["gdb", "-p", str(obs.proc.pid), "-batch",
                                 "-ex", "thread apply all bt"],
                                capture_output=True, text=True, timeout=120)
        with open(path, "w") as f:
            f.write(f"OBS did not answer GetVersion: {e!r}\n{result.stdout}\n{result.stderr}")
        print(f"OBS hung: thread stacks in {path}")
    obs.stop()


def keep_crash_evidence(obs):
    """A crashed OBS: its core file (when core dumps are on, `ulimit -c`) and
    OBS's crash reports go to the artifacts before the scratch HOME goes."""
    if not obs:
        return
    found = glob.glob(os.path.join(obs.home, "core*")) + glob.glob(
        os.path.join(obs.config_dir, "crashes", "*"))
    for path in found:
        shutil.move(path, os.path.join(obs.artifacts, os.path.basename(path)))
        print(f"crash evidence kept: {os.path.join(obs.artifacts, os.path.basename(path))}")


class OfflineObsTest(unittest.TestCase):
    """One OBS with the plugin on the offline backend per test (self.obs);
    stopped at the end with a clean-exit check, crash evidence kept."""
    obs_name = "offline"

    def setUp(self):
        self.obs = ObsInstance(self.obs_name, extra_env={"NEMO_API_BASE": "local"},
                               quit_timeout=QUIT_TIMEOUT_S)
        self.obs.start()

    def tearDown(self):
        stop(self.obs)
        keep_crash_evidence(self.obs)
        self.obs.cleanup()
