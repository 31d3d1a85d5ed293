#!/usr/bin/env python3
"""The import rules of plugin/, checked: each folder includes only the folders
it may (imports flow one way), the OBS-free folders no OBS or Qt header, and
only plugin/platform (and the OBS module's own glue) the operating system's.

  python3 ci/check-imports.py [ROOT]   exit 1 and one line a violation
  python3 ci/check-imports.py --self-test

Run by ctest as lint.imports (label unit), so every target's build checks it.
SPDX-License-Identifier: GPL-2.0-or-later
"""
import pathlib
import re
import sys

# folder -> the project folders its files may include ("nemo" is the
# generated version header).
ALLOWED = {
    "platform": {"platform"},
    "protocol": {"protocol"},
    "exif": {"exif"},
    "core": {"core", "protocol", "platform", "exif", "nemo"},
    "render": {"render", "protocol", "platform", "exif", "nemo"},
    "agent": {"agent", "protocol", "platform", "nemo"},
    "server": {"server", "agent", "render", "protocol", "platform", "nemo"},
    "cli": {"cli", "core", "protocol", "platform", "nemo"},
    "obs": {"obs", "core", "protocol", "platform", "nemo"},
}
OBS_FREE = {"platform", "protocol", "exif", "core", "render", "agent", "server", "cli"}
# Headers of the operating system (POSIX, Linux, Windows, macOS): only
# plugin/platform includes them, and plugin/obs where OBS itself is
# system-specific (its SIGINT handling on OBS 29.0, guarded by _WIN32).
SYSTEM_HEADER = re.compile(
    r"^(unistd|fcntl|signal|pthread|spawn|poll|sched|dlfcn|dirent|malloc|pwd|grp|termios|"
    r"netdb|syslog|windows|winsock2|ws2tcpip|io|direct|process|shlobj|mach-o/dyld|"
    r"sys/[a-z_]+|linux/[a-z_]+|netinet/[a-z_]+|arpa/[a-z_]+)\.h$")
SYSTEM_ALLOWED = {"platform", "obs"}
OBS_OR_QT = re.compile(r"^(obs[a-z_-]*\.h|obs-frontend-api\.h|util/.*|graphics/.*|media-io/.*|"
                       r"callback/.*|Q[A-Za-z]+|Qt[A-Za-z]+/.*)$")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def check(root: pathlib.Path) -> list:
    plugin = root / "plugin"
    problems = []
    for folder, allowed in ALLOWED.items():
        base = plugin / folder
        if not base.is_dir():
            problems.append(f"plugin/{folder}: missing")
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix not in (".cpp", ".hpp", ".h", ".mm"):
                continue
            rel = path.relative_to(root)
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                kind, header = m.groups()
                where = f"{rel}:{number}"
                if kind == '"':
                    top = header.split("/", 1)[0] if "/" in header else None
                    if top is None:
                        problems.append(f'{where}: "{header}": include with its folder')
                    elif top in ALLOWED or top == "nemo":
                        if top not in allowed:
                            problems.append(f"{where}: plugin/{folder} may not include {header}")
                    continue
                if folder in OBS_FREE and OBS_OR_QT.match(header):
                    problems.append(f"{where}: <{header}>: no OBS or Qt header in plugin/{folder}")
                if folder not in SYSTEM_ALLOWED and SYSTEM_HEADER.match(header):
                    problems.append(f"{where}: <{header}>: system calls go behind plugin/platform")
    return problems


def self_test() -> int:
    """One violation of each rule in a scratch tree; each must be reported."""
    import tempfile
    cases = {
        "core/a.cpp": '#include "render/renderer.hpp"\n',   # a folder core may not use
        "render/b.cpp": "#include <obs-module.h>\n",       # OBS in an OBS-free folder
        "server/c.cpp": "#include <unistd.h>\n",           # a system header outside platform
        "cli/d.cpp": "#include <QString>\n",               # Qt in an OBS-free folder
        "platform/e.cpp": '#include "core/error.hpp"\n',    # platform depends on nothing
        "protocol/h.cpp": '#include "server/envelope.hpp"\n',  # protocol knows neither side
        "agent/i.cpp": '#include "server/backend.hpp"\n',   # the agent knows no server
    }
    clean = {"obs/f.cpp": '#include "core/error.hpp"\n#include <obs-module.h>\n',
             "platform/g_posix.cpp": "#include <unistd.h>\n",
             "server/j.cpp": '#include "agent/agent.hpp"\n'}
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        for folder in ALLOWED:
            (root / "plugin" / folder).mkdir(parents=True)
        for rel, text in {**cases, **clean}.items():
            (root / "plugin" / rel).write_text(text)
        problems = check(root)
    missed = [rel for rel in cases if not any(p.startswith(f"plugin/{rel}:") for p in problems)]
    wrong = [p for p in problems if not any(p.startswith(f"plugin/{rel}:") for rel in cases)]
    for rel in missed:
        print(f"self-test: the violation in {rel} was not reported")
    for p in wrong:
        print(f"self-test: reported a clean file: {p}")
    print("self-test:", "ok" if not missed and not wrong else "FAILED")
    return 0 if not missed and not wrong else 1


def main() -> int:
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parents[1])
    problems = check(root)
    for p in problems:
        print(p)
    if problems:
        print(f"check-imports: {len(problems)} violation(s)")
        return 1
    print("check-imports: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
