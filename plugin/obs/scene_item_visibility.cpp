// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/scene_item_visibility.hpp"

#include <obs.hpp>
#include <vector>

#include "obs/obs_log.hpp"

namespace nemo::obs {
namespace {

// The private setting that marks an item hidden by us.
constexpr const char *kHiddenAtEnd = "nemo_hidden_at_clip_end";

struct Task {
  obs_weak_source_t *weak;  // released by the task
  bool show;
};

struct Walk {
  obs_source_t *source;
  bool show;
  int changed = 0;
};

bool visit_item(obs_scene_t *, obs_sceneitem_t *item, void *param) {
  auto *walk = static_cast<Walk *>(param);
  if (obs_sceneitem_is_group(item)) obs_sceneitem_group_enum_items(item, visit_item, walk);
  if (obs_sceneitem_get_source(item) != walk->source) return true;
  OBSDataAutoRelease priv = obs_sceneitem_get_private_settings(item);
  if (walk->show) {
    if (obs_data_get_bool(priv, kHiddenAtEnd)) {
      obs_data_set_bool(priv, kHiddenAtEnd, false);
      obs_sceneitem_set_visible(item, true);
      ++walk->changed;
    }
  } else if (obs_sceneitem_visible(item)) {
    obs_data_set_bool(priv, kHiddenAtEnd, true);
    obs_sceneitem_set_visible(item, false);
    ++walk->changed;
  }
  return true;
}

// obs_enum_scenes holds libobs's list of sources locked: the scenes are
// only collected there, and walked after (a scene's items lock would wait for
// a render holding it, and the render may need the list: a deadlock seen).
bool collect_scene(void *param, obs_source_t *scene_source) {
  static_cast<std::vector<OBSSource> *>(param)->emplace_back(scene_source);
  return true;
}

// UI thread.
void run(void *param) {
  Task *task = static_cast<Task *>(param);
  OBSSourceAutoRelease source = obs_weak_source_get_source(task->weak);
  obs_weak_source_release(task->weak);
  const bool show = task->show;
  delete task;
  if (!source) return;
  Walk walk{source, show};
  std::vector<OBSSource> scenes;  // strong references
  obs_enum_scenes(collect_scene, &scenes);
  for (const OBSSource &scene_source : scenes)
    if (obs_scene_t *scene = obs_scene_from_source(scene_source))
      obs_scene_enum_items(scene, visit_item, &walk);
  if (walk.changed > 0)
    nemo_info("'%s': %s %d scene item(s) %s", obs_source_get_name(source), show ? "showed" : "hid",
              walk.changed, show ? "again for the new clip" : "at the clip's end");
}

void queue(obs_source_t *source, bool show) {
  if (!source) return;
  auto *task = new Task{obs_source_get_weak_source(source), show};
  obs_queue_task(OBS_TASK_UI, run, task, false);
}

}  // namespace

void hide_items_after_clip(obs_source_t *source) {
  queue(source, false);
}

void show_items_hidden_after_clip(obs_source_t *source) {
  queue(source, true);
}

}  // namespace nemo::obs
