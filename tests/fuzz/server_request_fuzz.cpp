// nemo-local's request handling: the input is one raw HTTP request sent to a
// real LocalServer (real routes, guards, JSON/multipart/query handling, the
// real agent and media inspector; a renderer that fails at once) over
// loopback. "@H@", "@T@", "@U@" and "@S@" in the input become the server's
// host:port, a valid token, its user and one of its sessions, so that the
// fuzzer gets past the guards; "@L@" becomes the length of what follows the
// first blank line (for Content-Length). Every answer must be an HTTP response and never
// a 500 (an exception escaped a handler). URL uploads are not sent (they would
// fetch from the network). The server starts over with an empty data folder
// every few hundred requests so that its stores stay small.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "fuzz_targets.hpp"
#include "server/local_server.hpp"
#include "server/options.hpp"
#include "server/real_backend.hpp"

namespace nemo::fuzz {
namespace {
namespace fs = std::filesystem;

constexpr int kRequestsPerServer = 400;

struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
};

// libFuzzer's -timeout arms a SIGALRM every timeout/2+1 s, installed without
// SA_RESTART: a blocking call it lands in fails with EINTR. The server's
// threads are started with it blocked (they inherit the mask), so it lands in
// this thread, whose calls below retry. A run here once stopped on a failed
// connect() after 528,827 requests (on a loaded machine a loopback connect()
// can wait for the handshake, and the alarm can land in that wait).
class AlarmBlocked {
 public:
  AlarmBlocked() {
    sigset_t alarm;
    sigemptyset(&alarm);
    sigaddset(&alarm, SIGALRM);
    pthread_sigmask(SIG_BLOCK, &alarm, &old_);
  }
  ~AlarmBlocked() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  AlarmBlocked(const AlarmBlocked &) = delete;
  AlarmBlocked &operator=(const AlarmBlocked &) = delete;

 private:
  sigset_t old_;
};

// A connected loopback socket (-1 when connect fails for a reason other than
// a signal; errno says which).
int connect_loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (;;) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) == 0) return fd;
    const int err = errno;
    ::close(fd);  // interrupted: that attempt goes on without us; start over
    if (err != EINTR) {
      errno = err;
      return -1;
    }
  }
}

std::string temp_root() {
  if (fs::is_directory("/dev/shm")) return "/dev/shm";
  const char *tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/tmp";
}

class Harness {
 public:
  ~Harness() { stop(); }

  void start() {
    std::string pattern = temp_root() + "/nemo-fuzz-server-XXXXXX";
    NEMO_FUZZ_CHECK(::mkdtemp(pattern.data()) != nullptr);
    dir_ = pattern;
    server::ServerOptions options;
    options.data_dir = dir_;
    options.heartbeat_interval = std::chrono::milliseconds(200);
    // One request a connection: the server answers and closes, so every
    // answer is read whole (half-closing our side instead made httplib drop
    // its answer, and a 500 went unseen).
    options.keep_alive_max_count = 1;
    server::Backend backend = server::make_real_backend(options);
    backend.render = [](const nlohmann::json &, const server::MediaResolver &, const std::string &,
                        const std::function<void(double)> &, const std::atomic<bool> &,
                        std::string &) {
      return std::optional<server::RenderFailure>(
          server::RenderFailure{"unsupported", "the fuzz harness does not render"});
    };
    server_ = std::make_unique<server::LocalServer>(options, std::move(backend));
    std::string why;
    {
      const AlarmBlocked blocked;  // for every thread the server starts
      why = server_->start();
    }
    if (!why.empty()) std::fprintf(stderr, "server_request: %s\n", why.c_str());
    NEMO_FUZZ_CHECK(why.empty());
    host_ = "127.0.0.1:" + std::to_string(server_->port());

    httplib::Client client("127.0.0.1", server_->port());
    auto token =
        client.Post("/api/auth/anonymous-token", {{"X-Client-Id", "fuzz"}}, "", "application/json");
    NEMO_FUZZ_CHECK(token && token->status == 200);
    const auto t = nlohmann::json::parse(token->body)["data"];
    token_ = t["token"].get<std::string>();
    user_ = t["user_id"].get<std::string>();
    auto session = client.Post("/api/tasks/me/with-session/nemo_agent",
                               {{"Authorization", "Bearer " + token_}}, "{}", "application/json");
    NEMO_FUZZ_CHECK(session && session->status == 200);
    session_ = nlohmann::json::parse(session->body)["data"]["session_id"].get<std::string>();
    requests_ = 0;
  }

