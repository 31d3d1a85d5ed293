// SPDX-License-Identifier: GPL-2.0-or-later
#include "fault_proxy.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <regex>
#include <stdexcept>
#include <utility>

namespace nemo::test {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kIoLimit{30000};         // any single wait on a peer
constexpr std::size_t kMaxHead = 64 * 1024;     // request or answer head
constexpr std::size_t kMaxBody = 256ull << 20;  // what is buffered of one answer
constexpr const char *kFilePasswd = "file:///etc/passwd";

class UniqueFd {
 public:
  explicit UniqueFd(int fd = -1) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd &&o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  UniqueFd &operator=(UniqueFd &&o) noexcept {
    if (this != &o) {
      reset();
      fd_ = std::exchange(o.fd_, -1);
    }
    return *this;
  }
  UniqueFd(const UniqueFd &) = delete;
  UniqueFd &operator=(const UniqueFd &) = delete;
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(const std::string &s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

struct Head {
  std::string first_line;
  std::vector<std::pair<std::string, std::string>> headers;  // names as sent
  std::string get(const std::string &name) const {
    for (const auto &[k, v] : headers)
      if (lower(k) == lower(name)) return v;
    return {};
  }
  bool has(const std::string &name) const {
    for (const auto &h : headers)
      if (lower(h.first) == lower(name)) return true;
    return false;
  }
  void erase(const std::string &name) {
    headers.erase(std::remove_if(headers.begin(), headers.end(),
                                 [&](const auto &h) { return lower(h.first) == lower(name); }),
                  headers.end());
  }
  std::string serialize() const {
    std::string out = first_line + "\r\n";
    for (const auto &[k, v] : headers) out += k + ": " + v + "\r\n";
    return out + "\r\n";
  }
};

Head parse_head(const std::string &text) {
  Head h;
  std::size_t pos = text.find("\r\n");
  h.first_line = text.substr(0, pos);
  while (pos != std::string::npos && pos + 2 < text.size()) {
    const std::size_t next = text.find("\r\n", pos + 2);
    const std::string line = text.substr(pos + 2, next - pos - 2);
    pos = next;
    if (line.empty()) break;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    h.headers.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
  }
  return h;
}

// Decodes a complete (or cut) chunked body; stops at the last whole chunk.
std::string dechunk(const std::string &raw) {
  std::string out;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    const std::size_t eol = raw.find("\r\n", pos);
    if (eol == std::string::npos) break;
    const std::size_t size = std::strtoull(raw.substr(pos, eol - pos).c_str(), nullptr, 16);
    if (size == 0) break;
    if (eol + 2 + size > raw.size()) {
      out.append(raw, eol + 2, std::string::npos);
      break;
    }
    out.append(raw, eol + 2, size);
    pos = eol + 2 + size + 2;
  }
  return out;
}

std::string chunk(const std::string &bytes) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
  return size + bytes + "\r\n";
}

void replace_all(std::string &s, const std::string &from, const std::string &to) {
  if (from.empty()) return;
  for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
}

std::string status_text(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 302:
      return "Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    default:
      return "Status";
  }
}

std::string make_response(int status, const std::string &content_type, const std::string &body,
                          const std::vector<std::pair<std::string, std::string>> &extra = {}) {
  Head h;
  h.first_line = "HTTP/1.1 " + std::to_string(status) + " " + status_text(status);
  if (!content_type.empty()) h.headers.emplace_back("Content-Type", content_type);
  for (const auto &e : extra) h.headers.push_back(e);
  h.headers.emplace_back("Content-Length", std::to_string(body.size()));
  h.headers.emplace_back("Connection", "close");
  return h.serialize() + body;
}

// The box whose 4-byte type is `type` (offset of its size field), npos if none.
std::size_t find_box(const std::string &mp4, const std::string &type, std::uint64_t &size) {
  const std::size_t at = mp4.find(type);
  if (at == std::string::npos || at < 4) return std::string::npos;
  const auto *p = reinterpret_cast<const unsigned char *>(mp4.data() + at - 4);
  size = (std::uint64_t{p[0]} << 24) | (std::uint64_t{p[1]} << 16) | (std::uint64_t{p[2]} << 8) |
         std::uint64_t{p[3]};
  return at - 4;
}

}  // namespace

