// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/backend_connection.hpp"

#include <filesystem>

namespace nemo::obs {
namespace fs = std::filesystem;

std::string BackendConnection::key_for(const ResolvedSettings &s) const {
  return std::string(backend_name(s.backend)) + "|" + s.api_base + "|" + s.token + "|" +
         s.language + "|" + std::to_string(s.upload_limit_bytes) + "|" +
         std::to_string(s.poll_cap_s);
}

core::Error BackendConnection::connect(std::shared_ptr<core::ApiClient> &client,
                                       const core::CancelToken &cancel) {
  const ResolvedSettings s = host_.settings();
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string key = key_for(s);
  if (client_ && key == client_key_ && (!offline_ || (local_ && local_->running()))) {
    client = client_;
    return {};
  }

  std::string base_url = s.api_base;
  const bool offline = s.backend == Backend::Local;
  if (offline) {
    if (!local_ || !local_->running()) {
      local_ = std::make_unique<core::LocalBackend>();
      core::LocalBackendOptions options;
      options.executable = core::find_local_backend(host_.nemo_local_dirs);
      options.data_dir = host_.local_backend_dir;
      // Renders on spare CPU time only: a render never costs the stream a frame.
      options.extra_args.push_back("--idle-priority");
      if (!s.offline_hardware_encoding) {
        options.extra_args.push_back("--encoder");
        options.extra_args.push_back("software");
      }
      if (options.executable.empty())
        return core::make_error(
            core::ErrorCode::Usage,
            "the offline backend (nemo-local) is not installed beside the plugin");
      if (core::Error e = local_->start(options, cancel)) {
        local_.reset();
        return e;
      }
      host_.log(LogLevel::Info, "offline backend started at " + local_->url());
    }
    base_url = local_->url();
  } else if (local_) {
    local_->stop(std::chrono::milliseconds(1000));
    local_.reset();
  }

  // Each backend keeps its own client id, token and session: a token of
  // nemo-local means nothing to the cloud, and the other way round.
  const std::string client_dir =
      (fs::path(host_.data_dir) / (offline ? "offline" : backend_name(s.backend))).string();
  // core's AuthStore makes only the last folder: on a first run (no
  // plugin_config/.../client yet) the client id would live in memory only,
  // and a render journaled in this run could not be resumed at the next
  // start (the backend answers 404 to another client's render).
  std::error_code ec;
  fs::create_directories(client_dir, ec);
  if (ec) host_.log(LogLevel::Warning, "cannot create " + client_dir + ": " + ec.message());
  core::Config config = core::Config::resolve(base_url, s.token, s.language, client_dir);
  config.upload_limit = s.upload_limit_bytes;
  // Converted copies serve every backend: one cache beside the clients' folders.
  if (!host_.data_dir.empty())
    config.convert_cache_dir = (fs::path(host_.data_dir) / "converted").string();
  config.timings.poll_cap = std::chrono::seconds(s.poll_cap_s);
  client_ = std::make_shared<core::ApiClient>(std::move(config));
  client_key_ = key;
  offline_ = offline;
  label_ = offline ? "local" : base_url;
  client = client_;
  return {};
}

bool BackendConnection::offline() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return offline_;
}

std::string BackendConnection::backend_label() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return label_;
}

void BackendConnection::stop() {
  std::unique_ptr<core::LocalBackend> local;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    local = std::move(local_);
    client_.reset();
    client_key_.clear();
  }
  if (local) local->stop(std::chrono::milliseconds(1000));
}

}  // namespace nemo::obs
