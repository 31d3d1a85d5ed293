// Checks a prompt before it is sent: it says something (not only spaces or
// control characters), it is valid UTF-8, and it fits the length limit. The
// backend would refuse it too, but with a stream error the user cannot read;
// here it gets its own message key.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <string_view>

#include "core/error.hpp"
#include "protocol/limits.hpp"

namespace nemo::core {

// Error keys: Error.PromptEmpty (code Usage), Error.PromptNotUtf8 and
// Error.PromptTooLong (code BadInput). Ok when the prompt can be sent.
Error check_prompt(std::string_view prompt, std::size_t max_bytes = protocol::kMaxPromptBytes);

}  // namespace nemo::core
