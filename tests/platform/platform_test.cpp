// The platform seams on this system: what core/, render/, server/ and cli/
// rely on, checked here once rather than through them.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "platform/child_process.hpp"
#include "platform/clock.hpp"
#include "platform/durable_file.hpp"
#include "platform/file_lock.hpp"
#include "platform/paths.hpp"

namespace nemo::platform {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

class Scratch {
 public:
  Scratch() {
    path_ = fs::temp_directory_path() /
            ("nemo-platform-test-" +
             std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()));
    fs::create_directories(path_);
  }
  ~Scratch() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, ec);
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string &name) const { return (path_ / name).string(); }
  const fs::path &path() const { return path_; }

 private:
  fs::path path_;
};

std::string slurp(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(PrivateFile, ReplacesWholeAndIsTheUsersAlone) {
  Scratch dir;
  const std::string path = dir.file("client.json");
  std::ofstream(path) << "old";
  ::chmod(path.c_str(), 0644);
  ASSERT_EQ(write_private_file(path, "new text"), "");
  EXPECT_EQ(slurp(path), "new text");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(fs::exists(path + ".tmp"));
}

TEST(PrivateFile, AFailureSaysWhyNamesTheFileAndKeepsTheOld) {
  Scratch dir;
  const std::string missing_dir = dir.file("no/such/folder/x.json");
  const std::string why = write_private_file(missing_dir, "text");
  EXPECT_NE(why.find("x.json.tmp"), std::string::npos) << why;
  EXPECT_NE(why.find("No such file"), std::string::npos) << why;
}

TEST(SyncFile, FlushesWhatWasWritten) {
  Scratch dir;
  const std::string path = dir.file("part");
  std::FILE *f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fputs("bytes", f);
  EXPECT_TRUE(sync_file(f));
  EXPECT_EQ(slurp(path), "bytes") << "visible to another reader before fclose";
  std::fclose(f);
}

TEST(FileLockTest, ASecondHolderWaitsForTheFirst) {
  Scratch dir;
  const std::string lock = dir.file("renders.json.lock");
  std::atomic<bool> second_has_it{false};
  std::thread second;
  {
    FileLock first(lock);
    ASSERT_TRUE(first.held());
    second = std::thread([&] {
      FileLock again(lock);  // a separate open file: flock excludes it too
      second_has_it = again.held();
    });
    std::this_thread::sleep_for(200ms);
    EXPECT_FALSE(second_has_it.load()) << "the lock was not exclusive";
  }
  second.join();
  EXPECT_TRUE(second_has_it.load());
}

TEST(FileLockTest, AnUnmakeableLockIsNotHeldAndDoesNotBlock) {
  FileLock lock("/nonexistent-folder/x.lock");
  EXPECT_FALSE(lock.held());
}

TEST(Clock, UtcRoundTripsWithoutTheLocalZone) {
  const char *old_tz = std::getenv("TZ");
  const std::string saved = old_tz ? old_tz : "";
  ::setenv("TZ", "Asia/Shanghai", 1);
  ::tzset();
  const std::time_t t = 1796316000;  // 2026-12-03T16:40:00Z
  const std::tm tm = utc_calendar_time(t);
  EXPECT_EQ(tm.tm_year, 126);
  EXPECT_EQ(tm.tm_mon, 11);
  EXPECT_EQ(tm.tm_mday, 3);
  EXPECT_EQ(tm.tm_hour, 16);
  EXPECT_EQ(tm.tm_min, 40);
  EXPECT_EQ(unix_time_of_utc(tm), t);
  if (old_tz)
    ::setenv("TZ", saved.c_str(), 1);
  else
    ::unsetenv("TZ");
  ::tzset();
}

TEST(Paths, UserDataDirFollowsXdgThenHome) {
  const char *xdg = std::getenv("XDG_DATA_HOME");
  const char *home = std::getenv("HOME");
  const std::string saved_xdg = xdg ? xdg : "", saved_home = home ? home : "";
  ::setenv("XDG_DATA_HOME", "/x/data", 1);
  EXPECT_EQ(user_data_dir("nemo-clip"), "/x/data/nemo-clip");
  ::unsetenv("XDG_DATA_HOME");
  ::setenv("HOME", "/home/streamer", 1);
  EXPECT_EQ(user_data_dir("nemo-clip"), "/home/streamer/.local/share/nemo-clip");
  ::unsetenv("HOME");
  EXPECT_EQ(user_data_dir("nemo-clip"), "");
  if (xdg) ::setenv("XDG_DATA_HOME", saved_xdg.c_str(), 1);
  if (home) ::setenv("HOME", saved_home.c_str(), 1);
}

TEST(Paths, ExecutableDirIsThisTestsFolder) {
  const std::string dir = executable_dir();
  ASSERT_FALSE(dir.empty());
  EXPECT_TRUE(fs::exists(fs::path(dir) / "nemo_platform_tests"));
}

TEST(Executables, FoundInTheGivenFoldersFirstThenOnPath) {
  Scratch dir;
  const std::string tool = dir.file("sh");
  fs::copy_file("/bin/sh", tool);
  EXPECT_EQ(find_executable("sh", {dir.path().string()}), tool);
  EXPECT_FALSE(find_executable("sh", {}).empty()) << "sh is on PATH";
  std::ofstream(dir.file("plain")) << "not executable";
  EXPECT_EQ(find_executable("plain", {dir.path().string()}), "");
  EXPECT_EQ(find_executable("no-such-tool-anywhere", {dir.path().string()}), "");
}

TEST(Child, ItsStdoutIsReadItsStderrLoggedAndItStopsWhenAsked) {
  Scratch dir;
  ChildProcess child;
  SpawnOptions o;
  o.executable = "/bin/sh";
  o.args = {"-c", "echo hello; echo oops >&2; exec sleep 30"};
  o.stderr_path = dir.file("child.log");
  o.lower_priority_by = 5;
  ASSERT_EQ(child.start(o), "");
  EXPECT_GT(child.id(), 0);
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (out.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    char buf[64];
    const long n = child.read_stdout(buf, sizeof buf, 100ms);
    ASSERT_GE(n, 0);
    out.append(buf, static_cast<std::size_t>(n));
  }
  EXPECT_EQ(out, "hello\n");
  EXPECT_TRUE(child.running());
  char buf[8];
  EXPECT_EQ(child.read_stdout(buf, sizeof buf, 50ms), 0) << "nothing more yet";

  const auto before = std::chrono::steady_clock::now();
  child.stop(5s);
  EXPECT_LT(std::chrono::steady_clock::now() - before, 4s) << "SIGTERM ends sleep at once";
  EXPECT_FALSE(child.running());
  EXPECT_EQ(child.id(), -1);
  EXPECT_EQ(child.read_stdout(buf, sizeof buf, 1000ms), -1) << "EOF once the child is gone";
  child.close_stdout();
  EXPECT_EQ(slurp(o.stderr_path), "oops\n");
}

TEST(Child, OneThatIgnoresTheRequestIsKilledAfterTheGrace) {
  ChildProcess child;
  SpawnOptions o;
  o.executable = "/bin/sh";
  o.args = {"-c", "trap '' TERM; echo ready; while :; do sleep 1; done"};
  ASSERT_EQ(child.start(o), "");
  char buf[16];
  ASSERT_GT(child.read_stdout(buf, sizeof buf, std::chrono::milliseconds(10000)), 0);
  child.stop(300ms);
  EXPECT_FALSE(child.running());
}

TEST(Child, AMissingExecutableIsAReasonNotACrash) {
  ChildProcess child;
  SpawnOptions o;
  o.executable = "/nonexistent/nemo-local";
  const std::string why = child.start(o);
  EXPECT_FALSE(why.empty());
  EXPECT_FALSE(child.running());
}

}  // namespace
}  // namespace nemo::platform
