// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/export.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/api_client_impl.hpp"
#include "protocol/draft.hpp"
#include "protocol/text.hpp"

namespace nemo::core {
namespace {

std::string str_of(const nlohmann::json &o, std::initializer_list<const char *> keys) {
  if (!o.is_object()) return {};
  for (const char *k : keys) {
    if (!o.contains(k)) continue;
    const auto &v = o[k];
    if (v.is_string() && !v.get<std::string>().empty()) return v.get<std::string>();
    if (v.is_number()) return v.dump();
  }
  return {};
}

// The first of the keys that holds a number or a numeric string; 0 when none does.
double num_of(const nlohmann::json &o, std::initializer_list<const char *> keys) {
  for (const char *k : keys) {
    const double v = protocol::number_at(o, k);
    if (!std::isnan(v)) return v;
  }
  return 0;
}

std::string error_text(const nlohmann::json &v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object()) {
    std::string s = str_of(v, {"message", "reason", "error", "detail"});
    return s.empty() ? v.dump() : s;
  }
  return {};
}

// Fills what `o` has; keeps what is already set.
void read_status_object(const nlohmann::json &o, RenderStatus &out) {
  if (!o.is_object()) return;
  if (out.id.empty()) out.id = str_of(o, {"id", "render_id", "renderId"});
  if (out.status.empty()) out.status = protocol::ascii_lower(str_of(o, {"status", "state"}));
  if (out.progress == 0) out.progress = num_of(o, {"progress", "percent"});
  if (out.output_url.empty())
    out.output_url = str_of(o, {"outputUrl", "output_url", "url", "downloadUrl"});
  if (o.contains("output")) {
    const auto &output = o["output"];
    if (output.is_string() && out.output_url.empty()) out.output_url = output.get<std::string>();
    if (output.is_object()) {
      if (out.output_url.empty())
        out.output_url = str_of(output, {"url", "outputUrl", "output_url"});
      if (out.size == 0) out.size = static_cast<std::uint64_t>(num_of(output, {"size"}));
      if (out.duration_s == 0) out.duration_s = num_of(output, {"duration"});
      if (out.encoder.empty()) out.encoder = str_of(output, {"encoder"});
    }
  }
  if (out.size == 0) out.size = static_cast<std::uint64_t>(num_of(o, {"size"}));
  if (out.duration_s == 0) out.duration_s = num_of(o, {"duration"});
  if (out.error.empty()) {
    for (const char *k : {"error", "errorMessage", "error_message", "reason", "failedReason"})
      if (o.contains(k) && !o[k].is_null()) {
        out.error = error_text(o[k]);
        if (!out.error.empty()) break;
      }
  }
}

}  // namespace

