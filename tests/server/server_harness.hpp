// Test support for the nemo-local tests: a temporary data folder, a scripted
// backend (agent, renderer, inspector doubles) and a LocalServer on port 0
// with an httplib client.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/backend.hpp"
#include "server/local_server.hpp"

namespace nemo::server::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string &path() const { return path_; }

 private:
  std::string path_;
};

// A latch a double can wait on (with a generous safety timeout so that a
// broken test fails instead of hanging).
class Gate {
 public:
  void open();
  bool wait(int max_seconds = 20);
  bool is_open();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = false;
};

// Scripted agent, renderer and media inspector.
struct FakeBackend {
  // Agent: builds a one-track draft from the images/videos it is given, says
  // "Edited: <prompt>" and reports one tool call.
  std::shared_ptr<Gate> agent_gate;  // when set, the agent waits for it
  std::atomic<int> agent_started{0};
  std::atomic<int> agent_calls{0};

  // Renderer: writes `render_bytes` of a known pattern via .tmp + rename.
  std::size_t render_bytes = 300000;
  std::shared_ptr<Gate> render_gate;  // when set, renders wait (or stop on cancel)
  std::atomic<int> renders_started{0};
  std::string render_fail_code;  // non-empty: renders fail with this code
  std::vector<std::string> resolved_paths;
  std::mutex mu;

  Backend make();
};

// The byte a fake render writes at `offset`.
inline char render_byte(std::size_t offset) {
  return static_cast<char>('a' + (offset * 7) % 26);
}

// Minimal files whose content says what they are.
std::string jpeg_bytes(std::size_t size = 2000);
std::string png_bytes(std::size_t size = 2000);
std::string mp3_bytes(std::size_t size = 2000);
// A real 24-bit BMP of w x h with a colour ramp (`seed` shifts it): a picture
// the real renderer decodes, made without an encoder.
std::string bmp_bytes(int w, int h, int seed);

class ServerHarness {
 public:
  explicit ServerHarness(FakeBackend &backend, ServerOptions options = {});
  ServerHarness(std::function<Backend()> make_backend, ServerOptions options);
  ~ServerHarness();

  // Starts (or restarts, on the same data folder) the server.
  void start();
  void stop();
  LocalServer &server() { return *server_; }
  ServerOptions &options() { return options_; }
  int port() const { return server_->port(); }
  httplib::Client client() const;
  httplib::Headers auth() const { return {{"Authorization", "Bearer " + token}}; }

  // Fresh anonymous token (client id `client_id`) into `token`.
  void login(const std::string &client_id = "test-client");
  std::string new_session(const std::string &language = "en");
  // Uploads (name, bytes) files to `sid`; returns the parsed answer.
  nlohmann::json upload(const std::string &sid,
                        const std::vector<std::pair<std::string, std::string>> &files,
                        int *http_status = nullptr);
  nlohmann::json get_json(const std::string &path, int *http_status = nullptr);
  nlohmann::json post_json(const std::string &path, const nlohmann::json &body,
                           int *http_status = nullptr);
  // A whole /run_sse turn: the raw stream text.
  std::string chat(const std::string &sid, const std::string &text, int *http_status = nullptr);

  std::string token;
  std::string data_dir() const { return options_.data_dir; }
  std::atomic<std::int64_t> now_ms{1700000000000};

 private:
  std::function<Backend()> make_backend_;
  TempDir dir_;
  ServerOptions options_;
  std::unique_ptr<LocalServer> server_;
};

// Polls `pred` until true (false after `max_seconds`: the test fails, never hangs).
bool wait_until(const std::function<bool()> &pred, int max_seconds = 20);

// The `data:` payloads of an SSE stream, parsed.
std::vector<nlohmann::json> sse_data_events(const std::string &stream);
int sse_comment_count(const std::string &stream);

}  // namespace nemo::server::testing
