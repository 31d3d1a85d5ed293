"""E2E: a highlight from the replay buffer, in real OBS with its replay buffer on.

The first OBS session turns the replay buffer on in the profile (OBS makes its
replay buffer output at start-up, so the second session has it); the plugin's
settings collect replay buffer saves. In the second session a scene plays a
test pattern (a clip made by the ffmpeg CLI, looping in a media source); the
replay buffer runs, is saved twice, the plugin collects both files
("replay collected" in its log), MakeHighlight sends them through the normal
generation on the offline backend, and the highlight lands in the scene as an
AI Video Clip source whose picture is not blank. OBS quits with no leaks.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
import unittest

import clip_checks
import media
from obs_harness import ObsInstance

VENDOR = "obs-nemo-video"
SCENE = "Replay Test"


class ReplayHighlightTest(unittest.TestCase):
    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="nemo-obs-replay-home-")
        self.addCleanup(shutil.rmtree, self.home, True)
        self.replays = os.path.join(self.home, "replays")
        os.makedirs(self.replays)
        self.pattern = os.path.join(self.home, "pattern.mp4")
        subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
                        "testsrc2=size=640x360:rate=30:duration=4", "-c:v", "libx264", "-preset",
                        "ultrafast", "-pix_fmt", "yuv420p", self.pattern],
                       check=True, capture_output=True, timeout=120)
        folder = os.path.join(self.home, ".config", "obs-studio", "plugin_config",
                              "obs-nemo-video")
        os.makedirs(folder)
        with open(os.path.join(folder, "settings.json"), "w") as f:
            json.dump({"version": 1, "collect_replays": True, "highlight_replays": 2}, f)
        os.chmod(os.path.join(folder, "settings.json"), 0o600)
        self.obs = None

    def tearDown(self):
        clip_checks.stop(self.obs)
        if self.obs:
            clip_checks.keep_crash_evidence(self.obs)

    def run_obs(self, name):
        self.obs = ObsInstance(name, keep_home=self.home, extra_env={"NEMO_API_BASE": "local"},
                               quit_timeout=clip_checks.QUIT_TIMEOUT_S)
        self.obs.start()
        return self.obs.ws

    def test_highlight_from_two_replays_lands_in_the_scene(self):
        # Session 1: the profile gets a replay buffer (and a small canvas).
        ws = self.run_obs("replay_setup")
        for name, value in (("RecRB", "true"), ("RecRBTime", "20"), ("RecRBSize", "256"),
                            ("FilePath", self.replays)):
            ws.call("SetProfileParameter", {"parameterCategory": "SimpleOutput",
                                            "parameterName": name, "parameterValue": value})
        ws.call("SetVideoSettings", {"baseWidth": 640, "baseHeight": 360,
                                     "outputWidth": 640, "outputHeight": 360})
        # Without any saved replay there is nothing to make a highlight of.
        refused = ws.vendor(VENDOR, "MakeHighlight", {"count": 2})
        self.assertEqual((refused.get("ok"), refused.get("errorCode")), (False, "no_replays"))
        self.obs.stop()
        self.obs.assert_clean_exit(self)

        # Session 2: record a test pattern, save twice, make the highlight.
        ws = self.run_obs("replay_highlight")
        ws.call("CreateScene", {"sceneName": SCENE})
        ws.call("SetCurrentProgramScene", {"sceneName": SCENE})
        ws.call("CreateInput", {"sceneName": SCENE, "inputName": "Pattern",
                                "inputKind": "ffmpeg_source",
                                "inputSettings": {"local_file": self.pattern, "looping": True}})
        ws.call("StartReplayBuffer")
        clip_checks.wait_for(lambda: ws.call("GetReplayBufferStatus")["outputActive"], 30,
                             "the replay buffer running")
        saved = []
        for _ in range(2):
            time.sleep(4)
            ws.call("SaveReplayBuffer")
            path = clip_checks.wait_for(
                lambda: (lambda p: p if p and p not in saved and os.path.exists(p) else None)(
                    ws.call("GetLastReplayBufferReplay")["savedReplayPath"]), 30,
                "a saved replay")
            saved.append(path)
        clip_checks.wait_for(lambda: len(re.findall(r"replay collected for highlights",
                                                    self.obs.read_log())) >= 2, 20,
                             "both replays collected")
        ws.call("StopReplayBuffer")
        # A short highlight keeps the test quick (the default asks for 30 s).
        answer = ws.vendor(VENDOR, "MakeHighlight",
                           {"prompt": "make a 6-second highlight with transitions from these clips"})
        self.assertTrue(answer.get("ok"), answer)
        job = clip_checks.wait_job(ws, answer["jobId"], timeout=420)
        self.assertEqual(job["status"], "completed", job)
        self.assertTrue(job.get("sourceName"), job)
        info = media.probe(job["clipPath"])
        self.assertTrue([s for s in info["streams"] if s["codec_type"] == "video"])
        self.assertGreater(float(info["format"]["duration"]), 2.0)
        items = ws.call("GetSceneItemList", {"sceneName": SCENE})["sceneItems"]
        self.assertIn(job["sourceName"], [i["sourceName"] for i in items])
        shot = clip_checks.wait_for(lambda: (lambda png: png if media.spread(
            media.gray_image(png)) > clip_checks.FLAT else None)(base64.b64decode(
                ws.call("GetSourceScreenshot", {"sourceName": job["sourceName"],
                                                "imageFormat": "png", "imageWidth": 320}
                        )["imageData"].split(",", 1)[1])), 30, "the highlight's picture")
        with open(os.path.join(self.obs.artifacts, "highlight.png"), "wb") as f:
            f.write(shot)
        self.obs.screenshot("obs-window.png")
        log = self.obs.read_log()
        self.assertIn("highlight from the last 2 replay(s)", log)
        self.obs.stop()
        self.obs.assert_clean_exit(self)


if __name__ == "__main__":
    unittest.main()