std::string_view fault_name(Fault fault) {
  switch (fault) {
    case Fault::None:
      return "none";
    case Fault::DropRequest:
      return "drop request after N bytes";
    case Fault::DropResponse:
      return "drop response after N bytes";
    case Fault::Stall:
      return "stall";
    case Fault::Drip:
      return "drip";
    case Fault::Http500:
      return "HTTP 500";
    case Fault::Http502:
      return "HTTP 502";
    case Fault::Http503:
      return "HTTP 503";
    case Fault::RateLimited:
      return "HTTP 429 Retry-After";
    case Fault::Envelope1001:
      return "envelope 1001";
    case Fault::Envelope1002:
      return "envelope 1002";
    case Fault::Envelope2001:
      return "envelope 2001";
    case Fault::MalformedJson:
      return "malformed JSON";
    case Fault::SseCut:
      return "stream cut mid-event";
    case Fault::DuplicateId:
      return "duplicate render id";
    case Fault::RenderFailed:
      return "render failed";
    case Fault::FlipBytes:
      return "MP4 flipped bytes";
    case Fault::TruncateMoov:
      return "MP4 truncated moov";
    case Fault::NotMp4:
      return "not an MP4";
    case Fault::RedirectFile:
      return "redirect to file://";
    case Fault::RedirectForeign:
      return "redirect to foreign host";
    case Fault::Oversize:
      return "body far over cap";
  }
  return "?";
}

// One client connection: one request, forwarded or faulted, then closed.
class FaultProxy::Connection {
 public:
  Connection(FaultProxy &proxy, int fd) : proxy_(proxy), client_(fd) {}

  void run() {
    std::string buf;
    std::size_t head_end = 0;
    if (!read_until_head(client_, buf, head_end)) return;
    Head req = parse_head(buf.substr(0, head_end));
    std::string body = buf.substr(head_end);
    const auto sp1 = req.first_line.find(' ');
    const auto sp2 = req.first_line.find(' ', sp1 + 1);
    if (sp1 == std::string::npos || sp2 == std::string::npos) return;
    const std::string method = req.first_line.substr(0, sp1);
    const std::string target = req.first_line.substr(sp1 + 1, sp2 - sp1 - 1);
    const std::string path = target.substr(0, target.find('?'));

    rule_ = proxy_.match(method, path);
    ProxiedRequest rec;
    rec.method = method;
    rec.path = path;
    rec.host = req.get("Host");
    rec.range = req.get("Range");
    rec.had_authorization = req.has("Authorization");
    rec.fault = rule_.fault;
    proxy_.record(rec);
    target_ = target;

    if (lower(req.get("Expect")) == "100-continue") {
      if (!send(client_, "HTTP/1.1 100 Continue\r\n\r\n")) return;
      req.erase("Expect");
    }
    // The whole request body (Content-Length or chunked).
    const bool chunked = lower(req.get("Transfer-Encoding")).find("chunked") != std::string::npos;
    const std::uint64_t length = std::strtoull(req.get("Content-Length").c_str(), nullptr, 10);
    const std::uint64_t total = head_end + length;
    if (rule_.fault == Fault::DropRequest) {
      const std::uint64_t limit =
          rule_.bytes ? rule_.bytes : std::max<std::uint64_t>(head_end, total / 2);
      std::uint64_t have = buf.size();
      while (have < limit) {
        std::string piece;
        if (!recv_some(client_, piece)) break;
        have += piece.size();
      }
      return;  // closes without an answer
    }
    if (chunked) {
      while (body.find("\r\n0\r\n\r\n") == std::string::npos && body.rfind("0\r\n\r\n", 0) != 0) {
        if (!recv_some(client_, body)) return;
      }
    } else {
      while (body.size() < length)
        if (!recv_some(client_, body)) return;
    }

    switch (rule_.fault) {  // NOLINT: the other faults act on the answer
      case Fault::Stall:
        proxy_sleep(rule_.duration);
        return;
      case Fault::Http500:
      case Fault::Http502:
      case Fault::Http503: {
        const int status = rule_.fault == Fault::Http500   ? 500
                           : rule_.fault == Fault::Http502 ? 502
                                                           : 503;
        send(client_,
             make_response(status, "text/html",
                           "<html><body>injected " + std::to_string(status) + "</body></html>"));
        return;
      }
      case Fault::RateLimited:
        send(client_, make_response(429, "application/json",
                                    "{\"code\":429,\"message\":\"rate limited, injected\"}",
                                    {{"Retry-After", std::to_string(rule_.retry_after_s)}}));
        return;
      case Fault::Envelope1001:
      case Fault::Envelope1002:
      case Fault::Envelope2001: {
        const int code = rule_.fault == Fault::Envelope1001   ? 1001
                         : rule_.fault == Fault::Envelope1002 ? 1002
                                                              : 2001;
        send(client_, make_response(200, "application/json",
                                    R"({"code":)" + std::to_string(code) +
                                        R"(,"success":false,"message":"injected error )" +
                                        std::to_string(code) + R"(","data":null})"));
        return;
      }
      case Fault::DuplicateId:
        send(client_, make_response(409, "application/json",
                                    "{\"success\":false,\"code\":409,\"error\":\"duplicate_id\","
                                    "\"message\":\"duplicate render id, injected\"}"));
        return;
      case Fault::NotMp4: {
        std::string page = "<!DOCTYPE html><html><body>";
        while (page.size() < 4096) page += "This is a login page, not a video. ";
        page += "</body></html>";
        send(client_, make_response(200, "video/mp4", page));
        return;
      }
      case Fault::RedirectFile:
      case Fault::RedirectForeign: {
        const std::string location =
            rule_.fault == Fault::RedirectFile
                ? std::string(kFilePasswd)
                : "http://localhost:" + std::to_string(proxy_.port_) + target_;
        send(client_, make_response(302, "text/plain", "moved", {{"Location", location}}));
        return;
      }
      case Fault::Oversize:
        send_oversize(path);
        return;
      default:
        break;
    }

