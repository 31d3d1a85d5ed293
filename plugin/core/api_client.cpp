// SPDX-License-Identifier: GPL-2.0-or-later
// The request path with the error table's retry rules, auth, sessions,
// credits and state. Upload, chat, export and download live in their own files.
#include "core/api_client.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "core/api_client_impl.hpp"
#include "protocol/draft.hpp"
#include "protocol/error_codes.hpp"

namespace nemo::core {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string as_string(const nlohmann::json &j, const char *key) {
  if (!j.is_object() || !j.contains(key)) return {};
  const auto &v = j[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();
  return {};
}

// A number or a numeric string (protocol::number_at); 0 when absent or not a number.
double as_number(const nlohmann::json &j, const char *key) {
  const double v = protocol::number_at(j, key);
  return std::isnan(v) ? 0 : v;
}

bool mentions_client_id(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text.find("client-id") != std::string::npos ||
         text.find("client id") != std::string::npos || text.find("client_id") != std::string::npos;
}

constexpr const char *kAccepted =
    "mp4, mov, avi, webm, mkv, jpg, png, gif, webp, heic, mp3, wav, m4a, aac";

}  // namespace

std::string path_segment(const std::string &s) {
  static const char *hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

bool is_nemovideo_cloud(const std::string &base_url) {
  // scheme://host[:port] -> host
  std::string host = http_origin(base_url);
  if (const auto at = host.find("://"); at != std::string::npos) host.erase(0, at + 3);
  if (const auto colon = host.rfind(':'); colon != std::string::npos) host.erase(colon);
  const std::string domain = "nemovideo.ai";
  return host == domain ||
         (host.size() > domain.size() &&
          host.compare(host.size() - domain.size() - 1, domain.size() + 1, "." + domain) == 0);
}

// ---------------------------------------------------------------- Impl

ApiClient::Impl::Impl(Config c) : config(std::move(c)), store(config.data_dir) {
  while (!config.base_url.empty() && config.base_url.back() == '/') config.base_url.pop_back();
  auth = store.load();
  if (auth.client_id.empty()) {
    auth.client_id = make_uuid();
    store.save(auth);  // best effort: a read-only folder still works for this run
  }
}

std::string ApiClient::Impl::token() const {
  if (!config.token.empty()) return config.token;
  std::lock_guard<std::mutex> lock(mutex);
  return auth.token;
}

std::string ApiClient::Impl::session() const {
  std::lock_guard<std::mutex> lock(mutex);
  return auth.session_id;
}

std::string ApiClient::Impl::url(const std::string &path) const {
  return config.base_url + path;
}

std::vector<std::pair<std::string, std::string>> ApiClient::Impl::headers(
    bool with_auth, const std::string &tok) const {
  std::vector<std::pair<std::string, std::string>> h;
  if (with_auth && !tok.empty()) h.emplace_back("Authorization", "Bearer " + tok);
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (!auth.client_id.empty()) h.emplace_back("X-Client-Id", auth.client_id);
  }
  h.emplace_back("X-Skill-Source", config.attribution.source);
  h.emplace_back("X-Skill-Version", config.attribution.version);
  h.emplace_back("X-Skill-Platform", config.attribution.platform);
  return h;
}

std::string ApiClient::Impl::scrub(std::string text) const {
  for (const std::string &secret : {config.token, token()}) {
    if (secret.size() < 4) continue;
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at))
      text.replace(at, secret.size(), "***");
  }
  return redact_secrets(std::move(text));
}

Error ApiClient::Impl::persist() {
  PersistedAuth copy;
  {
    std::lock_guard<std::mutex> lock(mutex);
    copy = auth;
  }
  return store.save(copy);
}

Error ApiClient::Impl::wait(std::chrono::milliseconds duration, const CancelToken &cancel) const {
  if (cancel.wait_for(duration)) return make_error(ErrorCode::Cancelled, "cancelled");
  return {};
}

void ApiClient::Impl::new_client_id() {
  {
    std::lock_guard<std::mutex> lock(mutex);
    auth.client_id = make_uuid();
  }
  persist();
}

bool ApiClient::Impl::is_cloud() const {
  return is_nemovideo_cloud(config.base_url);
}

bool ApiClient::Impl::chat_camel_case() const {
  std::lock_guard<std::mutex> lock(mutex);
  const auto &list = auth.camel_case_chat;
  return std::find(list.begin(), list.end(), config.base_url) != list.end();
}

