// The backend the plugin talks to, as the settings (and NEMO_API_BASE) say:
// the NemoVideo cloud, a custom URL, or nemo-local started as a child process
// on first use. Owns the ApiClient and the LocalBackend; worker threads only
// (connect() may start a process and wait for it). OBS-free: the settings,
// the folders and the log come from the ServiceHost.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "core/api_client.hpp"
#include "core/cancel.hpp"
#include "core/error.hpp"
#include "core/local_backend.hpp"
#include "obs/plugin_settings.hpp"
#include "obs/service_host.hpp"

namespace nemo::obs {

class BackendConnection {
 public:
  // `host` outlives the connection.
  explicit BackendConnection(const ServiceHost &host) : host_(host) {}

  // The client for the current settings, connecting (and starting
  // nemo-local) if needed. A settings change (backend, URL, token, language)
  // makes the next call build a new client.
  core::Error connect(std::shared_ptr<core::ApiClient> &client, const core::CancelToken &cancel);
  bool offline() const;               // the current client talks to nemo-local
  std::string backend_label() const;  // "local" or the base URL, for the journal and logs
  void stop();                        // stops nemo-local (bounded)

  // Where the plugin keeps what must persist (client id, token, session, journal).
  const std::string &data_dir() const { return host_.data_dir; }

 private:
  std::string key_for(const ResolvedSettings &settings) const;

  const ServiceHost &host_;
  mutable std::mutex mutex_;
  std::shared_ptr<core::ApiClient> client_;
  std::string client_key_;
  bool offline_ = false;
  std::string label_;
  std::unique_ptr<core::LocalBackend> local_;
};

}  // namespace nemo::obs
