// The dock as the rest of the module (the hotkeys) reaches it.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

namespace nemo::obs {

class AiVideoDock;

// UI THREAD. The dock's content widget; nullptr while it is not built yet
// (register_dock() makes only an empty shell; the content follows once OBS
// has finished loading or the dock is first shown) or once OBS destroyed it.
AiVideoDock *ai_video_dock();

// UI THREAD. The content, built now if it was not yet (for a hotkey pressed
// before it was). nullptr without a dock, or once OBS is quitting.
AiVideoDock *ensure_ai_video_dock();

}  // namespace nemo::obs
