// The renderer's error: a stable code and a message for people.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <optional>
#include <string>

namespace nemo::render {

// code: bad_input, unsupported, too_large, no_audio, cancelled, disk, internal
struct RenderError {
  std::string code;
  std::string message;
};

using MaybeError = std::optional<RenderError>;

inline RenderError make_error(std::string code, std::string message) {
  return RenderError{std::move(code), std::move(message)};
}

}  // namespace nemo::render