void ApiClient::Impl::remember_chat_camel_case(bool camel) {
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto &list = auth.camel_case_chat;
    const auto it = std::find(list.begin(), list.end(), config.base_url);
    if (camel == (it != list.end())) return;
    if (camel)
      list.push_back(config.base_url);
    else
      list.erase(it);
  }
  persist();  // best effort: remembered in memory for this run either way
}

Error ApiClient::Impl::fetch_token(const CancelToken &cancel) {
  ApiCall call;
  call.method = "POST";
  call.path = [](const std::string &) { return std::string("/api/auth/anonymous-token"); };
  call.auth = false;
  call.token_endpoint = true;
  ApiAnswer answer;
  if (Error e = perform(call, answer, cancel)) return e;
  const auto &d = answer.env.data;
  const std::string tok = as_string(d, "token");
  if (tok.empty()) return make_error(ErrorCode::Protocol, "anonymous-token answer has no token");
  std::int64_t expires = 0;
  if (d.contains("expires_at")) {
    const auto &v = d["expires_at"];
    expires = parse_expiry_ms(v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : "");
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    auth.token = tok;
    auth.expires_at_ms = expires;
    auth.user_id = as_string(d, "user_id");
  }
  persist();  // best effort: the token still works for this run
  return {};
}

Error ApiClient::Impl::ensure_token(const CancelToken &cancel) {
  if (!config.token.empty()) return {};
  auto valid = [this] {
    std::lock_guard<std::mutex> lock(mutex);
    return !auth.token.empty() &&
           (auth.expires_at_ms == 0 || now_ms() < auth.expires_at_ms - 60000);
  };
  if (valid()) return {};
  std::lock_guard<std::mutex> one(token_mutex);
  if (valid()) return {};
  return fetch_token(cancel);
}

Error ApiClient::Impl::renew_token_if(const std::string &used, const CancelToken &cancel) {
  if (!config.token.empty()) return make_error(ErrorCode::Auth, "the configured token was refused");
  std::lock_guard<std::mutex> one(token_mutex);
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (auth.token != used && !auth.token.empty()) return {};  // another call renewed it
    auth.token.clear();
    auth.expires_at_ms = 0;
  }
  return fetch_token(cancel);
}

Error ApiClient::Impl::create_session(SessionInfo *out, const CancelToken &cancel) {
  ApiCall call;
  call.method = "POST";
  call.path = [](const std::string &) {
    return std::string("/api/tasks/me/with-session/nemo_agent");
  };
  const std::string language = config.language;
  call.json_body = [language](const std::string &) {
    return nlohmann::json{{"task_name", "project"}, {"language", language}}.dump();
  };
  ApiAnswer answer;
  if (Error e = perform(call, answer, cancel)) return e;
  SessionInfo info{as_string(answer.env.data, "session_id"), as_string(answer.env.data, "task_id")};
  if (info.session_id.empty())
    return make_error(ErrorCode::Protocol, "session answer has no session_id");
  {
    std::lock_guard<std::mutex> lock(mutex);
    auth.session_id = info.session_id;
    auth.task_id = info.task_id;
  }
  persist();
  if (out) *out = info;
  return {};
}

Error ApiClient::Impl::ensure_session(const CancelToken &cancel) {
  if (!session().empty()) return {};
  std::lock_guard<std::mutex> one(session_mutex);
  if (!session().empty()) return {};
  return create_session(nullptr, cancel);
}

Error ApiClient::Impl::renew_session_if(const std::string &used, const CancelToken &cancel) {
  std::lock_guard<std::mutex> one(session_mutex);
  if (session() != used && !session().empty()) return {};
  return create_session(nullptr, cancel);
}

