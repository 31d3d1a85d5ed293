// The API's answer envelopes as the client reads them: the protocol's
// (protocol/envelope.hpp), under core's names.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "protocol/envelope.hpp"

namespace nemo::core {

using protocol::Envelope;
using protocol::parse_envelope;

}  // namespace nemo::core
