// Hides the scene items that show a source when its clip ends ("hide it in
// the scene"), and shows them again when the next clip comes: only the items
// hidden this way, marked in the item's private settings (saved with the
// scene collection), so an item the streamer hid stays hidden.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <obs.h>

namespace nemo::obs {

// ANY THREAD (a media thread's signal included): queued to the UI thread
// (obs_queue_task) with a weak reference, so a source removed meanwhile is
// no harm and nothing waits here.
void hide_items_after_clip(obs_source_t *source);
void show_items_hidden_after_clip(obs_source_t *source);

}  // namespace nemo::obs
