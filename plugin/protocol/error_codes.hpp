// The `code` of an answer's envelope ({code, message, data}): what the cloud
// sends (plugin/protocol/PROTOCOL.md, "Errors") and what nemo-local adds. The
// client acts on them (a new token on kTokenInvalid, a new session on
// kSessionNotFound, Error.Credits on kOutOfCredits); the server sends them.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

namespace nemo::protocol::code {

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

}  // namespace nemo::protocol::code
