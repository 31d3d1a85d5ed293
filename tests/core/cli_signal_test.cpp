// Ctrl-C on the real nemo-clip binary mid-render: the job is cancelled through
// its CancelToken, the process exits 130, no output file is left, and the
// render stays in the journal for `nemo-clip resume`.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "cli/exit_codes.hpp"
#include "core/journal.hpp"
#include "fake_server.hpp"
#include "media_fixtures.hpp"

extern char **environ;

namespace nemo::cli {
namespace {
using nlohmann::json;
using test::RecordedRequest;
using test::Reply;

TEST(CliSignal, CtrlCDuringRenderExits130AndKeepsTheRenderJournaled) {
  test::FakeServer server;
  server.on("GET", "/api/state/nemo_agent/me/[^/]+/latest", [](const RecordedRequest &, int) {
    return Reply::ok(
        {{"state",
          {{"draft", {{"t", json::array({{{"tt", 0}, {"sg", json::array({{{"s", 0}}})}}})}}}}}});
  });
  server.on("GET", "/api/render/proxy/lambda/[^/]+", [](const RecordedRequest &, int) {
    return Reply::success({{"status", "processing"}, {"progress", 10}});  // never finishes
  });
  test::TempDir dir;
  const std::string png = dir.file("p.png");
  ASSERT_TRUE(test::ffmpeg("-f lavfi -i testsrc2=size=64x48 -frames:v 1 " + png));
  const std::string data = dir.path() + "/data";
  const std::string out = dir.file("never.mp4");
  std::vector<std::string> args = {NEMO_CLIP_PATH, "--backend", server.base_url(), "--data-dir",
                                   data,           "generate",  "--image",         png,
                                   "--prompt",     "p",         "--out",           out};
  std::vector<char *> argv;
  for (auto &a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  ASSERT_EQ(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);

  // Wait until the render is journaled (it is being polled), then Ctrl-C.
  core::Journal journal(core::Journal::journal_path(data));
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (journal.pending().empty() && std::chrono::steady_clock::now() < give_up)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_FALSE(journal.pending().empty());
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), kExitCancelled);
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_EQ(journal.pending().size(), 1u);
}

}  // namespace
}  // namespace nemo::cli
