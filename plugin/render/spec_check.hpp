// Sanity checks of a RenderSpec before anything is opened.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "render/render_error.hpp"
#include "render/render_spec.hpp"

namespace nemo::render {

inline constexpr std::int64_t kMaxDurationMs = 3 * 60 * 60 * 1000;

// bad_input with what is wrong.
MaybeError check_spec(const RenderSpec &spec);

}  // namespace nemo::render
