// The one copy of the plugin's settings in a running OBS: read from
// obs_module_config_path("settings.json") the first time anyone asks (never
// in obs_module_load), written by a writer thread (the caller never waits on
// the disk), and announced to listeners on save.
//
// For GenerationService: call resolved_settings() when a job starts (backend,
// URL, token, language, output folder, placement, limits); subscribe to hear
// of changes (e.g. to drop a session made with another backend or token).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <functional>
#include <string>

#include "obs/plugin_settings.hpp"

namespace nemo::obs {

// ANY THREAD. The settings as stored (first call reads the file).
PluginSettings settings();
// ANY THREAD. The settings with NEMO_API_BASE / NEMO_TOKEN applied, the
// language resolved from OBS's locale and the default output folder filled in.
ResolvedSettings resolved_settings();
// ANY THREAD. Replaces the settings: in memory at once, listeners called on
// the caller's thread before it returns, the file written in the background.
void save_settings(const PluginSettings &settings);

using SettingsListener = std::function<void(const PluginSettings &)>;
int subscribe_settings(SettingsListener listener);  // returns a token > 0
void unsubscribe_settings(int token);

// The file (for messages) and the default output folder.
std::string settings_file_path();
std::string default_output_dir();

// Writes a pending save and stops the writer (obs_module_unload).
void shutdown_settings_store();

}  // namespace nemo::obs
