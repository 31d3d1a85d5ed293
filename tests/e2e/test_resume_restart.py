"""E2E: a generation in flight when OBS quits resumes at the next start
(core's render journal) and lands in the same source.

Session 1: a scene "Resume Show" holds an AI Video Clip source "Highlights"
(no clip yet). A vendor Generate (real photos and music, a 10-second 1080p
clip) is sent with sourceName "Highlights". Once the render is journaled and
nemo-local is rendering it, OBS gets SIGINT: it must quit cleanly (no leaks)
and leave the render in the journal (renders.json in the plugin's config).

Session 2, same HOME: at FINISHED_LOADING the plugin resumes the journaled
render (nemo-local queues the interrupted render again from its data
folder); GetJob and ListJobs know the job by its first id; it completes
with a 1080p clip; the clip lands in "Highlights" (its clip_path), which is
still the only AI Video Clip source, once in its scene, and plays it.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import json
import os
import shutil
import tempfile
import unittest

import clip_checks as cc
import media
from obs_harness import ObsInstance

SCENE = "Resume Show"
SOURCE = "Highlights"


class ResumeRestartTest(unittest.TestCase):
    def setUp(self):
        self.home = tempfile.mkdtemp(prefix="nemo-obs-resume-home-")
        self.obs = None

    def tearDown(self):
        cc.stop(self.obs)
        cc.keep_crash_evidence(self.obs)
        if not os.environ.get("NEMO_E2E_KEEP_HOME"):
            shutil.rmtree(self.home, ignore_errors=True)

    def journal(self):
        path = os.path.join(self.home, ".config", "obs-studio", "plugin_config", "obs-nemo-video",
                            "client", "renders.json")
        try:
            with open(path) as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def journaled(self, job_id):
        data = self.journal()
        records = data.get("renders", data) if isinstance(data, dict) else (data or [])
        return [r for r in records
                if isinstance(r, dict) and r.get("client_data", {}).get("job_id") == job_id]

    def test_render_in_flight_at_quit_resumes_into_the_same_source(self):
        env = {"NEMO_API_BASE": "local"}
        self.obs = ObsInstance("resume_restart", keep_home=self.home, extra_env=env,
                               quit_timeout=cc.QUIT_TIMEOUT_S)
        ws = self.obs.start().ws
        ws.call("CreateScene", {"sceneName": SCENE})
        ws.call("SetCurrentProgramScene", {"sceneName": SCENE})
        ws.call("CreateInput", {"sceneName": SCENE, "inputName": SOURCE,
                                "inputKind": cc.SOURCE_KIND, "inputSettings": {}})
        job_id = cc.generate(ws, "turn these photos into a 10-second video with fade transitions "
                                 "and background music", photos=3, sourceName=SOURCE)
        # In flight: journaled, and nemo-local has started rendering it.
        cc.wait_for(lambda: self.journaled(job_id), 120, "the render in the journal")
        running = cc.wait_for(
            lambda: (lambda j: j if j.get("phase") == "rendering" and j.get("progress", 0) > 0
                     else None)(cc.job(ws, job_id)), 120, "render progress")
        print(f"quitting OBS with job {job_id} at {running['phase']} {running['progress']}%")
        cc.screenshot(ws, SCENE, os.path.join(self.obs.artifacts, "scene-before-quit.png"))
        self.obs.stop()
        self.obs.assert_clean_exit(self)
        self.assertTrue(self.journaled(job_id), "OBS's quit dropped the render from the journal")
        self.assertNotIn(f"job {job_id} completed", self.obs.log_text,
                         "the render finished before OBS quit: nothing was resumed")

        self.obs = ObsInstance("resume_restart_2", keep_home=self.home, extra_env=env,
                               quit_timeout=cc.QUIT_TIMEOUT_S)
        ws = self.obs.start().ws
        listed = cc.wait_for(lambda: [j for j in ws.vendor(cc.VENDOR, "ListJobs")["jobs"]
                                      if j["jobId"] == job_id], 60, "the resumed job in ListJobs")
        print(f"after restart ListJobs: {listed[0]['status']} {listed[0].get('phase')}")
        done = cc.wait_job(ws, job_id, 300)
        self.assertEqual(done["status"], "completed", done)
        self.assertEqual(done.get("sourceName"), SOURCE, done)
        clip = done["clipPath"]
        ws.call("SetCurrentProgramScene", {"sceneName": SCENE})
        best = cc.shows_clip(ws, SOURCE, clip, 30,
                             os.path.join(self.obs.artifacts, "source-after-resume.png"))
        self.obs.screenshot("screen-after-resume.png")
        print(f"resumed clip {clip} plays in '{SOURCE}' (difference {best:.1f})")
        info = media.probe(clip)
        video = [s for s in info["streams"] if s["codec_type"] == "video"]
        self.assertEqual((video[0]["width"], video[0]["height"]), (1920, 1080))
        self.assertAlmostEqual(float(info["format"]["duration"]), 10.0, delta=1.0)
        listed = [j for j in ws.vendor(cc.VENDOR, "ListJobs")["jobs"] if j["jobId"] == job_id]
        self.assertEqual(len(listed), 1, "ListJobs shows the job more than once")
        self.assertEqual(listed[0]["status"], "completed")

        # The same source, not a new one next to it.
        clips = [i["inputName"] for i in
                 ws.call("GetInputList", {"inputKind": cc.SOURCE_KIND})["inputs"]]
        self.assertEqual(clips, [SOURCE], "the resumed clip made another source")
        items = [i["sourceName"] for i in
                 ws.call("GetSceneItemList", {"sceneName": SCENE})["sceneItems"]]
        self.assertEqual(items.count(SOURCE), 1, items)
        settings = ws.call("GetInputSettings", {"inputName": SOURCE})["inputSettings"]
        self.assertEqual(settings.get("clip_path"), clip)
        self.assertFalse(self.journaled(job_id) and
                         any(r.get("state") not in ("done", "failed")
                             for r in self.journaled(job_id)),
                         "the finished render is still pending in the journal")
        self.obs.stop()
        self.obs.assert_clean_exit(self)


if __name__ == "__main__":
    unittest.main()
