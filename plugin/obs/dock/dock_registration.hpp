// The dock as the rest of the module (the hotkeys) reaches it.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

namespace nemo::obs {

class AiVideoDock;

// UI THREAD. The dock's content widget, nullptr before register_dock() or
// once OBS has destroyed it.
AiVideoDock *ai_video_dock();

}  // namespace nemo::obs
