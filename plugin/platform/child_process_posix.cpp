// SPDX-License-Identifier: GPL-2.0-or-later
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <thread>

#include "platform/child_process.hpp"

extern char **environ;

namespace nemo::platform {
namespace fs = std::filesystem;

namespace {

// A posix_spawn_file_actions_t released on every path.
struct FileActions {
  posix_spawn_file_actions_t actions;
  FileActions() { posix_spawn_file_actions_init(&actions); }
  ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
  FileActions(const FileActions &) = delete;
  FileActions &operator=(const FileActions &) = delete;
};

}  // namespace

bool is_executable_file(const std::string &path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

std::string find_executable(const std::string &name, const std::vector<std::string> &dirs) {
  for (const auto &dir : dirs) {
    if (dir.empty()) continue;
    const std::string candidate = (fs::path(dir) / name).string();
    if (is_executable_file(candidate)) return candidate;
  }
  if (const char *path = std::getenv("PATH")) {
    std::stringstream entries(path);
    for (std::string dir; std::getline(entries, dir, ':');) {
      if (dir.empty()) continue;
      const std::string candidate = (fs::path(dir) / name).string();
      if (is_executable_file(candidate)) return candidate;
    }
  }
  return {};
}

ChildProcess::~ChildProcess() {
  stop(std::chrono::milliseconds(2000));
  close_stdout();
}

std::string ChildProcess::start(const SpawnOptions &options) {
  if (id_ > 0) return "already running";
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return std::string("pipe: ") + std::strerror(errno);

  std::vector<std::string> args = {options.executable};
  args.insert(args.end(), options.args.begin(), options.args.end());
  std::vector<char *> argv;
  for (auto &a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  FileActions fa;
  posix_spawn_file_actions_adddup2(&fa.actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(
      &fa.actions, STDERR_FILENO,
      options.stderr_path.empty() ? "/dev/null" : options.stderr_path.c_str(),
      O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_addopen(&fa.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);

  pid_t pid = -1;
  const int rc =
      posix_spawn(&pid, options.executable.c_str(), &fa.actions, nullptr, argv.data(), environ);
  ::close(pipe_fds[1]);  // the child has its copy; EOF comes when it exits
  if (rc != 0) {
    ::close(pipe_fds[0]);
    return std::strerror(rc);
  }
  id_ = pid;
  stdout_ = pipe_fds[0];
  // Raising our own child's nice value needs no rights.
  if (options.lower_priority_by > 0)
    ::setpriority(PRIO_PROCESS, static_cast<id_t>(pid), options.lower_priority_by);
  return {};
}

long ChildProcess::read_stdout(char *buf, std::size_t size, std::chrono::milliseconds timeout) {
  const int fd = static_cast<int>(stdout_);
  if (fd < 0) return -1;
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, timeout.count() < 0 ? -1 : static_cast<int>(timeout.count()));
    if (ready < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (ready == 0) return 0;
    const ssize_t n = ::read(fd, buf, size);
    if (n < 0 && errno == EINTR) continue;
    return n > 0 ? static_cast<long>(n) : -1;
  }
}

bool ChildProcess::running() {
  if (id_ <= 0) return false;
  int status = 0;
  if (::waitpid(static_cast<pid_t>(id_), &status, WNOHANG) == static_cast<pid_t>(id_)) {
    id_ = -1;
    return false;
  }
  return true;
}

void ChildProcess::reap(std::chrono::milliseconds grace) {
  const auto pid = static_cast<pid_t>(id_);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno == ECHILD)) {
      id_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &status, 0);
  id_ = -1;
}

void ChildProcess::stop(std::chrono::milliseconds grace) {
  if (id_ <= 0) return;
  ::kill(static_cast<pid_t>(id_), SIGTERM);
  reap(grace);
}

void ChildProcess::close_stdout() {
  if (stdout_ >= 0) ::close(static_cast<int>(stdout_));
  stdout_ = -1;
}

}  // namespace nemo::platform
