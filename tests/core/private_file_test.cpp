// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/private_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "media_fixtures.hpp"

namespace nemo::core {
namespace {

std::string read_all(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

mode_t mode_of(const std::string &path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0);
  return st.st_mode & 0777;
}

TEST(PrivateFile, WritesWithOwnerOnlyMode) {
  test::TempDir dir;
  const std::string path = dir.path() + "/secret.json";
  ASSERT_FALSE(write_private_file(path, "{\"token\":\"x\"}\n"));
  EXPECT_EQ(read_all(path), "{\"token\":\"x\"}\n");
  EXPECT_EQ(mode_of(path), 0600u);
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(PrivateFile, NarrowsAWiderLeftoverTemporaryAndReplacesTheOldFile) {
  test::TempDir dir;
  const std::string path = dir.path() + "/settings.json";
  { std::ofstream(path) << "old"; }
  { std::ofstream(path + ".tmp") << "leftover from a crash"; }
  ASSERT_EQ(::chmod((path + ".tmp").c_str(), 0644), 0);
  ASSERT_FALSE(write_private_file(path, "new"));
  EXPECT_EQ(read_all(path), "new");
  EXPECT_EQ(mode_of(path), 0600u);
}

TEST(PrivateFile, FailureLeavesNoTemporaryAndSaysWhy) {
  // A non-empty folder where the file should go: rename() fails, even for root.
  test::TempDir dir;
  const std::string path = dir.path() + "/journal.json";
  std::filesystem::create_directories(path);
  { std::ofstream(path + "/keep") << "kept"; }
  const Error e = write_private_file(path, "lost");
  ASSERT_TRUE(e);
  EXPECT_EQ(e.code, ErrorCode::Disk);
  EXPECT_NE(e.detail.find(path), std::string::npos) << e.detail;
  EXPECT_EQ(read_all(path + "/keep"), "kept");
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
}

TEST(PrivateFile, MissingFolderIsAnError) {
  test::TempDir dir;
  const Error e = write_private_file(dir.path() + "/no/such/folder/x.json", "x");
  ASSERT_TRUE(e);
  EXPECT_EQ(e.code, ErrorCode::Disk);
}

}  // namespace
}  // namespace nemo::core
