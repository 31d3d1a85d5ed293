// The two answer envelopes of the API, read the same way on every endpoint:
// {"code":0,"message":"...","data":{...}} and {"success":true,"data":{...}}.
// A JSON body with neither is taken whole as the data (the third render
// status shape is unwrapped).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace nemo::core {

struct Envelope {
  bool json = false;  // the body parsed as a JSON object
  bool ok = false;    // code 0 / success true / unwrapped
  bool has_code = false;
  long code = 0;        // the `code` member when present
  std::string message;  // `message`/`msg`/`error` text, if any
  nlohmann::json data;  // `data`, or the whole body when unwrapped
  nlohmann::json body;  // the whole body
};

Envelope parse_envelope(std::string_view body);

}  // namespace nemo::core
