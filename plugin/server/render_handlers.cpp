// SPDX-License-Identifier: GPL-2.0-or-later
// The render endpoints: submit, status (every documented shape at once),
// cancel, the bearer-protected download and the unguessable output URL.
#include <httplib.h>

#include "protocol/draft.hpp"
#include "server/envelope.hpp"
#include "server/file_response.hpp"
#include "server/local_server.hpp"
#include "server/render_queue.hpp"
#include "server/session_store.hpp"

namespace nemo::server {

namespace {
void send_render_error(httplib::Response &res, int http_status, int error_code,
                       const std::string &error, const std::string &message) {
  nlohmann::json body = error_envelope(error_code, message);
  body["success"] = false;
  body["error"] = error;
  send_json(res, http_status, body);
}

bool draft_exportable(const nlohmann::json &draft) {
  if (!draft.is_object() || !draft.contains("t") || !draft["t"].is_array()) return false;
  for (const auto &track : draft["t"]) {
    if (track.is_object() && track.contains("sg") && track["sg"].is_array() &&
        !track["sg"].empty()) {
      return true;
    }
  }
  return false;
}
}  // namespace

nlohmann::json LocalServer::render_json(const RenderJob &r, const std::string &base) const {
  const bool done = r.status == "completed";
  const nlohmann::json url =
      done ? nlohmann::json(base + "/output/" + r.id + "/" + r.output_secret + ".mp4") : nullptr;
  const nlohmann::json output = done ? nlohmann::json{{"url", url},
                                                      {"duration", r.duration_s},
                                                      {"size", r.size},
                                                      {"format", "mp4"},
                                                      {"encoder", r.encoder}}
                                     : nlohmann::json(nullptr);
  const nlohmann::json error = r.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.error);
  const double progress = static_cast<double>(static_cast<int>(r.progress * 10)) / 10.0;
  nlohmann::json data = {
      {"id", r.id},
      {"render_id", r.id},
      {"sessionId", r.session_id},
      {"status", r.status},
      {"progress", progress},
      {"outputUrl", url},
      {"output", output},
      {"createdAt", r.created_at_ms},
      {"completedAt",
       r.completed_at_ms ? nlohmann::json(r.completed_at_ms) : nlohmann::json(nullptr)},
      {"error", error},
      {"errorCode", r.error_code.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.error_code)},
      {"downloadUrl", base + "/api/render/proxy/" + r.id + "/download"}};
  return {{"success", true},  {"code", code::kOk}, {"message", "success"}, {"data", data},
          {"id", r.id},       {"render_id", r.id}, {"status", r.status},   {"progress", progress},
          {"output", output}, {"outputUrl", url},  {"error", error}};
}

void LocalServer::handle_render_submit(const httplib::Request &req, httplib::Response &res) {
  auto user = authenticate(req, res);
  if (!user) return;
  const auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (!body.is_object()) {
    send_render_error(res, 400, code::kBadRequest, "bad_request", "the body is not a JSON object");
    return;
  }
  const std::string id = protocol::string_at(body, "id");
  if (!is_valid_render_id(id)) {
    send_render_error(res, 400, code::kBadRequest, "bad_request",
                      "the render id must be 1-128 of A-Z a-z 0-9 _ - .");
    return;
  }
  std::string session_id = protocol::string_at(body, "sessionId");
  if (session_id.empty()) session_id = protocol::string_at(body, "session_id");
  auto session = owned_session(session_id, *user, res, /*render_shape=*/true);
  if (!session) return;
  const nlohmann::json draft = body.value("draft", nlohmann::json());
  if (!draft_exportable(draft)) {
    send_render_error(res, 400, code::kBadRequest, "empty_draft",
                      "the draft has nothing to render (no track has segments)");
    return;
  }
  RenderJob record;
  record.id = id;
  record.session_id = session_id;
  record.user_id = *user;
  record.draft = draft;
  record.output = body.value("output", nlohmann::json::object());
  RenderJob accepted;
  switch (renders_->submit(record, &accepted)) {
    case RenderQueue::SubmitResult::Duplicate:
      send_render_error(res, 409, code::kDuplicateId, "duplicate_id",
                        "duplicate render id: " + id + " already exists; use a new id");
      return;
    case RenderQueue::SubmitResult::Stopped:
      send_render_error(res, 503, code::kInternal, "stopping", "the server is shutting down");
      return;
    case RenderQueue::SubmitResult::Ok:
      break;
  }
  send_json(res, 200, render_json(accepted, request_base_url(req)));
}

void LocalServer::handle_render_status(const httplib::Request &req, httplib::Response &res) {
  auto user = authenticate(req, res);
  if (!user) return;
  const auto r = renders_->get(req.matches[1].str());
  if (!r || r->user_id != *user) {
    send_render_error(res, 404, code::kNotFound, "not_found", "no such render");
    return;
  }
  send_json(res, 200, render_json(*r, request_base_url(req)));
}

void LocalServer::handle_render_cancel(const httplib::Request &req, httplib::Response &res) {
  auto user = authenticate(req, res);
  if (!user) return;
  const std::string id = req.matches[1].str();
  const auto existing = renders_->get(id);
  if (!existing || existing->user_id != *user) {
    send_render_error(res, 404, code::kNotFound, "not_found", "no such render");
    return;
  }
  const auto r = renders_->cancel(id);
  nlohmann::json body = render_json(r ? *r : *existing, request_base_url(req));
  body["data"]["cancelRequested"] =
      existing->status == "pending" || existing->status == "processing";
  send_json(res, 200, body);
}

void LocalServer::handle_render_download(const httplib::Request &req, httplib::Response &res) {
  auto user = authenticate(req, res);
  if (!user) return;
  const std::string id = req.matches[1].str();
  const auto r = renders_->get(id);
  if (!r || r->user_id != *user) {
    send_render_error(res, 404, code::kNotFound, "not_found", "no such render");
    return;
  }
  if (r->status != "completed") {
    send_render_error(res, 409, code::kNotReady, "not_ready",
                      "the render is " + r->status + ", not completed");
    return;
  }
  if (!serve_file(res, renders_->output_path(id), "video/mp4")) {
    send_render_error(res, 404, code::kNotFound, "missing", "the rendered file is missing");
    return;
  }
  res.set_header("Content-Disposition", "attachment; filename=\"" + id + ".mp4\"");
}

void LocalServer::handle_render_output(const httplib::Request &req, httplib::Response &res) {
  const std::string id = req.matches[1].str(), secret = req.matches[2].str();
  const auto r = renders_->get(id);
  if (!r || r->status != "completed" || r->output_secret.empty() ||
      r->output_secret.size() != secret.size() ||
      !std::equal(secret.begin(), secret.end(), r->output_secret.begin()) ||
      !serve_file(res, renders_->output_path(id), "video/mp4")) {
    send_error(res, 404, code::kNotFound, "no such output");
  }
}

}  // namespace nemo::server