    // Forward to the upstream.
    req.erase("Host");
    req.erase("Connection");
    req.erase("Keep-Alive");
    req.headers.emplace_back("Host",
                             proxy_.upstream_host_ + ":" + std::to_string(proxy_.upstream_port_));
    req.headers.emplace_back("Connection", "close");
    UniqueFd up = connect_upstream();
    if (up.get() < 0) {
      send(client_, make_response(502, "text/plain", "proxy: upstream unreachable"));
      return;
    }
    if (!send(up, req.serialize() + body)) return;
    relay_answer(up);
  }

 private:
  bool wait(const UniqueFd &fd, short events) {
    pollfd fds[2] = {{fd.get(), events, 0}, {proxy_.wake_read_, POLLIN, 0}};
    const int n = ::poll(fds, 2, static_cast<int>(kIoLimit.count()));
    if (n <= 0 || (fds[1].revents & POLLIN)) return false;
    return fds[0].revents != 0;
  }

  // Appends what is available; false on EOF, error, timeout or stop.
  bool recv_some(const UniqueFd &fd, std::string &out) {
    if (!wait(fd, POLLIN)) return false;
    char tmp[65536];
    const ssize_t n = ::recv(fd.get(), tmp, sizeof tmp, 0);
    if (n <= 0) return false;
    out.append(tmp, static_cast<std::size_t>(n));
    return true;
  }

  bool send(const UniqueFd &fd, std::string_view bytes) {
    while (!bytes.empty()) {
      if (!wait(fd, POLLOUT)) return false;
      const ssize_t n = ::send(fd.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  bool read_until_head(const UniqueFd &fd, std::string &buf, std::size_t &head_end) {
    for (;;) {
      const auto p = buf.find("\r\n\r\n");
      if (p != std::string::npos) {
        head_end = p + 4;
        return true;
      }
      if (buf.size() > kMaxHead || !recv_some(fd, buf)) return false;
    }
  }

  // false if stopping.
  bool proxy_sleep(milliseconds d) {
    pollfd fd{proxy_.wake_read_, POLLIN, 0};
    return ::poll(&fd, 1, static_cast<int>(d.count())) == 0;
  }

  UniqueFd connect_upstream() {
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (fd.get() < 0) return fd;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(proxy_.upstream_port_));
    ::inet_pton(AF_INET, proxy_.upstream_host_.c_str(), &addr.sin_addr);
    if (::connect(fd.get(), reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0)
      return UniqueFd();
    ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) | O_NONBLOCK);
    return fd;
  }

  void send_oversize(const std::string &path) {
    const bool video =
        path.rfind("/output/", 0) == 0 || path.find("/download") != std::string::npos;
    Head h;
    h.first_line = "HTTP/1.1 200 OK";
    h.headers.emplace_back("Content-Type", video ? "video/mp4" : "application/json");
    h.headers.emplace_back("Content-Length", std::to_string(rule_.oversize_bytes));
    h.headers.emplace_back("Connection", "close");
    if (!send(client_, h.serialize())) return;
    std::string block(64 * 1024, video ? '\0' : ' ');
    if (!video) block.replace(0, 22, R"({"code":0,"message":")");
    for (std::uint64_t sent = 0; sent < rule_.oversize_bytes;) {
      const std::size_t n = static_cast<std::size_t>(
          std::min<std::uint64_t>(block.size(), rule_.oversize_bytes - sent));
      if (!send(client_, std::string_view(block.data(), n))) return;  // the client hung up
      if (!video && sent == 0) block.assign(block.size(), 'x');
      sent += n;
    }
  }

  void relay_answer(const UniqueFd &up) {
    std::string raw;
    std::size_t head_end = 0;
    if (!read_until_head(up, raw, head_end)) return;  // upstream hung up: so do we
    Head head = parse_head(raw.substr(0, head_end));
    const std::string type = lower(head.get("Content-Type"));
    const bool sse = type.find("text/event-stream") != std::string::npos;
    const bool json = type.find("json") != std::string::npos;
    const bool chunked = lower(head.get("Transfer-Encoding")).find("chunked") != std::string::npos;

    // A plain pass-through of a stream: relay as it comes.
    if (rule_.fault == Fault::None && !json) {
      head.erase("Connection");
      head.headers.emplace_back("Connection", "close");
      if (!send(client_, head.serialize() + raw.substr(head_end))) return;
      for (std::string piece; recv_some(up, piece); piece.clear())
        if (!send(client_, piece)) return;
      return;
    }

    // Buffer the whole answer.
    std::string body_raw = raw.substr(head_end);
    while (body_raw.size() < kMaxBody && recv_some(up, body_raw)) {
    }
    std::string body = chunked ? dechunk(body_raw) : body_raw;
    head.erase("Transfer-Encoding");
    head.erase("Content-Length");
    head.erase("Connection");
    if (json) {
      replace_all(body,
                  "http://" + proxy_.upstream_host_ + ":" + std::to_string(proxy_.upstream_port_),
                  proxy_.base_url());
    }

    switch (rule_.fault) {
      case Fault::MalformedJson:
        body = sse ? "data: {\"content\":{\"parts\":[{\"text\":\"half\n\ndata: not json at all\n\n"
                   : R"({"code":0,"message":"ok","data":{"id":"x","status":)";
        break;
      case Fault::RenderFailed:
        if (json) {
          replace_all(body, R"("status":"pending")", R"("status":"failed")");
          replace_all(body, R"("status":"processing")", R"("status":"failed")");
          replace_all(body, R"("status":"completed")", R"("status":"failed")");
          replace_all(body, R"("error":null)", R"("error":"the encoder failed, injected")");
        }
        break;
      case Fault::FlipBytes: {
        std::uint64_t size = 0;
        const std::size_t at = find_box(body, "moov", size);
        if (at != std::string::npos)
          for (std::size_t i = at + 8; i < std::min<std::size_t>(body.size(), at + 8 + 1024); ++i)
            body[i] = static_cast<char>(~static_cast<unsigned char>(body[i]));
        break;
      }
      case Fault::TruncateMoov: {
        std::uint64_t size = 0;
        const std::size_t at = find_box(body, "moov", size);
        if (at != std::string::npos)
          body.resize(std::min<std::size_t>(body.size(), at + 8 + size / 2));
        break;
      }
      default:
        break;
    }

    if (rule_.fault == Fault::SseCut) {
      // Chunked, cut in the middle of the second event (or the middle of the body).
      std::size_t cut = body.size() / 2;
      const std::size_t first_end = body.find("\n\n");
      if (first_end != std::string::npos && first_end + 2 < body.size()) {
        const std::size_t second_end = body.find("\n\n", first_end + 2);
        const std::size_t end = second_end == std::string::npos ? body.size() : second_end;
        cut = first_end + 2 + (end - first_end - 2) / 2;
      }
      head.headers.emplace_back("Transfer-Encoding", "chunked");
      head.headers.emplace_back("Connection", "close");
      send(client_, head.serialize() + chunk(body.substr(0, cut)));
      return;  // no terminating chunk
    }

    head.headers.emplace_back("Content-Length", std::to_string(body.size()));
    head.headers.emplace_back("Connection", "close");
    const std::string out = head.serialize() + body;
    if (rule_.fault == Fault::DropResponse) {
      const std::uint64_t n = rule_.bytes ? rule_.bytes : out.size() / 2;
      send(client_, std::string_view(out).substr(0, std::min<std::uint64_t>(n, out.size())));
      return;
    }
    if (rule_.fault == Fault::Drip) {
      const std::size_t piece =
          rule_.drip_piece ? rule_.drip_piece : std::max<std::size_t>(1, out.size() / 20);
      for (std::size_t at = 0; at < out.size(); at += piece) {
        if (!send(client_, std::string_view(out).substr(at, piece))) return;
        if (!proxy_sleep(rule_.duration)) return;
      }
      return;
    }
    send(client_, out);
  }

  FaultProxy &proxy_;
  UniqueFd client_;
  FaultRule rule_;
  std::string target_;
};

