// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/http.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <mutex>

#include "protocol/text.hpp"

namespace nemo::core {
namespace {

struct EasyDeleter {
  void operator()(CURL *h) const { curl_easy_cleanup(h); }
};
struct MultiDeleter {
  void operator()(CURLM *h) const { curl_multi_cleanup(h); }
};
struct MimeDeleter {
  void operator()(curl_mime *m) const { curl_mime_free(m); }
};
struct SlistDeleter {
  void operator()(curl_slist *l) const { curl_slist_free_all(l); }
};
using EasyPtr = std::unique_ptr<CURL, EasyDeleter>;
using MultiPtr = std::unique_ptr<CURLM, MultiDeleter>;
using MimePtr = std::unique_ptr<curl_mime, MimeDeleter>;
using SlistPtr = std::unique_ptr<curl_slist, SlistDeleter>;

// Keeps the easy handle attached to the multi handle for one scope.
class MultiAttachment {
 public:
  MultiAttachment(CURLM *multi, CURL *easy) : multi_(multi), easy_(easy) {
    ok_ = curl_multi_add_handle(multi_, easy_) == CURLM_OK;
  }
  ~MultiAttachment() {
    if (ok_) curl_multi_remove_handle(multi_, easy_);
  }
  MultiAttachment(const MultiAttachment &) = delete;
  MultiAttachment &operator=(const MultiAttachment &) = delete;
  bool ok() const { return ok_; }

 private:
  CURLM *multi_;
  CURL *easy_;
  bool ok_ = false;
};

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The URL without its query or fragment: signed URLs carry secrets there.
std::string url_for_log(std::string_view url) {
  auto cut = url.find_first_of("?#");
  return std::string(url.substr(0, cut));
}

struct Transfer {
  const HttpRequest *request = nullptr;
  HttpResponse *response = nullptr;
  CURL *easy = nullptr;
  bool decided = false;
  bool streaming = false;
  bool receiver_aborted = false;
  // Stall watch: any byte in either direction, head included, counts.
  std::chrono::steady_clock::time_point last_activity = std::chrono::steady_clock::now();
  curl_off_t moved = 0;          // upload + download bytes seen by the progress callback
  long hop_status = 0;           // status line of the hop whose headers arrive
  std::string refused_redirect;  // where a redirect to another origin pointed
  void active() { last_activity = std::chrono::steady_clock::now(); }
};

size_t on_header(char *data, size_t size, size_t count, void *user) {
  auto *t = static_cast<Transfer *>(user);
  const size_t n = size * count;
  t->active();
  std::string_view line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {  // a new hop (redirect, 100 Continue): start over
    t->response->headers.clear();
    const auto space = line.find(' ');
    t->hop_status = space == std::string_view::npos
                        ? 0
                        : std::strtol(std::string(line.substr(space + 1, 3)).c_str(), nullptr, 10);
    return n;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return n;
  std::string name = protocol::ascii_lower(protocol::trim(line.substr(0, colon)));
  std::string value(protocol::trim(line.substr(colon + 1)));
  const HttpRequest &r = *t->request;
  if (name == "location" && t->hop_status >= 300 && t->hop_status < 400 && r.max_redirects > 0 &&
      !r.follow_foreign_redirects) {
    char *current = nullptr;
    curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &current);
    if (current == nullptr || !http_redirect_same_origin(current, value)) {
      t->refused_redirect = url_for_log(value);
      return 0;  // CURLE_WRITE_ERROR: nothing is sent there
    }
  }
  t->response->headers.emplace_back(std::move(name), std::move(value));
  return n;
}

// One URL's parts through libcurl's own parser (a relative `url` is resolved
// against `base`).
struct UrlParts {
  std::string scheme, host;
  long port = 0;
};

bool parse_url(const std::string &base, const std::string &url, UrlParts &out) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), &curl_url_cleanup);
  if (!u) return false;
  if (!base.empty() && curl_url_set(u.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK)
    return false;
  if (curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return false;
  auto part = [&u](CURLUPart which, unsigned flags, std::string &value) {
    char *raw = nullptr;
    if (curl_url_get(u.get(), which, &raw, flags) != CURLUE_OK || raw == nullptr) return false;
    value = raw;
    curl_free(raw);
    return true;
  };
  std::string port;
  if (!part(CURLUPART_SCHEME, 0, out.scheme) || !part(CURLUPART_HOST, 0, out.host) ||
      !part(CURLUPART_PORT, CURLU_DEFAULT_PORT, port)) {
    return false;
  }
  out.scheme = protocol::ascii_lower(out.scheme);
  out.host = protocol::ascii_lower(out.host);
  out.port = std::strtol(port.c_str(), nullptr, 10);
  return true;
}

size_t on_write(char *data, size_t size, size_t count, void *user) {
  auto *t = static_cast<Transfer *>(user);
  const size_t n = size * count;
  t->active();
  if (!t->decided) {
    long status = 0;
    curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    t->response->status = status;
    t->decided = true;
    if (t->request->on_data) {
      t->streaming = t->request->stream_if ? t->request->stream_if(*t->response)
                                           : (status >= 200 && status < 300);
    }
  }
  if (t->streaming) {
    t->response->streamed += n;
    if (!t->request->on_data(std::string_view(data, n))) {
      t->receiver_aborted = true;
      return 0;  // CURLE_WRITE_ERROR
    }
    return n;
  }
  auto &body = t->response->body;
  const auto room = t->request->max_error_body > body.size()
                        ? static_cast<size_t>(t->request->max_error_body - body.size())
                        : 0;
  body.append(data, std::min(n, room));
  return n;
}

int on_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                curl_off_t ulnow) {
  auto *t = static_cast<Transfer *>(user);
  const HttpRequest &r = *t->request;
  if (r.cancel && r.cancel->cancelled()) return 1;
  if (ulnow + dlnow != t->moved) {
    t->moved = ulnow + dlnow;
    t->active();
  }
  if (r.on_upload_progress && ultotal > 0)
    r.on_upload_progress(static_cast<std::uint64_t>(ulnow), static_cast<std::uint64_t>(ultotal));
  if (r.on_download_progress && dlnow > 0)
    r.on_download_progress(static_cast<std::uint64_t>(dlnow),
                           static_cast<std::uint64_t>(std::max<curl_off_t>(dltotal, 0)));
  return 0;
}

