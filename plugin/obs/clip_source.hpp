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
inline constexpr const char *kLooping = "looping";
inline constexpr const char *kRestartOnActivate = "restart_on_activate";
inline constexpr const char *kHideWhenFinished = "hide_when_finished";
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
