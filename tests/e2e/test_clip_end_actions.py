"""E2E: what the AI Video Clip source does when a clip ends and when the next
one comes, in real OBS.

Two short clips are made with the ffmpeg CLI (A: testsrc2, B: SMPTE bars,
H.264/AAC). The scene holds only the source, over OBS's black canvas, so a
blank picture is a black screenshot of the scene.

  - "When the clip ends: Hide it in the scene": after A plays to its end the
    scene item is hidden (GetSceneItemEnabled) and the scene is black;
  - the next clip (B, through SetInputSettings as a generation delivers it)
    shows the item again, and a burst of scene screenshots taken from the
    moment the item is visible never shows a black picture;
  - an item the streamer hid himself is not shown by the next clip;
  - "When a new clip arrives: Just load it": the clip stays paused on its
    first frame (media state paused) until TriggerMediaInputAction PLAY;
  - "Keep the last frame": after the end the item stays visible and shows
    the clip's last picture;
  - OBS quits with no leaks.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import base64
import os
import shutil
import subprocess
import tempfile
import time
import unittest

import clip_checks
import media
from obs_harness import ObsInstance
from obs_websocket import EVENT_SUB_VENDORS, ObsWebSocket

INPUT = "AI Clip"
SCENE = "End Test"
PAUSED = "OBS_MEDIA_STATE_PAUSED"


def make_clip(path, source, seconds):
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
                    f"{source}=size=1280x720:rate=30:duration={seconds}", "-f", "lavfi", "-i",
                    f"sine=frequency=660:sample_rate=48000:duration={seconds}",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-shortest", path], check=True, capture_output=True, timeout=120)


class ClipEndActionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="nemo-clip-end-")
        cls.clip_a = os.path.join(cls.workdir, "a.mp4")
        cls.clip_b = os.path.join(cls.workdir, "b.mp4")
        make_clip(cls.clip_a, "testsrc2", 2)
        make_clip(cls.clip_b, "smptehdbars", 4)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.workdir, ignore_errors=True)

    def setUp(self):
        self.obs = ObsInstance("clip_end_actions", quit_timeout=clip_checks.QUIT_TIMEOUT_S)
        self.obs.start()
        self.events = ObsWebSocket(f"ws://127.0.0.1:{self.obs.port}",
                                   event_subscriptions=EVENT_SUB_VENDORS)

    def tearDown(self):
        self.events.close()
        clip_checks.stop(self.obs)
        clip_checks.keep_crash_evidence(self.obs)
        self.obs.cleanup()

    # -- helpers ---------------------------------------------------------------
    def scene_shot(self, width=160):
        data = self.obs.ws.call("GetSourceScreenshot", {"sourceName": SCENE, "imageFormat": "png",
                                                        "imageWidth": width})["imageData"]
        return base64.b64decode(data.split(",", 1)[1])

    def is_black(self, png):
        gray = media.gray_image(png)
        return sum(gray) / len(gray) < 8 and media.spread(gray) < clip_checks.FLAT

    def item_id(self):
        return self.obs.ws.call("GetSceneItemId", {"sceneName": SCENE,
                                                   "sourceName": INPUT})["sceneItemId"]

    def enabled(self):
        return self.obs.ws.call("GetSceneItemEnabled", {"sceneName": SCENE,
                                                        "sceneItemId": self.item_id()})[
            "sceneItemEnabled"]

    def vendor_event(self, type_, timeout=30):
        def matches(event):
            if event.get("eventType") != "VendorEvent":
                return False
            data = event["eventData"]
            return data.get("vendorName") == "obs-nemo-video" and data.get("eventType") == type_
        event = self.events.wait_event(matches, timeout)
        self.assertIsNotNone(event, f"no {type_} vendor event")
        return event["eventData"]["eventData"]

    def set_clip(self, path, **extra):
        self.obs.ws.call("SetInputSettings", {"inputName": INPUT,
                                              "inputSettings": {"clip_path": path, **extra}})

    def save(self, png, name):
        with open(os.path.join(self.obs.artifacts, name), "wb") as f:
            f.write(png)

    def start_scene(self, settings):
        ws = self.obs.ws
        ws.call("SetVideoSettings", {"baseWidth": 640, "baseHeight": 360,
                                     "outputWidth": 640, "outputHeight": 360})
        ws.call("CreateScene", {"sceneName": SCENE})
        ws.call("SetCurrentProgramScene", {"sceneName": SCENE})
        ws.call("CreateInput", {"sceneName": SCENE, "inputName": INPUT,
                                "inputKind": clip_checks.SOURCE_KIND, "inputSettings": settings})
        clip_checks.wait_for(lambda: ws.call("GetSceneItemTransform", {
            "sceneName": SCENE, "sceneItemId": self.item_id()}) and True, 10, "the scene item")
        # Fit the 720p clip to the 360p canvas, so that it fills the screenshots.
        ws.call("SetSceneItemTransform", {"sceneName": SCENE, "sceneItemId": self.item_id(),
                                          "sceneItemTransform": {"boundsType": "OBS_BOUNDS_STRETCH",
                                                                 "boundsWidth": 640,
                                                                 "boundsHeight": 360}})

    # -- the tests -------------------------------------------------------------
    def test_hidden_at_the_end_and_shown_by_the_next_clip_without_a_black_frame(self):
        self.start_scene({"clip_path": self.clip_a, "at_end": "hide"})
        self.assertEqual(self.vendor_event("ClipStarted")["clipPath"], self.clip_a)
        self.assertTrue(self.enabled())
        self.assertEqual(self.vendor_event("ClipEnded")["clipPath"], self.clip_a)
        clip_checks.wait_for(lambda: not self.enabled(), 10, "the item hidden after the clip")
        hidden = self.scene_shot()
        self.save(hidden, "01-hidden-after-a.png")
        self.assertTrue(self.is_black(hidden), "the hidden item still shows")

        # The next clip: the item comes back, and every screenshot from the
        # moment it is visible shows a picture.
        self.set_clip(self.clip_b)
        shots = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(shots) < 12:
            if self.enabled():
                shots.append(self.scene_shot())
        self.assertEqual(len(shots), 12, "the item never came back for the next clip")
        for i, png in enumerate(shots):
            self.save(png, f"02-shown-for-b-{i:02d}.png")
        black = [i for i, png in enumerate(shots) if self.is_black(png)]
        print(f"re-show: {len(shots)} screenshots while visible, black: {black}")
        self.assertEqual(black, [], "a black picture while the item came back")
        self.assertEqual(self.vendor_event("ClipStarted")["clipPath"], self.clip_b)
        self.obs.screenshot("03-obs-window.png")

        # An item the streamer hides stays hidden when the next clip comes.
        self.vendor_event("ClipEnded")
        clip_checks.wait_for(lambda: not self.enabled(), 10, "the item hidden after B")
        self.set_clip(self.clip_a)
        clip_checks.wait_for(lambda: self.enabled(), 10, "the item back for A")
        self.obs.ws.call("SetSceneItemEnabled", {"sceneName": SCENE, "sceneItemId": self.item_id(),
                                                 "sceneItemEnabled": False})
        self.set_clip(self.clip_b)
        time.sleep(3)
        self.assertFalse(self.enabled(), "an item hidden by the streamer was shown")

        self.obs.stop()
        self.obs.assert_clean_exit(self)
        self.assertIn("hid 1 scene item(s) at the clip's end", self.obs.log_text)

    def test_just_load_waits_paused_and_keep_holds_the_last_frame(self):
        self.start_scene({"clip_path": self.clip_a, "on_new_clip": "load", "at_end": "keep"})
        status = clip_checks.wait_for(
            lambda: (lambda m: m if m["mediaState"] == PAUSED else None)(
                self.obs.ws.call("GetMediaInputStatus", {"inputName": INPUT})), 15,
            "the loaded clip paused")
        self.assertLess(status["mediaCursor"] or 0, 500, "it played on before it was paused")
        first = self.scene_shot()
        self.save(first, "11-loaded-paused.png")
        self.assertFalse(self.is_black(first), "a loaded clip shows its first frame")
        time.sleep(1.5)
        still = self.obs.ws.call("GetMediaInputStatus", {"inputName": INPUT})
        self.assertEqual(still["mediaState"], PAUSED)
        self.obs.ws.call("TriggerMediaInputAction", {
            "inputName": INPUT, "mediaAction": "OBS_WEBSOCKET_MEDIA_INPUT_ACTION_PLAY"})
        self.assertEqual(self.vendor_event("ClipEnded", timeout=15)["clipPath"], self.clip_a)
        time.sleep(1.0)
        self.assertTrue(self.enabled(), "keep the last frame hid the item")
        last = self.scene_shot()
        self.save(last, "12-kept-last-frame.png")
        self.assertFalse(self.is_black(last), "the last frame was not kept")
        self.obs.stop()
        self.obs.assert_clean_exit(self)


if __name__ == "__main__":
    unittest.main()
