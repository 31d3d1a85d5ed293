// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/clip_source_player.hpp"

#include <utility>

#include "obs/obs_log.hpp"

namespace nemo::obs::clip {
namespace {

// How long a new clip may take to show its first frame while the source is
// active before it is given up (the old clip keeps playing).
constexpr float kFirstFrameTimeoutS = 10.0f;

bool has_frame(obs_source_t *child) {
  return child && obs_source_get_width(child) > 0 && obs_source_get_height(child) > 0;
}

}  // namespace

// How long a primed clip, paused on its first frame, waits for the source to
// be shown before the player lets go of it (the streamer hid it meanwhile).
constexpr float kPrimedWaitS = 5.0f;

// How long a clip loaded while the source is being hidden waits for the hide
// to take effect: libobs applies an item's hide along with its sound, a
// moment after the item reads hidden. Still shown after this, the source is
// shown elsewhere too (another scene, a projector): the clip just plays.
constexpr float kHideLandsS = 1.0f;

ClipPlayer::ClipPlayer(obs_source_t *owner, FailureHandler on_failure, SwapHandler on_swap,
                       PrimedHandler on_primed)
    : owner_(owner),
      on_failure_(std::move(on_failure)),
      on_swap_(std::move(on_swap)),
      on_primed_(std::move(on_primed)) {}

ClipPlayer::~ClipPlayer() {
  clear();
}

OBSSourceAutoRelease ClipPlayer::create_child(const std::string &path,
                                              const PlayerOptions &options) {
  OBSDataAutoRelease settings = obs_data_create();
  obs_data_set_bool(settings, "is_local_file", true);
  obs_data_set_string(settings, "local_file", path.c_str());
  obs_data_set_bool(settings, "looping", options.looping);
  obs_data_set_bool(settings, "restart_on_activate", options.restart_on_activate);
  obs_data_set_bool(settings, "clear_on_media_end", options.clear_at_end);
  obs_data_set_bool(settings, "close_when_inactive", false);
  obs_data_set_bool(settings, "hw_decode", false);
  const std::string name = std::string(obs_source_get_name(owner_)) + " (clip)";
  // The media thread opens the file: creating the child does no file I/O here.
  return obs_source_create_private("ffmpeg_source", name.c_str(), settings);
}

void ClipPlayer::connect_signals(obs_source_t *child) {
  signal_handler_t *handler = obs_source_get_signal_handler(child);
  signal_handler_connect(handler, "media_started", &ClipPlayer::on_media_started, this);
  signal_handler_connect(handler, "media_ended", &ClipPlayer::on_media_ended, this);
  obs_source_add_audio_capture_callback(child, &ClipPlayer::on_child_audio, this);
}

void ClipPlayer::disconnect_signals(obs_source_t *child) {
  // Returns only once no callback of ours runs any more on this child.
  signal_handler_t *handler = obs_source_get_signal_handler(child);
  signal_handler_disconnect(handler, "media_started", &ClipPlayer::on_media_started, this);
  signal_handler_disconnect(handler, "media_ended", &ClipPlayer::on_media_ended, this);
  obs_source_remove_audio_capture_callback(child, &ClipPlayer::on_child_audio, this);
}

void ClipPlayer::finish(Child &child) {
  if (!child.source) return;
  end_priming(child.source);
  obs_source_remove_active_child(owner_, child.source);
  disconnect_signals(child.source);
  // libobs defers the child's destruction to its destroy thread.
  child.source = nullptr;
  child.path.clear();
}

bool ClipPlayer::load(const std::string &path, const PlayerOptions &options, bool hiding,
                      bool *priming) {
  if (priming) *priming = false;
  OBSSourceAutoRelease child = create_child(path, options);
  if (!child) {
    if (on_failure_) on_failure_(path);
    return false;
  }
  connect_signals(child);

  Child replaced;
  Child ended;
  bool immediate = false;
  // Nothing on screen to bridge: the owner is not shown, or its clip is over.
  OBSSourceAutoRelease shown = current_ref();
  const enum obs_media_state shown_state =
      shown ? obs_source_media_get_state(shown) : OBS_MEDIA_STATE_NONE;
  const bool replace_now = !obs_source_active(owner_) || shown_state == OBS_MEDIA_STATE_ENDED ||
                           shown_state == OBS_MEDIA_STATE_STOPPED;
  shown = nullptr;
  // Activation follows the owner's: the child plays once the owner is shown.
  // Not under lock_ (activation walks the child's tree, which takes its locks).
  obs_source_add_active_child(owner_, child);
  {
    std::lock_guard<std::mutex> guard(lock_);
    options_ = options;
    if (replace_now && current_.source) {
      ended = std::move(current_);
      replaced = std::move(pending_);
    }
    if (!options.autoplay) pause_when_playing_ = child.Get();
    if (!current_.source && replace_now && options.clear_at_end) {
      prime_ = Prime::Wanted;  // see "Priming"
      primed_ = child.Get();
      primed_wait_s_ = 0;
      prime_hiding_ = hiding;
      prime_restarted_ = false;
      if (priming) *priming = true;
    }
    if (!current_.source) {
      current_.source = std::move(child);
      current_.path = path;
      current_.waited_s = 0;
      on_screen_ = current_.source.Get();
      immediate = true;
    } else {
      replaced = std::move(pending_);
      pending_.source = std::move(child);
      pending_.path = path;
      pending_.waited_s = 0;
    }
  }
  finish(replaced);
  finish(ended);
  return immediate;
}

void ClipPlayer::clear() {
  Child old_current;
  Child old_pending;
  {
    std::lock_guard<std::mutex> guard(lock_);
    old_current = std::move(current_);
    old_pending = std::move(pending_);
    on_screen_ = nullptr;
  }
  width_ = 0;
  height_ = 0;
  finish(old_current);
  finish(old_pending);
}

void ClipPlayer::set_options(const PlayerOptions &options) {
  OBSSourceAutoRelease current;
  OBSSourceAutoRelease pending;
  {
    std::lock_guard<std::mutex> guard(lock_);
    if (options == options_) return;
    options_ = options;
    current = obs_source_get_ref(current_.source);
    pending = obs_source_get_ref(pending_.source);
  }
  for (obs_source_t *child : {current.Get(), pending.Get()}) {
    if (!child) continue;
    OBSDataAutoRelease settings = obs_data_create();
    obs_data_set_bool(settings, "looping", options.looping);
    obs_data_set_bool(settings, "restart_on_activate", options.restart_on_activate);
    obs_data_set_bool(settings, "clear_on_media_end", options.clear_at_end);
    obs_source_update(child, settings);  // deferred to the child's own tick
  }
}

void ClipPlayer::tick(float seconds) {
  {
    std::vector<OBSSourceAutoRelease> drop;
    {
      std::lock_guard<std::mutex> guard(lock_);
      drop.swap(released_in_tick_);
    }
  }  // released here, outside lock_ and outside any scene's render
  promote_pending(seconds);
  advance_priming(seconds);
  // The size OBS will ask for until the next tick (see "Lock order").
  OBSSourceAutoRelease child = current_ref();
  // "Just load it": the new clip stops on its first frame.
  if (child && pause_when_playing_.load() == child.Get() &&
      obs_source_media_get_state(child) == OBS_MEDIA_STATE_PLAYING && has_frame(child)) {
    pause_when_playing_ = nullptr;
    obs_source_media_play_pause(child, true);
  }
  width_ = child ? obs_source_get_width(child) : 0;
  height_ = child ? obs_source_get_height(child) : 0;
}

// Graphics thread. Calls into the child without lock_ (see the header).
void ClipPlayer::advance_priming(float seconds) {
  OBSSourceAutoRelease child;
  Prime step;
  {
    std::lock_guard<std::mutex> guard(lock_);
    if (prime_ == Prime::None || !primed_ || primed_ != current_.source.Get()) {
      prime_ = Prime::None;
      primed_ = nullptr;
      return;
    }
    child = obs_source_get_ref(current_.source);
    step = prime_;
  }
  const bool shown = obs_source_active(owner_);
  switch (step) {
    case Prime::Wanted: {
      if (shown) {
        // Shown without a picture yet: look again next tick (the hide may be
        // about to land). Shown and playing: nothing to prime, unless the
        // source is being hidden (see kHideLandsS).
        if (!has_frame(child)) return;
        bool wait = false;
        {
          std::lock_guard<std::mutex> guard(lock_);
          primed_wait_s_ += seconds;
          wait = prime_hiding_ && primed_wait_s_ <= kHideLandsS;
        }
        if (!wait) let_go_unprimed(child);
        return;
      }
      obs_source_inc_active(child);
      std::lock_guard<std::mutex> guard(lock_);
      prime_ = Prime::Active;
      primed_wait_s_ = 0;
      return;
    }
    case Prime::Active: {
      const enum obs_media_state state = obs_source_media_get_state(child);
      if (!has_frame(child) || state != OBS_MEDIA_STATE_PLAYING) {
        bool restart = false;
        bool give_up = false;
        {
          std::lock_guard<std::mutex> guard(lock_);
          primed_wait_s_ += seconds;
          give_up = primed_wait_s_ > kFirstFrameTimeoutS;
          // Stopped by a deactivation that came after ours began (the hide
          // landing): started once more.
          if ((state == OBS_MEDIA_STATE_ENDED || state == OBS_MEDIA_STATE_STOPPED) &&
              !prime_restarted_) {
            prime_restarted_ = true;
            restart = true;
          }
        }
        if (give_up) {
          nemo_warn("'%s': the new clip showed no picture while hidden; showing it as it is",
                    obs_source_get_name(owner_));
          let_go_unprimed(child);
        } else if (restart) {
          obs_source_media_restart(child);
        }
        return;
      }
      obs_source_media_play_pause(child, true);
      std::string ready_path;
      {
        std::lock_guard<std::mutex> guard(lock_);
        prime_ = Prime::Paused;
        primed_wait_s_ = 0;
        ready_path = current_.path;
      }
      if (on_primed_) on_primed_(ready_path);
      return;
    }
    case Prime::Paused: {
      bool give_up = false;
      {
        std::lock_guard<std::mutex> guard(lock_);
        primed_wait_s_ += seconds;
        give_up = primed_wait_s_ > kPrimedWaitS;
      }
      if (!shown && !give_up) return;
      // Shown (the scene's activation holds it now): let go, and play on
      // unless the clip was only to be loaded.
      const bool play = shown && pause_when_playing_.load() != child.Get();
      if (pause_when_playing_.load() == child.Get()) pause_when_playing_ = nullptr;
      end_priming(child);
      if (play) obs_source_media_play_pause(child, false);
      return;
    }
    case Prime::None:
      return;
  }
}

// Graphics thread: priming ends without a paused first frame (the clip is
// on screen already, or never showed a picture); the source is shown anyway.
void ClipPlayer::let_go_unprimed(obs_source_t *child) {
  std::string path;
  {
    std::lock_guard<std::mutex> guard(lock_);
    if (child != primed_) return;
    path = current_.path;
  }
  end_priming(child);
  if (on_primed_) on_primed_(path);
}

// Any thread but the audio one.
void ClipPlayer::end_priming(obs_source_t *child) {
  bool held = false;
  {
    std::lock_guard<std::mutex> guard(lock_);
    if (child == nullptr || child != primed_) return;
    held = prime_ == Prime::Active || prime_ == Prime::Paused;
    prime_ = Prime::None;
    primed_ = nullptr;
  }
  if (held) obs_source_dec_active(child);
}

void ClipPlayer::promote_pending(float seconds) {
  // The child is asked for its size without lock_: its media thread holds
  // the child's locks while it hands over sound (see on_child_audio).
  OBSSourceAutoRelease pending;
  {
    std::lock_guard<std::mutex> guard(lock_);
    pending = obs_source_get_ref(pending_.source);
  }
  if (!pending) return;
  const bool ready = has_frame(pending);

  Child old;
  std::string swapped_in;
  std::string failed;
  {
    std::lock_guard<std::mutex> guard(lock_);
    if (pending_.source != pending.Get()) return;  // replaced meanwhile: next tick
    if (ready) {
      // The new clip has its first frame: from the next render on it is the
      // one drawn, so the picture goes straight from the old to the new clip.
      old = std::move(current_);
      current_ = std::move(pending_);
      on_screen_ = current_.source.Get();
      swapped_in = current_.path;
    } else if (obs_source_active(owner_)) {
      pending_.waited_s += seconds;
      if (pending_.waited_s > kFirstFrameTimeoutS) {
        failed = pending_.path;
        old = std::move(pending_);
      }
    }
  }
  finish(old);
  if (!swapped_in.empty()) {
    obs_source_media_started(owner_);
    if (on_swap_) on_swap_(swapped_in);
  }
  if (!failed.empty() && on_failure_) on_failure_(failed);
}

// Draws without lock_ (a software render can take long; the UI thread asks
// for the media time meanwhile). Should the reference taken here be the last
// one, libobs still destroys the child on its destroy thread.
void ClipPlayer::render() {
  OBSSourceAutoRelease child;
  {
    std::lock_guard<std::mutex> guard(lock_);
    child = obs_source_get_ref(current_.source);
  }
  if (!child) return;
  obs_source_video_render(child);
  // A clip replaced while it was drawn: this may be its last reference, and
  // releasing it here (inside the scene's render, the scene locked) would
  // take libobs's list of sources, which a thread walking the scenes holds
  // while it waits for that scene: tick() drops it instead.
  std::lock_guard<std::mutex> guard(lock_);
  if (child.Get() != current_.source.Get() && child.Get() != pending_.source.Get())
    released_in_tick_.push_back(std::move(child));
}

std::string ClipPlayer::current_path() {
  std::lock_guard<std::mutex> guard(lock_);
  return current_.source ? current_.path : std::string();
}

OBSSourceAutoRelease ClipPlayer::current_ref() {
  std::lock_guard<std::mutex> guard(lock_);
  return obs_source_get_ref(current_.source);
}

// libobs holds the owner's filter_mutex here: no call into a child.
uint32_t ClipPlayer::width() {
  return width_;
}

uint32_t ClipPlayer::height() {
  return height_;
}

enum gs_color_space ClipPlayer::color_space(size_t count, const enum gs_color_space *preferred) {
  OBSSourceAutoRelease child = current_ref();
  if (child) return obs_source_get_color_space(child, count, preferred);
  return count > 0 ? preferred[0] : GS_CS_SRGB;
}

// Under lock_ and without taking references: the audio thread calls this
// while walking libobs's list of audio sources, where releasing a last
// reference would unlink a source from that very list. The callbacks do not
// lock the children (an ffmpeg_source has no children of its own).
void ClipPlayer::enum_sources(obs_source_enum_proc_t callback, void *param) {
  std::lock_guard<std::mutex> guard(lock_);
  if (current_.source) callback(owner_, current_.source, param);
  if (pending_.source) callback(owner_, pending_.source, param);
}

OBSSourceAutoRelease ClipPlayer::playing_ref() {
  std::lock_guard<std::mutex> guard(lock_);
  return obs_source_get_ref(current_.source ? current_.source : pending_.source);
}

void ClipPlayer::play_pause(bool pause) {
  if (OBSSourceAutoRelease child = playing_ref()) obs_source_media_play_pause(child, pause);
}

void ClipPlayer::restart() {
  if (OBSSourceAutoRelease child = playing_ref()) obs_source_media_restart(child);
}

void ClipPlayer::stop() {
  if (OBSSourceAutoRelease child = playing_ref()) obs_source_media_stop(child);
}

int64_t ClipPlayer::duration_ms() {
  OBSSourceAutoRelease child = playing_ref();
  return child ? obs_source_media_get_duration(child) : 0;
}

int64_t ClipPlayer::time_ms() {
  OBSSourceAutoRelease child = playing_ref();
  return child ? obs_source_media_get_time(child) : 0;
}

void ClipPlayer::set_time_ms(int64_t ms) {
  if (OBSSourceAutoRelease child = playing_ref()) obs_source_media_set_time(child, ms);
}

enum obs_media_state ClipPlayer::state() {
  OBSSourceAutoRelease child = playing_ref();
  return child ? obs_source_media_get_state(child) : OBS_MEDIA_STATE_NONE;
}

// The child's media signals, forwarded to the owner when they come from the
// clip on screen (a pending clip starting is not news yet).
void ClipPlayer::on_media_started(void *data, calldata_t *cd) {
  auto *self = static_cast<ClipPlayer *>(data);
  if (self->is_current(static_cast<obs_source_t *>(calldata_ptr(cd, "source"))))
    obs_source_media_started(self->owner_);
}

void ClipPlayer::on_media_ended(void *data, calldata_t *cd) {
  auto *self = static_cast<ClipPlayer *>(data);
  if (self->is_current(static_cast<obs_source_t *>(calldata_ptr(cd, "source"))))
    obs_source_media_ended(self->owner_);
}

// The child's media thread, with the child's filter and audio callback locks
// held: it must not wait for lock_.
void ClipPlayer::on_child_audio(void *data, obs_source_t *child, const struct audio_data *audio,
                                bool) {
  auto *self = static_cast<ClipPlayer *>(data);
  if (!audio || audio->frames == 0 || !self->is_current(child)) return;
  struct obs_audio_info info;
  if (!obs_get_audio_info(&info)) return;
  struct obs_source_audio out = {};
  const size_t planes = get_audio_planes(AUDIO_FORMAT_FLOAT_PLANAR, info.speakers);
  for (size_t i = 0; i < planes && i < MAX_AV_PLANES; i++) out.data[i] = audio->data[i];
  out.frames = audio->frames;
  out.speakers = info.speakers;
  out.format = AUDIO_FORMAT_FLOAT_PLANAR;
  out.samples_per_sec = info.samples_per_sec;
  out.timestamp = audio->timestamp;
  obs_source_output_audio(self->owner_, &out);
}

}  // namespace nemo::obs::clip
