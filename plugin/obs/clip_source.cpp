// The "AI Video Clip" source: registration and OBS's callbacks. The clip
// plays through a private ffmpeg_source child (clip_source_player), new
// clip paths are checked off OBS's threads (clip_source_loader), and the
// Generate button talks to GenerationService (clip_source_generation).
// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/clip_source.hpp"

#include <obs-module.h>

#include <atomic>
#include <mutex>
#include <obs.hpp>
#include <string>

#include "obs/clip_source_generation.hpp"
#include "obs/clip_source_loader.hpp"
#include "obs/clip_source_player.hpp"
#include "obs/module_parts.hpp"
#include "obs/obs_log.hpp"
#include "obs/scene_item_visibility.hpp"
#include "obs/scene_placement.hpp"

namespace nemo::obs {
namespace clip {
namespace {

std::string file_name(const std::string &path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

PlayerOptions options_from(obs_data_t *settings) {
  const std::string at_end = at_end_of(settings);
  PlayerOptions options;
  options.looping = at_end == kLoop;
  options.clear_at_end = at_end == kHide;
  options.restart_on_activate = obs_data_get_bool(settings, kRestartOnActivate);
  options.autoplay = std::string(obs_data_get_string(settings, kOnNewClip)) != kLoad;
  return options;
}

class ClipSource {
 public:
  ClipSource(obs_source_t *source, obs_data_t *settings)
      : source_(source),
        player_(
            source, [this](const std::string &path) { on_play_failed(path); },
            [this](const std::string &path) { on_playing(path); },
            // Its first frame is ready: the items hidden at the last clip's end come back.
            [this](const std::string &) { show_items_hidden_after_clip(source_); }),
        loader_([this](const LoadRequest &request, const std::string &error) {
          on_checked(request, error);
        }),
        listener_(source, obs_data_get_string(settings, kJobId)) {
    signal_handler_t *signals = obs_source_get_signal_handler(source_);
    signal_handler_connect(signals, "media_started", &ClipSource::on_media_started, this);
    signal_handler_connect(signals, "media_ended", &ClipSource::on_media_ended, this);
    update(settings);
  }

  ~ClipSource() {
    // Returns once no handler of ours runs; the members go after.
    signal_handler_t *signals = obs_source_get_signal_handler(source_);
    signal_handler_disconnect(signals, "media_started", &ClipSource::on_media_started, this);
    signal_handler_disconnect(signals, "media_ended", &ClipSource::on_media_ended, this);
  }

  // Called at create (creating thread) and then, deferred, on the graphics
  // thread: only compares and hands over; the loader does the work.
  void update(obs_data_t *settings) {
    // A source saved before "When the clip ends" existed gets the choice its
    // two switches meant, so that its properties show it.
    if (!obs_data_has_user_value(settings, kAtEnd) &&
        (obs_data_has_user_value(settings, kLooping) ||
         obs_data_has_user_value(settings, kHideWhenFinished)))
      obs_data_set_string(settings, kAtEnd, at_end_of(settings).c_str());
    const std::string path = obs_data_get_string(settings, kClipPath);
    const PlayerOptions options = options_from(settings);
    hide_at_end_ = at_end_of(settings) == kHide;
    bool load = false;
    {
      std::lock_guard<std::mutex> guard(mutex_);
      if (!loaded_once_ || path != requested_path_) {
        loaded_once_ = true;
        requested_path_ = path;
        load = true;
      }
      requested_options_ = options;
    }
    if (load)
      loader_.post({path, options});
    else
      player_.set_options(options);
  }

  void generate() { listener_.generate(source_); }

  ClipPlayer &player() { return player_; }

 private:
  // Loader thread.
  void on_checked(const LoadRequest &request, const std::string &error_key) {
    if (request.path.empty()) {
      player_.clear();
      return;
    }
    if (!error_key.empty()) {
      nemo_warn("'%s': cannot play '%s' (%s); keeping the last clip", obs_source_get_name(source_),
                request.path.c_str(), error_key.c_str());
      set_status(source_, text_with("ClipSource.Status.CannotPlay", file_name(request.path)) + " " +
                              obs_module_text(error_key.c_str()));
      return;
    }
    bool priming = false;
    const bool immediate = player_.load(request.path, request.options, &priming);
    // Items hidden when the last clip ended come back for this one: once its
    // first frame is ready when it is primed (the player calls back), else now.
    if (!priming) show_items_hidden_after_clip(source_);
    if (immediate) on_playing(request.path);
  }

  // The source's own media signals (the player raises them for the clip on
  // screen), on the graphics or a media thread: sent on as vendor events
  // for scene switchers and bots. obs-websocket queues them, so nothing
  // waits here.
  static void on_media_started(void *data, calldata_t *) {
    static_cast<ClipSource *>(data)->send_clip_event("ClipStarted");
  }
  static void on_media_ended(void *data, calldata_t *) {
    auto *self = static_cast<ClipSource *>(data);
    self->send_clip_event("ClipEnded");
    if (self->hide_at_end_) hide_items_after_clip(self->source_);
  }
  void send_clip_event(const char *type) {
    const std::string path = player_.current_path();
    if (path.empty()) return;
    OBSDataAutoRelease event = obs_data_create();
    obs_data_set_string(event, "inputName", obs_source_get_name(source_));
    obs_data_set_string(event, "clipPath", path.c_str());
    emit_vendor_event(type, event);
  }

  // Graphics or loader thread.
  void on_playing(const std::string &path) {
    set_status(source_, text_with("ClipSource.Status.Playing", file_name(path)));
  }

  void on_play_failed(const std::string &path) {
    nemo_warn("'%s': '%s' showed no picture; keeping the last clip", obs_source_get_name(source_),
              path.c_str());
    set_status(source_, text_with("ClipSource.Status.CannotPlay", file_name(path)) + " " +
                            obs_module_text("ClipSource.Error.NoPicture"));
  }

  obs_source_t *source_;  // not owned: OBS owns it and this object
  std::atomic<bool> hide_at_end_{false};
  std::mutex mutex_;
  bool loaded_once_ = false;
  std::string requested_path_;
  PlayerOptions requested_options_;
  // Destroyed in reverse: the listener unsubscribes, then the loader's
  // thread is joined, then the player releases its children.
  ClipPlayer player_;
  ClipLoader loader_;
  GenerationListener listener_;
};

ClipSource *self(void *data) {
  return static_cast<ClipSource *>(data);
}

const char *get_name(void *) {
  return obs_module_text("ClipSource.Name");
}

void *create(obs_data_t *settings, obs_source_t *source) {
  return new ClipSource(source, settings);
}

void destroy(void *data) {
  delete self(data);
}

void update(void *data, obs_data_t *settings) {
  self(data)->update(settings);
}

void video_tick(void *data, float seconds) {
  self(data)->player().tick(seconds);
}

void video_render(void *data, gs_effect_t *) {
  self(data)->player().render();
}

uint32_t get_width(void *data) {
  return self(data)->player().width();
}

uint32_t get_height(void *data) {
  return self(data)->player().height();
}

enum gs_color_space video_get_color_space(void *data, size_t count,
                                          const enum gs_color_space *preferred_spaces) {
  return self(data)->player().color_space(count, preferred_spaces);
}

void enum_sources(void *data, obs_source_enum_proc_t callback, void *param) {
  self(data)->player().enum_sources(callback, param);
}

void media_play_pause(void *data, bool pause) {
  self(data)->player().play_pause(pause);
}

void media_restart(void *data) {
  self(data)->player().restart();
}

void media_stop(void *data) {
  self(data)->player().stop();
}

int64_t media_get_duration(void *data) {
  return self(data)->player().duration_ms();
}

int64_t media_get_time(void *data) {
  return self(data)->player().time_ms();
}

void media_set_time(void *data, int64_t ms) {
  self(data)->player().set_time_ms(ms);
}

enum obs_media_state media_get_state(void *data) {
  return self(data)->player().state();
}

}  // namespace

void set_status(obs_source_t *source, const std::string &status, const char *clip_path) {
  OBSDataAutoRelease update = obs_data_create();
  obs_data_set_string(update, kStatus, status.c_str());
  if (clip_path) obs_data_set_string(update, kClipPath, clip_path);
  obs_source_update(source, update);
  // An open Properties window shows the new line.
  obs_source_update_properties(source);
}

std::string at_end_of(obs_data_t *settings) {
  if (obs_data_has_user_value(settings, kAtEnd)) {
    const std::string v = obs_data_get_string(settings, kAtEnd);
    if (v == kKeep || v == kHide || v == kLoop) return v;
  }
  if (obs_data_get_bool(settings, kLooping)) return kLoop;
  if (obs_data_get_bool(settings, kHideWhenFinished)) return kHide;
  return kKeep;
}

std::string text_with(const char *key, const std::string &arg) {
  std::string text = obs_module_text(key);
  const auto at = text.find("%1");
  if (at != std::string::npos) text.replace(at, 2, arg);
  return text;
}

void generate_clicked(void *data) {
  self(data)->generate();
}

}  // namespace clip

void register_clip_source() {
  struct obs_source_info info = {};
  info.id = clip::kSourceId;
  info.type = OBS_SOURCE_TYPE_INPUT;
  // Not OBS_SOURCE_COMPOSITE: see clip_source_player.hpp on sound.
  info.output_flags = OBS_SOURCE_VIDEO | OBS_SOURCE_AUDIO | OBS_SOURCE_CUSTOM_DRAW |
                      OBS_SOURCE_SRGB | OBS_SOURCE_CONTROLLABLE_MEDIA;
  info.icon_type = OBS_ICON_TYPE_MEDIA;
  info.get_name = clip::get_name;
  info.create = clip::create;
  info.destroy = clip::destroy;
  info.update = clip::update;
  info.get_defaults = clip::get_defaults;
  info.get_properties = clip::get_properties;
  info.video_tick = clip::video_tick;
  info.video_render = clip::video_render;
  info.get_width = clip::get_width;
  info.get_height = clip::get_height;
  info.video_get_color_space = clip::video_get_color_space;
  info.enum_active_sources = clip::enum_sources;
  info.enum_all_sources = clip::enum_sources;
  info.media_play_pause = clip::media_play_pause;
  info.media_restart = clip::media_restart;
  info.media_stop = clip::media_stop;
  info.media_get_duration = clip::media_get_duration;
  info.media_get_time = clip::media_get_time;
  info.media_set_time = clip::media_set_time;
  info.media_get_state = clip::media_get_state;
  obs_register_source(&info);
  register_scene_placement();
}

}  // namespace nemo::obs
