// The fuzz targets' entry functions, one a target. Each takes any bytes and
// aborts (NEMO_FUZZ_CHECK) when the code under test breaks a rule it states;
// sanitizer reports and crashes end the run by themselves. libFuzzer calls
// them through fuzz_main.cpp, fuzz_regression_test.cpp calls every one of them
// on the saved crash inputs and the seed corpus.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#define NEMO_FUZZ_CHECK(cond)                                                            \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (false)

namespace nemo::fuzz {

using Entry = int (*)(const std::uint8_t *data, std::size_t size);

int sse_parser(const std::uint8_t *data, std::size_t size);
int envelope_draft(const std::uint8_t *data, std::size_t size);
int agent_prompt(const std::uint8_t *data, std::size_t size);
int mp4_probe(const std::uint8_t *data, std::size_t size);
int image_decode(const std::uint8_t *data, std::size_t size);
int server_request(const std::uint8_t *data, std::size_t size);

struct Target {
  const char *name;  // also the folder of its corpus and regressions
  Entry entry;
};

inline constexpr Target kTargets[] = {
    {"sse_parser", sse_parser},     {"envelope_draft", envelope_draft},
    {"agent_prompt", agent_prompt}, {"mp4_probe", mp4_probe},
    {"image_decode", image_decode}, {"server_request", server_request},
};

}  // namespace nemo::fuzz
