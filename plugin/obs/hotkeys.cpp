// SPDX-License-Identifier: GPL-2.0-or-later
// Placeholder until the hotkeys land: registers nothing.
#include "obs/module_parts.hpp"

namespace nemo::obs {
void register_hotkeys() {}
void unregister_hotkeys() {}
}  // namespace nemo::obs
