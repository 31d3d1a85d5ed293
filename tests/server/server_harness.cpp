// SPDX-License-Identifier: GPL-2.0-or-later
#include "server_harness.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "server/text_util.hpp"

namespace nemo::server::testing {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "nemo-server-test-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void Gate::open() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    open_ = true;
  }
  cv_.notify_all();
}

bool Gate::wait(int max_seconds) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, std::chrono::seconds(max_seconds), [this] { return open_; });
}

bool Gate::is_open() {
  std::lock_guard<std::mutex> lock(mu_);
  return open_;
}

std::string jpeg_bytes(std::size_t size) {
  std::string s = "\xFF\xD8\xFF\xE0";
  s.resize(size, 'j');
  return s;
}

std::string png_bytes(std::size_t size) {
  std::string s = "\x89PNG\r\n\x1a\n";
  s.resize(size, 'p');
  return s;
}

std::string mp3_bytes(std::size_t size) {
  std::string s = "ID3\x03";
  s.resize(size, 'm');
  return s;
}

std::string bmp_bytes(int w, int h, int seed) {
  const int row = (w * 3 + 3) & ~3;
  const std::uint32_t data_size = static_cast<std::uint32_t>(row * h);
  std::string b(54 + data_size, '\0');
  auto put32 = [&](std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
      b[at + static_cast<std::size_t>(i)] = static_cast<char>(v >> (8 * i));
  };
  b[0] = 'B';
  b[1] = 'M';
  put32(2, 54 + data_size);
  put32(10, 54);
  put32(14, 40);
  put32(18, static_cast<std::uint32_t>(w));
  put32(22, static_cast<std::uint32_t>(h));
  b[26] = 1;
  b[28] = 24;
  put32(34, data_size);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const std::size_t at = 54 + static_cast<std::size_t>(y * row + x * 3);
      b[at] = static_cast<char>((x * 4 + seed) & 0xff);
      b[at + 1] = static_cast<char>((y * 4) & 0xff);
      b[at + 2] = static_cast<char>((seed * 60) & 0xff);
    }
  }
  return b;
}

