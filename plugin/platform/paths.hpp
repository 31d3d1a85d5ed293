// Where things live: the user's data folder, and this program's own folder.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>

namespace nemo::platform {

// The folder for an application's data, `app` inside the user's data home
// (Linux: $XDG_DATA_HOME, else $HOME/.local/share); "" when neither is known.
std::string user_data_dir(const std::string &app);

// The folder of the running executable; "" if unknown.
std::string executable_dir();

}  // namespace nemo::platform
