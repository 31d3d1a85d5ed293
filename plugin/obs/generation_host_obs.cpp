// The module's GenerationService, with OBS as its host: the locale's words
// (obs_module_text), the settings store, clip placement on the UI thread
// (scene_placement), OBS's log and the module's config folders.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <obs-module.h>
#include <util/bmem.h>

#include <filesystem>
#include <utility>

#include "obs/generation_service.hpp"
#include "obs/obs_log.hpp"
#include "obs/plugin_settings_store.hpp"
#include "obs/scene_placement.hpp"
#include "obs/service_host.hpp"

namespace nemo::obs {
namespace {

std::string module_config(const char *name) {
  char *path = obs_module_config_path(name);
  std::string out = path ? path : "";
  bfree(path);
  return out;
}

// nemo-local beside this module (per-user layout), then the system bindir (then PATH).
std::vector<std::string> nemo_local_dirs() {
  std::vector<std::string> dirs;
  // Beside the module's own binary first (a build tree, a portable install).
  if (const char *module = obs_get_module_binary_path(obs_current_module()); module && *module)
    dirs.push_back(std::filesystem::path(module).parent_path().string());
#ifdef NEMO_SYSTEM_BINDIR
  dirs.push_back(NEMO_SYSTEM_BINDIR);
#endif
  return dirs;
}

ServiceHost obs_host() {
  ServiceHost host;
  host.text = [](const char *key) {
    const char *localized = obs_module_text(key);
    return std::string(localized ? localized : key);
  };
  host.settings = [] { return resolved_settings(); };
  host.place_clip = [](const std::string &clip_path, const std::string &scene,
                       const std::string &source_name,
                       std::function<void(const std::string &)> placed) {
    place_clip_async(clip_path, scene, source_name, std::move(placed));
  };
  host.queue_clip = [](const std::string &clip_path, const std::string &source_name,
                       std::function<void(const std::string &)> queued) {
    queue_clip_async(clip_path, source_name, std::move(queued));
  };
  host.log = [](LogLevel level, const std::string &line) {
    log(level == LogLevel::Warning ? LOG_WARNING : LOG_INFO, "%s", line.c_str());
  };
  host.data_dir = module_config("client");
  host.local_backend_dir = module_config("local-backend");
  host.nemo_local_dirs = nemo_local_dirs();
  return host;
}

}  // namespace

GenerationService &GenerationService::instance() {
  static GenerationService service(obs_host());
  return service;
}

}  // namespace nemo::obs