Error ApiClient::Impl::classify(const ApiAnswer &a, const std::string &what) const {
  const long status = a.http.status;
  const Envelope &env = a.env;
  const long code = env.has_code ? env.code : 0;
  std::string msg = env.message.empty() ? std::string() : ": " + env.message;
  auto err = [&](ErrorCode c, const std::string &d) {
    return make_error(c, scrub(what + ": " + d));
  };
  if (status == 402)
    return err(ErrorCode::PlanBlocked, "HTTP 402, export blocked on this plan" + msg);
  if (status == 429)
    return err(ErrorCode::RateLimited, "HTTP 429, rate limited after one retry" + msg);
  // The envelope's code says why before the status does: nemo-local sends
  // 2001 with HTTP 403, which is no reason to doubt the token.
  if (code == protocol::code::kOutOfCredits) {
    std::string d = "out of credits (2001)" + msg;
    const std::string uid = [this] {
      std::lock_guard<std::mutex> lock(mutex);
      return auth.user_id;
    }();
    if (config.token.empty() && !uid.empty()) d += "; register with ?bind=" + uid;
    return err(ErrorCode::Credits, d);
  }
  if (code == protocol::code::kTokenInvalid || status == 401 || status == 403)
    return err(ErrorCode::Auth, "token refused (code " + std::to_string(code) + ", HTTP " +
                                    std::to_string(status) + ")" + msg);
  if (code == protocol::code::kSessionNotFound)
    return err(ErrorCode::Session, "session not found (1002)" + msg);
  // An upload refusal that says why (nemo-local's data.reason): its own message.
  if ((code == protocol::code::kBadRequest || code == protocol::code::kUnsupportedType ||
       code == protocol::code::kFileTooLarge) &&
      env.data.is_object() && env.data.contains("reason") && env.data["reason"].is_string()) {
    static const struct {
      const char *reason;
      ErrorCode code;
      const char *key;
    } kReasons[] = {
        {"damaged", ErrorCode::BadInput, "Error.FileDamaged"},
        {"no_media", ErrorCode::BadInput, "Error.FileNoMedia"},
        {"unsupported_codec", ErrorCode::UnsupportedFile, "Error.UnsupportedCodec"},
        {"too_many_pixels", ErrorCode::FileTooLarge, "Error.ImageTooLarge"},
        {"too_many_files", ErrorCode::Usage, "Error.TooManyFiles"},
    };
    const std::string reason = env.data["reason"].get<std::string>();
    for (const auto &r : kReasons) {
      if (reason != r.reason) continue;
      Error e = err(r.code, "upload refused (" + std::to_string(code) + ", " + reason + ")" + msg);
      e.key = r.key;
      return e;
    }
  }
  if (code == protocol::code::kUnsupportedType)
    return err(ErrorCode::UnsupportedFile,
               std::string("unsupported file type (4001); accepted: ") + kAccepted + msg);
  if (code == protocol::code::kFileTooLarge)
    return err(ErrorCode::FileTooLarge, "file too large (4002); compress or trim it" + msg);
  if (status >= 500) return err(ErrorCode::Network, "HTTP " + std::to_string(status) + msg);
  // Never a success outside 2xx, whatever the body says (a 3xx that was not followed, a 1xx).
  if (status < 200 || status >= 300)
    return err(ErrorCode::Protocol, "HTTP " + std::to_string(status) + msg);
  if (!env.json) return err(ErrorCode::Protocol, "the answer is not a JSON object");
  if (!env.ok)
    return err(
        ErrorCode::Protocol,
        (env.has_code ? "code " + std::to_string(code) : std::string("success false")) + msg);
  return {};
}

Error ApiClient::Impl::perform(const ApiCall &call, ApiAnswer &answer, const CancelToken &cancel) {
  if (call.auth)
    if (Error e = ensure_token(cancel)) return e;
  if (call.needs_session)
    if (Error e = ensure_session(cancel)) return e;
  bool token_retried = false, session_retried = false, client_retried = false, rate_retried = false;
  for (;;) {
    const std::string tok = call.auth ? token() : std::string();
    const std::string sid = session();
    const std::string path = call.path(sid);
    HttpRequest req;
    req.method = call.method;
    req.url = url(path);
    req.headers = headers(call.auth, tok);
    req.headers.emplace_back("Accept", call.accept);
    if (call.json_body) {
      req.body = call.json_body(sid);
      req.content_type = "application/json";
    }
    req.multipart = call.multipart;
    req.cancel = &cancel;
    req.connect_timeout = config.timings.connect_timeout;
    req.total_timeout = call.timeout.count() > 0 ? call.timeout : config.timings.request_timeout;
    req.low_speed_time = config.timings.transfer_stall;
    if (call.customize) call.customize(req);

    answer = ApiAnswer{};
    if (Error e = http_perform(req, answer.http)) {
      e.detail = scrub(e.detail);
      return e;
    }
    const long status = answer.http.status;
    if (req.on_data && status >= 200 && status < 300 && answer.http.body.empty())
      return {};  // streamed
    answer.env = parse_envelope(answer.http.body, status);
    const std::string what = call.method + " " + path;

    if (status == 429 && call.retry_rate_limit && !rate_retried) {
      rate_retried = true;
      auto delay = config.timings.rate_limit_wait;
      if (auto ra = answer.http.retry_after())
        delay = std::min<std::chrono::milliseconds>(*ra, config.timings.max_retry_after);
      if (Error e = wait(delay, cancel)) return e;
      continue;
    }
    if (status == 400 && !client_retried &&
        (call.token_endpoint || mentions_client_id(answer.env.message + answer.http.body))) {
      client_retried = true;
      new_client_id();
      if (!call.token_endpoint && call.auth && config.token.empty())
        if (Error e = renew_token_if(tok, cancel)) return e;
      continue;
    }
    const bool token_bad =
        status == 401 || (answer.env.has_code && answer.env.code == protocol::code::kTokenInvalid);
    if (token_bad && call.auth && !token_retried && config.token.empty()) {
      token_retried = true;
      if (Error e = renew_token_if(tok, cancel)) return e;
      continue;
    }
    const bool session_bad =
        answer.env.has_code && answer.env.code == protocol::code::kSessionNotFound;
    if (session_bad && call.needs_session && !session_retried) {
      session_retried = true;
      if (Error e = renew_session_if(sid, cancel)) return e;
      continue;
    }
    return classify(answer, what);
  }
}

