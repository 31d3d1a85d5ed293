"""E2E: the "AI Video" dock in real OBS 29.

- first run: the dock exists, is docked on the right and visible; a
  screenshot of it in English and one in Chinese (artifacts: dock-en.png,
  dock-zh.png, cropped to the dock: dock-en-crop.png, dock-zh-crop.png);
- restart with the same home: OBS itself restores the dock where it was
  (the module does not place it again) with the same geometry;
- OBS still quits cleanly with the dock and the hotkeys registered.

The module registers only the dock's shell at load; its content is built
right after OBS has finished loading ("dock content built" in the log), so
the tests that click into the dock wait for that and use the placement
logged once the content is in ("dock with content: ...").
SPDX-License-Identifier: GPL-2.0-or-later
"""
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

import media
from clip_checks import wait_job
from obs_harness import ObsInstance

PLACEMENT = re.compile(r"\[obs-nemo-video\] dock (?P<when>[^:]+): area=(?P<area>\w+) "
                       r"floating=(?P<floating>\w+) visible=(?P<visible>\w+) "
                       r"geometry=(?P<x>-?\d+),(?P<y>-?\d+) (?P<w>\d+)x(?P<h>\d+) "
                       r"screen=(?P<sx>-?\d+),(?P<sy>-?\d+)")


def wait_for_log(obs, pattern, timeout=45.0):
    """The first match of pattern in OBS's log, waiting for it to appear."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = re.search(pattern, obs.read_log())
        if match:
            return match
        time.sleep(0.25)
    return None


def wait_for_content(obs):
    """The dock's content is built and its placement logged (None if not)."""
    if not wait_for_log(obs, r"\[obs-nemo-video\] dock content built"):
        return None
    return wait_for_log(obs, r"\[obs-nemo-video\] dock with content: ")


def placements(log):
    return [m.groupdict() for m in PLACEMENT.finditer(log)]


def crop(screen, placement, out):
    """Cuts the dock out of a screenshot (ImageMagick), for looking at it."""
    geometry = "{w}x{h}+{sx}+{sy}".format(**placement)
    result = subprocess.run(["convert", screen, "-crop", geometry, "+repage", out],
                            capture_output=True, timeout=30)
    return out if result.returncode == 0 else None


def xdotool(display, *args):
    result = subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=30,
                            env=dict(os.environ, DISPLAY=display))
    return result.stdout.strip() if result.returncode == 0 else None


