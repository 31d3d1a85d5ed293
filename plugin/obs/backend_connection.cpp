// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/backend_connection.hpp"

#include <obs-module.h>
#include <util/bmem.h>

#include <cstdlib>
#include <filesystem>

#include "obs/obs_log.hpp"
#include "obs/plugin_settings_store.hpp"

namespace nemo::obs {
namespace fs = std::filesystem;

namespace {
std::string module_config(const char *name) {
  char *path = obs_module_config_path(name);
  std::string out = path ? path : "";
  bfree(path);
  return out;
}

}  // namespace

std::string BackendConnection::data_dir() {
  return module_config("client");
}

std::string BackendConnection::find_nemo_local() {
  std::vector<std::string> dirs;
  // Beside the module's own binary first (a build tree, a portable install).
  if (const char *module = obs_get_module_binary_path(obs_current_module()); module && *module)
    dirs.push_back(fs::path(module).parent_path().string());
#ifdef NEMO_SYSTEM_BINDIR
  dirs.push_back(NEMO_SYSTEM_BINDIR);
#endif
  return core::find_local_backend(dirs);
}

std::string BackendConnection::key_for(const ResolvedSettings &s) const {
  return std::string(backend_name(s.backend)) + "|" + s.api_base + "|" + s.token + "|" +
         s.language + "|" + std::to_string(s.upload_limit_bytes) + "|" +
         std::to_string(s.poll_cap_s);
}

core::Error BackendConnection::connect(std::shared_ptr<core::ApiClient> &client,
                                       const core::CancelToken &cancel) {
  const ResolvedSettings s = resolved_settings();
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
      options.executable = find_nemo_local();
      options.data_dir = module_config("local-backend");
      // Renders on spare CPU time only: a render never costs the stream a frame.
      options.extra_args.push_back("--idle-priority");
      if (options.executable.empty())
        return core::make_error(
            core::ErrorCode::Usage,
            "the offline backend (nemo-local) is not installed beside the plugin");
      if (core::Error e = local_->start(options, cancel)) {
        local_.reset();
        return e;
      }
      nemo_info("offline backend started at %s", local_->url().c_str());
    }
    base_url = local_->url();
  } else if (local_) {
    local_->stop(std::chrono::milliseconds(1000));
    local_.reset();
  }

  // Each backend keeps its own client id, token and session: a token of
  // nemo-local means nothing to the cloud, and the other way round.
  const std::string client_dir =
      (fs::path(data_dir()) / (offline ? "offline" : backend_name(s.backend))).string();
  // core's AuthStore makes only the last folder: on a first run (no
  // plugin_config/.../client yet) the client id would live in memory only,
  // and a render journaled in this run could not be resumed at the next
  // start (the backend answers 404 to another client's render).
  std::error_code ec;
  fs::create_directories(client_dir, ec);
  if (ec) nemo_warn("cannot create %s: %s", client_dir.c_str(), ec.message().c_str());
  core::Config config = core::Config::resolve(base_url, s.token, s.language, client_dir);
  config.upload_limit = s.upload_limit_bytes;
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
