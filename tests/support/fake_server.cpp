// SPDX-License-Identifier: GPL-2.0-or-later
#include "fake_server.hpp"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <regex>

namespace nemo::test {
namespace {
constexpr std::size_t kBodyCap = 4u << 20;

bool iequals(const std::string &a, const std::string &b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string iso_in_days(int days) {
  const std::time_t t = std::time(nullptr) + days * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}
}  // namespace

// ---------------------------------------------------------------- RecordedRequest

std::string RecordedRequest::header(const std::string &name) const {
  for (const auto &[k, v] : headers)
    if (iequals(k, name)) return v;
  return {};
}

bool RecordedRequest::has_header(const std::string &name) const {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto &h) { return iequals(h.first, name); });
}

nlohmann::json RecordedRequest::json() const {
  auto j = nlohmann::json::parse(body, nullptr, false);
  return j.is_discarded() ? nlohmann::json() : j;
}

// ---------------------------------------------------------------- Reply

Reply Reply::ok(const nlohmann::json &data) {
  return json({{"code", 0}, {"message", "ok"}, {"data", data}});
}

Reply Reply::code(int code, const std::string &message) {
  return json({{"code", code}, {"message", message}, {"data", nullptr}});
}

Reply Reply::success(const nlohmann::json &data) {
  return json({{"success", true}, {"data", data}});
}

Reply Reply::json(const nlohmann::json &body, int status) {
  Reply r;
  r.status = status;
  r.body = body.dump();
  return r;
}

Reply Reply::http(int status, const std::string &body, const std::string &content_type) {
  Reply r;
  r.status = status;
  r.body = body;
  r.content_type = content_type;
  return r;
}

std::string sse_data(const std::string &payload) {
  return "data: " + payload + "\n\n";
}

Reply Reply::sse(const std::vector<std::string> &payloads, std::chrono::milliseconds gap) {
  Reply r;
  r.stream = true;
  r.content_type = "text/event-stream";
  for (const auto &p : payloads) r.chunks.push_back({sse_data(p), gap});
  return r;
}

Reply Reply::file(std::shared_ptr<const std::string> bytes, std::int64_t drop_after) {
  Reply r;
  r.content_type = "video/mp4";
  r.bytes = std::move(bytes);
  r.drop_after = drop_after;
  return r;
}

Reply &Reply::with_header(const std::string &name, const std::string &value) {
  headers.emplace_back(name, value);
  return *this;
}

// ---------------------------------------------------------------- FakeServer

struct FakeServer::Route {
  std::string method;
  std::regex path;
  Handler handler;
  int calls = 0;
};

FakeServer::FakeServer(bool defaults) : server_(std::make_unique<httplib::Server>()) {
  server_->new_task_queue = [] { return new httplib::ThreadPool(16); };
  server_->set_keep_alive_max_count(1000);
  auto with_body = [this](const httplib::Request &req, httplib::Response &res,
                          const httplib::ContentReader &reader) {
    RecordedRequest rec;
    rec.method = req.method;
    rec.path = req.path;
    rec.at = std::chrono::steady_clock::now();
    for (const auto &[k, v] : req.headers) rec.headers.emplace_back(k, v);
    auto keep = [&rec](const char *data, size_t len) {
      rec.body_size += len;
      if (rec.body.size() < kBodyCap)
        rec.body.append(data, std::min(len, kBodyCap - rec.body.size()));
      return true;
    };
    if (req.is_multipart_form_data()) {
      reader(
          [&rec](const auto &part) {
            rec.parts.push_back({part.name, part.filename, part.content_type, 0});
            return true;
          },
          [&rec](const char *, size_t len) {
            if (!rec.parts.empty()) rec.parts.back().size += len;
            rec.body_size += len;
            return true;
          });
    } else {
      reader(keep);
    }
    handle(rec, &res);
  };
  auto without_body = [this](const httplib::Request &req, httplib::Response &res) {
    RecordedRequest rec;
    rec.method = req.method;
    rec.path = req.path;
    rec.at = std::chrono::steady_clock::now();
    for (const auto &[k, v] : req.headers) rec.headers.emplace_back(k, v);
    handle(rec, &res);
  };
  server_->Post(".*", with_body);
  server_->Put(".*", with_body);
  server_->Get(".*", without_body);
  server_->Delete(".*", without_body);
  port_ = server_->bind_to_any_port("127.0.0.1");
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() only ends a server that is already running: wait for it.
  while (port_ > 0 && !server_->is_running())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  if (defaults) install_defaults();
}

