// The "AI Video Clip" source (id nemo_video_clip): its id and settings keys,
// shared by the source's files and by scene_placement.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <obs.h>

#include <string>
#include <vector>

namespace nemo::obs::clip {

inline constexpr const char *kSourceId = "nemo_video_clip";

// Settings keys (saved with the scene collection).
inline constexpr const char *kMedia = "media";  // editable file list: images, clips, music
inline constexpr const char *kPrompt = "prompt";
inline constexpr const char *kWorkflow = "workflow";  // slideshow | promo | animate | custom
inline constexpr const char *kAspect = "aspect";      // 16:9 | 9:16 | 1:1
inline constexpr const char *kDuration = "duration_s";
// The look (core::LookChoice): "auto" lets the prompt decide.
inline constexpr const char *kTransition = "transition";  // auto | random | a style | none | a name
inline constexpr const char *kMotion = "motion";          // auto | a camera move
inline constexpr const char *kMotionStrength = "motion_strength";  // 0 (auto) .. 2
inline constexpr const char *kBackground = "background";           // auto | a colour name
inline constexpr const char *kGenerate = "generate";               // the button
inline constexpr const char *kStatus = "status";                   // one line, plain words
inline constexpr const char *kClipPath = "clip_path";              // the clip that plays
// What a new clip does: kPlay (show it and play it) or kLoad (load it, paused
// on its first frame, until Play).
inline constexpr const char *kOnNewClip = "on_new_clip";
inline constexpr const char *kPlay = "play";
inline constexpr const char *kLoad = "load";
// When the clip ends: kKeep (the last frame stays), kHide (its scene items are
// hidden, and shown again by the next clip) or kLoop.
inline constexpr const char *kAtEnd = "at_end";
inline constexpr const char *kKeep = "keep";
inline constexpr const char *kHide = "hide";
inline constexpr const char *kLoop = "loop";
inline constexpr const char *kRestartOnActivate = "restart_on_activate";  // "restart when shown"
// Before at_end (version 0.1 scene collections): read when at_end was never set.
inline constexpr const char *kLooping = "looping";
inline constexpr const char *kHideWhenFinished = "hide_when_finished";
// at_end as set, else as the two older switches say.
std::string at_end_of(obs_data_t *settings);
inline constexpr const char *kJobId = "job_id";  // the last generation this source started
// The queue (clip_queue.hpp): its JSON, its switches, the properties' view and buttons.
inline constexpr const char *kQueue = "queue";
inline constexpr const char *kQueueShuffle = "queue_shuffle";
inline constexpr const char *kQueueLoop = "queue_loop";
inline constexpr const char *kPauseWhileHidden = "pause_while_hidden";
inline constexpr const char *kQueueView = "queue_view";
inline constexpr const char *kQueueNext = "queue_next";
inline constexpr const char *kQueueSkip = "queue_skip";
inline constexpr const char *kQueueClear = "queue_clear";

// Sets the status line (and, when clip_path is not null, the clip) of a
// source through obs_source_update: safe from any thread but the audio one.
void set_status(obs_source_t *source, const std::string &status, const char *clip_path = nullptr);

// ANY THREAD (not the audio one). The queue of an AI Video Clip source;
// false when `source` is not one. enqueue_clip: play_now plays it at once
// (as a new clip always did); otherwise it goes to the end of the queue, or
// plays at once when nothing is playing. queue_action: "next" (play the next
// queued clip now), "skip" (drop the next queued clip), "clear".
bool enqueue_clip(obs_source_t *source, const std::string &path, bool play_now);
bool queue_action(obs_source_t *source, const std::string &action);
struct QueueState {
  std::string current;  // the clip on screen
  std::vector<std::string> items;
  bool shuffle = false;
  bool loop = false;
};
bool queue_state(obs_source_t *source, QueueState &out);

// The module's text for `key` with "%1" replaced by `arg`.
std::string text_with(const char *key, const std::string &arg);

// Registration pieces, each in the file that implements it.
obs_properties_t *get_properties(void *data);        // clip_source_properties.cpp
void get_defaults(obs_data_t *settings);             // clip_source_properties.cpp
void generate_clicked(void *data);                   // clip_source.cpp: the Generate button
void queue_clicked(void *data, const char *action);  // clip_source.cpp: the queue's buttons

}  // namespace nemo::obs::clip
