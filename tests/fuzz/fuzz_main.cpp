// libFuzzer's entry point for one target: NEMO_FUZZ_ENTRY names its function
// (set per executable by tests/fuzz/CMakeLists.txt).
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fuzz_targets.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  return nemo::fuzz::NEMO_FUZZ_ENTRY(data, size);
}
