"""E2E: an AI Video Clip source keeps every setting, and plays its clip,
after its scene collection is left and reopened, and after OBS restarts.

The source (nemo_video_clip) gets media (two real photos and music), a
prompt, a workflow, an aspect, a length, loop, restart-on-activate,
hide-when-finished (each set to its non-default value) and a current clip
file (a 3 s 1080p testsrc2 clip made with the ffmpeg CLI). Then:
  1. CreateSceneCollection "Elsewhere" (OBS saves and leaves ours): the
     source is gone from the inputs; SetCurrentSceneCollection back;
  2. OBS quits (SIGINT) and starts again on the same HOME;
each time GetInputSettings shows every setting as set, and the source is
PLAYING with a picture that matches a frame of the clip.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import shutil
import tempfile
import unittest

import clip_checks as cc
import media
from obs_harness import ObsInstance

INPUT = "Reopened Clip"
SCENE = "Reopen Scene"


class CollectionReopenTest(unittest.TestCase):
    def setUp(self):
        self.workdir = tempfile.mkdtemp(prefix="nemo-collection-reopen-")
        self.home = os.path.join(self.workdir, "home")
        os.makedirs(self.home)
        self.clip = os.path.join(self.workdir, "reopen clip.mp4")
        cc.make_test_clip(self.clip)
        self.obs = None

    def tearDown(self):
        cc.stop(self.obs)
        cc.keep_crash_evidence(self.obs)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def inputs(self, ws):
        return [i["inputName"] for i in ws.call("GetInputList")["inputs"]]

    def assert_intact(self, ws, when):
        settings = ws.call("GetInputSettings", {"inputName": INPUT})
        self.assertEqual(settings["inputKind"], cc.SOURCE_KIND)
        for key, value in self.saved.items():
            self.assertEqual(settings["inputSettings"].get(key), value,
                             f"{when}: setting '{key}' was not kept")
        ws.call("SetCurrentProgramScene", {"sceneName": SCENE})
        best = cc.shows_clip(ws, INPUT, self.clip, 30,
                             os.path.join(self.obs.artifacts, f"source-{when}.png"),
                             same=cc.SAME_TESTSRC)
        # Playing, not a still: the media cursor moves.
        first = ws.call("GetMediaInputStatus", {"inputName": INPUT})["mediaCursor"]
        cc.wait_for(lambda: ws.call("GetMediaInputStatus", {"inputName": INPUT})["mediaCursor"]
                    != first, 10, "the media cursor to move")
        self.obs.screenshot(f"screen-{when}.png")
        print(f"{when}: every setting kept; the clip plays (difference {best:.1f})")

    def test_settings_and_playback_survive_collection_switch_and_restart(self):
        photos = media.photos(2)
        self.saved = {
            "media": [{"value": p, "selected": False, "hidden": False}
                      for p in photos + [media.music()]],
            "prompt": "a 20-second portrait promo of these photos with music",
            "workflow": "promo",
            "aspect": "9:16",
            "duration_s": 20,
            "looping": True,                # default false
            "restart_on_activate": False,   # default true
            "hide_when_finished": True,     # default false
            "clip_path": self.clip,
        }

        self.obs = ObsInstance("collection_reopen", keep_home=self.home,
                               quit_timeout=cc.QUIT_TIMEOUT_S)
        ws = self.obs.start().ws
        ws.call("CreateScene", {"sceneName": SCENE})
        ws.call("SetCurrentProgramScene", {"sceneName": SCENE})
        ws.call("CreateInput", {"sceneName": SCENE, "inputName": INPUT,
                                "inputKind": cc.SOURCE_KIND, "inputSettings": self.saved})
        self.assert_intact(ws, "1-created")

        collection = ws.call("GetSceneCollectionList")["currentSceneCollectionName"]
        ws.call("CreateSceneCollection", {"sceneCollectionName": "Elsewhere"})
        cc.wait_for(lambda: ws.call("GetSceneCollectionList")["currentSceneCollectionName"]
                    == "Elsewhere", 30, "the other collection")
        cc.wait_for(lambda: INPUT not in self.inputs(ws), 30, "our input to go with its collection")
        ws.call("SetCurrentSceneCollection", {"sceneCollectionName": collection})
        cc.wait_for(lambda: INPUT in self.inputs(ws), 30, "the input after switching back")
        self.assert_intact(ws, "2-collection-reopened")
        self.obs.stop()
        self.obs.assert_clean_exit(self)

        self.obs = ObsInstance("collection_reopen_restart", keep_home=self.home,
                               quit_timeout=cc.QUIT_TIMEOUT_S)
        ws = self.obs.start().ws
        cc.wait_for(lambda: INPUT in self.inputs(ws), 30, "the input after a restart")
        self.assert_intact(ws, "3-obs-restarted")
        self.obs.stop()
        self.obs.assert_clean_exit(self)


if __name__ == "__main__":
    unittest.main()
