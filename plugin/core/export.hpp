// Export, the parts that do no I/O: render ids, the three render status
// shapes, duplicate-id failures, and the adaptive poll schedule. The calls
// themselves are ApiClient::submit_render / render_status / wait_render /
// cancel_render (defined in export.cpp).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/api_client.hpp"
#include "core/config.hpp"
#include "core/envelope.hpp"

namespace nemo::core {

// Reads a render status from any of the three documented shapes:
// 1. {"success"|"code", "data":{"status","progress","outputUrl","createdAt","completedAt"}}
// 2. top-level "status" with the URL at "output.url"
// 3. {"render_id","status","output":{"url","duration","size"},"error"}
// False if no status is found.
bool parse_render_status(const Envelope &answer, RenderStatus &out);

// A submit failure that says the id is already taken.
bool is_duplicate_render_id(const Envelope &answer, long http_status);

// The delay before the next poll: previous * backoff, capped; a Retry-After
// (if given) is honoured even above the cap.
std::chrono::milliseconds next_poll_delay(
    std::chrono::milliseconds previous, const Timings &timings,
    std::optional<std::chrono::seconds> retry_after = std::nullopt);

}  // namespace nemo::core