Backend FakeBackend::make() {
  Backend b;
  b.agent = [this](const nlohmann::json &draft, const std::vector<MediaRef> &media,
                   std::string_view prompt, std::string_view language) {
    agent_started++;
    if (agent_gate) agent_gate->wait();
    agent_calls++;
    AgentReply r;
    nlohmann::json segments = nlohmann::json::array();
    std::int64_t t = 0;
    for (const auto &m : media) {
      if (m.kind == "audio") continue;
      segments.push_back(
          {{"id", m.id}, {"s", t}, {"e", t + 3000}, {"src", m.url}, {"k", m.kind}, {"n", m.name}});
      t += 3000;
    }
    r.draft = {{"d", t},
               {"m", {{"width", 1920}, {"height", 1080}, {"fps", 30}}},
               {"t", nlohmann::json::array(
                         {{{"tt", 0}, {"d", t}, {"m", {{"name", "Photos"}}}, {"sg", segments}}})}};
    r.changed = r.draft != draft;
    r.text = "Edited (" + std::string(language) + "): " + std::string(prompt) +
             ". Timeline (1 tracks): 1. Video: " + std::to_string(segments.size()) + " items";
    r.tool_calls.push_back({"apply_edit", {{"prompt", std::string(prompt)}}, {{"ok", true}}});
    return r;
  };
  b.render = [this](const nlohmann::json &draft, const MediaResolver &resolve,
                    const std::string &out_path, const std::function<void(double)> &on_progress,
                    const std::atomic<bool> &cancel,
                    std::string &encoder) -> std::optional<RenderFailure> {
    renders_started++;
    encoder = "fake";
    for (const auto &track : draft["t"]) {
      for (const auto &seg : track["sg"]) {
        if (seg.contains("src")) {
          std::lock_guard<std::mutex> lock(mu);
          resolved_paths.push_back(resolve(seg["src"].get<std::string>()));
        }
      }
    }
    on_progress(0.25);
    if (render_gate) {
      while (!render_gate->is_open()) {
        if (cancel.load()) return RenderFailure{"cancelled", "cancelled"};
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    }
    if (!render_fail_code.empty()) {
      return RenderFailure{render_fail_code, "fake failure: " + render_fail_code};
    }
    {
      std::ofstream out(out_path + ".tmp", std::ios::binary);
      for (std::size_t i = 0; i < render_bytes; ++i) out.put(render_byte(i));
    }
    fs::rename(out_path + ".tmp", out_path);
    on_progress(1.0);
    return std::nullopt;
  };
  b.inspect = [](const std::string &path, MediaProbe &out) -> std::optional<std::string> {
    std::ifstream in(path, std::ios::binary);
    char head[8] = {};
    in.read(head, sizeof head);
    const std::string h(head, static_cast<std::size_t>(in.gcount()));
    if (h.rfind("\xFF\xD8\xFF", 0) == 0) {
      out = MediaProbe{"image", "jpg", 640, 480, 0, 0, false};
    } else if (h.rfind("\x89PNG", 0) == 0) {
      out = MediaProbe{"image", "png", 800, 600, 0, 0, false};
    } else if (h.rfind("ID3", 0) == 0) {
      out = MediaProbe{"audio", "mp3", 0, 0, 12.5, 0, true};
    } else if (h.size() >= 8 && h.substr(4, 4) == "ftyp") {
      out = MediaProbe{"video", "mp4", 1280, 720, 4.0, 30, true};
    } else {
      return std::string("unknown content");
    }
    return std::nullopt;
  };
  return b;
}

ServerHarness::ServerHarness(FakeBackend &backend, ServerOptions options)
    : ServerHarness([&backend] { return backend.make(); }, std::move(options)) {}

ServerHarness::ServerHarness(std::function<Backend()> make_backend, ServerOptions options)
    : make_backend_(std::move(make_backend)), options_(std::move(options)) {
  options_.data_dir = dir_.path() + "/data";
  options_.clock = [this] { return now_ms.load(); };
  start();
}

ServerHarness::~ServerHarness() {
  stop();
}

void ServerHarness::start() {
  server_ = std::make_unique<LocalServer>(options_, make_backend_());
  const std::string why = server_->start();
  if (!why.empty()) throw std::runtime_error("server did not start: " + why);
}

void ServerHarness::stop() {
  if (server_) server_->stop();
  server_.reset();
}

httplib::Client ServerHarness::client() const {
  httplib::Client c("127.0.0.1", server_->port());
  c.set_read_timeout(30, 0);
  c.set_connection_timeout(5, 0);
  return c;
}

void ServerHarness::login(const std::string &client_id) {
  auto c = client();
  auto r = c.Post("/api/auth/anonymous-token", {{"X-Client-Id", client_id}}, "", "text/plain");
  if (!r || r->status != 200) throw std::runtime_error("no token");
  token = nlohmann::json::parse(r->body)["data"]["token"].get<std::string>();
}

std::string ServerHarness::new_session(const std::string &language) {
  const auto j = post_json("/api/tasks/me/with-session/nemo_agent",
                           {{"task_name", "project"}, {"language", language}});
  return j["data"]["session_id"].get<std::string>();
}

nlohmann::json ServerHarness::upload(const std::string &sid,
                                     const std::vector<std::pair<std::string, std::string>> &files,
                                     int *http_status) {
  auto c = client();
  // The multipart body by hand: the item type httplib's client takes was
  // renamed in 0.2x (MultipartFormDataItems -> UploadFormDataItems).
  const std::string boundary = "nemo-harness-boundary-7f3a9c";
  std::string body;
  for (const auto &[name, bytes] : files) {
    body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" +
            name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bytes + "\r\n";
  }
  body += "--" + boundary + "--\r\n";
  auto r = c.Post(("/api/upload-video/nemo_agent/me/" + sid).c_str(), auth(), body,
                  ("multipart/form-data; boundary=" + boundary).c_str());
  if (!r) throw std::runtime_error("upload: no answer (" + httplib::to_string(r.error()) + ")");
  if (http_status) *http_status = r->status;
  return nlohmann::json::parse(r->body);
}

nlohmann::json ServerHarness::get_json(const std::string &path, int *http_status) {
  auto c = client();
  auto r = c.Get(path.c_str(), auth());
  if (!r) throw std::runtime_error("GET " + path + ": no answer");
  if (http_status) *http_status = r->status;
  return nlohmann::json::parse(r->body);
}

nlohmann::json ServerHarness::post_json(const std::string &path, const nlohmann::json &body,
                                        int *http_status) {
  auto c = client();
  auto r = c.Post(path.c_str(), auth(), body.dump(), "application/json");
  if (!r) throw std::runtime_error("POST " + path + ": no answer");
  if (http_status) *http_status = r->status;
  return nlohmann::json::parse(r->body);
}

std::string ServerHarness::chat(const std::string &sid, const std::string &text, int *http_status) {
  auto c = client();
  const nlohmann::json body = {{"app_name", "nemo_agent"},
                               {"user_id", "me"},
                               {"session_id", sid},
                               {"new_message", {{"parts", {{{"text", text}}}}}}};
  auto headers = auth();
  headers.emplace("Accept", "text/event-stream");
  auto r = c.Post("/run_sse", headers, body.dump(), "application/json");
  if (!r) throw std::runtime_error("run_sse: no answer");
  if (http_status) *http_status = r->status;
  return r->body;
}

bool wait_until(const std::function<bool()> &pred, int max_seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(max_seconds);
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

std::vector<nlohmann::json> sse_data_events(const std::string &stream) {
  std::vector<nlohmann::json> events;
  std::string data;
  std::size_t pos = 0;
  while (pos < stream.size()) {
    auto end = stream.find('\n', pos);
    if (end == std::string::npos) end = stream.size();
    std::string line = stream.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (!data.empty()) events.push_back(nlohmann::json::parse(data));
      data.clear();
    } else if (line.rfind("data:", 0) == 0) {
      if (!data.empty()) data += "\n";
      data += line.substr(line.size() > 5 && line[5] == ' ' ? 6 : 5);
    }
  }
  return events;
}

int sse_comment_count(const std::string &stream) {
  int n = 0;
  std::size_t pos = 0;
  while (pos < stream.size()) {
    if (stream[pos] == ':') ++n;
    pos = stream.find('\n', pos);
    if (pos == std::string::npos) break;
    ++pos;
  }
  return n;
}

}  // namespace nemo::server::testing
