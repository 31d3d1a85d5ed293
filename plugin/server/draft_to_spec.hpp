// A draft (DRAFT.md) -> a render::RenderSpec. The draft is untrusted input
// (clients send drafts back): everything is validated, nothing throws, and the
// first problem found comes back as a clear message.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "render/render_spec.hpp"

namespace nemo::server {

// Limits of a draft nemo-local renders.
constexpr std::int64_t kDraftMaxDurationMs = 600000;  // 10 minutes
constexpr std::size_t kDraftMaxTracks = 32;
constexpr std::size_t kDraftMaxSegments = 2000;   // all tracks together
constexpr std::size_t kDraftMaxTextBytes = 1000;  // one text segment
constexpr std::size_t kDraftMaxSrcBytes = 4096;

// resolve: media url (the upload's cdn_url) -> local path ("" when unknown: an
// error naming the file). On success `out` holds the spec; on failure the
// message says what is wrong and `out` is left in an unspecified state.
std::optional<std::string> draft_to_spec(
    const nlohmann::json &draft, const std::function<std::string(const std::string &)> &resolve,
    render::RenderSpec &out);

}  // namespace nemo::server
