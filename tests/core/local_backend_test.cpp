// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/local_backend.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace nemo::core;
namespace fs = std::filesystem;

namespace {

// A scratch folder with a fake `nemo-local` script in it.
class LocalBackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("nemo-lb-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "bin");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string script(const std::string &body) {
    const fs::path path = dir_ / "bin" / "nemo-local";
    std::ofstream(path) << "#!/bin/sh\n" << body << "\n";
    fs::permissions(path, fs::perms::owner_all);
    return path.string();
  }

  LocalBackendOptions options(const std::string &exe) {
    LocalBackendOptions o;
    o.executable = exe;
    o.data_dir = (dir_ / "data").string();
    o.start_timeout = std::chrono::milliseconds(3000);
    return o;
  }

  fs::path dir_;
};

}  // namespace

TEST(LocalBackendParse, ListeningLine) {
  EXPECT_EQ(parse_listening_line("listening on http://127.0.0.1:45123"), "http://127.0.0.1:45123");
  EXPECT_EQ(parse_listening_line("listening on http://[::1]:8080\r"), "http://[::1]:8080");
  EXPECT_EQ(parse_listening_line("listening on https://127.0.0.1:1"), "");
  EXPECT_EQ(parse_listening_line("error: port in use"), "");
  EXPECT_EQ(parse_listening_line("listening on http://127.0.0.1:"), "");
}

TEST_F(LocalBackendTest, FindsTheBinaryInTheGivenFoldersFirst) {
  const std::string exe = script("exit 0");
  EXPECT_EQ(find_local_backend({"/nonexistent", (dir_ / "bin").string()}), exe);
}

TEST_F(LocalBackendTest, StartsReadsTheAddressAndStops) {
  // Prints its address with the arguments it got, then waits for SIGTERM.
  const std::string exe = script(
      "trap 'exit 0' TERM\n"
      "echo \"$@\" >&2\n"
      "echo \"listening on http://127.0.0.1:4$(echo \"$@\" | grep -c -- '--data-dir')321\"\n"
      "while true; do sleep 0.05; done");
  LocalBackend backend;
  ASSERT_FALSE(backend.start(options(exe)));
  EXPECT_EQ(backend.url(), "http://127.0.0.1:41321");  // --data-dir was passed
  EXPECT_TRUE(backend.running());
  const auto pid = static_cast<pid_t>(backend.pid());
  backend.stop();
  EXPECT_FALSE(backend.running());
  EXPECT_NE(::kill(pid, 0), 0) << "the child is still alive after stop()";
  std::ifstream log(dir_ / "data" / "nemo-local.log");
  std::string args((std::istreambuf_iterator<char>(log)), {});
  EXPECT_NE(args.find("--host 127.0.0.1 --port 0"), std::string::npos) << args;
  EXPECT_EQ(fs::status(dir_ / "data" / "nemo-local.log").permissions() & fs::perms::others_all,
            fs::perms::none);
}

TEST_F(LocalBackendTest, KillsAChildThatIgnoresSigterm) {
  const std::string exe = script(
      "trap '' TERM\necho 'listening on http://127.0.0.1:5000'\nwhile true; do sleep 0.05; done");
  LocalBackend backend;
  ASSERT_FALSE(backend.start(options(exe)));
  const auto pid = static_cast<pid_t>(backend.pid());
  backend.stop(std::chrono::milliseconds(200));
  EXPECT_NE(::kill(pid, 0), 0);
}

TEST_F(LocalBackendTest, AnUnexpectedFirstLineIsAProtocolError) {
  LocalBackend backend;
  Error e = backend.start(options(script("echo 'something else'; sleep 5")));
  EXPECT_EQ(e.code, ErrorCode::Protocol);
  EXPECT_FALSE(backend.running());
}

TEST_F(LocalBackendTest, AChildThatExitsIsReported) {
  LocalBackend backend;
  Error e = backend.start(options(script("exit 3")));
  EXPECT_EQ(e.code, ErrorCode::Internal);
  EXPECT_FALSE(backend.running());
}

TEST_F(LocalBackendTest, SilenceTimesOut) {
  LocalBackend backend;
  auto o = options(script("sleep 5"));
  o.start_timeout = std::chrono::milliseconds(200);
  EXPECT_EQ(backend.start(o).code, ErrorCode::Timeout);
  EXPECT_FALSE(backend.running());
}

TEST_F(LocalBackendTest, CancelStopsTheStart) {
  LocalBackend backend;
  CancelToken cancel;
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    cancel.cancel();
  });
  EXPECT_EQ(backend.start(options(script("sleep 5")), cancel).code, ErrorCode::Cancelled);
  canceller.join();
  EXPECT_FALSE(backend.running());
}

TEST_F(LocalBackendTest, AMissingExecutableIsAUsageError) {
  LocalBackend backend;
  EXPECT_EQ(backend.start(options((dir_ / "bin" / "nope").string())).code, ErrorCode::Usage);
}
