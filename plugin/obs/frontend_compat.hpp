// OBS frontend API differences between the OBS majors the module is built for
// (29: Debian 12; 30: trixie; 32: sid): the one place that knows which call
// each has. A binary is built per OBS major, so the choice is made at compile
// time from libobs's headers.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <util/config-file.h>

class QDockWidget;
class QWidget;

namespace nemo::obs {

// Adds a dock around `content` under the object name `id`. OBS 29 has only
// obs_frontend_add_dock (the dock is ours, docked right and hidden); OBS 30
// added obs_frontend_add_dock_by_id (the frontend makes the dock) and OBS 32
// removed the first. Returns the dock, or nullptr (content is then deleted).
QDockWidget *add_dock(const char *id, const char *title, QWidget *content);

// Removes the dock add_dock made (at unload, if OBS has not destroyed it).
void remove_dock(const char *id, QDockWidget *dock);

// The config that holds the main window's saved layout ([BasicWindow]
// DockState): global.ini until OBS 30, user.ini since OBS 31 (which
// deprecated obs_frontend_get_global_config in 32).
config_t *window_layout_config();

}  // namespace nemo::obs
