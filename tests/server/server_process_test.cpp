// nemo-local as a process: the first stdout line, and a clean exit on SIGTERM
// and SIGINT.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#ifdef NEMO_LOCAL_BINARY
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include "server_harness.hpp"

extern char **environ;

namespace nemo::server::testing {
namespace {

struct Child {
  pid_t pid = -1;
  std::FILE *out = nullptr;
  ~Child() {
    if (out) std::fclose(out);
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
};

// Starts nemo-local on port 0; returns its first stdout line.
std::string start_child(Child &child, const std::string &data_dir) {
  int fds[2];
  if (::pipe(fds) != 0) return "";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  const std::string binary = NEMO_LOCAL_BINARY;
  const std::string log = data_dir + ".log";
  const char *argv[] = {binary.c_str(), "--host",         "127.0.0.1",  "--port",    "0",
                        "--data-dir",   data_dir.c_str(), "--log-file", log.c_str(), nullptr};
  const int rc = posix_spawn(&child.pid, binary.c_str(), &actions, nullptr,
                             const_cast<char *const *>(argv), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  if (rc != 0) {
    ::close(fds[0]);
    child.pid = -1;
    return "";
  }
  child.out = ::fdopen(fds[0], "r");
  char line[256] = {};
  if (!child.out || !std::fgets(line, sizeof line, child.out)) return "";
  return line;
}

int stop_child(Child &child, int signal_number) {
  ::kill(child.pid, signal_number);
  int status = 0;
  ::waitpid(child.pid, &status, 0);
  child.pid = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(ServerProcess, FirstLineThenCleanExitOnSignals) {
  TempDir dir;
  for (const int sig : {SIGTERM, SIGINT}) {
    Child child;
    const std::string line = start_child(child, dir.path() + "/data");
    ASSERT_EQ(line.rfind("listening on http://127.0.0.1:", 0), 0u) << line;
    const int port = std::stoi(line.substr(line.rfind(':') + 1));
    ASSERT_GT(port, 0);
    httplib::Client c("127.0.0.1", port);
    auto r = c.Post("/api/auth/anonymous-token", {{"X-Client-Id", "p"}}, "", "text/plain");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(stop_child(child, sig), 0);
  }
}

}  // namespace
}  // namespace nemo::server::testing
#endif
