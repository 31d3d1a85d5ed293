// Two frontend hotkeys: "Generate from the dock" (the dock's form, as its
// Generate button) and "Play the last clip" (restarts the source that shows
// the most recent finished clip). Their bindings are saved with the scene
// collection. Hotkey callbacks run on OBS's hotkey thread: the work is
// queued to the UI thread.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <obs-frontend-api.h>
#include <obs-module.h>

#include <QApplication>
#include <QMetaObject>

#include "obs/dock/ai_video_dock.hpp"
#include "obs/dock/dock_registration.hpp"
#include "obs/dock/scene_actions.hpp"
#include "obs/generation_service.hpp"
#include "obs/module_parts.hpp"
#include "obs/obs_log.hpp"
#include "obs/replay_highlights.hpp"

namespace nemo::obs {
namespace {

constexpr const char *kGenerateName = "nemo_video.generate";
constexpr const char *kPlayLastName = "nemo_video.play_last_clip";
constexpr const char *kGenerateSaveKey = "nemo_video_generate_hotkey";
constexpr const char *kPlayLastSaveKey = "nemo_video_play_last_hotkey";
constexpr const char *kHighlightName = "nemo_video.make_highlight";
constexpr const char *kHighlightSaveKey = "nemo_video_highlight_hotkey";

obs_hotkey_id g_generate = OBS_INVALID_HOTKEY_ID;
obs_hotkey_id g_play_last = OBS_INVALID_HOTKEY_ID;
obs_hotkey_id g_highlight = OBS_INVALID_HOTKEY_ID;

template <typename F>
void on_ui_thread(F &&work) {
  QMetaObject::invokeMethod(qApp, std::forward<F>(work), Qt::QueuedConnection);
}

// Not built yet: the service's history alone knows the last clip.
std::string last_clip_source() {
  if (AiVideoDock *dock = ai_video_dock()) return dock->last_clip_source();
  for (const auto &job : GenerationService::instance().jobs()) {
    if (job.status == JobStatus::Completed && !job.source_name.empty()) return job.source_name;
  }
  return {};
}

void generate_pressed(void *, obs_hotkey_id, obs_hotkey_t *, bool pressed) {
  if (!pressed) return;
  // The dock's content may not be built yet (it is made after OBS has
  // loaded): the form the hotkey submits is built first, then used.
  on_ui_thread([] {
    if (AiVideoDock *dock = ensure_ai_video_dock()) dock->generate();
  });
}

void play_last_pressed(void *, obs_hotkey_id, obs_hotkey_t *, bool pressed) {
  if (!pressed) return;
  on_ui_thread([] {
    const std::string name = last_clip_source();
    if (!restart_media_source(name)) {
      nemo_info("play last clip: no finished clip in a source yet");
    }
  });
}

void highlight_pressed(void *, obs_hotkey_id, obs_hotkey_t *, bool pressed) {
  if (!pressed) return;
  std::string error;
  if (make_highlight(0, "", &error).empty())
    nemo_info("make highlight: %s",
              error == "no_replays" ? "no replay collected yet" : "not started");
}

void save_hotkey(obs_data_t *data, const char *key, obs_hotkey_id id) {
  obs_data_array_t *array = obs_hotkey_save(id);
  obs_data_set_array(data, key, array);
  obs_data_array_release(array);
}

void load_hotkey(obs_data_t *data, const char *key, obs_hotkey_id id) {
  obs_data_array_t *array = obs_data_get_array(data, key);
  obs_hotkey_load(id, array);
  obs_data_array_release(array);
}

void on_save(obs_data_t *data, bool saving, void *) {
  if (g_generate == OBS_INVALID_HOTKEY_ID) return;
  if (saving) {
    save_hotkey(data, kGenerateSaveKey, g_generate);
    save_hotkey(data, kPlayLastSaveKey, g_play_last);
    save_hotkey(data, kHighlightSaveKey, g_highlight);
  } else {
    load_hotkey(data, kGenerateSaveKey, g_generate);
    load_hotkey(data, kPlayLastSaveKey, g_play_last);
    load_hotkey(data, kHighlightSaveKey, g_highlight);
  }
}

}  // namespace

void register_hotkeys() {
  g_generate = obs_hotkey_register_frontend(kGenerateName, obs_module_text("Hotkey.Generate"),
                                            generate_pressed, nullptr);
  g_play_last = obs_hotkey_register_frontend(kPlayLastName, obs_module_text("Hotkey.PlayLast"),
                                             play_last_pressed, nullptr);
  g_highlight = obs_hotkey_register_frontend(kHighlightName, obs_module_text("Hotkey.Highlight"),
                                             highlight_pressed, nullptr);
  obs_frontend_add_save_callback(on_save, nullptr);
}

void unregister_hotkeys() {
  obs_frontend_remove_save_callback(on_save, nullptr);
  if (g_generate != OBS_INVALID_HOTKEY_ID) obs_hotkey_unregister(g_generate);
  if (g_play_last != OBS_INVALID_HOTKEY_ID) obs_hotkey_unregister(g_play_last);
  if (g_highlight != OBS_INVALID_HOTKEY_ID) obs_hotkey_unregister(g_highlight);
  g_highlight = OBS_INVALID_HOTKEY_ID;
  g_generate = OBS_INVALID_HOTKEY_ID;
  g_play_last = OBS_INVALID_HOTKEY_ID;
}

}  // namespace nemo::obs
