// The answer shapes: {code, message, data} for most endpoints, and the error
// codes of PROTOCOL.md.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

namespace nemo::server {

namespace code {
inline constexpr int kOk = 0;
inline constexpr int kTokenInvalid = 1001;
inline constexpr int kSessionNotFound = 1002;
inline constexpr int kAccessKey = 1003;  // local: --access-key missing or wrong
inline constexpr int kOutOfCredits = 2001;
inline constexpr int kBadRequest = 4000;  // local: malformed request
inline constexpr int kUnsupportedType = 4001;
inline constexpr int kFileTooLarge = 4002;
inline constexpr int kNotFound = 4004;       // local: unknown render / media / route
inline constexpr int kDuplicateId = 4009;    // local: render id already used
inline constexpr int kNotReady = 4010;       // local: render not completed
inline constexpr int kForbiddenHost = 4030;  // local: Host header refused
inline constexpr int kInternal = 5000;
}  // namespace code

nlohmann::json ok_envelope(nlohmann::json data, const std::string &message = "success");
nlohmann::json error_envelope(int code, const std::string &message, nlohmann::json data = nullptr);

void send_json(httplib::Response &res, int http_status, const nlohmann::json &body);
void send_ok(httplib::Response &res, nlohmann::json data);
void send_error(httplib::Response &res, int http_status, int code, const std::string &message,
                nlohmann::json data = nullptr);

}  // namespace nemo::server
