// nemo-local's JSON files: written whole or not at all, whatever the text.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/atomic_file.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace nemo::server::testing {
namespace {

TEST(AtomicFile, TextThatIsNotUtf8IsStoredNotThrown) {
  // Found by fuzzing: json::dump throws on bytes that are not UTF-8, and the
  // throw ended nemo-local from inside a chat turn.
  char pattern[] = "/tmp/nemo-atomic-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern), nullptr);
  const std::string dir = pattern;
  const std::string path = dir + "/users.json";
  const nlohmann::json value = {{"client", std::string("abc\xdb\xdb")}, {"ok", 1}};
  bool written = false;
  EXPECT_NO_THROW(written = write_json_atomically(path, value));
  EXPECT_TRUE(written);
  const auto back = read_json_file(path);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ((*back)["ok"], 1);
  EXPECT_EQ((*back)["client"].get<std::string>().rfind("abc", 0), 0u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace nemo::server::testing
