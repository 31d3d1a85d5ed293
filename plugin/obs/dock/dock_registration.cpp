// SPDX-License-Identifier: GPL-2.0-or-later
// Placeholder until the AI Video dock lands: registers nothing.
#include "obs/module_parts.hpp"

namespace nemo::obs {
void register_dock() {}
void unregister_dock() {}
}  // namespace nemo::obs