Error transport_error(const HttpRequest &req, CURLcode code, const char *errbuf) {
  std::string detail = req.method + " " + url_for_log(req.url) + ": " +
                       (errbuf && *errbuf ? errbuf : curl_easy_strerror(code));
  return make_error(ErrorCode::Network, detail);
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  const std::string key = protocol::ascii_lower(name);
  for (const auto &[k, v] : headers)
    if (k == key) return v;
  return std::nullopt;
}

std::optional<std::chrono::seconds> HttpResponse::retry_after() const {
  auto value = header("retry-after");
  if (!value || value->empty()) return std::nullopt;
  if (std::all_of(value->begin(), value->end(), [](unsigned char c) { return std::isdigit(c); })) {
    if (value->size() > 9) return std::chrono::seconds(999999999);
    return std::chrono::seconds(std::stol(*value));
  }
  const time_t when = curl_getdate(value->c_str(), nullptr);
  if (when < 0) return std::nullopt;
  const time_t now = std::time(nullptr);
  return std::chrono::seconds(when > now ? when - now : 0);
}

std::optional<std::uint64_t> HttpResponse::content_length() const {
  auto value = header("content-length");
  if (!value || value->empty() || value->size() > 19) return std::nullopt;
  if (!std::all_of(value->begin(), value->end(), [](unsigned char c) { return std::isdigit(c); }))
    return std::nullopt;
  return std::stoull(*value);
}

bool HttpResponse::dropped() const {
  if (status == 0) return false;
  switch (curl_code) {
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP2:
    case CURLE_GOT_NOTHING:
      return true;
    default:
      return false;
  }
}

bool http_url_allowed(std::string_view url) {
  const std::string l = protocol::ascii_lower(url.substr(0, 8));
  return (l.rfind("http://", 0) == 0 && url.size() > 7) ||
         (l.rfind("https://", 0) == 0 && url.size() > 8);
}

std::string http_origin(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  auto host_end = url.find_first_of("/?#", scheme_end + 3);
  return protocol::ascii_lower(url.substr(0, host_end));
}

bool http_redirect_same_origin(const std::string &from, const std::string &to) {
  UrlParts a, b;
  if (!parse_url("", from, a) || !parse_url(from, to, b)) return false;
  if (a.host != b.host) return false;
  if (a.scheme == b.scheme) return a.port == b.port;
  return a.scheme == "http" && b.scheme == "https" && a.port == 80 && b.port == 443;
}

