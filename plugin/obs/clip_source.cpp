// SPDX-License-Identifier: GPL-2.0-or-later
// Placeholder until the AI Video Clip source lands: registers nothing.
#include "obs/module_parts.hpp"

namespace nemo::obs {
void register_clip_source() {}
}  // namespace nemo::obs