FakeServer::~FakeServer() {
  stop();
}

void FakeServer::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

bool FakeServer::pause(std::chrono::milliseconds d) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return !cv_.wait_for(lock, d, [this] { return stopping_.load(); });
}

std::string FakeServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void FakeServer::on(const std::string &method, const std::string &path_regex, Handler handler) {
  auto route = std::make_shared<Route>();
  route->method = method;
  route->path = std::regex(path_regex);
  route->handler = std::move(handler);
  std::lock_guard<std::mutex> lock(mutex_);
  routes_.push_back(std::move(route));
}

void FakeServer::script(const std::string &method, const std::string &path_regex,
                        std::vector<Reply> replies) {
  auto shared = std::make_shared<std::vector<Reply>>(std::move(replies));
  on(method, path_regex, [shared](const RecordedRequest &, int n) {
    if (shared->empty()) return Reply::http(500, "empty script");
    return (*shared)[std::min<std::size_t>(static_cast<std::size_t>(n), shared->size() - 1)];
  });
}

std::vector<RecordedRequest> FakeServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

std::vector<RecordedRequest> FakeServer::requests(const std::string &method,
                                                  const std::string &path_regex) const {
  const std::regex re(path_regex);
  std::vector<RecordedRequest> out;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto &r : requests_)
    if (r.method == method && std::regex_match(r.path, re)) out.push_back(r);
  return out;
}

int FakeServer::count(const std::string &method, const std::string &path_regex) const {
  return static_cast<int>(requests(method, path_regex).size());
}

void FakeServer::handle(const RecordedRequest &rec, void *response) {
  Handler handler;
  int index = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.push_back(rec);
    for (auto it = routes_.rbegin(); it != routes_.rend(); ++it) {
      if ((*it)->method == rec.method && std::regex_match(rec.path, (*it)->path)) {
        handler = (*it)->handler;
        index = (*it)->calls++;
        break;
      }
    }
  }
  auto *res = static_cast<httplib::Response *>(response);
  if (!handler) {
    res->status = 404;
    res->set_content("no route", "text/plain");
    return;
  }
  serve(handler(rec, index), response);
}

void FakeServer::serve(const Reply &reply, void *response) {
  auto *res = static_cast<httplib::Response *>(response);
  if (reply.delay.count() > 0 && !pause(reply.delay)) {
    res->status = 503;
    return;
  }
  for (const auto &[k, v] : reply.headers) res->set_header(k, v);

  if (reply.stream) {
    res->status = reply.status;
    auto state = std::make_shared<std::size_t>(0);
    res->set_chunked_content_provider(
        reply.content_type, [this, reply, state](size_t, httplib::DataSink &sink) {
          std::size_t &next = *state;
          if (next < reply.chunks.size()) {
            const Chunk &c = reply.chunks[next++];
            if (c.delay.count() > 0 && !pause(c.delay)) return false;
            if (!c.bytes.empty() && !sink.write(c.bytes.data(), c.bytes.size())) return false;
            return true;
          }
          if (reply.hold.count() > 0) {
            // Hold the stream open, checking that the client is still there.
            const auto until = std::chrono::steady_clock::now() + reply.hold;
            while (std::chrono::steady_clock::now() < until) {
              if (!pause(std::chrono::milliseconds(20))) return false;
              if (!sink.is_writable()) return false;
            }
          }
          if (reply.disconnect) return false;  // close without the terminating chunk
          sink.done();
          return true;
        });
    return;
  }

  if (reply.bytes || reply.generated > 0) {
    // Status left unset: httplib answers 200, or 206 with Content-Range for a Range request.
    if (reply.status != 200) res->status = reply.status;
    const std::uint64_t size = reply.bytes ? reply.bytes->size() : reply.generated;
    auto sent = std::make_shared<std::uint64_t>(0);
    res->set_content_provider(
        static_cast<size_t>(size), reply.content_type,
        [this, reply, sent](size_t offset, size_t length, httplib::DataSink &sink) {
          constexpr size_t kPiece = 64 * 1024;
          std::string buffer;
          size_t n = std::min(length, kPiece);
          if (reply.drop_after >= 0) {
            const auto left =
                static_cast<std::uint64_t>(reply.drop_after) -
                std::min<std::uint64_t>(*sent, static_cast<std::uint64_t>(reply.drop_after));
            if (left == 0) return false;  // drop the connection
            n = static_cast<size_t>(std::min<std::uint64_t>(n, left));
          }
          if (reply.byte_delay.count() > 0 && !pause(reply.byte_delay)) return false;
          if (reply.bytes) {
            buffer.assign(reply.bytes->data() + offset, n);
          } else {
            buffer.resize(n);
            for (size_t i = 0; i < n; ++i) buffer[i] = pattern_byte(offset + i);
          }
          if (!sink.write(buffer.data(), buffer.size())) return false;
          *sent += n;
          return true;
        });
    return;
  }

  res->status = reply.status;
  res->set_content(reply.body, reply.content_type);
}

