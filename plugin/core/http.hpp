// A small RAII wrapper over libcurl: one request, one response, every call with
// a timeout, a CancelToken and progress. TLS verification stays on; only http
// and https are allowed, redirects included, and at most a few redirects.
// Multipart file parts are streamed from disk (curl_mime_filedata), and a
// response body can be streamed to a callback, so memory does not grow with
// the size of what is sent or received.
//
// The transfer runs on the calling thread through a curl multi handle polled
// every few tens of milliseconds, so a cancel ends it within that time.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/cancel.hpp"
#include "core/error.hpp"

namespace nemo::core {

// One part of a multipart/form-data body.
struct MultipartPart {
  std::string name;          // form field, e.g. "files"
  std::string file_path;     // streamed from disk when set
  std::string filename;      // the name sent for a file part (default: the path's base name)
  std::string content_type;  // optional
  std::string value;         // a plain field's value when file_path is empty
};

struct HttpResponse;

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // sent as given

  // A body sent as is (set content_type, e.g. "application/json").
  std::string body;
  std::string content_type;
  // A multipart/form-data body instead of `body` when non-empty.
  std::vector<MultipartPart> multipart;

  // Streaming: when set, body bytes of a response that `stream_if` accepts
  // (default: a 2xx status) go here instead of HttpResponse::body. Return
  // false to abort the transfer (the call then returns ErrorCode::Cancelled
  // unless `abort_error` was set by the caller's own logic).
  std::function<bool(std::string_view chunk)> on_data;
  std::function<bool(const HttpResponse &head)> stream_if;

  // Progress: bytes done and total (0 if unknown) for each direction.
  std::function<void(std::uint64_t done, std::uint64_t total)> on_upload_progress;
  std::function<void(std::uint64_t done, std::uint64_t total)> on_download_progress;
  // Called every poll interval (~50 ms) while the transfer runs; return false
  // to abort it (timers of a chat turn live here).
  std::function<bool()> on_tick;

  const CancelToken *cancel = nullptr;

  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds total_timeout{60000};  // 0: none (streams)
  std::chrono::milliseconds low_speed_time{
      60000};                // below low_speed_limit this long: abort; 0: off
  long low_speed_limit = 1;  // bytes per second
  long max_redirects = 3;
  // API calls follow a redirect only on their own origin (or from http to
  // https on the same host): a redirect elsewhere (a public Wi-Fi's login
  // page, a misconfigured proxy) fails with the key "Error.Redirect" instead
  // of sending the request, its body included, to another server. A video
  // download may be sent on to a CDN (without the token).
  bool follow_foreign_redirects = false;
  std::uint64_t range_start = 0;           // > 0: "Range: bytes=<n>-"
  std::uint64_t max_error_body = 1 << 20;  // cap of a non-streamed body kept in memory
};

struct HttpResponse {
  long status = 0;  // 0 if no answer came
  // Response headers of the last hop (names lower-cased), in order.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;            // unless streamed
  std::uint64_t streamed = 0;  // bytes passed to on_data
  std::string effective_url;   // after redirects
  int curl_code = 0;           // the libcurl result (CURLcode), 0 when the transfer completed
  // The connection broke after an answer began (a resumable drop).
  bool dropped() const;

  // First header with this name (case-insensitive), if any.
  std::optional<std::string> header(std::string_view name) const;
  // Retry-After in seconds (delta-seconds or an HTTP date), if present.
  std::optional<std::chrono::seconds> retry_after() const;
  // Content-Length, if known.
  std::optional<std::uint64_t> content_length() const;
};

// Performs one request. Transport failures (DNS, connect, TLS, timeouts,
// a dropped connection, cancel) are returned as Error; any HTTP status,
// 4xx/5xx included, is a successful transfer whose status is in `response`.
// Never throws.
Error http_perform(const HttpRequest &request, HttpResponse &response);

// True if a redirect from `from` to `to` stays on the same origin: same
// scheme, host (case-insensitive) and port, or an upgrade from http to https
// on the same host (default ports). `to` may be relative.
bool http_redirect_same_origin(const std::string &from, const std::string &to);

// True if `url` is an absolute http:// or https:// URL.
bool http_url_allowed(std::string_view url);

// "scheme://host[:port]" of a URL, lower-cased; "" if it has none.
std::string http_origin(std::string_view url);

}  // namespace nemo::core