// ---------------------------------------------------------------- ApiClient

ApiClient::ApiClient(Config config) : impl_(std::make_unique<Impl>(std::move(config))) {}
ApiClient::~ApiClient() = default;

const Config &ApiClient::config() const {
  return impl_->config;
}

Error ApiClient::ensure_token(const CancelToken &cancel) {
  try {
    return impl_->ensure_token(cancel);
  } catch (const std::exception &e) {
    return make_error(ErrorCode::Internal, e.what());
  }
}

Error ApiClient::renew_token(const CancelToken &cancel) {
  try {
    return impl_->renew_token_if(impl_->token(), cancel);
  } catch (const std::exception &e) {
    return make_error(ErrorCode::Internal, e.what());
  }
}

bool ApiClient::anonymous() const {
  return impl_->config.token.empty();
}

std::string ApiClient::client_id() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->auth.client_id;
}

std::string ApiClient::user_id() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->auth.user_id;
}

Error ApiClient::create_session(SessionInfo *out, const CancelToken &cancel) {
  try {
    std::lock_guard<std::mutex> one(impl_->session_mutex);
    return impl_->create_session(out, cancel);
  } catch (const std::exception &e) {
    return make_error(ErrorCode::Internal, e.what());
  }
}

Error ApiClient::ensure_session(const CancelToken &cancel) {
  try {
    if (Error e = impl_->ensure_token(cancel)) return e;
    return impl_->ensure_session(cancel);
  } catch (const std::exception &e) {
    return make_error(ErrorCode::Internal, e.what());
  }
}

std::string ApiClient::session_id() const {
  return impl_->session();
}

void ApiClient::set_session_id(const std::string &session_id) {
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->auth.session_id = session_id;
    impl_->auth.task_id.clear();
  }
  impl_->persist();
}

Error ApiClient::credits(Credits &out, const CancelToken &cancel) {
  try {
    ApiCall call;
    call.path = [](const std::string &) { return std::string("/api/credits/balance/simple"); };
    ApiAnswer answer;
    if (Error e = impl_->perform(call, answer, cancel)) return e;
    const auto &d = answer.env.data;
    out.available = as_number(d, "available");
    out.frozen = as_number(d, "frozen");
    out.total = as_number(d, "total");
    return {};
  } catch (const std::exception &e) {
    return make_error(ErrorCode::Internal, e.what());
  }
}

Error ApiClient::state(nlohmann::json &out, const CancelToken &cancel) {
  try {
    ApiCall call;
    call.needs_session = true;
    call.path = [](const std::string &sid) {
      return "/api/state/nemo_agent/me/" + path_segment(sid) + "/latest";
    };
    ApiAnswer answer;
    if (Error e = impl_->perform(call, answer, cancel)) return e;
    const auto &d = answer.env.data;
    out = d.is_object() && d.contains("state") ? d["state"] : d;
    return {};
  } catch (const std::exception &e) {
    return make_error(ErrorCode::Internal, e.what());
  }
}

}  // namespace nemo::core
