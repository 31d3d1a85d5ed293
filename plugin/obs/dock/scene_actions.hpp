// What the dock and the hotkeys do to OBS's scenes. UI THREAD ONLY.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <vector>

namespace nemo::obs {

// Shows a finished clip in the current scene (an AI Video Clip source when
// the module has scene placement, else a media source). Returns the source's
// name, "" on failure.
std::string add_clip_to_current_scene(const std::string &clip_path);

// Adds a finished clip to the queue of the first AI Video Clip source of the
// current scene (it plays at once when nothing plays there). Returns the
// source's name, "" when the scene has none.
std::string queue_clip_in_current_scene(const std::string &clip_path);

// Restarts the media source called `name`. False when there is none.
bool restart_media_source(const std::string &name);

// The names of the sources that show the file at `path` (AI Video Clip
// sources and media sources), so the dock can say so before deleting it.
std::vector<std::string> sources_using_file(const std::string &path);

}  // namespace nemo::obs
