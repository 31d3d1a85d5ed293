"""E2E: the plugin loads in real OBS 29, obs-websocket answers, shutdown is clean.

Loading does nothing that can wait: the module only registers. Its settings
file is read after OBS's start-up, the dock's content is built after it, and
no offline backend (nemo-local) is started and no connection is made until
the streamer acts.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import os
import re
import unittest

from obs_harness import ObsInstance


STARTUP_COMPLETE = "==== Startup complete"


def tcp_connections(pid):
    """(local port, remote address, remote port) of every connected TCP socket
    the process holds (its fds' socket inodes looked up in /proc/net/tcp*)."""
    inodes = set()
    fd_dir = f"/proc/{pid}/fd"
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6"):
        try:
            with open(f"/proc/{pid}/net/{table}") as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
            if inode not in inodes or state == "0A":  # 0A: LISTEN
                continue
            address, port = remote.rsplit(":", 1)
            found.append((int(local.rsplit(":", 1)[1], 16), address, int(port, 16)))
    return found


def line_index(log, needle):
    for number, line in enumerate(log.splitlines()):
        if needle in line:
            return number
    return None


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
            # Once OBS has finished loading the dock's content is built (the
            # module registered only its shell) ...
            built = obs.wait_for_log(r"\[obs-nemo-video\] dock content built \((?P<why>[^)]+)\) "
                                     r"in (?P<ms>[\d.]+) ms")
            self.assertIsNotNone(built, "the dock's content was never built")
            # ... and still no backend, no child process, no connection: the
            # only TCP connection OBS holds is our obs-websocket client's.
            self.assertNotIn("offline backend started", obs.read_log())
            children = obs.child_processes()
            self.assertEqual([c for c in children if "nemo" in c[1]], [],
                             f"OBS started a nemo process at load: {children}")
            connections = tcp_connections(obs.proc.pid)
            self.assertEqual([c for c in connections if c[0] != obs.port], [],
                             f"OBS holds TCP connections other than obs-websocket's: "
                             f"{connections}")
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

            # Registration only at load: the settings file is first read, and
            # the dock's content built, after OBS's start-up is complete.
            complete = line_index(log, STARTUP_COMPLETE)
            self.assertIsNotNone(complete, "OBS's log has no 'Startup complete' line")
            self.assertLess(line_index(log, "[obs-nemo-video] loaded, version"), complete)
            settings_read = line_index(log, "[obs-nemo-video] settings ")
            self.assertIsNotNone(settings_read, "the settings were never read")
            self.assertGreater(settings_read, complete,
                               "the settings file was read during OBS's start-up")
            self.assertGreater(line_index(log, "[obs-nemo-video] dock content built"), complete)
            self.assertNotIn("offline backend started", log)
        finally:
            if obs.proc and obs.proc.poll() is None:
                obs.stop()
            obs.cleanup()
        print(f"artifacts: {obs.artifacts}; OBS quit in {obs.exit_seconds:.2f}s after SIGINT; "
              f"dock content built ({built.group('why')}) in {built.group('ms')} ms")


if __name__ == "__main__":
    unittest.main()