  void stop() {
    if (!server_) return;
    server_->stop();
    server_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // The answer to one raw request ("" when the server closed without one).
  std::string exchange(std::string_view raw) {
    if (!server_ || requests_++ >= kRequestsPerServer) {
      stop();
      start();
    }
    const std::string request = substitute(raw);
    Fd sock(connect_loopback(server_->port()));
    if (sock.fd < 0) std::fprintf(stderr, "server_request: connect: %s\n", std::strerror(errno));
    NEMO_FUZZ_CHECK(sock.fd >= 0);
    std::size_t sent = 0;
    while (sent < request.size()) {
      const ssize_t n = ::send(sock.fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // the server may answer and close before reading it all
      sent += static_cast<std::size_t>(n);
    }
    // A request cut short would keep the server waiting for the rest: end it
    // with a half-close. A whole one is not half-closed: httplib takes a
    // half-closed peer for gone and drops its answer (a 500 went unseen).
    bool half_closed = !whole_request(request);
    if (half_closed) ::shutdown(sock.fd, SHUT_WR);
    std::string answer;
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    // A request that looked whole but that the server still waits on (a
    // length httplib reads otherwise): after 250 ms of silence, end it. A
    // deadline, not a 250 ms poll: an interrupted poll must not start over.
    auto quiet_until = Clock::now() + std::chrono::milliseconds(250);
    char buf[16384];
    for (;;) {
      const auto now = Clock::now();
      const auto ms = [&](Clock::time_point t) {
        return std::max<long long>(
            0, std::chrono::duration_cast<std::chrono::milliseconds>(t - now).count());
      };
      const long long left = ms(deadline);
      NEMO_FUZZ_CHECK(left > 0);  // a request the server never finishes answering
      pollfd p{sock.fd, POLLIN, 0};
      const long long wait = half_closed ? left : std::min(left, ms(quiet_until));
      const int ready = ::poll(&p, 1, static_cast<int>(wait));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) {
        if (!half_closed && answer.empty()) {
          ::shutdown(sock.fd, SHUT_WR);
          half_closed = true;
        }
        quiet_until = Clock::now() + std::chrono::milliseconds(250);
        continue;
      }
      const ssize_t n = ::recv(sock.fd, buf, sizeof buf, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      answer.append(buf, static_cast<std::size_t>(n));
      quiet_until = Clock::now() + std::chrono::milliseconds(250);
    }
    return answer;
  }

 private:
  std::string substitute(std::string_view raw) const {
    std::string out;
    out.reserve(raw.size() + 64);
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '@' && i + 2 < raw.size() && raw[i + 2] == '@') {
        const std::string *value = nullptr;
        switch (raw[i + 1]) {
          case 'H':
            value = &host_;
            break;
          case 'T':
            value = &token_;
            break;
          case 'U':
            value = &user_;
            break;
          case 'S':
            value = &session_;
            break;
          default:
            break;
        }
        if (value) {
          out += *value;
          i += 2;
          continue;
        }
      }
      out += raw[i];
    }
    if (const auto at = out.find("@L@"); at != std::string::npos) {
      const auto blank = out.find("\r\n\r\n");
      const std::size_t body = blank == std::string::npos ? 0 : out.size() - blank - 4;
      out.replace(at, 3, std::to_string(body));
    }
    return out;
  }

  // Headers ended and the body all there (a GET needs no length).
  static bool whole_request(const std::string &request) {
    const auto end = request.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    std::string head = request.substr(0, end);
    for (char &c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (head.find("transfer-encoding") != std::string::npos) return false;
    const auto at = head.find("\r\ncontent-length:");
    if (at == std::string::npos) {
      // No length: httplib reads a POST's (or PUT's...) body up to the end.
      return head.rfind("get ", 0) == 0 || head.rfind("head ", 0) == 0 ||
             head.rfind("options ", 0) == 0;
    }
    std::size_t length = 0;
    bool digits = false;
    for (std::size_t i = at + 17; i < head.size() && head[i] != '\r'; ++i) {
      if (head[i] == ' ') continue;
      if (head[i] < '0' || head[i] > '9' || length > (1u << 30)) return false;
      length = length * 10 + static_cast<std::size_t>(head[i] - '0');
      digits = true;
    }
    return digits && request.size() - end - 4 >= length;
  }

  std::string dir_;
  std::unique_ptr<server::LocalServer> server_;
  std::string host_, token_, user_, session_;
  int requests_ = 0;
};
}  // namespace

int server_request(const std::uint8_t *data, std::size_t size) {
  static Harness harness;
  const std::string_view raw(reinterpret_cast<const char *>(data), size);
  // No fetching from the network: no URL, not even JSON-escaped.
  for (const std::string_view url : {"://", ":\\/", "\\u"}) {
    if (raw.find(url) != std::string_view::npos) return 0;
  }
  const std::string answer = harness.exchange(raw);
  if (answer.empty()) return 0;
  NEMO_FUZZ_CHECK(answer.rfind("HTTP/1.1 ", 0) == 0);
  NEMO_FUZZ_CHECK(answer.rfind("HTTP/1.1 500", 0) != 0);
  return 0;
}

}  // namespace nemo::fuzz
