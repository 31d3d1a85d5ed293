"""E2E (issue #5, secrets): real OBS with the plugin makes a video on the
offline backend (anonymous token, persisted by the client) and then, in the
same OBS home, on a custom backend URL (a nemo-local this test runs) with
NEMO_TOKEN set to a known secret; then that secret is made invalid (the
custom backend restarts with an empty data folder) and one more generation
fails on it. Every token is then looked for, whole and as any 12-character
piece, in OBS's logs and stdout, the jobs' messages, every file of OBS's
config folder (the plugin's folder included) except the one client file that
must hold the anonymous token, and the custom backend's log; that file must
be mode 0600.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import json
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import time
import unittest
import urllib.request

import media
from clip_checks import wait_job
from obs_harness import ObsInstance

VENDOR = "obs-nemo-video"
PIECE = 12
MEDIA_SUFFIXES = (".mp4", ".jpg", ".jpeg", ".png", ".part", ".mp3", ".ogg", ".wav", ".flac")


def leak(text, token):
    """The piece of `token` found in `text`, or None."""
    if len(token) < PIECE:
        return token if token in text else None
    for i in range(len(token) - PIECE + 1):
        if token[i:i + PIECE] in text:
            return token[i:i + PIECE]
    return None


class CustomBackend:
    """nemo-local on a fixed loopback port, as a self-hosted backend would be."""

    def __init__(self, port, data_dir, log_path):
        self.port, self.data_dir, self.log_path = port, data_dir, log_path
        self.url = f"http://127.0.0.1:{port}"
        self.proc = None

    def start(self):
        binary = os.path.join(os.environ.get("NEMO_BUILD_DIR") or "build", "bin", "nemo-local")
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--data-dir", self.data_dir,
             "--log-file", self.log_path],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()
        if line != f"listening on {self.url}":
            self.proc.kill()
            raise AssertionError(f"nemo-local did not start: {line!r}")
        return self

    def issue_token(self, client_id):
        req = urllib.request.Request(f"{self.url}/api/auth/anonymous-token", data=b"",
                                     headers={"X-Client-Id": client_id}, method="POST")
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.load(r)["data"]["token"]

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=15)
        if self.proc:
            self.proc.stdout.close()


class SecretsTest(unittest.TestCase):
    def setUp(self):
        self.scratch = tempfile.mkdtemp(prefix="nemo-secrets-")
        self.instances = []
        self.backend = None

    def tearDown(self):
        for obs in self.instances:
            if obs.proc and obs.proc.poll() is None:
                obs.stop()
        if self.backend:
            self.backend.stop()
        if self.instances:
            shutil.rmtree(self.instances[0].home, ignore_errors=True)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def generate(self, obs, prompt, timeout=420):
        answer = obs.ws.vendor(VENDOR, "Generate", {
            "images": [{"path": p} for p in media.photos(2)],
            "prompt": prompt, "aspect": "16:9"})
        self.assertTrue(answer.get("ok"), answer)
        return wait_job(obs.ws, answer["jobId"], timeout)

    def test_no_token_in_logs_or_files(self):
        texts = []  # (what, text)

        # 1. Offline backend: the client gets and persists an anonymous token.
        # Quitting quickly is test_quit_midway's concern: a loaded machine
        # may take longer here; a clean exit (0, no leaks) is still asserted.
        first = ObsInstance("secrets-offline", quit_timeout=20.0,
                            extra_env={"NEMO_API_BASE": "local", "NEMO_TOKEN": ""})
        self.instances.append(first)
        first.start()
        job = self.generate(first, "turn these photos into a 3-second video")
        self.assertEqual(job["status"], "completed", job)
        texts.append(("offline job", json.dumps(job)))
        first.stop()
        first.assert_clean_exit(self)
        home = first.home
        client_dirs = os.path.join(first.config_dir, "plugin_config", "obs-nemo-video", "client")
        auth_file = os.path.join(client_dirs, "offline", "client.json")
        if not os.path.exists(auth_file):
            tree = [os.path.relpath(os.path.join(r, n), first.config_dir)
                    for r, _, names in os.walk(first.config_dir) for n in names]
            self.fail(f"no {auth_file}; the config folder holds {tree}")
        with open(auth_file) as f:
            offline_token = json.load(f)["token"]
        self.assertTrue(offline_token, "the offline client persisted no token")

        # 2. A custom backend URL with NEMO_TOKEN set to a known secret.
        port = __import__("obs_harness").free_port()
        backend_log = os.path.join(self.scratch, "custom-nemo-local.log")
        self.backend = CustomBackend(port, os.path.join(self.scratch, "custom"), backend_log).start()
        secret = self.backend.issue_token("e2e-secrets-custom")
        second = ObsInstance("secrets-custom", keep_home=home, quit_timeout=20.0,
                             extra_env={"NEMO_API_BASE": self.backend.url, "NEMO_TOKEN": secret})
        self.instances.append(second)
        second.start()
        job = self.generate(second, "turn these photos into a 3-second video")
        self.assertEqual(job["status"], "completed", job)
        texts.append(("custom job", json.dumps(job)))
        credits = second.ws.vendor(VENDOR, "GetCredits", {})
        texts.append(("GetCredits", json.dumps(credits)))

        # 3. The secret stops being valid (the backend lost its data): the
        # next generation fails with an auth error, which must not quote it.
        self.backend.stop()
        self.backend = CustomBackend(port, os.path.join(self.scratch, "custom-reset"),
                                     backend_log).start()
        job = self.generate(second, "turn these photos into a 3-second video", timeout=120)
        self.assertEqual(job["status"], "failed", job)
        texts.append(("rejected job", json.dumps(job)))
        texts.append(("ListJobs", json.dumps(second.ws.vendor(VENDOR, "ListJobs", {}))))
        second.stop()
        second.assert_clean_exit(self)
        self.backend.stop()
        with open(backend_log, encoding="utf-8", errors="replace") as f:
            log = f.read()
        self.assertIn(" 401 ", log, "the custom backend never refused the secret")
        texts.append(("custom backend log", log))

        # Everything OBS and the plugin wrote: logs, OBS's stdout, config files.
        for obs in self.instances:
            with open(obs.stdout_path, encoding="utf-8", errors="replace") as f:
                texts.append((f"{obs.name} stdout", f.read()))
        scanned = 0
        for root, _, files in os.walk(os.path.join(home, ".config")):
            for name in files:
                path = os.path.join(root, name)
                if path == auth_file or name.lower().endswith(MEDIA_SUFFIXES) \
                        or os.path.islink(path):
                    continue
                with open(path, "rb") as f:
                    texts.append((os.path.relpath(path, home),
                                  f.read().decode("utf-8", errors="replace")))
                scanned += 1
        logs = [w for w, _ in texts if "/logs/" in w]
        self.assertGreaterEqual(len(logs), 2, f"OBS's logs were not found: {logs}")

        for what, text in texts:
            for name, token in (("offline token", offline_token), ("NEMO_TOKEN", secret)):
                self.assertIsNone(leak(text, token), f"the {name} leaked into {what}")
        print(f"secrets e2e: 2 tokens, {len(texts)} texts ({scanned} config files) searched")

        # The one file holding a token: owner-only (so is its folder's content).
        mode = stat.S_IMODE(os.stat(auth_file).st_mode)
        self.assertEqual(mode, 0o600, f"{auth_file} is {oct(mode)}")
        with open(auth_file) as f:
            self.assertNotIn(secret, f.read(), "NEMO_TOKEN was persisted")


if __name__ == "__main__":
    unittest.main()
