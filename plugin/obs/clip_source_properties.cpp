// The AI Video Clip source's properties and their defaults.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <obs-module.h>

#include <string>
#include <string_view>

#include "core/look_choice.hpp"
#include "core/upload_prepare.hpp"
#include "obs/clip_source.hpp"
#include "protocol/looks.hpp"

namespace nemo::obs::clip {
namespace {

std::string media_filter() {
  return std::string("Media (") + core::media_file_patterns() + ");;All files (*.*)";
}
constexpr const char *kClipFilter = "Video (*.mp4 *.mov *.mkv *.webm);;All files (*.*)";

bool on_generate(obs_properties_t *, obs_property_t *, void *data) {
  generate_clicked(data);
  return true;  // show the new status line
}

bool on_queue_next(obs_properties_t *, obs_property_t *, void *data) {
  queue_clicked(data, "next");
  return true;
}
bool on_queue_skip(obs_properties_t *, obs_property_t *, void *data) {
  queue_clicked(data, "skip");
  return true;
}
bool on_queue_clear(obs_properties_t *, obs_property_t *, void *data) {
  queue_clicked(data, "clear");
  return true;
}

// An item named as the dock names it ("Dock.Transition.wipeleft" and the
// like; the list copies the text while `key` lives).
void add_names(obs_property_t *list, const char *family, std::string_view name) {
  const std::string key = std::string("Dock.") + family + "." + std::string(name);
  obs_property_list_add_string(list, obs_module_text(key.c_str()), std::string(name).c_str());
}

// The look, as the dock's Look rows offer it.
void add_look(obs_properties_t *props) {
  obs_properties_t *look = obs_properties_create();
  obs_property_t *transition =
      obs_properties_add_list(look, kTransition, obs_module_text("ClipSource.Look.Transition"),
                              OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
  for (const char *choice : {"auto", "random", "smooth", "dynamic", "cinematic", "none"})
    add_names(transition, "Transition", choice);
  for (const std::string_view name : protocol::transition_names())
    add_names(transition, "Transition", name);

  obs_property_t *camera =
      obs_properties_add_list(look, kMotion, obs_module_text("ClipSource.Look.Camera"),
                              OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
  add_names(camera, "Camera", "auto");
  for (const std::string_view move : core::camera_moves()) add_names(camera, "Camera", move);
  obs_property_t *strength = obs_properties_add_float_slider(
      look, kMotionStrength, obs_module_text("ClipSource.Look.Strength"), 0.0,
      protocol::kMotionStrengthMax, 0.25);
  obs_property_set_long_description(strength, obs_module_text("ClipSource.Look.Strength.Help"));

  obs_property_t *background =
      obs_properties_add_list(look, kBackground, obs_module_text("ClipSource.Look.Background"),
                              OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
  add_names(background, "Background", "auto");
  for (const std::string_view name : protocol::background_colour_names())
    add_names(background, "Background", name);
  obs_properties_add_group(props, "look_group", obs_module_text("ClipSource.Look"),
                           OBS_GROUP_NORMAL, look);
}

}  // namespace

void get_defaults(obs_data_t *settings) {
  obs_data_set_default_string(settings, kWorkflow, "slideshow");
  obs_data_set_default_string(settings, kAspect, "16:9");
  obs_data_set_default_int(settings, kDuration, 30);
  obs_data_set_default_string(settings, kTransition, "auto");
  obs_data_set_default_string(settings, kMotion, "auto");
  obs_data_set_default_double(settings, kMotionStrength, 0.0);
  obs_data_set_default_string(settings, kBackground, "auto");
  obs_data_set_default_string(settings, kStatus, "");
  obs_data_set_default_string(settings, kClipPath, "");
  obs_data_set_default_string(settings, kOnNewClip, kPlay);
  obs_data_set_default_string(settings, kAtEnd, kKeep);
  obs_data_set_default_bool(settings, kRestartOnActivate, true);
}

obs_properties_t *get_properties(void *data) {
  obs_properties_t *props = obs_properties_create();

  obs_properties_add_editable_list(props, kMedia, obs_module_text("ClipSource.Media"),
                                   OBS_EDITABLE_LIST_TYPE_FILES, media_filter().c_str(), nullptr);
  obs_properties_add_text(props, kPrompt, obs_module_text("ClipSource.Prompt"), OBS_TEXT_MULTILINE);

  obs_property_t *workflow =
      obs_properties_add_list(props, kWorkflow, obs_module_text("ClipSource.Workflow"),
                              OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
  obs_property_list_add_string(workflow, obs_module_text("ClipSource.Workflow.Slideshow"),
                               "slideshow");
  obs_property_list_add_string(workflow, obs_module_text("ClipSource.Workflow.Promo"), "promo");
  obs_property_list_add_string(workflow, obs_module_text("ClipSource.Workflow.Animate"), "animate");
  obs_property_list_add_string(workflow, obs_module_text("ClipSource.Workflow.Custom"), "custom");

  obs_property_t *aspect =
      obs_properties_add_list(props, kAspect, obs_module_text("ClipSource.Aspect"),
                              OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
  obs_property_list_add_string(aspect, obs_module_text("ClipSource.Aspect.Landscape"), "16:9");
  obs_property_list_add_string(aspect, obs_module_text("ClipSource.Aspect.Portrait"), "9:16");
  obs_property_list_add_string(aspect, obs_module_text("ClipSource.Aspect.Square"), "1:1");

  obs_property_t *length =
      obs_properties_add_int(props, kDuration, obs_module_text("ClipSource.Length"), 0, 600, 5);
  obs_property_int_set_suffix(length, " s");
  obs_property_set_long_description(length, obs_module_text("ClipSource.Length.Help"));

  add_look(props);

  obs_properties_add_button2(props, kGenerate, obs_module_text("ClipSource.Generate"), on_generate,
                             data);
  obs_properties_add_text(props, kStatus, obs_module_text("ClipSource.Status"), OBS_TEXT_INFO);

  obs_properties_add_path(props, kClipPath, obs_module_text("ClipSource.ClipFile"), OBS_PATH_FILE,
                          kClipFilter, nullptr);
  obs_property_t *on_new =
      obs_properties_add_list(props, kOnNewClip, obs_module_text("ClipSource.OnNewClip"),
                              OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
  obs_property_list_add_string(on_new, obs_module_text("ClipSource.OnNewClip.Play"), kPlay);
  obs_property_list_add_string(on_new, obs_module_text("ClipSource.OnNewClip.Load"), kLoad);
  obs_property_t *at_end =
      obs_properties_add_list(props, kAtEnd, obs_module_text("ClipSource.AtEnd"),
                              OBS_COMBO_TYPE_LIST, OBS_COMBO_FORMAT_STRING);
  obs_property_list_add_string(at_end, obs_module_text("ClipSource.AtEnd.Keep"), kKeep);
  obs_property_list_add_string(at_end, obs_module_text("ClipSource.AtEnd.Hide"), kHide);
  obs_property_list_add_string(at_end, obs_module_text("ClipSource.AtEnd.Loop"), kLoop);
  obs_properties_add_bool(props, kRestartOnActivate,
                          obs_module_text("ClipSource.RestartOnActivate"));

  // The queue: what plays after this clip, and its buttons.
  obs_properties_t *queue = obs_properties_create();
  obs_properties_add_text(queue, kQueueView, obs_module_text("ClipSource.Queue.Next"),
                          OBS_TEXT_INFO);
  obs_properties_add_button2(queue, kQueueNext, obs_module_text("ClipSource.Queue.PlayNext"),
                             on_queue_next, data);
  obs_properties_add_button2(queue, kQueueSkip, obs_module_text("ClipSource.Queue.Skip"),
                             on_queue_skip, data);
  obs_properties_add_button2(queue, kQueueClear, obs_module_text("ClipSource.Queue.Clear"),
                             on_queue_clear, data);
  obs_properties_add_bool(queue, kQueueShuffle, obs_module_text("ClipSource.Queue.Shuffle"));
  obs_properties_add_bool(queue, kQueueLoop, obs_module_text("ClipSource.Queue.Loop"));
  obs_properties_add_bool(queue, kPauseWhileHidden,
                          obs_module_text("ClipSource.Queue.PauseWhileHidden"));
  obs_properties_add_group(props, "queue_group", obs_module_text("ClipSource.Queue"),
                           OBS_GROUP_NORMAL, queue);
  return props;
}

}  // namespace nemo::obs::clip