FaultProxy::FaultProxy(std::string upstream_host, int upstream_port)
    : upstream_host_(std::move(upstream_host)), upstream_port_(upstream_port) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("fault proxy: pipe");
  wake_read_ = pipe_fds[0];
  wake_write_ = pipe_fds[1];
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
    stop();
    throw std::runtime_error("fault proxy: cannot listen on 127.0.0.1");
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

FaultProxy::~FaultProxy() {
  stop();
}

std::string FaultProxy::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void FaultProxy::add_rule(FaultRule rule) {
  std::lock_guard<std::mutex> lock(mutex_);
  rules_.push_back(Rule{std::move(rule), 0});
}

void FaultProxy::clear_rules() {
  std::lock_guard<std::mutex> lock(mutex_);
  rules_.clear();
  requests_.clear();
}

std::vector<ProxiedRequest> FaultProxy::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

int FaultProxy::injected() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int>(std::count_if(requests_.begin(), requests_.end(),
                                        [](const auto &r) { return r.fault != Fault::None; }));
}

FaultRule FaultProxy::match(const std::string &method, const std::string &path) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto &rule : rules_) {
    if (!rule.spec.method.empty() && rule.spec.method != method) continue;
    if (!std::regex_match(path, std::regex(rule.spec.path_regex))) continue;
    ++rule.seen;
    if (rule.spec.occurrence == 0 || rule.seen == rule.spec.occurrence) return rule.spec;
  }
  return FaultRule{};
}

void FaultProxy::record(ProxiedRequest request) {
  std::lock_guard<std::mutex> lock(mutex_);
  requests_.push_back(std::move(request));
}

void FaultProxy::accept_loop() {
  for (;;) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_read_, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents & POLLIN) return;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) continue;
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    // Join the connections that have ended, then start this one.
    for (auto it = workers_.begin(); it != workers_.end();) {
      if (it->done->load()) {
        it->thread.join();
        it = workers_.erase(it);
      } else {
        ++it;
      }
    }
    auto done = std::make_shared<std::atomic<bool>>(false);
    workers_.push_back(Worker{std::thread([this, fd, done] {
                                Connection c(*this, fd);
                                c.run();
                                done->store(true);
                              }),
                              done});
  }
}

void FaultProxy::stop() {
  if (stopping_.exchange(true)) return;
  if (wake_write_ >= 0) {
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(wake_write_, &byte, 1);
  }
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<Worker> workers;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    workers.swap(workers_);
  }
  for (auto &w : workers) w.thread.join();
  for (int *fd : {&listen_fd_, &wake_read_, &wake_write_}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

}  // namespace nemo::test
