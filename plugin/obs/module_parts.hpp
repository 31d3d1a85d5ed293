// The parts of the module, each registered from plugin_main.cpp and each
// defined in the file that implements it. Registration only: no I/O, no
// network, no threads here (OBS's start-up must not wait for the plugin).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <obs.h>

namespace nemo::obs {

void register_clip_source();  // obs/clip_source.cpp: the "AI Video Clip" source type
void register_dock();         // obs/dock/dock_registration.cpp: the "AI Video" dock + Tools menu
void unregister_dock();
void register_hotkeys();  // obs/hotkeys.cpp
void unregister_hotkeys();
void register_vendor_requests();  // obs/vendor_requests.cpp: obs-websocket vendor (post-load)
void unregister_vendor_requests();
// obs/vendor_requests.cpp: sends a vendor event (any thread; nothing happens
// when obs-websocket is not there).
void emit_vendor_event(const char *type, obs_data_t *data);

}  // namespace nemo::obs
