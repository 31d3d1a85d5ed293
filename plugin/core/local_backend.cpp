// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/local_backend.hpp"

#include <filesystem>
#include <regex>

#include "platform/child_process.hpp"

namespace nemo::core {
namespace fs = std::filesystem;

std::string find_local_backend(const std::vector<std::string> &dirs) {
  return platform::find_executable("nemo-local", dirs);
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
  if (child_.id() > 0) return {};
  if (options.executable.empty() || !platform::is_executable_file(options.executable))
    return make_error(ErrorCode::Usage,
                      "nemo-local was not found (looked for '" + options.executable + "')");
  if (options.data_dir.empty())
    return make_error(ErrorCode::Usage, "nemo-local needs a data folder");
  std::error_code ec;
  fs::create_directories(options.data_dir, ec);
  if (ec)
    return make_error(ErrorCode::Disk, "cannot create " + options.data_dir + ": " + ec.message());

  platform::SpawnOptions spawn;
  spawn.executable = options.executable;
  spawn.stderr_path = options.log_path.empty()
                          ? (fs::path(options.data_dir) / "nemo-local.log").string()
                          : options.log_path;
  spawn.args = {"--host",     options.host,     "--port",    std::to_string(options.port),
                "--data-dir", options.data_dir, "--workers", std::to_string(options.workers)};
  spawn.args.insert(spawn.args.end(), options.extra_args.begin(), options.extra_args.end());
  // The render threads run at low priority inside the backend too; this keeps
  // its HTTP work polite as well.
  spawn.lower_priority_by = options.nice;
  if (const std::string why = child_.start(spawn); !why.empty())
    return make_error(ErrorCode::Internal, "cannot start nemo-local: " + why);
  const std::string &log_path = spawn.stderr_path;

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
    char buf[512];
    const long n =
        child_.read_stdout(buf, sizeof buf, std::min(left, std::chrono::milliseconds(100)));
    if (n == 0) continue;
    if (n < 0) {
      stop();
      return make_error(ErrorCode::Internal,
                        "nemo-local exited during start-up (see " + log_path + ")");
    }
    line.append(buf, static_cast<std::size_t>(n));
    if (line.size() > 4096) break;
  }
  line = line.substr(0, line.find('\n'));
  url_ = parse_listening_line(line);
  if (url_.empty()) {
    stop();
    return make_error(ErrorCode::Protocol, "nemo-local said '" + line + "' instead of its address");
  }
  // Keep reading its stdout so the child never blocks on a full pipe.
  drain_ = std::thread([this] {
    char buf[4096];
    while (child_.read_stdout(buf, sizeof buf, std::chrono::milliseconds(-1)) > 0) {
    }
  });
  return {};
}

bool LocalBackend::running() {
  return child_.running();
}

void LocalBackend::stop(std::chrono::milliseconds grace) {
  child_.stop(grace);
  // The child is gone, so its stdout hits EOF and the drain thread ends.
  if (drain_.joinable()) drain_.join();
  child_.close_stdout();
  url_.clear();
}

}  // namespace nemo::core
