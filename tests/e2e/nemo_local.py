"""A nemo-local that an E2E test runs itself (beside the one the plugin may
start): a proxy's upstream, or a backend with options of the test's own
(--credits, ...). Stopped with SIGTERM; its data folder goes with it.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import shutil
import signal
import subprocess
import tempfile


def nemo_local_path():
    build = os.environ.get("NEMO_BUILD_DIR") or os.path.abspath("build")
    path = os.path.join(build, "bin", "nemo-local")
    if not os.access(path, os.X_OK):
        raise FileNotFoundError(f"{path} is not built")
    return path


class NemoLocal:
    def __init__(self, *extra_args, prefix="nemo-e2e-backend-"):
        self.data_dir = tempfile.mkdtemp(prefix=prefix)
        self.proc = subprocess.Popen(
            [nemo_local_path(), "--host", "127.0.0.1", "--port", "0", "--data-dir",
             self.data_dir, *extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline().strip()
        if not line.startswith("listening on "):
            self.stop()
            raise AssertionError(f"nemo-local said {line!r}")
        self.url = line.split(" ", 2)[2]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)
