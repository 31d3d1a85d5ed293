// Replay-buffer highlights. With "Collect replay buffer saves" on in the
// settings, each file the replay buffer saves (OBS_FRONTEND_EVENT_REPLAY_
// BUFFER_SAVED) is kept on a list (the last kMaxHighlightReplays, in memory:
// a new OBS session starts a new list). make_highlight sends the last N of
// them, with a prompt, through the normal generation; the clip lands where
// any clip lands (the settings' "after a render").
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <vector>

namespace nemo::obs {

void register_replay_highlights();  // the frontend event callback (obs_module_load)
void unregister_replay_highlights();

// The collected replays, oldest first (any thread).
std::vector<std::string> collected_replays();

// ANY THREAD. A generation from the last `count` collected replays (0: the
// settings' number) with `prompt` ("": the localized default, a 30-second
// highlight with transitions and music). Returns the job id; "" with
// *error_code "no_replays" (none collected) or "unavailable".
std::string make_highlight(int count, const std::string &prompt, std::string *error_code);

}  // namespace nemo::obs
