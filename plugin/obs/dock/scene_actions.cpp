// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/dock/scene_actions.hpp"

#include <obs-frontend-api.h>
#include <obs-module.h>

#include <obs.hpp>

#include "obs/clip_source.hpp"
#include "obs/obs_log.hpp"
#include "obs/scene_placement.hpp"

namespace nemo::obs {

std::string add_clip_to_current_scene(const std::string &clip_path) {
  return place_clip(clip_path, "", "");
}

std::string queue_clip_in_current_scene(const std::string &clip_path) {
  OBSSourceAutoRelease scene_source = obs_frontend_get_current_scene();
  obs_scene_t *scene = obs_scene_from_source(scene_source);
  if (!scene) return {};
  OBSSource found;
  obs_scene_enum_items(
      scene,
      [](obs_scene_t *, obs_sceneitem_t *item, void *param) {
        obs_source_t *source = obs_sceneitem_get_source(item);
        const char *id = obs_source_get_unversioned_id(source);
        if (id && std::string(id) == clip::kSourceId) {
          *static_cast<OBSSource *>(param) = source;
          return false;
        }
        return true;
      },
      &found);
  if (!found || !clip::enqueue_clip(found, clip_path, false)) return {};
  nemo_info("dock: clip queued in '%s'", obs_source_get_name(found));
  return obs_source_get_name(found);
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
