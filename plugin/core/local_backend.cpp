// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/local_backend.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <regex>
#include <sstream>

extern char **environ;

namespace nemo::core {
namespace fs = std::filesystem;

namespace {

bool is_executable(const fs::path &path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec) && access(path.c_str(), X_OK) == 0;
}

// A posix_spawn_file_actions_t released on every path.
struct FileActions {
  posix_spawn_file_actions_t actions;
  FileActions() { posix_spawn_file_actions_init(&actions); }
  ~FileActions() { posix_spawn_file_actions_destroy(&actions); }
  FileActions(const FileActions &) = delete;
  FileActions &operator=(const FileActions &) = delete;
};

// A file descriptor closed on every path unless released.
struct Fd {
  int fd = -1;
  explicit Fd(int f = -1) : fd(f) {}
  ~Fd() {
    if (fd >= 0) close(fd);
  }
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  int release() {
    int f = fd;
    fd = -1;
    return f;
  }
};

}  // namespace

std::string find_local_backend(const std::vector<std::string> &dirs) {
  for (const auto &dir : dirs) {
    if (dir.empty()) continue;
    fs::path candidate = fs::path(dir) / "nemo-local";
    if (is_executable(candidate)) return candidate.string();
  }
  if (const char *path = std::getenv("PATH")) {
    std::stringstream entries(path);
    for (std::string dir; std::getline(entries, dir, ':');) {
      if (dir.empty()) continue;
      fs::path candidate = fs::path(dir) / "nemo-local";
      if (is_executable(candidate)) return candidate.string();
    }
  }
  return {};
}

std::string parse_listening_line(const std::string &line) {
  static const std::regex pattern(R"(^listening on (http://[A-Za-z0-9.\-\[\]:]+:[0-9]{1,5})\s*$)");
  std::smatch m;
  if (!std::regex_match(line, m, pattern)) return {};
  return m[1].str();
}

LocalBackend::~LocalBackend() {
  stop();
}

Error LocalBackend::start(const LocalBackendOptions &options, const CancelToken &cancel) {
  if (pid_ > 0) return {};
  if (options.executable.empty() || !is_executable(options.executable))
    return make_error(ErrorCode::Usage,
                      "nemo-local was not found (looked for '" + options.executable + "')");
  if (options.data_dir.empty())
    return make_error(ErrorCode::Usage, "nemo-local needs a data folder");
  std::error_code ec;
  fs::create_directories(options.data_dir, ec);
  if (ec)
    return make_error(ErrorCode::Disk, "cannot create " + options.data_dir + ": " + ec.message());

  const std::string log_path = options.log_path.empty()
                                   ? (fs::path(options.data_dir) / "nemo-local.log").string()
                                   : options.log_path;
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0)
    return make_error(ErrorCode::Internal, std::string("pipe: ") + std::strerror(errno));
  Fd read_end(pipe_fds[0]), write_end(pipe_fds[1]);

  std::vector<std::string> args = {options.executable,
                                   "--host",
                                   options.host,
                                   "--port",
                                   std::to_string(options.port),
                                   "--data-dir",
                                   options.data_dir,
                                   "--workers",
                                   std::to_string(options.workers)};
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  std::vector<char *> argv;
  for (auto &a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  FileActions fa;
  posix_spawn_file_actions_adddup2(&fa.actions, write_end.fd, STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&fa.actions, STDERR_FILENO, log_path.c_str(),
                                   O_WRONLY | O_CREAT | O_APPEND, 0600);
  posix_spawn_file_actions_addopen(&fa.actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);

  pid_t pid = -1;
  const int rc =
      posix_spawn(&pid, options.executable.c_str(), &fa.actions, nullptr, argv.data(), environ);
  if (rc != 0)
    return make_error(ErrorCode::Internal,
                      std::string("cannot start nemo-local: ") + std::strerror(rc));
  pid_ = pid;
  close(write_end.release());  // the child has its copy; EOF comes when it exits
  // The render threads run at low priority inside the backend too; this keeps
  // its HTTP work polite as well. Raising our child's nice value needs no rights.
  if (options.nice > 0) setpriority(PRIO_PROCESS, static_cast<id_t>(pid), options.nice);

  // Read the first line, within the timeout, waking for cancel.
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + options.start_timeout;
  while (line.find('\n') == std::string::npos) {
    if (cancel.cancelled()) {
      stop();
      return make_error(ErrorCode::Cancelled, "cancelled while nemo-local was starting");
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      stop();
      return make_error(ErrorCode::Timeout, "nemo-local did not start within " +
                                                std::to_string(options.start_timeout.count()) +
                                                " ms (see " + log_path + ")");
    }
    pollfd p{read_end.fd, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 100)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    char buf[512];
    const ssize_t n = read(read_end.fd, buf, sizeof buf);
    if (n <= 0) {
      stop();
      return make_error(ErrorCode::Internal,
                        "nemo-local exited during start-up (see " + log_path + ")");
    }
    line.append(buf, static_cast<size_t>(n));
    if (line.size() > 4096) break;
  }
  line = line.substr(0, line.find('\n'));
  url_ = parse_listening_line(line);
  if (url_.empty()) {
    stop();
    return make_error(ErrorCode::Protocol, "nemo-local said '" + line + "' instead of its address");
  }
  // Keep reading its stdout so the child never blocks on a full pipe.
  stdout_fd_ = read_end.release();
  drain_ = std::thread([fd = stdout_fd_] {
    char buf[4096];
    while (read(fd, buf, sizeof buf) > 0) {
    }
  });
  return {};
}

bool LocalBackend::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  const pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

void LocalBackend::reap(std::chrono::milliseconds grace) {
  const auto deadline = std::chrono::steady_clock::now() + grace;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

void LocalBackend::stop(std::chrono::milliseconds grace) {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    reap(grace);
  }
  // The child is gone, so its stdout hits EOF and the drain thread ends.
  if (drain_.joinable()) drain_.join();
  if (stdout_fd_ >= 0) {
    close(stdout_fd_);
    stdout_fd_ = -1;
  }
  url_.clear();
}

}  // namespace nemo::core
