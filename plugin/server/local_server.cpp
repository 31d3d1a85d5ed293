// SPDX-License-Identifier: GPL-2.0-or-later
// Lifecycle, routing and the guards every request passes (Host header, token),
// plus the small account endpoints: token, session, credits, state.
#include "server/local_server.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>

#include "platform/clock.hpp"
#include "protocol/draft.hpp"
#include "protocol/text.hpp"
#include "server/atomic_file.hpp"
#include "server/envelope.hpp"
#include "server/httplib_compat.hpp"
#include "server/ids.hpp"
#include "server/render_queue.hpp"
#include "server/request_log.hpp"
#include "server/session_store.hpp"
#include "server/token_store.hpp"

namespace nemo::server {
namespace fs = std::filesystem;

namespace {
thread_local std::chrono::steady_clock::time_point t_request_start;

std::string host_with_port(const std::string &host, int port) {
  const bool v6 = host.find(':') != std::string::npos && host.front() != '[';
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string iso8601(std::int64_t ms) {
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  const std::tm tm = platform::utc_calendar_time(t);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool is_user_segment(const std::string &segment, const std::string &user) {
  return segment == "me" || segment == user;
}
}  // namespace

LocalServer::LocalServer(ServerOptions options, Backend backend)
    : options_(std::move(options)), backend_(std::move(backend)) {
  if (!options_.clock) options_.clock = system_now_ms;
}

LocalServer::~LocalServer() {
  stop();
}

void LocalServer::set_log(std::shared_ptr<RequestLog> log) {
  log_ = std::move(log);
}

std::string LocalServer::base_url() const {
  return "http://" + host_with_port(options_.host, port_);
}

std::string LocalServer::start() {
  if (started_) return "already started";
  if (auto why = validate_options(options_); !why.empty()) return why;
  std::error_code ec;
  fs::create_directories(options_.data_dir, ec);
  if (ec) return "cannot create the data folder " + options_.data_dir + ": " + ec.message();
  const int swept = remove_partial_files(options_.data_dir);
  if (log_ && swept > 0) log_->message("removed " + std::to_string(swept) + " partial file(s)");

  tokens_ = std::make_unique<TokenStore>(options_.data_dir, options_.clock, options_.token_ttl_ms,
                                         options_.credits);
  tokens_->load();
  sessions_ = std::make_unique<SessionStore>(options_.data_dir);
  sessions_->load();
  SessionStore *sessions = sessions_.get();
  renders_ = std::make_unique<RenderQueue>(
      options_.data_dir, options_.workers, backend_.render,
      [sessions](const std::string &url) { return sessions->resolve_media(url); }, backend_.inspect,
      options_.clock, options_.max_render_attempts);
  renders_->load();

  http_ = std::make_unique<httplib::Server>();
  http_->new_task_queue = [] { return new httplib::ThreadPool(32); };
  http_->set_keep_alive_max_count(static_cast<size_t>(std::max(1, options_.keep_alive_max_count)));
  http_->set_read_timeout(30, 0);
  http_->set_write_timeout(30, 0);
  // Uploads are capped per file by the handler; this only bounds a request.
  http_->set_payload_max_length(
      static_cast<std::size_t>(std::max<std::uint64_t>(options_.max_upload_bytes * 21, 64 << 20)));
  install_routes();

  if (options_.port == 0) {
    port_ = http_->bind_to_any_port(options_.host);
    if (port_ <= 0) return "cannot listen on " + options_.host + " (any port)";
  } else {
    if (!http_->bind_to_port(options_.host, options_.port)) {
      return "cannot listen on " + host_with_port(options_.host, options_.port) +
             " (in use, or not an address of this machine)";
    }
    port_ = options_.port;
  }
  any_host_ = options_.host == "0.0.0.0" || options_.host == "::" || options_.host == "[::]";
  for (const char *h : {"127.0.0.1", "localhost", "::1"}) {
    allowed_hosts_.insert(protocol::ascii_lower(host_with_port(h, port_)));
  }
  allowed_hosts_.insert(protocol::ascii_lower(host_with_port(options_.host, port_)));

  started_ = true;
  listener_ = std::thread([this] { http_->listen_after_bind(); });
  // httplib's stop() only works once the accept loop runs: wait for it.
  while (!http_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  renders_->start();
  return "";
}

void LocalServer::stop() {
  if (!started_ || stopping_.exchange(true)) return;
  http_->stop();
  if (listener_.joinable()) listener_.join();
  renders_->stop();
}

bool LocalServer::host_allowed(const httplib::Request &req) const {
  if (any_host_) return true;  // wildcard bind: the access key protects it
  const std::string host = protocol::ascii_lower(req.get_header_value("Host"));
  return allowed_hosts_.count(host) != 0;
}

std::string LocalServer::request_base_url(const httplib::Request &req) const {
  const std::string host = req.get_header_value("Host");
  return host.empty() ? base_url() : "http://" + host;
}

std::optional<std::string> LocalServer::authenticate(const httplib::Request &req,
                                                     httplib::Response &res) {
  const std::string header = req.get_header_value("Authorization");
  std::string token;
  if (header.size() > 7 && protocol::ascii_lower(header.substr(0, 7)) == "bearer ")
    token = header.substr(7);
  while (!token.empty() && token.back() == ' ') token.pop_back();
  auto user = tokens_->user_of(token);
  if (!user) {
    send_error(res, 401, code::kTokenInvalid,
               token.empty() ? "missing bearer token" : "token invalid or expired");
    return std::nullopt;
  }
  return user;
}

std::optional<Session> LocalServer::owned_session(const std::string &session_id,
                                                  const std::string &user, httplib::Response &res,
                                                  bool render_shape) {
  auto session = sessions_->get(session_id);
  if (!session || session->user_id != user) {
    nlohmann::json body = error_envelope(code::kSessionNotFound, "session not found");
    if (render_shape) body["success"] = false;
    send_json(res, 404, body);
    return std::nullopt;
  }
  return session;
}

void LocalServer::install_routes() {
  using httplib::Request;
  using httplib::Response;
  auto &s = *http_;

  s.set_pre_routing_handler([this](const Request &req, Response &res) {
    t_request_start = std::chrono::steady_clock::now();
    if (!host_allowed(req)) {
      send_error(res, 403, code::kForbiddenHost,
                 "Host header refused: this server answers only to its own address");
      return httplib::Server::HandlerResponse::Handled;
    }
    const bool upload = req.path.rfind("/api/upload-video/", 0) == 0;
    if (!upload && req.has_header("Content-Length") &&
        header_u64(req.headers, "Content-Length") > (4u << 20)) {
      send_error(res, 413, code::kBadRequest, "request body too large");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  s.set_logger([this](const Request &req, const Response &res) {
    if (!log_) return;
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - t_request_start)
                        .count();
    log_->request(req.method, req.path, res.status, static_cast<long long>(ms));
  });
  s.set_error_handler([](const Request &, Response &res) {
    if (res.body.empty() && res.status == 404) {
      send_error(res, 404, code::kNotFound, "no such endpoint");
    } else if (res.body.empty()) {
      const int status = res.status;
      send_error(res, status, code::kBadRequest,
                 "bad request (HTTP " + std::to_string(status) + ")");
    }
  });
  s.set_exception_handler([this](const Request &, Response &res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception &e) {
      what = e.what();
    } catch (...) {
    }
    if (log_) log_->message("internal error: " + what);
    send_error(res, 500, code::kInternal, "internal error");
  });

  s.Post("/api/auth/anonymous-token",
         [this](const Request &req, Response &res) { handle_token(req, res); });
  s.Post(R"(/api/tasks/([^/]+)/with-session/nemo_agent)",
         [this](const Request &req, Response &res) { handle_session(req, res); });
  s.Get("/api/credits/balance/simple",
        [this](const Request &req, Response &res) { handle_credits(req, res); });
  s.Get(R"(/api/state/nemo_agent/([^/]+)/([^/]+)/latest)",
        [this](const Request &req, Response &res) { handle_state(req, res); });
  s.Post(R"(/api/upload-video/nemo_agent/([^/]+)/([^/]+))",
         [this](const Request &req, Response &res, const httplib::ContentReader &reader) {
           handle_upload(req, res, reader);
         });
  s.Get(R"(/media/([A-Za-z0-9_]+)/([A-Za-z0-9_]+)/([^/]+))",
        [this](const Request &req, Response &res) { handle_media(req, res); });
  s.Post("/run_sse", [this](const Request &req, Response &res) { handle_run_sse(req, res); });
  s.Post("/api/render/proxy/lambda",
         [this](const Request &req, Response &res) { handle_render_submit(req, res); });
  s.Get(R"(/api/render/proxy/lambda/([^/]+))",
        [this](const Request &req, Response &res) { handle_render_status(req, res); });
  s.Post(R"(/api/render/proxy/lambda/([^/]+)/cancel)",
         [this](const Request &req, Response &res) { handle_render_cancel(req, res); });
  s.Get(R"(/api/render/proxy/([^/]+)/download)",
        [this](const Request &req, Response &res) { handle_render_download(req, res); });
  s.Get(R"(/output/([^/]+)/([0-9a-f]+)\.mp4)",
        [this](const Request &req, Response &res) { handle_render_output(req, res); });
}

void LocalServer::handle_token(const httplib::Request &req, httplib::Response &res) {
  if (!options_.access_key.empty()) {
    const std::string key = req.get_header_value("X-Access-Key");
    if (key.size() != options_.access_key.size() ||
        sha256_hex(key) != sha256_hex(options_.access_key)) {
      send_error(res, 403, code::kAccessKey,
                 "this server needs its access key (header X-Access-Key)");
      return;
    }
  }
  const std::string client_id = req.get_header_value("X-Client-Id");
  if (client_id.empty() || client_id.size() > 128) {
    send_error(res, 400, 400, "missing X-Client-Id header");
    return;
  }
  for (const char c : client_id) {
    if (c < 0x21 || c > 0x7e) {
      send_error(res, 400, 400, "X-Client-Id must be printable ASCII (a UUID)");
      return;
    }
  }
  const IssuedToken t = tokens_->issue(client_id);
  const CreditBalance b = tokens_->balance(t.user_id);
  send_ok(res, {{"token", t.token},
                {"user_id", t.user_id},
                {"expires_at", iso8601(t.expires_at_ms)},
                {"expires_at_ms", t.expires_at_ms},
                {"credits", b.available},
                {"unlimited", b.unlimited}});
}

void LocalServer::handle_session(const httplib::Request &req, httplib::Response &res) {
  auto user = authenticate(req, res);
  if (!user) return;
  if (!is_user_segment(req.matches[1].str(), *user)) {
    send_error(res, 403, code::kTokenInvalid, "the path names another user");
    return;
  }
  nlohmann::json body = nlohmann::json::object();
  if (!req.body.empty()) {
    body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_object()) {
      send_error(res, 400, code::kBadRequest, "the body is not a JSON object");
      return;
    }
  }
  std::string language = protocol::string_at(body, "language");
  if (language != "en" && language != "zh") language = language.rfind("zh", 0) == 0 ? "zh" : "en";
  std::string task_name = protocol::string_at(body, "task_name");
  if (task_name.empty()) task_name = "project";
  if (task_name.size() > 200) task_name.resize(200);
  const Session s = sessions_->create(*user, task_name, language, options_.clock());
  send_ok(res, {{"task_id", s.task_id},
                {"session_id", s.session_id},
                {"user_id", s.user_id},
                {"task_name", s.task_name},
                {"language", s.language}});
}

void LocalServer::handle_credits(const httplib::Request &req, httplib::Response &res) {
  auto user = authenticate(req, res);
  if (!user) return;
  const CreditBalance b = tokens_->balance(*user);
  send_ok(res, {{"available", b.available},
                {"frozen", b.frozen},
                {"total", b.total},
                {"unlimited", b.unlimited},
                {"chat_turn_cost", options_.chat_turn_cost},
                {"export_cost", 0}});
}

nlohmann::json LocalServer::state_json(const Session &s, const std::string &base) const {
  nlohmann::json infos = nlohmann::json::array();
  for (const auto &m : s.media) {
    infos.push_back(media_info_json(m, base));
  }
  nlohmann::json canvas = {{"width", 1920}, {"height", 1080}, {"fps", 30}};
  if (s.draft.is_object() && s.draft.contains("m") && s.draft["m"].is_object()) {
    const auto &m = s.draft["m"];
    // The draft's own numbers, where they are numbers.
    for (const auto &[key, fallback] :
         {std::pair<const char *, int>{"width", 1920}, std::pair<const char *, int>{"height", 1080},
          std::pair<const char *, int>{"fps", 30}}) {
      const double v = protocol::number_at(m, key);
      canvas[key] = std::isfinite(v) && v > 0 && v < 1e6 ? static_cast<int>(v) : fallback;
    }
  }
  nlohmann::json generated = nlohmann::json::array();
  for (const auto &r : renders_->for_session(s.session_id)) {
    nlohmann::json g = {{"render_id", r.id}, {"status", r.status}, {"progress", r.progress}};
    if (r.status == "completed") {
      g["url"] = base + "/output/" + r.id + "/" + r.output_secret + ".mp4";
      g["duration"] = r.duration_s;
      g["size"] = r.size;
    }
    generated.push_back(std::move(g));
  }
  return {{"draft", s.draft.is_null() ? nlohmann::json::object() : s.draft},
          {"video_infos", infos},
          {"canvas_config", canvas},
          {"generated_media", generated},
          {"video_analyses", nlohmann::json::array()}};
}

void LocalServer::handle_state(const httplib::Request &req, httplib::Response &res) {
  auto user = authenticate(req, res);
  if (!user) return;
  auto session = owned_session(req.matches[2].str(), *user, res);
  if (!session) return;
  nlohmann::json history = session->history;
  send_ok(res, {{"session_id", session->session_id},
                {"state", state_json(*session, request_base_url(req))},
                {"messages", history}});
}

}  // namespace nemo::server
