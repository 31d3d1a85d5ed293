// The "AI Video Clip" source (id nemo_video_clip): its id and settings keys,
// shared by the source's files and by scene_placement.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <obs.h>

#include <string>

namespace nemo::obs::clip {

inline constexpr const char *kSourceId = "nemo_video_clip";

// Settings keys (saved with the scene collection).
inline constexpr const char *kMedia = "media";  // editable file list: images, clips, music
inline constexpr const char *kPrompt = "prompt";
inline constexpr const char *kWorkflow = "workflow";  // slideshow | promo | animate | custom
inline constexpr const char *kAspect = "aspect";      // 16:9 | 9:16 | 1:1
inline constexpr const char *kDuration = "duration_s";
inline constexpr const char *kGenerate = "generate";   // the button
inline constexpr const char *kStatus = "status";       // one line, plain words
inline constexpr const char *kClipPath = "clip_path";  // the clip that plays
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

// Sets the status line (and, when clip_path is not null, the clip) of a
// source through obs_source_update: safe from any thread but the audio one.
void set_status(obs_source_t *source, const std::string &status, const char *clip_path = nullptr);

// The module's text for `key` with "%1" replaced by `arg`.
std::string text_with(const char *key, const std::string &arg);

// Registration pieces, each in the file that implements it.
obs_properties_t *get_properties(void *data);  // clip_source_properties.cpp
void get_defaults(obs_data_t *settings);       // clip_source_properties.cpp
void generate_clicked(void *data);             // clip_source.cpp: the Generate button

}  // namespace nemo::obs::clip
