// The client's check of a downloaded video (core::probe_mp4, libavformat on a
// path): any bytes as the file, through an in-memory file. A usable result
// must describe a video with a size, a duration and a frame rate.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <chrono>
#include <cmath>

#include "core/mp4_probe.hpp"
#include "fuzz_targets.hpp"
#include "mem_file.hpp"

namespace nemo::fuzz {

int mp4_probe(const std::uint8_t *data, std::size_t size) {
  static MemFile file;
  if (!file.assign(data, size)) return 0;
  core::ProbeResult result;
  core::ProbeOptions options;
  options.timeout = std::chrono::milliseconds(5000);
  const core::Error err = core::probe_mp4(file.path(), result, options);
  NEMO_FUZZ_CHECK(result.size == size);
  if (!err) {
    NEMO_FUZZ_CHECK(result.has_video && result.width > 0 && result.height > 0);
    NEMO_FUZZ_CHECK(result.duration_s > 0 && std::isfinite(result.duration_s));
    NEMO_FUZZ_CHECK(result.fps > 0 && std::isfinite(result.fps));
  }
  NEMO_FUZZ_CHECK(!core::describe_probe(result).empty());
  return 0;
}

}  // namespace nemo::fuzz
