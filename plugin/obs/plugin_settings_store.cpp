// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/plugin_settings_store.hpp"

#include <obs-module.h>
#include <util/bmem.h>
#include <util/platform.h>

#include <QDir>
#include <QStandardPaths>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "obs/obs_log.hpp"

namespace nemo::obs {
namespace {

std::string module_config_path(const char *file) {
  char *path = obs_module_config_path(file);
  std::string result = path ? path : "";
  bfree(path);
  return result;
}

class SettingsStore {
 public:
  static SettingsStore &get() {
    static SettingsStore store;
    return store;
  }

  PluginSettings current() {
    std::lock_guard<std::mutex> lock(mutex_);
    load_locked();
    return *settings_;
  }

  void save(const PluginSettings &settings) {
    std::map<int, SettingsListener> listeners;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      load_locked();
      settings_ = settings;
      pending_ = settings;
      listeners = listeners_;
      if (!writer_.joinable() && !stopping_) writer_ = std::thread([this] { write_loop(); });
    }
    wake_.notify_one();
    nemo_info("settings changed: %s", describe_settings(settings).c_str());
    for (auto &[token, listener] : listeners) listener(settings);
  }

  int subscribe(SettingsListener listener) {
    std::lock_guard<std::mutex> lock(mutex_);
    const int token = ++last_token_;
    listeners_.emplace(token, std::move(listener));
    return token;
  }

  void unsubscribe(int token) {
    std::lock_guard<std::mutex> lock(mutex_);
    listeners_.erase(token);
  }

  void shutdown() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (writer_.joinable()) writer_.join();
  }

 private:
  void load_locked() {
    if (settings_) return;
    const LoadedSettings loaded = load_settings_file(settings_file_path());
    for (const auto &warning : loaded.warnings) nemo_warn("settings: %s", warning.c_str());
    settings_ = loaded.settings;
    nemo_info("settings %s: %s", loaded.from_file ? "loaded" : "defaults",
              describe_settings(*settings_).c_str());
  }

  // Writes the newest pending settings; on stop, writes what is pending first.
  void write_loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return pending_.has_value() || stopping_; });
      if (pending_) {
        const PluginSettings to_write = *pending_;
        pending_.reset();
        lock.unlock();
        write(to_write);
        lock.lock();
        continue;
      }
      if (stopping_) return;
    }
  }

  static void write(const PluginSettings &settings) {
    const std::string dir = module_config_path("");
    if (!dir.empty() && os_mkdirs(dir.c_str()) == MKDIR_ERROR) {
      nemo_warn("settings: cannot create the folder %s", dir.c_str());
      return;
    }
    const std::string error = save_settings_file(settings_file_path(), settings);
    if (!error.empty()) nemo_warn("settings not saved: %s", error.c_str());
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<PluginSettings> settings_;
  std::optional<PluginSettings> pending_;
  std::map<int, SettingsListener> listeners_;
  int last_token_ = 0;
  bool stopping_ = false;
  std::thread writer_;
};

}  // namespace

PluginSettings settings() {
  return SettingsStore::get().current();
}

ResolvedSettings resolved_settings() {
  const char *locale = obs_get_locale();
  ResolvedSettings resolved = resolve_settings(settings(), EnvOverrides::from_environment(),
                                               locale ? locale : "en-US", default_output_dir());
  for (const auto &warning : resolved.warnings) nemo_warn("settings: %s", warning.c_str());
  return resolved;
}

void save_settings(const PluginSettings &new_settings) {
  SettingsStore::get().save(new_settings);
}

int subscribe_settings(SettingsListener listener) {
  return SettingsStore::get().subscribe(std::move(listener));
}

void unsubscribe_settings(int token) {
  SettingsStore::get().unsubscribe(token);
}

std::string settings_file_path() {
  return module_config_path("settings.json");
}

std::string default_output_dir() {
  QString movies = QStandardPaths::writableLocation(QStandardPaths::MoviesLocation);
  if (movies.isEmpty()) movies = QDir::homePath();
  return QDir(movies).filePath(QStringLiteral("AI Video")).toStdString();
}

void shutdown_settings_store() {
  SettingsStore::get().shutdown();
}

}  // namespace nemo::obs
