// nemo-local's HTTP server: every endpoint of plugin/protocol/PROTOCOL.md over cpp-httplib,
// with the stores, the render queue and the injected backend (agent,
// renderer, media inspector).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "server/backend.hpp"
#include "server/options.hpp"

namespace httplib {
class Server;
struct Request;
struct Response;
class ContentReader;
class DataSink;
}  // namespace httplib

namespace nemo::server {

class RequestLog;
class TokenStore;
class SessionStore;
class RenderQueue;
struct Session;
struct RenderJob;

class LocalServer {
 public:
  LocalServer(ServerOptions options, Backend backend);
  ~LocalServer();
  LocalServer(const LocalServer &) = delete;
  LocalServer &operator=(const LocalServer &) = delete;

  // Loads the data folder, binds and starts serving in the background.
  // "" on success, else why it could not start.
  std::string start();
  // Stops listening, ends open streams, interrupts renders (they resume at the
  // next start) and joins every thread. Idempotent.
  void stop();

  int port() const { return port_; }
  const std::string &host() const { return options_.host; }
  std::string base_url() const;  // http://HOST:PORT
  std::string listening_line() const { return "listening on " + base_url(); }

  void set_log(std::shared_ptr<RequestLog> log);

 private:
  struct Turn;

  void install_routes();
  bool host_allowed(const httplib::Request &req) const;
  std::optional<std::string> authenticate(const httplib::Request &req, httplib::Response &res);
  std::optional<Session> owned_session(const std::string &session_id, const std::string &user,
                                       httplib::Response &res, bool render_shape = false);
  std::string request_base_url(const httplib::Request &req) const;

  void handle_token(const httplib::Request &req, httplib::Response &res);
  void handle_session(const httplib::Request &req, httplib::Response &res);
  void handle_credits(const httplib::Request &req, httplib::Response &res);
  void handle_state(const httplib::Request &req, httplib::Response &res);
  void handle_upload(const httplib::Request &req, httplib::Response &res,
                     const httplib::ContentReader &reader);
  void upload_multipart(const httplib::Request &req, httplib::Response &res,
                        const httplib::ContentReader &reader, const Session &session);
  void upload_urls(const httplib::Request &req, httplib::Response &res,
                   const httplib::ContentReader &reader, const Session &session);
  void handle_media(const httplib::Request &req, httplib::Response &res);
  void handle_run_sse(const httplib::Request &req, httplib::Response &res);
  void run_turn(Turn &turn, httplib::DataSink &sink);
  void handle_render_submit(const httplib::Request &req, httplib::Response &res);
  void handle_render_status(const httplib::Request &req, httplib::Response &res);
  void handle_render_cancel(const httplib::Request &req, httplib::Response &res);
  void handle_render_download(const httplib::Request &req, httplib::Response &res);
  void handle_render_output(const httplib::Request &req, httplib::Response &res);

  nlohmann::json render_json(const RenderJob &r, const std::string &base) const;
  nlohmann::json state_json(const Session &s, const std::string &base) const;

  ServerOptions options_;
  Backend backend_;
  std::shared_ptr<RequestLog> log_;
  std::unique_ptr<httplib::Server> http_;
  std::unique_ptr<TokenStore> tokens_;
  std::unique_ptr<SessionStore> sessions_;
  std::unique_ptr<RenderQueue> renders_;
  std::thread listener_;
  std::set<std::string> allowed_hosts_;
  bool any_host_ = false;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  bool started_ = false;
};

}  // namespace nemo::server
