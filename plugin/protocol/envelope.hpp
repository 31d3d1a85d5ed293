// The two answer envelopes of the API, read the same way on every endpoint
// (PROTOCOL.md, "Envelopes"):
// {"code":0,"message":"...","data":{...}} and {"success":true,"data":{...}}.
// A JSON body with neither is taken whole as the data (the third render
// status shape is unwrapped). The reason of a failure is read from
// `message`/`msg`, else `error`, else `detail` (ADK JS answers
// {"error":"Session not found: ..."}, FastAPI {"detail":"..."} or a list of
// {"loc","msg"}), whether a string, an object or a list.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace nemo::protocol {

struct Envelope {
  bool json = false;  // the body parsed as a JSON object
  bool ok = false;    // code 0 / success true / unwrapped, and never with a non-2xx status
  bool has_code = false;
  long code = 0;        // the `code` member when present
  std::string message;  // `message`/`msg`/`error`/`detail` text, if any
  nlohmann::json data;  // `data`, or the whole body when unwrapped
  nlohmann::json body;  // the whole body
};

// The body alone (status unknown).
Envelope parse_envelope(std::string_view body);
// The body of an HTTP answer: a status outside 2xx is never ok, whatever the body says.
Envelope parse_envelope(std::string_view body, long http_status);

// What nemo-local sends: {"code":0,"message":...,"data":...} and the same
// with an error code (protocol/error_codes.hpp).
nlohmann::json ok_envelope(nlohmann::json data, const std::string &message = "success");
nlohmann::json error_envelope(int code, const std::string &message, nlohmann::json data = nullptr);

}  // namespace nemo::protocol
