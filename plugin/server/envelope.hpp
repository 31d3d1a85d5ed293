// The answer shapes: {code, message, data} for most endpoints, with the
// protocol's error codes.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

#include "protocol/envelope.hpp"
#include "protocol/error_codes.hpp"

namespace nemo::server {

// The codes are the protocol's (protocol/error_codes.hpp).
namespace code = protocol::code;

using protocol::error_envelope;
using protocol::ok_envelope;

void send_json(httplib::Response &res, int http_status, const nlohmann::json &body);
void send_ok(httplib::Response &res, nlohmann::json data);
void send_error(httplib::Response &res, int http_status, int code, const std::string &message,
                nlohmann::json data = nullptr);

}  // namespace nemo::server
