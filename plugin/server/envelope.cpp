// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/envelope.hpp"

namespace nemo::server {

void send_json(httplib::Response &res, int http_status, const nlohmann::json &body) {
  res.status = http_status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json");
}

void send_ok(httplib::Response &res, nlohmann::json data) {
  send_json(res, 200, ok_envelope(std::move(data)));
}

void send_error(httplib::Response &res, int http_status, int error_code, const std::string &message,
                nlohmann::json data) {
  send_json(res, http_status, error_envelope(error_code, message, std::move(data)));
}

}  // namespace nemo::server
