// A scriptable fake of the agent API on loopback, for integration tests of
// plugin/core. It binds 127.0.0.1 on a free port, serves from its own thread,
// and stops in its destructor. Each test scripts the answers per endpoint and
// per call ("the 1st run_sse answers 1001, then OK"), streams SSE with chosen
// chunking, delays and disconnects, serves bytes that drop after N bytes and
// honour Range, and records every request for assertions.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace httplib {
class Server;
}

namespace nemo::test {

struct RecordedPart {
  std::string name;
  std::string filename;
  std::string content_type;
  std::uint64_t size = 0;
};

struct RecordedRequest {
  std::string method;
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;                 // the first 4 MiB
  std::uint64_t body_size = 0;      // all of it
  std::vector<RecordedPart> parts;  // multipart/form-data
  std::chrono::steady_clock::time_point at;

  std::string header(const std::string &name) const;  // "" if absent (case-insensitive)
  bool has_header(const std::string &name) const;
  nlohmann::json json() const;  // the body parsed (null if not JSON)
};

struct Chunk {
  std::string bytes;
  std::chrono::milliseconds delay{0};  // before these bytes
};

struct Reply {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};  // before answering at all

  // A chunked stream (SSE): these chunks, then `hold` of silence, then the end
  // (or a disconnect without the terminating chunk).
  bool stream = false;
  std::vector<Chunk> chunks;
  std::chrono::milliseconds hold{0};
  bool disconnect = false;

  // Bytes with a Content-Length (Range honoured): `bytes`, or `generated`
  // bytes of a fixed pattern (pattern_byte) made on the fly; the connection
  // drops after `drop_after` bytes of this answer if >= 0.
  std::shared_ptr<const std::string> bytes;
  std::uint64_t generated = 0;
  std::int64_t drop_after = -1;
  std::chrono::milliseconds byte_delay{0};  // between 64 KiB pieces

  // {"code":0,"message":"ok","data":data}
  static Reply ok(const nlohmann::json &data);
  // {"code":code,"message":message,"data":null}
  static Reply code(int code, const std::string &message);
  // {"success":true,"data":data}
  static Reply success(const nlohmann::json &data);
  static Reply json(const nlohmann::json &body, int status = 200);
  static Reply http(int status, const std::string &body = "",
                    const std::string &content_type = "text/plain");
  // An SSE stream, one event a chunk, each `data: <payload>\n\n`.
  static Reply sse(const std::vector<std::string> &data_payloads,
                   std::chrono::milliseconds gap = {});
  static Reply file(std::shared_ptr<const std::string> bytes, std::int64_t drop_after = -1);
  Reply &with_header(const std::string &name, const std::string &value);
};

// "data: <payload>\n\n"
std::string sse_data(const std::string &payload);
// The byte at `offset` of a generated answer.
inline char pattern_byte(std::uint64_t offset) {
  return static_cast<char>((offset * 31 + 7) & 0xFF);
}

class FakeServer {
 public:
  // (RecordedRequest, call index on this route starting at 0) -> Reply
  using Handler = std::function<Reply(const RecordedRequest &, int)>;

  // With `defaults`, every endpoint of plugin/protocol/PROTOCOL.md answers a plain success.
  explicit FakeServer(bool defaults = true);
  ~FakeServer();
  FakeServer(const FakeServer &) = delete;
  FakeServer &operator=(const FakeServer &) = delete;

  std::string base_url() const;  // http://127.0.0.1:<port>
  int port() const { return port_; }

  // A route: `method` and a regex over the path (whole match). Later routes
  // take precedence, so a test overrides the defaults.
  void on(const std::string &method, const std::string &path_regex, Handler handler);
  // Call n answers replies[n], the last one repeating.
  void script(const std::string &method, const std::string &path_regex, std::vector<Reply> replies);

  std::vector<RecordedRequest> requests() const;
  std::vector<RecordedRequest> requests(const std::string &method,
                                        const std::string &path_regex) const;
  int count(const std::string &method, const std::string &path_regex) const;

  // Sleeps up to `d`; false if the server is stopping.
  bool pause(std::chrono::milliseconds d) const;
  void stop();

 private:
  struct Route;
  void install_defaults();
  void handle(const RecordedRequest &rec, void *response);
  void serve(const Reply &reply, void *response);

  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;
  std::atomic<bool> stopping_{false};
  std::vector<std::shared_ptr<Route>> routes_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace nemo::test
