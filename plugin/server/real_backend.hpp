// The real backend of nemo-local: the rule-based agent (server/agent.hpp),
// draft_to_spec and the FFmpeg renderer and media inspector (render/).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "server/backend.hpp"
#include "server/options.hpp"

namespace nemo::server {

// options.preset picks the encoder: veryfast (x264 veryfast, CRF 20) or
// quality (x264 slow, CRF 18).
Backend make_real_backend(const ServerOptions &options);

}  // namespace nemo::server
