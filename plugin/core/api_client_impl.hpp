// Internal to the ApiClient's .cpp files (api_client, upload, chat_turn,
// export, download): the shared state and the one request path that applies
// the error table's retry rules. Not for other users of core.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/api_client.hpp"
#include "core/auth_store.hpp"
#include "core/envelope.hpp"
#include "core/http.hpp"

namespace nemo::core {

// One logical API call; rebuilt on each retry (the session may change).
struct ApiCall {
  std::string method = "GET";
  std::function<std::string(const std::string &session_id)> path;
  std::function<std::string(const std::string &session_id)> json_body;  // empty: no body
  std::vector<MultipartPart> multipart;
  bool auth = true;            // send the bearer token
  bool needs_session = false;  // path/body use the session; 1002 -> new session, retry once
  bool retry_rate_limit = true;
  bool token_endpoint = false;           // HTTP 400 here means: new client id
  std::chrono::milliseconds timeout{0};  // 0: Timings::request_timeout
  std::string accept = "application/json";
  // For streams and uploads: adjust the HttpRequest before it is sent.
  std::function<void(HttpRequest &)> customize;
};

struct ApiAnswer {
  HttpResponse http;
  Envelope env;
};

struct ApiClient::Impl {
  explicit Impl(Config c);

  Config config;
  AuthStore store;
  mutable std::mutex mutex;  // guards `auth` and `current_token`
  std::mutex token_mutex;    // one token request at a time
  std::mutex session_mutex;  // one session creation at a time
  PersistedAuth auth;

  std::string token() const;
  std::string session() const;
  std::string url(const std::string &path) const;
  std::vector<std::pair<std::string, std::string>> headers(bool with_auth,
                                                           const std::string &token) const;
  // Replaces the token, if it appears in `text`, by ***.
  std::string scrub(std::string text) const;
  Error persist();  // with `mutex` held by the caller? no: takes it itself

  Error fetch_token(const CancelToken &cancel);
  Error ensure_token(const CancelToken &cancel);
  // Renews only if the token is still `used` (another thread may have renewed).
  Error renew_token_if(const std::string &used, const CancelToken &cancel);
  Error create_session(SessionInfo *out, const CancelToken &cancel);
  Error ensure_session(const CancelToken &cancel);
  Error renew_session_if(const std::string &used, const CancelToken &cancel);
  void new_client_id();

  // The NemoVideo cloud (its documented snake_case chat body, always).
  bool is_cloud() const;
  // This backend's /run_sse reads only the camelCase body (ADK JS): learnt by
  // a retry, kept in `auth` (persisted per base URL).
  bool chat_camel_case() const;
  void remember_chat_camel_case(bool camel);

  // Sends `call` with the retry rules; on success `answer` holds the answer.
  // A non-2xx status or a failed envelope is mapped to an Error; answer still
  // holds what came (export reads duplicate-id failures from it).
  Error perform(const ApiCall &call, ApiAnswer &answer, const CancelToken &cancel);
  // Error for one answer (no retries): Ok if it is a success.
  Error classify(const ApiAnswer &answer, const std::string &what) const;
  // Sleeps, cancellable. Returns Cancelled if cancelled.
  Error wait(std::chrono::milliseconds duration, const CancelToken &cancel) const;
};

// Percent-encodes a path segment.
std::string path_segment(const std::string &s);

}  // namespace nemo::core
