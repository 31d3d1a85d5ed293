"""Benchmark: what the plugin adds to OBS's start-up.

Starts real OBS (tests/e2e/obs_harness.py, Xvfb, a fresh HOME each time) N
times with the plugin installed and N times without it, alternating, quits
each one, and reads the profiler summary OBS writes to its log at exit:

  run_program_init                          the whole start-up
    OBSApp::OBSInit > OBSBasic::OBSInit     the main window's init
      obs_load_all_modules2                 every module's load
        obs_init_module(obs-nemo-video.so)  our obs_module_load

plus the module's own "dock content built (...) in X ms" line (the dock's
widgets, built on the UI thread after start-up). Prints the medians and
the ratios of the two kinds of run; it asserts no timing (a benchmark, not a
test): it fails only when OBS or its log does not give the figures.

  NEMO_BUILD_DIR=build /usr/bin/python3 tests/e2e/bench_startup.py [N]
  ctest --test-dir build -L bench --output-on-failure
SPDX-License-Identifier: GPL-2.0-or-later
"""
import re
import statistics
import sys
import time

from obs_harness import ObsInstance

SETTLE_S = 2.0
MODULE = "obs_init_module(obs-nemo-video.so)"
ENTRIES = ["run_program_init", "OBSApp::OBSInit", "OBSBasic::OBSInit", "obs_load_all_modules2",
           "obs_init_module(obs-websocket.so)", MODULE]
# "HH:MM:SS.mmm: <tree drawing>name: 12.345 ms" in the "Profiler Results" part
# (OBS writes a no-break space before "ms").
PROFILE_LINE = re.compile(r"^[\d:.]+:[\s┣┗┃]*(?P<name>[^\s┣┗┃].*?): (?P<ms>[\d.]+)\s*ms$")
DOCK_BUILT = re.compile(r"\[obs-nemo-video\] dock content built \((?P<why>[^)]+)\) "
                        r"in (?P<ms>[\d.]+) ms")


def profiler_figures(log):
    """{entry name: ms} from the start-up tree of OBS's profiler summary."""
    start = log.find("== Profiler Results")
    end = log.find("== Profiler Time Between Calls", start)
    if start < 0:
        raise RuntimeError("OBS's log has no profiler summary (did OBS quit cleanly?)")
    figures = {}
    for line in log[start:end if end > 0 else None].splitlines()[1:]:
        match = PROFILE_LINE.match(line.strip())
        if match and match.group("name") not in figures:
            figures[match.group("name")] = float(match.group("ms"))
    return figures


def one_run(kind, number):
    with_plugin = kind == "with"
    obs = ObsInstance(f"bench_startup_{kind}_{number}", with_plugin=with_plugin)
    try:
        obs.start()
        # Settled: the scene list answers, and with the plugin its dock's
        # content has been built (after OBS's start-up).
        obs.ws.call("GetSceneList")
        dock = obs.wait_for_log(DOCK_BUILT, timeout=30.0) if with_plugin else None
        if with_plugin and not dock:
            raise RuntimeError("the plugin never logged 'dock content built'")
        # OBS 29 can hang on a SIGINT that comes right after its start-up
        # (seen without the plugin): both kinds of run idle a moment first.
        time.sleep(SETTLE_S)
        log = obs.stop()
    finally:
        if obs.proc and obs.proc.poll() is None:
            obs.stop()
        obs.cleanup()
    figures = profiler_figures(log)
    missing = [e for e in ENTRIES if e not in figures and (with_plugin or e != MODULE)]
    if missing:
        raise RuntimeError(f"{kind} run {number}: the profiler summary lacks {missing}")
    if with_plugin:
        figures["dock content built"] = float(dock.group("ms"))
    return figures


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    results = {"with": [], "without": []}
    started = time.monotonic()
    for number in range(1, runs + 1):
        for kind in ("without", "with"):  # alternating: drift hits both kinds alike
            results[kind].append(one_run(kind, number))

    def median(kind, entry):
        values = [r[entry] for r in results[kind] if entry in r]
        return statistics.median(values) if values else None

    def cell(value):
        return f"{value:10.1f}" if value is not None else f"{'-':>10}"

    print(f"\nOBS start-up, median of {runs} runs each (ms; OBS's profiler, ms in its log)")
    print(f"{'entry':40} {'without':>10} {'with':>10} {'with/without':>13}")
    for entry in ENTRIES + ["dock content built"]:
        without, with_ = median("without", entry), median("with", entry)
        ratio = f"{with_ / without:13.2f}" if with_ and without else f"{'-':>13}"
        print(f"{entry:40} {cell(without)} {cell(with_)} {ratio}")
    plugin = median("with", MODULE)
    init = median("with", "OBSBasic::OBSInit")
    print(f"\n{MODULE} per run (with): "
          + ", ".join(f"{r[MODULE]:.1f}" for r in results["with"]))
    print(f"plugin's share of OBSBasic::OBSInit (with): {100.0 * plugin / init:.1f} %")
    print(f"benchmark took {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
