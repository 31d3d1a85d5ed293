// What GenerationService needs from its host and cannot do OBS-free: words
// from the locale, the settings, putting a finished clip on screen, the log,
// and the folders it keeps its files in. The module's host is OBS
// (generation_host_obs.cpp); the unit tests give their own. OBS-free.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "obs/plugin_settings.hpp"

namespace nemo::obs {

enum class LogLevel { Info, Warning };

// Every function may be called from any thread (the service's job threads).
struct ServiceHost {
  // The localized text for a locale key (the key itself when there is none).
  std::function<std::string(const char *key)> text;
  // The settings with the environment applied (read when a job starts).
  std::function<ResolvedSettings()> settings;
  // Puts a finished clip on screen: into the AI Video Clip source named
  // source_name, or a new one in scene ("" for the current scene). Returns
  // at once; `placed` runs later (on any thread) with the name of the source
  // that shows the clip, "" on failure.
  std::function<void(const std::string &clip_path, const std::string &scene,
                     const std::string &source_name,
                     std::function<void(const std::string &placed)> placed)>
      place_clip;
  // Adds a finished clip to the end of the queue of the AI Video Clip source
  // named source_name (it plays at once when nothing plays). Returns at once;
  // `queued` runs later with the source's name, "" when there is none by that
  // name. Empty: place_clip is used.
  std::function<void(const std::string &clip_path, const std::string &source_name,
                     std::function<void(const std::string &queued)> queued)>
      queue_clip;
  // One line for the log (nothing secret is passed).
  std::function<void(LogLevel, const std::string &)> log;
  // Where the client keeps what must persist: client ids, tokens, sessions, the journal.
  std::string data_dir;
  // The offline backend's own data folder.
  std::string local_backend_dir;
  // The folders nemo-local is looked for in, in order (then PATH), on first use.
  std::vector<std::string> nemo_local_dirs;
};

}  // namespace nemo::obs
