// SPDX-License-Identifier: GPL-2.0-or-later
// Placeholder until the obs-websocket vendor requests land: registers nothing.
#include "obs/module_parts.hpp"

namespace nemo::obs {
void register_vendor_requests() {}
void unregister_vendor_requests() {}
}  // namespace nemo::obs