Error http_perform(const HttpRequest &req, HttpResponse &resp) {
  resp = HttpResponse{};
  if (!http_url_allowed(req.url))
    return make_error(ErrorCode::Usage,
                      "only http and https URLs are allowed: " + url_for_log(req.url));
  if (req.cancel && req.cancel->cancelled()) return make_error(ErrorCode::Cancelled, "cancelled");
  global_init();

  EasyPtr easy(curl_easy_init());
  MultiPtr multi(curl_multi_init());
  if (!easy || !multi) return make_error(ErrorCode::Internal, "libcurl could not be initialised");
  CURL *h = easy.get();

  Transfer t;
  t.request = &req;
  t.response = &resp;
  t.easy = h;
  char errbuf[CURL_ERROR_SIZE] = {0};

  curl_easy_setopt(h, CURLOPT_URL, req.url.c_str());
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, req.max_redirects > 0 ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, req.max_redirects);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(req.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(req.total_timeout.count()));
  // A stall (limit <= 1 byte/s) is watched here, byte by byte: libcurl's own
  // check counts body bytes only (a slowly sent head looked stalled) and
  // averages over a window of several seconds (a stall right after an upload
  // was noticed seconds late). A real speed floor is left to libcurl.
  const bool watch_stall = req.low_speed_time.count() > 0 && req.low_speed_limit <= 1;
  if (req.low_speed_time.count() > 0 && !watch_stall) {
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, req.low_speed_limit);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME,
                     std::max(1L, static_cast<long>(req.low_speed_time.count() / 1000)));
  }
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);

  std::string range;
  if (req.range_start > 0) {
    range = std::to_string(req.range_start) + "-";
    curl_easy_setopt(h, CURLOPT_RANGE, range.c_str());
  }

  curl_slist *raw_headers = nullptr;
  auto add_header = [&raw_headers](const std::string &line) {
    if (curl_slist *next = curl_slist_append(raw_headers, line.c_str())) raw_headers = next;
  };
  for (const auto &[name, value] : req.headers) add_header(name + ": " + value);
  add_header("Expect:");  // no 100-continue round trip before a body
  if (!req.content_type.empty() && req.multipart.empty())
    add_header("Content-Type: " + req.content_type);
  SlistPtr header_list(raw_headers);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_list.get());

  MimePtr mime;
  if (!req.multipart.empty()) {
    mime.reset(curl_mime_init(h));
    for (const auto &part : req.multipart) {
      curl_mimepart *p = curl_mime_addpart(mime.get());
      curl_mime_name(p, part.name.c_str());
      if (!part.file_path.empty()) {
        if (curl_mime_filedata(p, part.file_path.c_str()) != CURLE_OK)
          return make_error(ErrorCode::BadInput, "cannot read " + part.file_path);
        if (!part.filename.empty()) curl_mime_filename(p, part.filename.c_str());
      } else {
        curl_mime_data(p, part.value.data(), part.value.size());
      }
      if (!part.content_type.empty()) curl_mime_type(p, part.content_type.c_str());
    }
    curl_easy_setopt(h, CURLOPT_MIMEPOST, mime.get());
  } else if (req.method == "POST" || req.method == "PUT" || req.method == "PATCH") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.c_str());
  }
  if (req.method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (req.method != "GET" && req.method != "POST") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
  }

  MultiAttachment attach(multi.get(), h);
  if (!attach.ok())
    return make_error(ErrorCode::Internal, "libcurl multi handle refused the request");

  bool cancelled = false;
  bool ticked_out = false;
  bool stalled = false;
  int running = 1;
  t.active();
  for (;;) {
    if (curl_multi_perform(multi.get(), &running) != CURLM_OK) break;
    if (running == 0) break;
    if (req.cancel && req.cancel->cancelled()) {
      cancelled = true;
      break;
    }
    if (watch_stall && std::chrono::steady_clock::now() - t.last_activity >= req.low_speed_time) {
      stalled = true;
      break;
    }
    if (req.on_tick && !req.on_tick()) {
      ticked_out = true;
      break;
    }
    curl_multi_poll(multi.get(), nullptr, 0, 50, nullptr);
  }

  CURLcode result = CURLE_OK;
  bool finished = false;
  int queued = 0;
  while (CURLMsg *msg = curl_multi_info_read(multi.get(), &queued)) {
    if (msg->msg == CURLMSG_DONE && msg->easy_handle == h) {
      result = msg->data.result;
      finished = true;
    }
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  resp.status = status;
  char *effective = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective)
    resp.effective_url = effective;

  if (cancelled || (req.cancel && req.cancel->cancelled())) {
    resp.curl_code = CURLE_ABORTED_BY_CALLBACK;
    return make_error(ErrorCode::Cancelled, "cancelled");
  }
  if (stalled) {
    resp.curl_code = CURLE_OPERATION_TIMEDOUT;  // as libcurl's own stall check reports it
    return make_error(ErrorCode::Network,
                      req.method + " " + url_for_log(req.url) + ": no data moved for " +
                          std::to_string(req.low_speed_time.count()) + " ms (stalled)");
  }
  if (!t.refused_redirect.empty()) {
    resp.curl_code = static_cast<int>(result);
    Error e = make_error(ErrorCode::Protocol, req.method + " " + url_for_log(req.url) +
                                                  ": redirected to " + t.refused_redirect +
                                                  ", another origin (not followed)");
    e.key = "Error.Redirect";
    return e;
  }
  if (ticked_out || t.receiver_aborted) {
    resp.curl_code = CURLE_ABORTED_BY_CALLBACK;
    return make_error(ErrorCode::Cancelled, "aborted by the receiver");
  }
  if (!finished) return make_error(ErrorCode::Internal, "libcurl transfer ended without a result");
  resp.curl_code = static_cast<int>(result);
  if (result != CURLE_OK) return transport_error(req, result, errbuf);
  return {};
}

}  // namespace nemo::core
