// The limits both sides of the API apply, so that the client refuses with its
// own message what the server would refuse with a stream error.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>

namespace nemo::protocol {

// A prompt's size in bytes: the client checks it before sending, nemo-local
// answers a larger one with a PROMPT_TOO_LARGE error event in the stream, and
// the agent never reads more. Far over any prompt a person types.
inline constexpr std::size_t kMaxPromptBytes = 16 * 1024;

}  // namespace nemo::protocol