def wait_for_window(display, title, timeout=15.0, pattern=None):
    """The X window id of a top-level window whose name is exactly title
    (or matches the regular expression pattern)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = xdotool(display, "search", "--onlyvisible", "--name",
                        pattern or f"^{re.escape(title)}$")
        if found:
            return found.splitlines()[0]
        time.sleep(0.25)
    return None


def window_geometry(display, window):
    """(x, y, w, h) of an X window."""
    text = xdotool(display, "getwindowgeometry", "--shell", window) or ""
    values = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    return tuple(int(values[k]) for k in ("X", "Y", "WIDTH", "HEIGHT"))


def link_pixel(png):
    """(x, y) of a point on a link in a PNG, or None. Links are drawn in the
    theme's link blue (OBS 29's light blue, OBS 30+'s Yami #476bd7) and
    underlined: the row with the most link-blue pixels is the underline, and
    the point is just above its middle, on the text."""
    out = subprocess.run(["convert", png, "txt:-"], capture_output=True, text=True,
                         timeout=60).stdout
    rows = {}
    for line in out.splitlines()[1:]:
        m = re.match(r"(\d+),(\d+): \((\d+),(\d+),(\d+)", line)
        if not m:
            continue
        x, y, r, g, b = (int(v) for v in m.groups())
        if b >= 200 and b - r >= 110 and b - g >= 40 and g >= 90:
            rows.setdefault(y, []).append(x)
    if not rows:
        return None
    y, xs = max(rows.items(), key=lambda item: len(item[1]))
    if len(xs) < 20:  # an icon's pixels, not an underlined word
        return None
    return xs[len(xs) // 2], y - 3


class DockTest(unittest.TestCase):
    def run_obs(self, name, home, locale="en-US"):
        obs = ObsInstance(name, locale=locale, keep_home=home)
        obs.start()
        self.addCleanup(lambda: obs.proc and obs.proc.poll() is None and obs.stop())
        return obs

    def test_dock_first_run_english_then_restored_after_restart(self):
        home = tempfile.mkdtemp(prefix="nemo-obs-dock-")
        self.addCleanup(shutil.rmtree, home, True)

        obs = self.run_obs("dock_en", home)
        first = wait_for_log(obs, r"\[obs-nemo-video\] dock first run, docked on the right: "
                                  r"area=right floating=no visible=yes")
        self.assertIsNotNone(first, "the dock was not docked on the right on the first run")
        self.assertIsNotNone(wait_for_content(obs), "the dock's content was never built")
        time.sleep(2.0)  # let the window paint
        screen = obs.screenshot("dock-en.png")
        self.assertIsNotNone(screen)
        log = obs.stop()
        obs.assert_clean_exit(self)
        self.assertIn("[obs-nemo-video] dock created", log)
        at_exit = [p for p in placements(log) if p["when"] == "at exit"]
        self.assertEqual(len(at_exit), 1, "no placement logged at exit")
        self.assertEqual(at_exit[0]["area"], "right")
        self.assertGreater(int(at_exit[0]["w"]), 250, "the dock is too narrow to use")
        self.assertGreater(int(at_exit[0]["h"]), 400, "the dock is too short to use")
        self.assertIsNotNone(crop(screen, at_exit[0],
                                  os.path.join(obs.artifacts, "dock-en-crop.png")))

        # Same home: OBS restores the dock from its saved layout; the module
        # does not place it again.
        obs2 = self.run_obs("dock_restart", home)
        restored = wait_for_log(obs2, r"\[obs-nemo-video\] dock restored by OBS: .*")
        self.assertIsNotNone(restored, "OBS did not restore the dock from its layout")
        time.sleep(2.0)
        screen2 = obs2.screenshot("dock-restart.png")
        log2 = obs2.stop()
        obs2.assert_clean_exit(self)
        self.assertNotIn("dock first run", log2)
        again = [p for p in placements(log2) if p["when"] == "at exit"][0]
        self.assertEqual((again["area"], again["floating"], again["visible"]),
                         (at_exit[0]["area"], at_exit[0]["floating"], at_exit[0]["visible"]))
        self.assertEqual((again["x"], again["y"], again["w"], again["h"]),
                         (at_exit[0]["x"], at_exit[0]["y"], at_exit[0]["w"], at_exit[0]["h"]),
                         "the dock came back with another geometry")
        self.assertIsNotNone(crop(screen2, again,
                                  os.path.join(obs2.artifacts, "dock-restart-crop.png")))
        print(f"artifacts: {obs.artifacts}, {obs2.artifacts}")

    def test_floating_dock_comes_back_where_it_was_moved(self):
        """The streamer floats the dock (double-click on its title) and moves
        it: after a restart it is floating at the same place."""
        if not shutil.which("xdotool"):
            self.skipTest("xdotool is not installed (apt-get install xdotool)")
        home = tempfile.mkdtemp(prefix="nemo-obs-dock-float-")
        self.addCleanup(shutil.rmtree, home, True)
        obs = self.run_obs("dock_float", home)
        self.assertIsNotNone(wait_for_log(obs, r"\[obs-nemo-video\] dock first run"))
        self.assertIsNotNone(wait_for_content(obs), "the dock's content was never built")
        time.sleep(1.0)
        placement = placements(obs.read_log())[-1]
        display = obs.xvfb.display
        title_x, title_y = int(placement["sx"]) + 60, int(placement["sy"]) + 12
        xdotool(display, "mousemove", str(title_x), str(title_y), "click", "--repeat", "2",
                "--delay", "80", "1")
        floating = wait_for_window(display, "AI Video")
        self.assertIsNotNone(floating, "double-clicking the title did not float the dock")
        xdotool(display, "windowmove", floating, "240", "160")
        time.sleep(1.0)
        moved = window_geometry(display, floating)
        log = obs.stop()
        obs.assert_clean_exit(self)
        at_exit = [p for p in placements(log) if p["when"] == "at exit"][0]
        self.assertEqual(at_exit["floating"], "yes")

        obs2 = self.run_obs("dock_float_restart", home)
        self.assertIsNotNone(wait_for_log(obs2, r"\[obs-nemo-video\] dock restored by OBS: "
                                                r"area=\w+ floating=yes visible=yes"),
                             "the floating dock was not restored floating and visible")
        window = wait_for_window(obs2.xvfb.display, "AI Video")
        self.assertIsNotNone(window, "no floating AI Video window after the restart")
        time.sleep(1.0)
        again = window_geometry(obs2.xvfb.display, window)
        obs2.screenshot("dock-float-restart.png")
        obs2.stop()
        obs2.assert_clean_exit(self)
        self.assertEqual(again[:2], moved[:2], "the floating dock came back elsewhere")
        self.assertEqual(again[2:], moved[2:], "the floating dock came back with another size")

    def test_unreachable_backend_offers_the_offline_one(self):
        """A custom backend nobody answers: the job fails with the network
        message and the dock offers the offline backend (with a link to
        switch); NEMO_API_BASE must not decide the backend for that."""
        if os.environ.get("NEMO_API_BASE"):
            self.skipTest("NEMO_API_BASE decides the backend here: no offer is made then")
        home = tempfile.mkdtemp(prefix="nemo-obs-dock-offline-")
        self.addCleanup(shutil.rmtree, home, True)
        with socket.socket() as s:  # a port nothing listens on
            s.bind(("127.0.0.1", 0))
            closed_port = s.getsockname()[1]
        folder = os.path.join(home, ".config", "obs-studio", "plugin_config", "obs-nemo-video")
        os.makedirs(folder)
        with open(os.path.join(folder, "settings.json"), "w") as f:
            json.dump({"version": 1, "backend": "custom",
                       "custom_url": f"http://127.0.0.1:{closed_port}"}, f)
        os.chmod(os.path.join(folder, "settings.json"), 0o600)

        obs = self.run_obs("dock_offline_offer", home)
        self.assertIsNotNone(wait_for_content(obs), "the dock's content was never built")
        answer = obs.ws.vendor("obs-nemo-video", "Generate", {
            "images": [{"path": p} for p in media.photos(2)],
            "prompt": "a 5-second slideshow"})
        self.assertTrue(answer.get("ok"), answer)
        job = wait_job(obs.ws, answer["jobId"], timeout=120)
        self.assertEqual(job["status"], "failed", job)
        offered = wait_for_log(obs, r"\[obs-nemo-video\] job \S+ could not reach the backend: "
                                    r"the dock offers the offline backend", timeout=20)
        self.assertIsNotNone(offered, "the dock did not offer the offline backend")
        time.sleep(1.5)  # let the transcript paint
        screen = obs.screenshot("dock-offline-offer.png")
        self.assertNotIn("offline backend started", obs.read_log(),
                         "nothing may switch to the offline backend without the streamer")
        # The streamer clicks the link: found on the screen by its colour.
        placement = placements(obs.read_log())[-1]
        shot = crop(screen, placement, os.path.join(obs.artifacts, "dock-offline-offer-crop.png"))
        self.assertIsNotNone(shot)
        if not shutil.which("xdotool"):
            self.skipTest("xdotool is not installed (apt-get install xdotool)")
        link = link_pixel(shot)
        self.assertIsNotNone(link, "no link drawn in the dock")
        xdotool(obs.xvfb.display, "mousemove", str(int(placement["sx"]) + link[0]),
                str(int(placement["sy"]) + link[1]), "click", "1")
        self.assertIsNotNone(wait_for_log(obs, r"\[obs-nemo-video\] the streamer switched to the "
                                               r"offline backend", timeout=20),
                             "clicking the link did not switch the backend")
        saved = os.path.join(folder, "settings.json")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with open(saved) as f:
                if json.load(f).get("backend") == "local":
                    break
            time.sleep(0.2)
        with open(saved) as f:
            self.assertEqual(json.load(f).get("backend"), "local")
        obs.stop()
        obs.assert_clean_exit(self)

    def test_backend_redirecting_elsewhere_gets_its_message(self):
        """A custom backend whose every answer is a redirect to another origin
        (a Wi-Fi login page): the job fails with the redirect message, the
        other origin gets no request, the dock offers the offline backend."""
        if os.environ.get("NEMO_API_BASE"):
            self.skipTest("NEMO_API_BASE decides the backend here: no offer is made then")
        import http.server
        import threading
        hits = {"portal": 0}

        class Portal(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                hits["portal"] += 1
                self.send_response(200)
                self.end_headers()

            do_POST = do_GET

            def log_message(self, *args):
                pass

        portal = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Portal)
        portal_url = f"http://localhost:{portal.server_address[1]}/login"

        class Redirect(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                self.send_response(307)
                self.send_header("Location", portal_url)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_GET

            def log_message(self, *args):
                pass

        redirect = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
        for server in (portal, redirect):
            threading.Thread(target=server.serve_forever, daemon=True).start()
            self.addCleanup(server.server_close)
            self.addCleanup(server.shutdown)
        home = tempfile.mkdtemp(prefix="nemo-obs-dock-redirect-")
        self.addCleanup(shutil.rmtree, home, True)
        folder = os.path.join(home, ".config", "obs-studio", "plugin_config", "obs-nemo-video")
        os.makedirs(folder)
        with open(os.path.join(folder, "settings.json"), "w") as f:
            json.dump({"version": 1, "backend": "custom",
                       "custom_url": f"http://127.0.0.1:{redirect.server_address[1]}"}, f)
        os.chmod(os.path.join(folder, "settings.json"), 0o600)

        obs = self.run_obs("dock_redirect", home)
        self.assertIsNotNone(wait_for_content(obs), "the dock's content was never built")
        answer = obs.ws.vendor("obs-nemo-video", "Generate", {
            "images": [{"path": p} for p in media.photos(2)],
            "prompt": "a 5-second slideshow"})
        self.assertTrue(answer.get("ok"), answer)
        job = wait_job(obs.ws, answer["jobId"], timeout=120)
        self.assertEqual(job["status"], "failed", job)
        self.assertIn("Error.Redirect", json.dumps(job), job)
        offered = wait_for_log(obs, r"\[obs-nemo-video\] job \S+ could not reach the backend: "
                                    r"the dock offers the offline backend", timeout=20)
        self.assertIsNotNone(offered, "the dock did not offer the offline backend")
        time.sleep(1.5)  # let the transcript paint
        screen = obs.screenshot("dock-redirect.png")
        placement = placements(obs.read_log())[-1]
        self.assertIsNotNone(crop(screen, placement,
                                  os.path.join(obs.artifacts, "dock-redirect-crop.png")))
        self.assertEqual(hits["portal"], 0, "a request was sent on to the other origin")
        obs.stop()
        obs.assert_clean_exit(self)

    def test_dock_in_chinese(self):
        home = tempfile.mkdtemp(prefix="nemo-obs-dock-zh-")
        self.addCleanup(shutil.rmtree, home, True)
        obs = self.run_obs("dock_zh", home, locale="zh-CN")
        first = wait_for_log(obs, r"\[obs-nemo-video\] dock first run, docked on the right: "
                                  r"area=right floating=no visible=yes")
        self.assertIsNotNone(first, "the dock was not shown on the first run")
        self.assertIsNotNone(wait_for_content(obs), "the dock's content was never built")
        time.sleep(2.0)
        screen = obs.screenshot("dock-zh.png")
        self.assertIsNotNone(screen)
        log = obs.stop()
        obs.assert_clean_exit(self)
        placement = [p for p in placements(log) if p["when"] == "at exit"][0]
        self.assertIsNotNone(crop(screen, placement,
                                  os.path.join(obs.artifacts, "dock-zh-crop.png")))
        print(f"artifacts: {obs.artifacts}")


class DockControlsTest(unittest.TestCase):
    """The hotkeys reach the dock, and the settings dialog opens from its gear."""

    def check(self, locale, dialog_title, name):
        if not shutil.which("xdotool"):
            self.skipTest("xdotool is not installed (apt-get install xdotool)")
        obs = ObsInstance(name, locale=locale)
        self.addCleanup(obs.cleanup)
        obs.start()
        self.addCleanup(lambda: obs.proc and obs.proc.poll() is None and obs.stop())
        self.assertIsNotNone(wait_for_log(obs, r"\[obs-nemo-video\] dock first run"))
        self.assertIsNotNone(wait_for_content(obs), "the dock's content was never built")

        hotkeys = obs.ws.call("GetHotkeyList")["hotkeys"]
        self.assertIn("nemo_video.generate", hotkeys)
        self.assertIn("nemo_video.play_last_clip", hotkeys)
        # "Generate from the dock" runs the dock's Generate with its form: with
        # no photos it is refused, in the dock's words and in the log.
        obs.ws.call("TriggerHotkeyByName", {"hotkeyName": "nemo_video.generate"})
        self.assertIsNotNone(wait_for_log(obs, r"dock generate refused: no photos"),
                             "the Generate hotkey did not reach the dock")
        obs.ws.call("TriggerHotkeyByName", {"hotkeyName": "nemo_video.play_last_clip"})
        self.assertIsNotNone(wait_for_log(obs, r"play last clip: no finished clip"),
                             "the Play hotkey did nothing")

        # The gear: the top-right button of the dock's content.
        time.sleep(1.0)
        log = obs.read_log()
        placement = placements(log)[-1]
        x = int(placement["sx"]) + int(placement["w"]) - 25
        y = int(placement["sy"]) + 53
        display = obs.xvfb.display
        xdotool(display, "mousemove", str(x), str(y), "click", "1")
        window = wait_for_window(display, dialog_title)
        self.assertIsNotNone(window, f"no '{dialog_title}' window after clicking the gear")
        time.sleep(1.0)
        screen = obs.screenshot("settings.png")
        wx, wy, ww, wh = window_geometry(display, window)
        crop(screen, {"w": ww, "h": wh, "sx": wx, "sy": wy},
             os.path.join(obs.artifacts, "settings-crop.png"))
        xdotool(display, "key", "--window", window, "Escape")
        obs.stop()
        obs.assert_clean_exit(self)
        print(f"artifacts: {obs.artifacts}")

    def test_media_added_checked_and_thumbnailed(self):
        """Files added with the Add button (Qt's file dialog, typed paths):
        photos get thumbnails, music (an Ogg file, converted before upload) an
        icon, a file that only pretends to be a video is refused with the reason; Generate then takes the usable ones."""
        if not shutil.which("xdotool"):
            self.skipTest("xdotool is not installed (apt-get install xdotool)")
        obs = ObsInstance("dock_media")
        self.addCleanup(obs.cleanup)
        # The file dialog opens in OBS's working directory: the scratch home.
        media = obs.home
        for name, color in (("beach.jpg", "orange"), ("forest.png", "green")):
            subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                            f"color=c={color}:s=640x360", "-frames:v", "1",
                            os.path.join(media, name)], check=True, timeout=60)
        # Music as Linux keeps it: Ogg Vorbis, converted before upload.
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                        "sine=frequency=440:duration=2", "-c:a", "libvorbis",
                        os.path.join(media, "music.ogg")], check=True, timeout=60)
        with open(os.path.join(media, "fake.mp4"), "w") as f:
            f.write("this is not a video\n")

        obs.start()
        self.addCleanup(lambda: obs.proc and obs.proc.poll() is None and obs.stop())
        self.assertIsNotNone(wait_for_log(obs, r"\[obs-nemo-video\] dock first run"))
        self.assertIsNotNone(wait_for_content(obs), "the dock's content was never built")
        time.sleep(1.0)
        placement = placements(obs.read_log())[-1]
        display = obs.xvfb.display
        # "Add media…": above the media list, below the tabs.
        xdotool(display, "mousemove", str(int(placement["sx"]) + 60),
                str(int(placement["sy"]) + 127), "click", "1")
        dialog = wait_for_window(display, "Add photos, clips or music")
        self.assertIsNotNone(dialog, "the Add button did not open the file dialog")
        time.sleep(0.5)
        xdotool(display, "type", "--delay", "5",
                '"beach.jpg" "forest.png" "music.ogg" "fake.mp4"')
        xdotool(display, "key", "Return")
        time.sleep(2.0)  # checks and thumbnails run in the background
        # A streamer's OBS fills the screen (Xvfb has no window manager to do it).
        main = wait_for_window(display, None, pattern="^OBS [0-9].* - Profile: ")
        if main:
            xdotool(display, "windowmove", main, "0", "0")
            xdotool(display, "windowsize", main, str(obs.xvfb.size[0]), str(obs.xvfb.size[1]))
        time.sleep(1.5)
        screen = obs.screenshot("media.png")
        obs.ws.call("TriggerHotkeyByName", {"hotkeyName": "nemo_video.generate"})
        generated = wait_for_log(obs, r"dock generate: workflow=slideshow .*")
        time.sleep(2.0)
        screen2 = obs.screenshot("media-generate.png")
        log = obs.stop()
        obs.assert_clean_exit(self)
        self.assertIsNotNone(generated, "Generate did not take the added media")
        self.assertIn("images=2 videos=0 music=yes", generated.group(0))
        exit_placement = [p for p in placements(log) if p["when"] == "at exit"][0]
        crop(screen, exit_placement, os.path.join(obs.artifacts, "media-crop.png"))
        crop(screen2, exit_placement, os.path.join(obs.artifacts, "media-generate-crop.png"))
        print(f"artifacts: {obs.artifacts}")

    def test_hotkeys_and_settings_english(self):
        self.check("en-US", "AI Video Settings", "dock_settings_en")

    def test_hotkeys_and_settings_chinese(self):
        self.check("zh-CN", "AI 视频设置", "dock_settings_zh")


if __name__ == "__main__":
    unittest.main()
