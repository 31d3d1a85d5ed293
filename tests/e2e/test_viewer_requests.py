"""E2E: viewers' requests in real OBS, as a chat bot sends them.

The backend is a nemo-local this test runs with --credits (a chat turn costs
1 credit), so the daily cap of viewer credits is really spent. The plugin's
settings take viewer requests with approval, a 60 s cooldown, at most 2
waiting, 80 characters, 1 credit a day, blocked words in English and
Chinese, and a folder of real photos and music for requests that bring none.

Session 1: each limit refuses with its own errorCode and a message that
names the viewer; two requests wait; the dock's Requests tab shows them
(a screenshot: dock-requests.png); one is rejected (ViewerRequestRejected,
with the words a bot can say), the other approved (ViewerRequestApproved):
its job's events carry the requester, it spends 1 credit, and its clip plays
in the scene. The cap is then spent: the next viewer is refused.
Session 2 (same home, OBS in Chinese, approval off, a cap 1 higher): the day's
spending survived the restart; one request runs at once (no approval), and
then the cap refuses, in Chinese.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import json
import os
import re
import shutil
import tempfile
import time
import unittest

import clip_checks
import media
from nemo_local import NemoLocal
from obs_harness import ObsInstance
from obs_websocket import ObsWebSocket

VENDOR = "obs-nemo-video"
SCENE = "Viewer Test"
SOURCE = "Viewer Clips"


class ViewerRequestsTest(unittest.TestCase):
    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="nemo-obs-viewer-home-")
        self.addCleanup(shutil.rmtree, self.home, True)
        self.viewer_media = os.path.join(self.home, "viewer media")
        os.makedirs(self.viewer_media)
        for path in media.photos(3) + [media.music()]:
            shutil.copy(path, self.viewer_media)
        self.backend = NemoLocal("--credits", "100", prefix="nemo-viewer-backend-")
        self.addCleanup(self.backend.stop)
        self.obs = None
        self.events = None

    def tearDown(self):
        if self.events:
            self.events.close()
        clip_checks.stop(self.obs)
        if self.obs:
            clip_checks.keep_crash_evidence(self.obs)

    def write_settings(self, **viewer):
        folder = os.path.join(self.home, ".config", "obs-studio", "plugin_config",
                              "obs-nemo-video")
        os.makedirs(folder, exist_ok=True)
        settings = {"enabled": True, "approval": True, "cooldown_s": 60, "max_pending": 2,
                    "max_chars": 80, "daily_credits": 1, "blocked_words": "spam, 广告",
                    "media_dir": self.viewer_media}
        settings.update(viewer)
        path = os.path.join(folder, "settings.json")
        with open(path, "w") as f:
            json.dump({"version": 1, "viewer": settings}, f)
        os.chmod(path, 0o600)

    def run_obs(self, name, locale="en-US"):
        self.obs = ObsInstance(name, keep_home=self.home, locale=locale,
                               extra_env={"NEMO_API_BASE": self.backend.url},
                               quit_timeout=clip_checks.QUIT_TIMEOUT_S)
        self.obs.start()
        self.events = ObsWebSocket(f"ws://127.0.0.1:{self.obs.port}")
        return self.obs.ws

    def stop_obs(self):
        self.events.close()
        self.events = None
        self.obs.stop()
        self.obs.assert_clean_exit(self)

    def ask(self, name, prompt, viewer_id=None, **extra):
        requester = {"name": name, "platform": "twitch"}
        if viewer_id:
            requester["id"] = viewer_id
        return self.obs.ws.vendor(VENDOR, "Generate", {
            "requester": requester, "source": "twitch chat", "prompt": prompt,
            "sourceName": SOURCE, **extra})

    def event(self, type_, predicate=lambda data: True, timeout=20):
        data = clip_checks.vendor_event(self.events, type_, predicate, timeout)
        self.assertIsNotNone(data, f"no {type_} event")
        return data

    def refused(self, answer, code, name):
        self.assertEqual((answer.get("ok"), answer.get("errorCode")), (False, code), answer)
        self.assertIn(name, answer.get("error", ""), answer)

    def screenshot_requests_tab(self):
        """Clicks the dock's Requests tab and keeps a screenshot of the dock."""
        import test_dock
        self.assertIsNotNone(test_dock.wait_for_content(self.obs), "no dock content")
        tabs = self.obs.wait_for_log(r"\[obs-nemo-video\] dock tabs: (.*)")
        self.assertIsNotNone(tabs, "the dock's tabs were not logged")
        if not shutil.which("xdotool"):
            print("xdotool is not installed: no screenshot of the Requests tab")
            return
        placement = test_dock.placements(self.obs.read_log())[-1]
        rects = dict(re.findall(r"(\d+)=(-?\d+,-?\d+,\d+,\d+)", tabs.group(1)))
        x, y, w, h = (int(v) for v in rects["2"].split(","))
        display = self.obs.xvfb.display
        test_dock.xdotool(display, "mousemove", str(x + w // 2), str(y + h // 2), "click", "1")
        time.sleep(1.5)
        screen = self.obs.screenshot("requests-screen.png")
        cropped = test_dock.crop(screen, placement,
                                 os.path.join(self.obs.artifacts, "dock-requests.png"))
        self.assertIsNotNone(cropped)
        print(f"the Requests tab: {cropped}")

    def test_limits_approval_and_the_daily_cap(self):
        self.write_settings()
        ws = self.run_obs("viewer_requests")
        ws.call("CreateScene", {"sceneName": SCENE})
        ws.call("SetCurrentProgramScene", {"sceneName": SCENE})

        first = self.ask("alice", "a 10-second slideshow of these photos with music",
                         viewer_id="1001")
        self.assertEqual((first.get("ok"), first.get("status")), (True, "pending"), first)
        pending = self.event("ViewerRequestPending",
                             lambda d: d.get("requestId") == first["requestId"])
        self.assertEqual(pending["requester"], {"name": "alice", "id": "1001",
                                                "platform": "twitch"})
        self.assertEqual(pending["source"], "twitch chat")

        # Each limit, its own code; the message names the viewer.
        again = self.ask("alice", "another one", viewer_id="1001")
        self.refused(again, "viewer_cooldown", "alice")
        self.assertGreater(again.get("retryAfter", 0), 0)
        self.refused(self.ask("bob", "a SPAM montage"), "viewer_blocked_word", "bob")
        self.refused(self.ask("小明", "做一个广 告视频"), "viewer_blocked_word", "小明")
        self.refused(self.ask("carol", "x" * 81), "viewer_prompt_too_long", "carol")
        self.refused(self.ask("carol", "   "), "viewer_empty_prompt", "carol")
        second = self.ask("bob", "a sunset montage")
        self.assertEqual(second.get("status"), "pending", second)
        self.refused(self.ask("dave", "cats"), "viewer_too_many_pending", "dave")

        listed = ws.vendor(VENDOR, "GetViewerRequests")
        self.assertEqual([r["requester"]["name"] for r in listed["requests"]], ["alice", "bob"])
        self.assertTrue(listed["approval"])
        self.screenshot_requests_tab()

        # The streamer rejects one: the bot gets words for the viewer.
        answer = ws.vendor(VENDOR, "ViewerRequestAction",
                           {"requestId": second["requestId"], "action": "reject"})
        self.assertTrue(answer.get("ok"), answer)
        rejected = self.event("ViewerRequestRejected",
                              lambda d: d.get("requestId") == second["requestId"])
        self.assertEqual(rejected["errorCode"], "viewer_rejected")
        self.assertIn("bob", rejected["error"])

        # ... and approves the other: it runs, its events say who asked.
        answer = ws.vendor(VENDOR, "ViewerRequestAction",
                           {"requestId": first["requestId"], "action": "approve"})
        self.assertTrue(answer.get("ok"), answer)
        job_id = answer["jobId"]
        approved = self.event("ViewerRequestApproved", lambda d: d.get("jobId") == job_id)
        self.assertEqual(approved["requester"]["name"], "alice")
        done = self.event("JobCompleted", lambda d: d.get("jobId") == job_id, timeout=300)
        self.assertEqual(done["requester"]["name"], "alice")
        self.assertEqual(done["requestSource"], "twitch chat")
        spent = done["creditsSpent"]
        self.assertGreaterEqual(spent, 1)  # a chat turn costs 1 on this backend
        # The folder's photos and music made it.
        streams = media.probe(done["clipPath"])["streams"]
        self.assertEqual(sorted(s["codec_type"] for s in streams), ["audio", "video"])
        clip_checks.shows_clip(ws, SOURCE, done["clipPath"], timeout=60,
                               save_to=os.path.join(self.obs.artifacts, "viewer-clip.png"))

        # One credit a day, and it is spent.
        listed = ws.vendor(VENDOR, "GetViewerRequests")
        self.assertEqual(listed["creditsSpentToday"], spent)
        self.assertEqual(listed.get("requests", []), [])
        self.refused(self.ask("erin", "a beach video"), "viewer_daily_cap", "erin")
        self.stop_obs()

        # Session 2: approval off, the cap one credit higher. The day's
        # spending is still counted.
        self.write_settings(approval=False, daily_credits=int(spent) + 1)
        # In Chinese this time: the refusals speak the streamer's language.
        ws = self.run_obs("viewer_requests_direct", locale="zh-CN")  # the scene was kept
        ws.call("SetCurrentProgramScene", {"sceneName": SCENE})
        self.assertEqual(ws.vendor(VENDOR, "GetViewerRequests")["creditsSpentToday"], spent)
        direct = self.ask("frank", "a 6-second slideshow")
        self.assertEqual((direct.get("ok"), direct.get("status")), (True, "queued"), direct)
        done = clip_checks.wait_job(ws, direct["jobId"], timeout=300)
        self.assertEqual(done["status"], "completed", done)
        self.assertEqual(done["requester"]["name"], "frank")
        capped = self.ask("grace", "a forest video")
        self.refused(capped, "viewer_daily_cap", "grace")
        self.assertIn("今天", capped["error"])
        self.stop_obs()


if __name__ == "__main__":
    unittest.main()
