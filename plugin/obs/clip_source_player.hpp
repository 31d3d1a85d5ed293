// Plays the AI Video Clip source's clip through a private ffmpeg_source child
// and swaps clips without a blank frame: a new clip gets its own child, which
// plays beside the old one ("pending") until it has its first frame; only
// then does it replace the old child, which is released. When nothing is on
// screen to bridge (the source is not shown, or its clip has ended or was
// stopped) the new child replaces the old one at once: a hidden source would
// never give a pending clip its first frame. A clip loaded without autoplay
// is paused as soon as it plays, on its first frame.
//
// Priming (clear_at_end, the source hidden at the end): a clip that replaces
// the old one while the source is not shown is activated by the player
// itself until it has its first frame, then paused there, and on_primed is
// called, which shows the source again: the first picture on screen is the
// clip's, never a blank one. Once the source is shown the player lets go and
// the clip plays on (at most a frame or two of its start, played unseen, is
// skipped). A clip loaded while an end action is hiding the source may find
// it still shown (libobs applies the hide a moment later): priming waits up
// to a second for the hide. Should priming find the clip already on screen,
// or should the clip show no picture, on_primed is called all the same: the
// source never stays hidden for a clip that came.
//
// Threads: load()/clear()/set_options() from any thread but the graphics and
// audio ones (they create or release sources); tick()/render()/size from the
// graphics thread; enum_sources() and the media controls from anywhere. One
// mutex guards the two children; it is held only to read or swap them, never
// while calling into a child (drawing, size, activation): the child's own
// locks are taken by its media thread before it calls back here, so holding
// lock_ around them could deadlock, and no thread waits for a render.
//
// Sound: the owner is an ordinary audio source (not a composite one: libobs
// refuses OBS_SOURCE_AUDIO on a composite source, and without it the clip
// would have no mixer entry, volume, mute, meter or monitoring). The child's
// audio, as libobs hands it to audio capture callbacks (already resampled
// to OBS's format, with the child's own timestamps), is output as the
// owner's: libobs then buffers and syncs it exactly as it does the child's.
//
// Lock order: libobs calls width()/height() with the owner's filter_mutex
// held (obs_source_get_width), and the child's media thread outputs sound to
// the owner (owner's filter_mutex) with the child's filter_mutex held. Asking
// the child for its size from width() would take the two in the other order
// (an ABBA deadlock seen in real OBS: the picture froze mid-clip), so the
// size is read in tick(), where libobs holds no lock of the owner, and
// width()/height() only return that copy.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <obs.hpp>
#include <string>
#include <vector>

namespace nemo::obs::clip {

struct PlayerOptions {
  bool looping = false;
  bool restart_on_activate = true;
  // The child clears its picture at the end (ffmpeg_source's
  // clear_on_media_end), which also makes it show its preloaded first frame
  // the moment it starts: for a source hidden at the end and shown again.
  bool clear_at_end = false;
  bool autoplay = true;  // false: a new clip waits, paused, on its first frame

  bool operator==(const PlayerOptions &o) const {
    return looping == o.looping && restart_on_activate == o.restart_on_activate &&
           clear_at_end == o.clear_at_end && autoplay == o.autoplay;
  }
  bool operator!=(const PlayerOptions &o) const { return !(*this == o); }
};

class ClipPlayer {
 public:
  // Called (on the graphics thread) when a pending clip never showed a
  // frame while the source was active: the old clip stays.
  using FailureHandler = std::function<void(const std::string &path)>;
  // Called (on the graphics thread) when a clip replaced the previous one.
  using SwapHandler = std::function<void(const std::string &path)>;

  // Called (on the graphics thread) when a primed clip is ready to be shown.
  using PrimedHandler = std::function<void(const std::string &path)>;

  ClipPlayer(obs_source_t *owner, FailureHandler on_failure, SwapHandler on_swap,
             PrimedHandler on_primed);
  ~ClipPlayer();
  ClipPlayer(const ClipPlayer &) = delete;
  ClipPlayer &operator=(const ClipPlayer &) = delete;

  // Returns true when the clip is on screen at once (nothing played before),
  // false when it waits for its first frame to replace the current one.
  // hiding: the source's items are being hidden (an end action), so it may
  // still read as shown for a moment. *priming: set to whether the clip is
  // being primed (on_primed will come, unless the clip is replaced first).
  bool load(const std::string &path, const PlayerOptions &options, bool hiding = false,
            bool *priming = nullptr);
  void clear();
  void set_options(const PlayerOptions &options);
  std::string current_path();  // the clip on screen ("" when none)

  void tick(float seconds);
  void render();
  uint32_t width();
  uint32_t height();
  enum gs_color_space color_space(size_t count, const enum gs_color_space *preferred);
  void enum_sources(obs_source_enum_proc_t callback, void *param);

  void play_pause(bool pause);
  void restart();
  void stop();
  int64_t duration_ms();
  int64_t time_ms();
  void set_time_ms(int64_t ms);
  enum obs_media_state state();

 private:
  struct Child {
    OBSSourceAutoRelease source;  // strong ref
    std::string path;
    float waited_s = 0;  // active time spent waiting for the first frame
  };

  OBSSourceAutoRelease create_child(const std::string &path, const PlayerOptions &options);
  void connect_signals(obs_source_t *child);
  void disconnect_signals(obs_source_t *child);
  void finish(Child &child);  // not under lock_: disconnects and releases
  OBSSourceAutoRelease current_ref();
  void promote_pending(float seconds);  // tick(): a pending clip with a frame replaces the current
  void advance_priming(float seconds);  // tick(): activate, pause on the first frame, let go
  void end_priming(obs_source_t *child);      // drops the player's own activation of child
  void let_go_unprimed(obs_source_t *child);  // ends priming and calls on_primed
  OBSSourceAutoRelease playing_ref();         // current, else pending (a strong ref)
  static void on_media_started(void *data, calldata_t *cd);
  static void on_media_ended(void *data, calldata_t *cd);
  static void on_child_audio(void *data, obs_source_t *child, const struct audio_data *audio,
                             bool muted);
  bool is_current(obs_source_t *child) const { return child && child == on_screen_.load(); }

  obs_source_t *owner_;  // not owned: the player lives inside it
  FailureHandler on_failure_;
  SwapHandler on_swap_;
  PrimedHandler on_primed_;
  std::mutex lock_;
  Child current_;
  Child pending_;
  PlayerOptions options_;
  // current_.source, readable without lock_: the child's audio and media
  // callbacks run with the child's own locks held (filter_mutex,
  // audio_cb_mutex), which render() and width() take under lock_.
  std::atomic<obs_source_t *> on_screen_{nullptr};
  // The on-screen child's size as of the last tick() (see "Lock order").
  std::atomic<uint32_t> width_{0};
  std::atomic<uint32_t> height_{0};
  // References render() must not drop (see render()), dropped by tick().
  std::vector<OBSSourceAutoRelease> released_in_tick_;
  // A clip loaded without autoplay, to pause once it plays (in tick()).
  std::atomic<obs_source_t *> pause_when_playing_{nullptr};
  // Priming, under lock_ (the child is current_.source while primed).
  enum class Prime { None, Wanted, Active, Paused };
  Prime prime_ = Prime::None;
  obs_source_t *primed_ = nullptr;  // the child primed (current_.source)
  float primed_wait_s_ = 0;         // time spent in the current step
  bool prime_hiding_ = false;       // loaded while the source was being hidden
  bool prime_restarted_ = false;    // the primed child was restarted once
};

}  // namespace nemo::obs::clip
