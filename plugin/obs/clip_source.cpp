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

#include "obs/clip_queue.hpp"
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

// The properties' view of the queue: "1. intro.mp4" lines, or "Nothing queued."
std::string queue_text(const std::vector<std::string> &items) {
  if (items.empty()) return obs_module_text("ClipSource.Queue.Empty");
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!text.empty()) text += "\n";
    text += std::to_string(i + 1) + ". " + file_name(items[i]);
  }
  return text;
}

PlayerOptions options_from(obs_data_t *settings) {
  const std::string at_end = at_end_of(settings);
  PlayerOptions options;
  options.looping = at_end == kLoop;
  options.clear_at_end = at_end == kHide;
  // Paused while hidden, it goes on where it was when shown again.
  options.restart_on_activate = obs_data_get_bool(settings, kRestartOnActivate) &&
                                !obs_data_get_bool(settings, kPauseWhileHidden);
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

  // --- the queue (any thread but the audio one) ---
  bool enqueue(const std::string &path, bool play_now) {
    if (path.empty()) return false;
    const enum obs_media_state state = player_.state();
    const bool idle = player_.current_path().empty() || state == OBS_MEDIA_STATE_ENDED ||
                      state == OBS_MEDIA_STATE_STOPPED || state == OBS_MEDIA_STATE_NONE;
    if (play_now || idle) {
      play(path);
      return true;
    }
    change_queue([&](ClipQueue &q) { q.add(path); });
    return true;
  }

  bool act(const std::string &action) {
    if (action == "next") return advance(true);
    if (action == "skip") return change_queue([](ClipQueue &q) { q.remove_at(0); });
    if (action == "clear") return change_queue([](ClipQueue &q) { q.clear(); });
    return false;
  }

  QueueState queue_state() {
    QueueState s;
    s.current =
        player_.current_path();  // not under queue_mutex_: it is never held around the player
    std::lock_guard<std::mutex> guard(queue_mutex_);
    s.items = queue_.items();
    s.shuffle = queue_.shuffle;
    s.loop = queue_.loop;
    return s;
  }

  // Plays the next queued clip (forced: even while one plays); false when
  // the queue is empty.
  bool advance(bool forced) {
    std::string next;
    const std::string current = player_.current_path();  // not under queue_mutex_
    {
      std::lock_guard<std::mutex> guard(queue_mutex_);
      next = queue_.take_next(current);
    }
    if (next.empty()) return false;
    nemo_info("'%s': %s the next queued clip, %s", obs_source_get_name(source_),
              forced ? "playing" : "after the end:", file_name(next).c_str());
    save_queue();
    play(next);
    return true;
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
    pause_while_hidden_ = obs_data_get_bool(settings, kPauseWhileHidden);
    {
      // The saved queue is read when it is not the one this object wrote.
      std::lock_guard<std::mutex> guard(queue_mutex_);
      const std::string saved = obs_data_get_string(settings, kQueue);
      if (saved != saved_queue_) {
        queue_ = ClipQueue::from_json(saved);
        saved_queue_ = saved;
      }
      obs_data_set_string(settings, kQueueView, queue_text(queue_.items()).c_str());
      queue_.shuffle = obs_data_get_bool(settings, kQueueShuffle);
      queue_.loop = obs_data_get_bool(settings, kQueueLoop);
    }
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

  // Graphics thread (the source's activate/deactivate).
  void shown(bool on) {
    if (pause_while_hidden_) player_.play_pause(!on);
  }

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
    const bool immediate =
        player_.load(request.path, request.options, hid_at_end_.exchange(false), &priming);
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
    bool queued = false;
    {
      std::lock_guard<std::mutex> guard(self->queue_mutex_);
      queued = !self->queue_.empty();
    }
    // The next queued clip plays (from the UI thread: this is the child's
    // media thread); with none, the end action.
    if (queued)
      queue_advance_after_end(self->source_);
    else if (self->hide_at_end_) {
      self->hid_at_end_ = true;
      hide_items_after_clip(self->source_);
    }
  }
  static void queue_advance_after_end(obs_source_t *source);

  // Sets the clip to play (the settings' clip_path, saved with the scene).
  void play(const std::string &path) { set_status(source_, "", path.c_str()); }

  // Applies `change` to the queue, saves it and announces it.
  template <class Fn>
  bool change_queue(Fn &&change) {
    {
      std::lock_guard<std::mutex> guard(queue_mutex_);
      change(queue_);
    }
    save_queue();
    return true;
  }

  void save_queue() {
    std::string json;
    std::vector<std::string> items;
    {
      std::lock_guard<std::mutex> guard(queue_mutex_);
      json = queue_.to_json();
      saved_queue_ = json;
      items = queue_.items();
    }
    OBSDataAutoRelease update = obs_data_create();
    obs_data_set_string(update, kQueue, json.c_str());
    obs_data_set_string(update, kQueueView, queue_text(items).c_str());
    obs_source_update(source_, update);
    obs_source_update_properties(source_);
    OBSDataAutoRelease event = obs_data_create();
    obs_data_set_string(event, "inputName", obs_source_get_name(source_));
    OBSDataArrayAutoRelease list = obs_data_array_create();
    for (const std::string &item : items) {
      OBSDataAutoRelease entry = obs_data_create();
      obs_data_set_string(entry, "clipPath", item.c_str());
      obs_data_array_push_back(list, entry);
    }
    obs_data_set_array(event, "queue", list);
    emit_vendor_event("QueueChanged", event);
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
  std::atomic<bool> hid_at_end_{false};  // the end action hid the items, no clip since
  std::atomic<bool> pause_while_hidden_{false};
  std::mutex queue_mutex_;  // guards queue_ and saved_queue_; no OBS call under it
  ClipQueue queue_;
  std::string saved_queue_;  // the queue JSON last read or written
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

// The ClipSource of `source`, when it is an AI Video Clip source.
ClipSource *clip_of(obs_source_t *source) {
  if (!source) return nullptr;
  const char *id = obs_source_get_unversioned_id(source);
  if (!id || std::string(id) != kSourceId) return nullptr;
  return static_cast<ClipSource *>(obs_obj_get_data(source));
}

void advance_task(void *param) {
  auto *weak = static_cast<obs_weak_source_t *>(param);
  OBSSourceAutoRelease source = obs_weak_source_get_source(weak);
  obs_weak_source_release(weak);
  if (ClipSource *clip = clip_of(source)) clip->advance(false);
}

void ClipSource::queue_advance_after_end(obs_source_t *source) {
  obs_queue_task(OBS_TASK_UI, advance_task, obs_source_get_weak_source(source), false);
}

void activate(void *data) {
  self(data)->shown(true);
}

void deactivate(void *data) {
  self(data)->shown(false);
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

void queue_clicked(void *data, const char *action) {
  self(data)->act(action);
}

bool enqueue_clip(obs_source_t *source, const std::string &path, bool play_now) {
  ClipSource *clip = clip_of(source);
  return clip && clip->enqueue(path, play_now);
}

bool queue_action(obs_source_t *source, const std::string &action) {
  ClipSource *clip = clip_of(source);
  return clip && clip->act(action);
}

bool queue_state(obs_source_t *source, QueueState &out) {
  ClipSource *clip = clip_of(source);
  if (!clip) return false;
  out = clip->queue_state();
  return true;
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
  info.activate = clip::activate;
  info.deactivate = clip::deactivate;
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
