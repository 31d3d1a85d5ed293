"""E2E: the AI Video Clip source's queue in real OBS, driven as a bot would
(the vendor requests QueueClip, QueueAction, GetQueue, Generate with
"queue": "end", and the vendor events ClipStarted and QueueChanged).

Three 2-second clips are made with the ffmpeg CLI.
  - A plays; B and C are queued; they play after A, in order, each with its
    ClipStarted, and every change of the queue is a QueueChanged event;
  - with "When the clip ends: Play it again" the queue waits: Play next
    (QueueAction next) plays the next one at once, skip drops one, clear
    empties it, next on an empty queue is refused with queue_empty;
  - the queue survives an OBS restart (it is saved with the scene collection);
  - "Pause while hidden": hiding the item pauses the clip, showing it plays on;
  - a generation sent with "queue": "end" lands at the end of the queue;
  - OBS quits with no leaks.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import shutil
import subprocess
import tempfile
import time
import unittest

import clip_checks
from obs_harness import ObsInstance
from obs_websocket import EVENT_SUB_VENDORS, ObsWebSocket

VENDOR = "obs-nemo-video"
INPUT = "AI Clip"
SCENE = "Queue Test"


def make_clip(path, source):
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
                    f"{source}=size=640x360:rate=30:duration=2", "-c:v", "libx264", "-preset",
                    "ultrafast", "-pix_fmt", "yuv420p", path],
                   check=True, capture_output=True, timeout=120)


class ClipQueueTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp(prefix="nemo-clip-queue-")
        cls.clips = {}
        for name, source in (("a", "testsrc2"), ("b", "smptehdbars"), ("c", "rgbtestsrc")):
            cls.clips[name] = os.path.join(cls.workdir, f"{name}.mp4")
            make_clip(cls.clips[name], source)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.workdir, ignore_errors=True)

    def start(self, name, home):
        self.obs = ObsInstance(name, keep_home=home, extra_env={"NEMO_API_BASE": "local"},
                               quit_timeout=clip_checks.QUIT_TIMEOUT_S)
        self.obs.start()
        self.events = ObsWebSocket(f"ws://127.0.0.1:{self.obs.port}",
                                   event_subscriptions=EVENT_SUB_VENDORS)

    def stop(self):
        self.events.close()
        self.obs.stop()
        self.obs.assert_clean_exit(self)

    def vendor(self, request, data):
        return self.obs.ws.vendor(VENDOR, request, {"inputName": INPUT, **data})

    def queue(self):
        answer = self.vendor("GetQueue", {})
        self.assertTrue(answer.get("ok"), answer)
        return [os.path.basename(i["clipPath"]) for i in answer.get("queue", [])]

    def event(self, type_, predicate=lambda data: True, timeout=20):
        data = clip_checks.vendor_event(
            self.events, type_, lambda d: d.get("inputName") == INPUT and predicate(d), timeout)
        self.assertIsNotNone(data, f"no {type_} event")
        return data

    def started(self, clip, timeout=20):
        return self.event("ClipStarted", lambda d: d.get("clipPath") == self.clips[clip], timeout)

    def queue_changed_to(self, names):
        return self.event("QueueChanged", lambda d: [os.path.basename(i["clipPath"])
                                                     for i in d.get("queue", [])] == names)

    def test_queue(self):
        home = tempfile.mkdtemp(prefix="nemo-obs-clip-queue-home-")
        self.addCleanup(shutil.rmtree, home, True)
        self.start("clip_queue", home)
        try:
            self.first_session()
        finally:
            clip_checks.stop(self.obs)
        self.start("clip_queue_restart", home)
        try:
            self.second_session()
        finally:
            clip_checks.stop(self.obs)

    def first_session(self):
        ws = self.obs.ws
        ws.call("CreateScene", {"sceneName": SCENE})
        ws.call("SetCurrentProgramScene", {"sceneName": SCENE})
        ws.call("CreateInput", {"sceneName": SCENE, "inputName": INPUT,
                                "inputKind": clip_checks.SOURCE_KIND,
                                "inputSettings": {"clip_path": self.clips["a"]}})
        self.started("a")
        answer = self.vendor("QueueClip", {"clipPath": self.clips["b"]})
        self.assertTrue(answer.get("ok"), answer)
        self.queue_changed_to(["b.mp4"])
        self.vendor("QueueClip", {"clipPath": self.clips["c"]})
        self.queue_changed_to(["b.mp4", "c.mp4"])
        self.assertEqual(self.queue(), ["b.mp4", "c.mp4"])
        # They play after A, in order; the queue empties as they do (each
        # change is announced before the clip it lets through starts).
        self.queue_changed_to(["c.mp4"])
        self.started("b")
        self.queue_changed_to([])
        self.started("c")
        self.assertEqual(self.queue(), [])
        refused = self.vendor("QueueClip", {})
        self.assertEqual((refused.get("ok"), refused.get("errorCode")), (False, "bad_request"))

        # Looping: the queue waits until Play next.
        ws.call("SetInputSettings", {"inputName": INPUT,
                                     "inputSettings": {"at_end": "loop",
                                                       "clip_path": self.clips["a"]}})
        self.started("a")
        for name in ("b", "c", "a", "b"):
            self.vendor("QueueClip", {"clipPath": self.clips[name]})
        self.queue_changed_to(["b.mp4", "c.mp4", "a.mp4", "b.mp4"])
        answer = self.vendor("QueueAction", {"action": "next"})
        self.assertTrue(answer.get("ok"), answer)
        self.started("b")
        self.assertEqual(self.queue(), ["c.mp4", "a.mp4", "b.mp4"])
        self.vendor("QueueAction", {"action": "skip"})
        self.assertEqual(self.queue(), ["a.mp4", "b.mp4"])
        self.obs.screenshot("01-obs-with-queue.png")
        self.screenshot_properties()
        self.stop()

    def screenshot_properties(self):
        """The source's properties as the streamer opens them, with the
        queue's buttons and switches (artifact: properties-with-queue.png)."""
        import test_dock
        if not shutil.which("xdotool"):
            return
        self.obs.ws.call("OpenInputPropertiesDialog", {"inputName": INPUT})
        display = self.obs.xvfb.display
        window = test_dock.wait_for_window(display, None, pattern=f"Properties.*{INPUT}")
        self.assertIsNotNone(window, "the properties window did not open")
        # Taller, and scrolled down to the playback options and the queue
        # (below the generation's fields), as a streamer would.
        test_dock.xdotool(display, "windowsize", window, "720", "900")
        time.sleep(1.0)
        x, y, w, h = test_dock.window_geometry(display, window)
        test_dock.xdotool(display, "mousemove", str(x + w // 2), str(y + h * 3 // 4), "click",
                          "--repeat", "25", "--delay", "30", "5")
        time.sleep(1.5)  # drawn
        screen = self.obs.screenshot("properties-screen.png")
        cropped = test_dock.crop(screen, {"w": w, "h": h, "sx": x, "sy": y},
                                 os.path.join(self.obs.artifacts, "properties-with-queue.png"))
        self.assertIsNotNone(cropped)
        print(f"the source's properties: {cropped}")
        # Closed as the streamer would: nothing was changed in it.
        test_dock.xdotool(display, "key", "--window", window, "Escape")
        time.sleep(0.5)

    def second_session(self):
        # After a restart the queue is still there.
        clip_checks.wait_for(lambda: INPUT in [i["inputName"] for i in
                                               self.obs.ws.call("GetInputList")["inputs"]],
                             30, "the input after the restart")
        self.assertEqual(self.queue(), ["a.mp4", "b.mp4"])

        # Pause while hidden: hiding pauses, showing goes on (not a restart).
        ws = self.obs.ws
        ws.call("SetCurrentProgramScene", {"sceneName": SCENE})
        ws.call("SetInputSettings", {"inputName": INPUT,
                                     "inputSettings": {"pause_while_hidden": True}})
        item = ws.call("GetSceneItemId", {"sceneName": SCENE, "sourceName": INPUT})["sceneItemId"]
        state = lambda: ws.call("GetMediaInputStatus", {"inputName": INPUT})["mediaState"]
        # (A changed option reaches the playing clip at its next tick and reopens it.)
        time.sleep(1.0)
        clip_checks.wait_for(lambda: state() == clip_checks.PLAYING, 15, "the clip playing")
        ws.call("SetSceneItemEnabled", {"sceneName": SCENE, "sceneItemId": item,
                                        "sceneItemEnabled": False})
        clip_checks.wait_for(lambda: state() == "OBS_MEDIA_STATE_PAUSED", 10, "paused while hidden")
        ws.call("SetSceneItemEnabled", {"sceneName": SCENE, "sceneItemId": item,
                                        "sceneItemEnabled": True})
        clip_checks.wait_for(lambda: state() == clip_checks.PLAYING, 10, "playing when shown")

        self.vendor("QueueAction", {"action": "clear"})
        self.assertEqual(self.queue(), [])
        refused = self.vendor("QueueAction", {"action": "next"})
        self.assertEqual((refused.get("ok"), refused.get("errorCode")), (False, "queue_empty"))
        missing = self.obs.ws.vendor(VENDOR, "GetQueue", {"inputName": "No Such Input"})
        self.assertEqual(missing.get("errorCode"), "not_found")

        # A generation sent to the end of the queue lands there.
        job = clip_checks.generate(self.obs.ws, "a 3-second video of these photos", photos=2,
                                   music=False, sourceName=INPUT, queue="end")
        done = clip_checks.wait_job(self.obs.ws, job, timeout=300)
        self.assertEqual(done["status"], "completed", done)
        self.queue_changed_to([os.path.basename(done["clipPath"])])
        self.assertEqual(self.queue(), [os.path.basename(done["clipPath"])])
        self.stop()


if __name__ == "__main__":
    unittest.main()
