// The bad-input catalogue: every kind of bad (or merely awkward) input the
// product meets, in one table: its name, how the test makes it, the path it
// goes through, and the message key the streamer gets ("" = it must work).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace nemo::test {

enum class BadPath {
  UploadLocal,   // the client's file check refuses it before a byte is sent
  UploadServer,  // it is uploaded to nemo-local, whose renderer inspects it and decides
  Prompt,        // a chat turn on nemo-local
  Output,        // export: render on nemo-local, download into the output folder
  Probe,         // the download path's verifier (probe_mp4) on what the server sends
};

// What a kind's maker produced. `files` go to the upload; `prompt` to the
// chat; `output` is the export's output path.
struct BadInput {
  std::vector<std::string> files;
  std::string prompt;
  std::string output;
  std::uint64_t upload_limit = 0;  // 0: the default setting (500 MB)
  std::string skip;                // non-empty: this machine cannot make the input
};

// The media every maker may start from (made once with ffmpeg).
struct Media {
  std::string jpg, png, audio_only_mp4, mjpeg_avi;
};

struct BadKind {
  const char *name;  // the test's name
  const char *made;  // how the input is made, for people
  BadPath path;
  const char *key;  // the expected message key; "" when it must succeed
  BadInput (*make)(const Media &media, const std::string &dir);
};

const std::vector<BadKind> &catalogue();
// gtest prints a kind by its name (stable test names for ctest).
inline void PrintTo(const BadKind &kind, std::ostream *out) {
  *out << kind.name;
}
const char *path_name(BadPath path);

}  // namespace nemo::test
