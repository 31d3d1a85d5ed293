// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/scene_placement.hpp"

#include <obs-frontend-api.h>
#include <obs-module.h>

#include <memory>
#include <mutex>
#include <obs.hpp>
#include <utility>
#include <vector>

#include "obs/clip_source.hpp"
#include "obs/obs_log.hpp"

namespace nemo::obs {
namespace {

struct Placement {
  std::string clip_path;
  std::string scene_name;
  std::string source_name;
  std::function<void(const std::string &)> done;
};

// Whether the frontend has a loaded scene collection, and the placements
// that wait for one. UI thread only, like the frontend events that set it.
struct LoadState {
  bool loaded = false;
  std::vector<Placement> waiting;
};

LoadState &load_state() {
  static LoadState state;
  return state;
}

bool is_clip_source(obs_source_t *source) {
  const char *id = obs_source_get_unversioned_id(source);
  return id && std::string(id) == clip::kSourceId;
}

// A name no source has yet: `base`, else "base 2", "base 3"...
std::string unused_name(const std::string &base) {
  std::string name = base;
  for (int n = 2;; n++) {
    OBSSourceAutoRelease taken = obs_get_source_by_name(name.c_str());
    if (!taken) return name;
    name = base + " " + std::to_string(n);
  }
}

OBSSourceAutoRelease target_scene(const std::string &scene_name) {
  if (!scene_name.empty()) {
    OBSSourceAutoRelease named = obs_get_source_by_name(scene_name.c_str());
    if (named && obs_scene_from_source(named)) return named;
    if (named) {
      nemo_warn("'%s' is not a scene: the clip goes to the current scene", scene_name.c_str());
    } else {
      obs_scene_t *created = obs_scene_create(scene_name.c_str());
      return obs_scene_get_source(created);  // the new scene's reference, now the caller's
    }
  }
  if (obs_frontend_preview_program_mode_active()) return obs_frontend_get_current_preview_scene();
  return obs_frontend_get_current_scene();
}

void fit_to_canvas(obs_sceneitem_t *item) {
  struct obs_video_info video;
  if (!obs_get_video_info(&video)) return;
  struct vec2 position;
  vec2_set(&position, 0.0f, 0.0f);
  struct vec2 bounds;
  vec2_set(&bounds, static_cast<float>(video.base_width), static_cast<float>(video.base_height));
  obs_sceneitem_set_alignment(item, OBS_ALIGN_LEFT | OBS_ALIGN_TOP);
  obs_sceneitem_set_pos(item, &position);
  obs_sceneitem_set_bounds_type(item, OBS_BOUNDS_SCALE_INNER);
  obs_sceneitem_set_bounds_alignment(item, OBS_ALIGN_CENTER);
  obs_sceneitem_set_bounds(item, &bounds);
}

void add_to_scene(obs_source_t *scene_source, obs_source_t *source) {
  obs_scene_t *scene = obs_scene_from_source(scene_source);
  if (!scene) return;
  if (obs_scene_find_source_recursive(scene, obs_source_get_name(source))) return;
  obs_sceneitem_t *item = obs_scene_add(scene, source);  // the scene keeps the reference
  if (item) fit_to_canvas(item);
}

void flush_waiting() {
  std::vector<Placement> waiting = std::move(load_state().waiting);
  load_state().waiting.clear();
  for (Placement &placement : waiting) {
    const std::string name =
        place_clip(placement.clip_path, placement.scene_name, placement.source_name);
    if (placement.done) placement.done(name);
  }
}

void on_frontend_event(enum obs_frontend_event event, void *) {
  switch (event) {
    case OBS_FRONTEND_EVENT_FINISHED_LOADING:
    case OBS_FRONTEND_EVENT_SCENE_COLLECTION_CHANGED:
      load_state().loaded = true;
      flush_waiting();
      break;
    case OBS_FRONTEND_EVENT_SCENE_COLLECTION_CHANGING:
      load_state().loaded = false;
      break;
    case OBS_FRONTEND_EVENT_EXIT:
      // Unplaced clips stay in the service's journal for the next start.
      load_state().loaded = false;
      load_state().waiting.clear();
      obs_frontend_remove_event_callback(on_frontend_event, nullptr);
      break;
    default:
      break;
  }
}

void run_placement(void *param) {
  std::unique_ptr<Placement> placement(static_cast<Placement *>(param));
  if (!load_state().loaded) {
    load_state().waiting.push_back(std::move(*placement));
    return;
  }
  const std::string name =
      place_clip(placement->clip_path, placement->scene_name, placement->source_name);
  if (placement->done) placement->done(name);
}

}  // namespace

std::string place_clip(const std::string &clip_path, const std::string &scene_name,
                       const std::string &source_name) {
  if (clip_path.empty()) return {};
  const std::string wanted =
      source_name.empty() ? std::string(obs_module_text("ClipSource.Name")) : source_name;
  if (!load_state().loaded) {
    load_state().waiting.push_back({clip_path, scene_name, source_name, {}});
    nemo_info("placement of '%s' waits for the scene collection", wanted.c_str());
    return wanted;
  }

  // Only a source asked for by name is updated; "" always means a new one.
  OBSSourceAutoRelease existing = obs_get_source_by_name(wanted.c_str());
  if (existing && is_clip_source(existing) && !source_name.empty()) {
    clip::set_status(existing, "", clip_path.c_str());
    if (!scene_name.empty()) {
      OBSSourceAutoRelease scene = target_scene(scene_name);
      if (scene) add_to_scene(scene, existing);
    }
    nemo_info("clip placed in existing source '%s'", wanted.c_str());
    return wanted;
  }

  const std::string name = existing ? unused_name(wanted) : wanted;
  OBSSourceAutoRelease scene = target_scene(scene_name);
  if (!scene) {
    nemo_warn("no scene to place the clip in");
    return {};
  }
  OBSDataAutoRelease settings = obs_data_create();
  obs_data_set_string(settings, clip::kClipPath, clip_path.c_str());
  OBSSourceAutoRelease source = obs_source_create(clip::kSourceId, name.c_str(), settings, nullptr);
  if (!source) return {};
  add_to_scene(scene, source);
  nemo_info("clip placed in new source '%s' in scene '%s'", name.c_str(),
            obs_source_get_name(scene));
  return name;
}

void place_clip_async(const std::string &clip_path, const std::string &scene_name,
                      const std::string &source_name,
                      std::function<void(const std::string &placed_name)> done) {
  auto *placement = new Placement{clip_path, scene_name, source_name, std::move(done)};
  obs_queue_task(OBS_TASK_UI, run_placement, placement, false);
}

namespace {
struct Enqueue {
  std::string clip_path;
  std::string source_name;
  std::function<void(const std::string &)> done;
};

void run_enqueue(void *param) {
  std::unique_ptr<Enqueue> request(static_cast<Enqueue *>(param));
  OBSSourceAutoRelease source = obs_get_source_by_name(request->source_name.c_str());
  const bool queued = source && clip::enqueue_clip(source, request->clip_path, false);
  if (queued) nemo_info("clip queued in source '%s'", request->source_name.c_str());
  if (request->done) request->done(queued ? request->source_name : std::string());
}
}  // namespace

void queue_clip_async(const std::string &clip_path, const std::string &source_name,
                      std::function<void(const std::string &queued_in)> done) {
  auto *request = new Enqueue{clip_path, source_name, std::move(done)};
  obs_queue_task(OBS_TASK_UI, run_enqueue, request, false);
}

void register_scene_placement() {
  obs_frontend_add_event_callback(on_frontend_event, nullptr);
}

}  // namespace nemo::obs
