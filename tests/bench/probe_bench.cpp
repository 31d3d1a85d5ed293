// probe_mp4 on a 1080p H.264/AAC MP4 made with the ffmpeg CLI (goal: median
// <= 10 ms). Repetitions give the median.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <benchmark/benchmark.h>

#include <string>

#include "core/media_fixtures.hpp"
#include "core/mp4_probe.hpp"

namespace {

const std::string &sample() {
  static nemo::test::TempDir dir;
  static const std::string path = [] {
    const std::string p = dir.file("1080p.mp4");
    nemo::test::ffmpeg(
        "-f lavfi -i testsrc2=size=1920x1080:rate=30:duration=10 -f lavfi -i "
        "sine=frequency=440:duration=10 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac "
        "-shortest " +
        p);
    return p;
  }();
  return path;
}

void BM_Probe1080p(benchmark::State &state) {
  const std::string &path = sample();
  nemo::core::ProbeResult r;
  if (nemo::core::probe_mp4(path, r)) {
    state.SkipWithError("could not make or probe the 1080p sample");
    return;
  }
  for (auto _ : state) {
    auto code = nemo::core::probe_mp4(path, r).code;
    benchmark::DoNotOptimize(code);
  }
  state.counters["width"] = r.width;
  state.counters["MB"] = static_cast<double>(r.size) / 1e6;
}
BENCHMARK(BM_Probe1080p)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(20)
    ->Repetitions(15)
    ->ReportAggregatesOnly(true);

}  // namespace
