// Every fuzz target on every input it ever crashed on (regressions/<target>/,
// one file an input, each fixed in the code since) and on its seed corpus
// (corpus/<target>/). Runs in every build; a target that breaks aborts the
// test (see fuzz_targets.hpp), a sanitizer build reports what went wrong.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_targets.hpp"

namespace {
namespace fs = std::filesystem;

std::vector<fs::path> inputs_of(const std::string &kind, const std::string &target) {
  std::vector<fs::path> files;
  const fs::path dir = fs::path(NEMO_FUZZ_DIR) / kind / target;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_all(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

class FuzzInputs : public ::testing::TestWithParam<nemo::fuzz::Target> {};

TEST_P(FuzzInputs, SavedCrashesAndSeedsRunClean) {
  const nemo::fuzz::Target target = GetParam();
  const auto regressions = inputs_of("regressions", target.name);
  const auto seeds = inputs_of("corpus", target.name);
  // Every target has seeds in the repository (binary ones are also made at run time by ci/fuzz.sh).
  EXPECT_FALSE(seeds.empty()) << "no seed corpus for " << target.name;
  for (const auto *list : {&regressions, &seeds}) {
    for (const fs::path &file : *list) {
      SCOPED_TRACE(file.string());
      const std::string bytes = read_all(file);
      EXPECT_EQ(0,
                target.entry(reinterpret_cast<const std::uint8_t *>(bytes.data()), bytes.size()));
    }
  }
  // The empty input too.
  EXPECT_EQ(0, target.entry(nullptr, 0));
}

INSTANTIATE_TEST_SUITE_P(Fuzz, FuzzInputs, ::testing::ValuesIn(nemo::fuzz::kTargets),
                         [](const ::testing::TestParamInfo<nemo::fuzz::Target> &param) {
                           return std::string(param.param.name);
                         });

}  // namespace
