"""E2E: GetStats shows no more render-skipped frames while the offline
backend renders a 1080p clip than in the same time idle.

This is also issue #4's benchmark "render-skipped frames idle versus during
a local 1080p render": the figures are printed.

Method: after OBS has settled, GetStats is read at the start and end of an
idle window; then a vendor Generate (real photos and music, a 30-second
1080p clip) is started and, once nemo-local's render makes progress, an
equally long window is measured while it renders (the job must still be
rendering at its end); the job is cancelled and a second idle window is
measured. Windows count the frames OBS's graphics thread went through
(renderTotalFrames) and the frames it missed (renderSkippedFrames).
Screenshots are taken only between windows. The scene shows a photo.

When the machine is so loaded that OBS misses more than SATURATED of its
frames while idle, nothing can be told apart: the test says so and skips
(the figures are printed).

Tolerance: OBS here renders with llvmpipe (software OpenGL) on Xvfb, on a
2-core machine shared with other OBS instances and builds, so idle windows
skip a few frames on their own, and not always the same few. The render
window is therefore bracketed by two idle windows, and may skip as many
frames as the worse idle rate predicts, plus the difference between the two
idle windows (the noise measured in this very run), plus TOLERANCE_FRAMES
(5 frames: 1.4% of a 12 s window at 30 fps). A render that competes with OBS's
graphics thread skips far more: measured with the backend at nice 19 only,
48 and 104 frames against 1-5 idle.

outputSkippedFrames counts only while an output (stream, recording) is
active; none is here, so it is printed, not asserted.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import time
import unittest

import clip_checks as cc
import media

WINDOW_S = 12.0
SETTLE_S = 4.0
TOLERANCE_FRAMES = 5
SATURATED = 0.25


def window(ws, seconds, keep_going=lambda: True):
    """GetStats deltas over `seconds` (shorter if keep_going() turns false)."""
    start = ws.call("GetStats")
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds and keep_going():
        time.sleep(0.5)
    end = ws.call("GetStats")
    elapsed = time.monotonic() - t0
    delta = {k: end[k] - start[k] for k in ("renderSkippedFrames", "renderTotalFrames",
                                            "outputSkippedFrames", "outputTotalFrames")}
    delta["seconds"] = elapsed
    delta["cpuUsage"] = end["cpuUsage"]
    delta["averageFrameRenderTime"] = end["averageFrameRenderTime"]
    delta["activeFps"] = end["activeFps"]
    return delta


def describe(name, w):
    rate = 1000.0 * w["renderSkippedFrames"] / max(1, w["renderTotalFrames"])
    return (f"{name}: {w['seconds']:.1f} s, render skipped {w['renderSkippedFrames']} of "
            f"{w['renderTotalFrames']} frames ({rate:.1f} per 1000), output skipped "
            f"{w['outputSkippedFrames']} of {w['outputTotalFrames']}, "
            f"OBS cpu {w['cpuUsage']:.0f}%, "
            f"frame render {w['averageFrameRenderTime']:.1f} ms, fps {w['activeFps']:.1f}")


class RenderStatsTest(cc.OfflineObsTest):
    obs_name = "render_stats"

    def test_no_more_render_skipped_frames_during_a_1080p_render(self):
        obs = self.obs
        ws = obs.ws
        # A streamer's scene is not empty: a photo (an Image source: cheap to
        # draw, so that the windows measure the render, not OBS's own load).
        scene = ws.call("GetCurrentProgramScene")["currentProgramSceneName"]
        ws.call("CreateInput", {"sceneName": scene, "inputName": "Backdrop",
                                "inputKind": "image_source",
                                "inputSettings": {"file": media.photos(1)[0]}})
        time.sleep(SETTLE_S)  # start-up frames (scene load, dock) are not idle ones
        idle_before = window(ws, WINDOW_S)

        job_id = cc.generate(ws, "turn these photos into a 30-second video with fade transitions "
                                 "and background music", photos=6)
        cc.wait_for(lambda: (lambda j: j.get("phase") == "rendering" and j.get("progress", 0) > 0)(
            cc.job(ws, job_id)), 120, "the render to make progress")
        rendering = lambda: cc.job(ws, job_id).get("phase") == "rendering"
        during = window(ws, WINDOW_S, rendering)
        progress = cc.job(ws, job_id)
        # Screenshots only outside the windows (they cost OBS's graphics thread).
        cc.screenshot(ws, scene, os.path.join(obs.artifacts, "program-during-render.png"))
        obs.screenshot("screen-during-render.png")
        # The window must have been a rendering one from start to end.
        self.assertEqual(progress.get("phase"), "rendering",
                         f"the render ended inside the window: {progress}")
        ws.vendor(cc.VENDOR, "CancelJob", {"jobId": job_id})
        cancelled = cc.wait_job(ws, job_id, 30)
        self.assertEqual(cancelled["status"], "cancelled", cancelled)
        time.sleep(2)  # nemo-local winds the cancelled render down
        idle_after = window(ws, WINDOW_S)

        print(describe("idle before    ", idle_before))
        print(describe("during render  ", during) + f" (render at {progress.get('progress')}%)")
        print(describe("idle after     ", idle_after))
        # Rates make windows of slightly different frame counts comparable;
        # the worse of the two idle windows is the machine's own noise.
        idle_rate = max(w["renderSkippedFrames"] / max(1, w["renderTotalFrames"])
                        for w in (idle_before, idle_after))
        frames = during["renderTotalFrames"]
        self.assertGreater(frames, 0)
        if idle_rate > SATURATED:
            obs.stop()
            self.skipTest(f"OBS missed {idle_rate:.0%} of its frames while idle: the machine is "
                          "too loaded to measure what a render adds")
        expected = idle_rate * frames
        noise = abs(idle_before["renderSkippedFrames"] - idle_after["renderSkippedFrames"])
        allowed = expected + noise + TOLERANCE_FRAMES
        print(f"render-skipped frames in {frames} frames: during render "
              f"{during['renderSkippedFrames']}, idle rate gives {expected:.1f}, "
              f"allowed {allowed:.1f}")
        self.assertLessEqual(during["renderSkippedFrames"], allowed,
                             "OBS skipped more frames while the clip rendered than idle")
        obs.stop()
        obs.assert_clean_exit(self)

if __name__ == "__main__":
    unittest.main()
