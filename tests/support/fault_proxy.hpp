// A scriptable fault proxy on loopback, between the client and a real
// backend (nemo-local). It forwards raw HTTP/1.1 (one request a connection:
// "Connection: close" both ways, Host rewritten to the upstream, the
// upstream's own URLs in JSON answers rewritten to the proxy's), and injects
// one fault into a chosen request: rules match a method, a regex over the
// path and the nth occurrence. Byte-level faults work on the raw socket
// (drop after N bytes of the request or the answer, stall, drip, an SSE
// stream cut mid-event, a body far over its cap); the others rewrite or
// replace the answer (HTTP 5xx, 429, envelope errors, malformed JSON, a
// duplicate render id, a failed render, a corrupt or non-MP4 video,
// redirects).
//
// It binds 127.0.0.1 on a free port and serves from its own threads; stop()
// (and the destructor) wakes every wait at once, so teardown never hangs.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace nemo::test {

enum class Fault {
  None,
  DropRequest,      // read `bytes` of the request (at least its head), then close
  DropResponse,     // forward, send `bytes` of the answer, then close
  Stall,            // read the request, send nothing for `duration`, then close
  Drip,             // forward, send the answer `drip_piece` bytes every `duration`
  Http500,          // answer HTTP 500/502/503 without asking the upstream
  Http502,          //
  Http503,          //
  RateLimited,      // HTTP 429 with Retry-After: `retry_after_s`
  Envelope1001,     // {"code":1001,...} (and "success":false)
  Envelope1002,     //
  Envelope2001,     //
  MalformedJson,    // the upstream's status with a body that is not JSON (or SSE of broken JSON)
  SseCut,           // forward, then cut the chunked stream in the middle of an event
  DuplicateId,      // a render submit refused as a duplicate id
  RenderFailed,     // a render status (or submit answer) saying failed
  FlipBytes,        // the video with bytes of its moov box inverted
  TruncateMoov,     // the video cut in the middle of its moov box (Content-Length matching)
  NotMp4,           // an HTML page served as video/mp4
  RedirectFile,     // 302 to file:///etc/passwd
  RedirectForeign,  // 302 to the same path on another origin (http://localhost:<port>)
  Oversize,         // a Content-Length of `oversize_bytes`, filler streamed until the peer leaves
};

std::string_view fault_name(Fault fault);

struct FaultRule {
  std::string method;      // "GET", "POST"; "" matches any
  std::string path_regex;  // ECMAScript, whole path without the query
  int occurrence = 1;      // the nth matching request (1-based); 0: every one
  Fault fault = Fault::None;
  std::uint64_t bytes = 0;  // DropRequest/DropResponse: how many bytes get through (0: half)
  std::chrono::milliseconds duration{3000};  // Stall: how long; Drip: between pieces
  std::size_t drip_piece = 0;                // Drip: bytes a piece (0: a twentieth of the answer)
  int retry_after_s = 1;
  std::uint64_t oversize_bytes = 64ull << 20;
};

struct ProxiedRequest {
  std::string method;
  std::string path;   // without the query
  std::string host;   // the Host header as received
  std::string range;  // the Range header, if any
  bool had_authorization = false;
  Fault fault = Fault::None;  // what was injected into it
};

class FaultProxy {
 public:
  // Forwards to http://<upstream_host>:<upstream_port>. Throws std::runtime_error
  // if it cannot listen.
  FaultProxy(std::string upstream_host, int upstream_port);
  ~FaultProxy();
  FaultProxy(const FaultProxy &) = delete;
  FaultProxy &operator=(const FaultProxy &) = delete;

  std::string base_url() const;  // http://127.0.0.1:<port>
  int port() const { return port_; }

  void add_rule(FaultRule rule);
  void clear_rules();  // and the records
  std::vector<ProxiedRequest> requests() const;
  int injected() const;  // how many requests got a fault

  void stop();

 private:
  struct Rule {
    FaultRule spec;
    int seen = 0;
  };
  class Connection;

  void accept_loop();
  void serve(int fd);
  FaultRule match(const std::string &method, const std::string &path);
  void record(ProxiedRequest request);

  std::string upstream_host_;
  int upstream_port_ = 0;
  int listen_fd_ = -1;
  int wake_read_ = -1;  // readable once stopping
  int wake_write_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  mutable std::mutex mutex_;
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  std::vector<Worker> workers_;
  std::vector<Rule> rules_;
  std::vector<ProxiedRequest> requests_;
};

}  // namespace nemo::test
