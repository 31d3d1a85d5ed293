// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/dock/scene_actions.hpp"

#include <obs-frontend-api.h>
#include <obs-module.h>

#include <obs.hpp>

#include "obs/clip_source.hpp"
#include "obs/obs_log.hpp"

#if __has_include("obs/scene_placement.hpp")
#include "obs/scene_placement.hpp"
#define NEMO_HAVE_SCENE_PLACEMENT 1
#endif

namespace nemo::obs {

std::string add_clip_to_current_scene(const std::string &clip_path) {
#ifdef NEMO_HAVE_SCENE_PLACEMENT
  return place_clip(clip_path, "", "");
#else
  OBSSourceAutoRelease scene_source = obs_frontend_get_current_scene();
  obs_scene_t *scene = obs_scene_from_source(scene_source);
  if (!scene) return {};
  std::string name = obs_module_text("Dock.History.SourceName");
  for (int n = 2; n < 1000; ++n) {
    OBSSourceAutoRelease existing = obs_get_source_by_name(name.c_str());
    if (!existing) break;
    name = std::string(obs_module_text("Dock.History.SourceName")) + " " + std::to_string(n);
  }
  OBSDataAutoRelease settings = obs_data_create();
  obs_data_set_string(settings, "local_file", clip_path.c_str());
  obs_data_set_bool(settings, "is_local_file", true);
  OBSSourceAutoRelease source = obs_source_create("ffmpeg_source", name.c_str(), settings, nullptr);
  if (!source) return {};
  obs_scene_add(scene, source);
  return name;
#endif
}

bool restart_media_source(const std::string &name) {
  if (name.empty()) return false;
  OBSSourceAutoRelease source = obs_get_source_by_name(name.c_str());
  if (!source) return false;
  obs_source_media_restart(source);
  return true;
}

std::vector<std::string> sources_using_file(const std::string &path) {
  struct Search {
    const std::string &path;
    std::vector<std::string> names;
  } search{path, {}};
  if (path.empty()) return {};
  obs_enum_sources(
      [](void *param, obs_source_t *source) {
        auto &s = *static_cast<Search *>(param);
        OBSDataAutoRelease settings = obs_source_get_settings(source);
        const char *file = obs_data_get_string(settings, "local_file");
        const char *clip = obs_data_get_string(settings, clip::kClipPath);
        if ((file && s.path == file) || (clip && s.path == clip)) {
          const char *name = obs_source_get_name(source);
          if (name) s.names.emplace_back(name);
        }
        return true;
      },
      &search);
  return search.names;
}

}  // namespace nemo::obs
