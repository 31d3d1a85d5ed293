"""E2E: the plugin loads in real OBS 29, obs-websocket answers, shutdown is clean.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import re
import unittest

from obs_harness import ObsInstance


class ObsLoadTest(unittest.TestCase):
    def test_module_loads_and_obs_quits_cleanly(self):
        obs = ObsInstance("obs_load")
        try:
            obs.start()
            version = obs.ws.call("GetVersion")
            self.assertTrue(version["obsVersion"].startswith(("29.", "30.", "31.", "32.")))
            self.assertEqual(version["rpcVersion"], 1)
            # The scene list answers: the frontend is up, not only the socket.
            scenes = obs.ws.call("GetSceneList")
            self.assertIn("scenes", scenes)
            shot = obs.screenshot("screen.png")
            self.assertIsNotNone(shot, "could not take a screenshot of the Xvfb screen")
            log = obs.stop()
            obs.assert_clean_exit(self)

            # What OBS itself says: our module in its list of loaded modules,
            # and our own line with the version, prefixed.
            self.assertRegex(log, r"(?m)^.*\bobs-nemo-video\.so\s*$",
                             "OBS's module list does not name obs-nemo-video.so")
            self.assertRegex(log, r"\[obs-nemo-video\] loaded, version \d+\.\d+\.\d+")
            self.assertNotRegex(log, r"Failed to load module file '.*obs-nemo-video",
                                "OBS failed to load the module")
            self.assertIsNone(re.search(r"\[obs-nemo-video\].*(error|crash)", log, re.I))
        finally:
            if obs.proc and obs.proc.poll() is None:
                obs.stop()
            obs.cleanup()
        print(f"artifacts: {obs.artifacts}; OBS quit in {obs.exit_seconds:.2f}s after SIGINT")


if __name__ == "__main__":
    unittest.main()