std::string make_render_id() {
  static std::mutex mutex;
  static std::mt19937_64 gen{std::random_device{}()};
  std::uint32_t r;
  {
    std::lock_guard<std::mutex> lock(mutex);
    r = static_cast<std::uint32_t>(gen());
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", r);
  return "render_" + std::to_string(ms) + "_" + hex;
}

bool parse_render_status(const Envelope &answer, RenderStatus &out) {
  out = RenderStatus{};
  if (!answer.json) return false;
  // Shape 1 (data.*) first, then the top level (shapes 2 and 3).
  read_status_object(answer.data, out);
  read_status_object(answer.body, out);
  if (out.status.empty()) return false;
  if (out.failed() && out.error.empty() && !answer.message.empty()) out.error = answer.message;
  return true;
}

// The request may have reached the server: the transfer failed after the
// connection was made (not a DNS, connect, TLS or URL failure).
bool maybe_delivered(const HttpResponse &http) {
  switch (http.curl_code) {
    case CURLE_OK:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_ABORTED_BY_CALLBACK:
      return false;
    default:
      return true;
  }
}

bool is_duplicate_render_id(const Envelope &answer, long http_status) {
  if (http_status == 409) return true;
  if (answer.ok && http_status < 400) return false;
  std::string text = protocol::ascii_lower(answer.message);
  if (answer.body.is_object() && answer.body.contains("error"))
    text += " " + protocol::ascii_lower(answer.body["error"].dump());
  return text.find("duplicate") != std::string::npos ||
         text.find("already exists") != std::string::npos ||
         text.find("already in use") != std::string::npos ||
         text.find("exists") != std::string::npos;
}

std::chrono::milliseconds next_poll_delay(std::chrono::milliseconds previous, const Timings &t,
                                          std::optional<std::chrono::seconds> retry_after) {
  auto next = std::chrono::milliseconds(
      static_cast<long long>(static_cast<double>(previous.count()) * t.poll_backoff));
  next = std::clamp(next, t.first_poll, std::max(t.first_poll, t.poll_cap));
  if (retry_after) {
    const auto ra = std::min<std::chrono::milliseconds>(*retry_after, t.max_retry_after);
    next = std::max(next, ra);
  }
  return next;
}

// ---------------------------------------------------------------- ApiClient

namespace {
ApiCall status_call(const std::string &render_id) {
  ApiCall call;
  call.path = [render_id](const std::string &) {
    return "/api/render/proxy/lambda/" + path_segment(render_id);
  };
  return call;
}
}  // namespace

Error ApiClient::submit_render(const nlohmann::json &draft, std::string &render_id,
                               const CancelToken &cancel) {
  try {
    for (int attempt = 0; attempt < 2; ++attempt) {
      const std::string id = make_render_id();
      ApiCall call;
      call.method = "POST";
      call.needs_session = true;
      call.path = [](const std::string &) { return std::string("/api/render/proxy/lambda"); };
      call.json_body = [&draft, id](const std::string &sid) {
        return nlohmann::json{{"id", id},
                              {"sessionId", sid},
                              {"draft", draft},
                              {"output", {{"format", "mp4"}, {"quality", "high"}}}}
            .dump();
      };
      ApiAnswer answer;
      Error err = impl_->perform(call, answer, cancel);
      if (!err) {
        RenderStatus st;
        parse_render_status(answer.env, st);
        render_id = st.id.empty() ? id : st.id;
        return {};
      }
      // The answer was lost (a drop or a stall after the request went out): the
      // render may exist. Ask for it by its id before calling it a failure, so
      // a running render is not orphaned, and never submit it again.
      if (err.code == ErrorCode::Network && (answer.http.status == 0 || answer.http.dropped()) &&
          maybe_delivered(answer.http)) {
        ApiAnswer check;
        RenderStatus st;
        if (!impl_->perform(status_call(id), check, cancel) && parse_render_status(check.env, st)) {
          render_id = st.id.empty() ? id : st.id;
          return {};
        }
      }
      if (err.code != ErrorCode::Protocol) return err;
      if (attempt == 0 && is_duplicate_render_id(answer.env, answer.http.status)) continue;
      if (answer.env.json && !answer.env.ok)
        return make_error(
            ErrorCode::RenderFailed,
            impl_->scrub("the render was refused: " +
                         (answer.env.message.empty() ? err.detail : answer.env.message)));
      return err;
    }
    return make_error(ErrorCode::RenderFailed, "the render id was refused twice as a duplicate");
  } catch (const std::exception &e) {
    return make_error(ErrorCode::Internal, e.what());
  }
}

Error ApiClient::render_status(const std::string &render_id, RenderStatus &out,
                               const CancelToken &cancel) {
  try {
    ApiCall call = status_call(render_id);
    ApiAnswer answer;
    if (Error e = impl_->perform(call, answer, cancel)) return e;
    if (!parse_render_status(answer.env, out))
      return make_error(ErrorCode::Protocol, "render status without a status");
    if (out.id.empty()) out.id = render_id;
    return {};
  } catch (const std::exception &e) {
    return make_error(ErrorCode::Internal, e.what());
  }
}

Error ApiClient::wait_render(const std::string &render_id, RenderStatus &out,
                             const std::function<void(const RenderStatus &)> &on_status,
                             const CancelToken &cancel) {
  try {
    const Timings &t = impl_->config.timings;
    const auto start = std::chrono::steady_clock::now();
    auto delay = t.first_poll;
    int transient = 0;
    for (;;) {
      if (Error e = impl_->wait(delay, cancel)) return e;
      if (std::chrono::steady_clock::now() - start > t.render_limit)
        return make_error(ErrorCode::Timeout,
                          "the render did not finish in time; its id is " + render_id);
      ApiCall call = status_call(render_id);
      call.retry_rate_limit = false;  // polling honours Retry-After itself
      ApiAnswer answer;
      Error err = impl_->perform(call, answer, cancel);
      const auto ra = answer.http.retry_after();
      // A dropped connection or a redirect elsewhere (a Wi-Fi login page that
      // appears mid-render) may pass: the render goes on, so poll again.
      const bool passing = err.code == ErrorCode::Network || err.key == "Error.Redirect";
      if (answer.http.status == 429 || (passing && transient < 5)) {
        if (passing) ++transient;
        delay = next_poll_delay(delay, t, ra);
        continue;
      }
      if (err) return err;
      transient = 0;
      if (!parse_render_status(answer.env, out))
        return make_error(ErrorCode::Protocol, "render status without a status");
      if (out.id.empty()) out.id = render_id;
      if (on_status) on_status(out);
      if (out.completed()) return {};
      if (out.failed())
        return make_error(
            ErrorCode::RenderFailed,
            impl_->scrub(out.error.empty() ? std::string("the render failed without a reason")
                                           : "the render failed: " + out.error));
      delay = next_poll_delay(delay, t);
      if (out.progress > 0 && out.progress < 100) {
        // Poll near the time the progress so far predicts, never later than the back-off.
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
        const auto eta = std::chrono::milliseconds(static_cast<long long>(
            static_cast<double>(elapsed.count()) * (100.0 - out.progress) / out.progress));
        delay = std::max(t.min_poll, std::min(delay, eta));
      }
      if (ra)
        delay = std::max<std::chrono::milliseconds>(
            delay, std::min<std::chrono::milliseconds>(*ra, t.max_retry_after));
    }
  } catch (const std::exception &e) {
    return make_error(ErrorCode::Internal, e.what());
  }
}

Error ApiClient::cancel_render(const std::string &render_id, const CancelToken &cancel) {
  try {
    ApiCall call;
    call.method = "POST";
    call.path = [render_id](const std::string &) {
      return "/api/render/proxy/lambda/" + path_segment(render_id) + "/cancel";
    };
    ApiAnswer answer;
    Error err = impl_->perform(call, answer, cancel);
    const bool empty_ok =
        answer.http.status >= 200 && answer.http.status < 300 && answer.http.body.empty();
    if (err.code == ErrorCode::Protocol && empty_ok) return {};
    return err;
  } catch (const std::exception &e) {
    return make_error(ErrorCode::Internal, e.what());
  }
}

}  // namespace nemo::core