void FakeServer::install_defaults() {
  on("POST", "/api/auth/anonymous-token", [](const RecordedRequest &, int n) {
    return Reply::ok({{"token", "nmv_usr_faketoken" + std::to_string(n)},
                      {"user_id", "user_1"},
                      {"expires_at", iso_in_days(7)},
                      {"credits", 100}});
  });
  on("POST", "/api/tasks/me/with-session/nemo_agent", [](const RecordedRequest &, int n) {
    return Reply::ok({{"task_id", "task_" + std::to_string(n + 1)},
                      {"session_id", "sess_" + std::to_string(n + 1)},
                      {"user_id", "user_1"}});
  });
  on("GET", "/api/state/nemo_agent/me/[^/]+/latest", [](const RecordedRequest &, int) {
    return Reply::ok({{"state", {{"draft", {{"t", nlohmann::json::array()}}}}}});
  });
  on("GET", "/api/credits/balance/simple", [](const RecordedRequest &, int) {
    return Reply::ok({{"available", 100}, {"frozen", 0}, {"total", 100}});
  });
  on("POST", "/run_sse", [](const RecordedRequest &, int) {
    return Reply::sse(
        {R"({"content":{"role":"model","parts":[{"text":"Done."}]},"partial":false})"});
  });
  on("POST", "/api/upload-video/nemo_agent/me/[^/]+", [](const RecordedRequest &rec, int) {
    nlohmann::json files = nlohmann::json::array();
    for (const auto &p : rec.parts)
      files.push_back({{"filename", p.filename},
                       {"file_type", p.content_type},
                       {"cdn_url", "https://cdn.invalid/" + p.filename},
                       {"duration", 0},
                       {"width", 0},
                       {"height", 0},
                       {"fps", 0},
                       {"hash", "h"}});
    const auto body = rec.json();
    if (body.is_object() && body.contains("urls"))
      for (const auto &u : body["urls"]) files.push_back({{"filename", u}, {"cdn_url", u}});
    return Reply::ok({{"files", files}, {"session_state_applied", true}});
  });
  on("POST", "/api/render/proxy/lambda", [](const RecordedRequest &rec, int) {
    const auto body = rec.json();
    const nlohmann::json id =
        body.is_object() && body.contains("id") ? body["id"] : nlohmann::json("");
    return Reply::success({{"id", id}, {"status", "pending"}, {"progress", 0}});
  });
  on("GET", "/api/render/proxy/lambda/[^/]+", [this](const RecordedRequest &rec, int) {
    const std::string id = rec.path.substr(rec.path.rfind('/') + 1);
    return Reply::success({{"status", "completed"},
                           {"progress", 100},
                           {"outputUrl", base_url() + "/files/" + id + ".mp4"}});
  });
  auto video = std::make_shared<const std::string>("fake video bytes");
  on("GET", "/api/render/proxy/[^/]+/download",
     [video](const RecordedRequest &, int) { return Reply::file(video); });
  on("GET", "/files/.*", [video](const RecordedRequest &, int) { return Reply::file(video); });
  on("POST", "/api/render/proxy/lambda/[^/]+/cancel",
     [](const RecordedRequest &, int) { return Reply::success(nlohmann::json::object()); });
}

}  // namespace nemo::test
