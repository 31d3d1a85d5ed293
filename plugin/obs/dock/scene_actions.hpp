// What the dock and the hotkeys do to OBS's scenes. UI THREAD ONLY.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>

namespace nemo::obs {

// Shows a finished clip in the current scene (an AI Video Clip source when
// the module has scene placement, else a media source). Returns the source's
// name, "" on failure.
std::string add_clip_to_current_scene(const std::string &clip_path);

// Restarts the media source called `name`. False when there is none.
bool restart_media_source(const std::string &name);

}  // namespace nemo::obs
