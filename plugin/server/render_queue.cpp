// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/render_queue.hpp"

#include <algorithm>
#include <filesystem>

#include "server/atomic_file.hpp"
#include "server/ids.hpp"

namespace nemo::server {
namespace fs = std::filesystem;

namespace {
nlohmann::json to_json(const RenderJob &r) {
  return {{"id", r.id},
          {"session_id", r.session_id},
          {"user_id", r.user_id},
          {"status", r.status},
          {"progress", r.progress},
          {"error", r.error},
          {"error_code", r.error_code},
          {"created_at", r.created_at_ms},
          {"started_at", r.started_at_ms},
          {"completed_at", r.completed_at_ms},
          {"output_secret", r.output_secret},
          {"size", r.size},
          {"duration", r.duration_s},
          {"encoder", r.encoder},
          {"attempts", r.attempts},
          {"draft", r.draft},
          {"output", r.output}};
}

std::optional<RenderJob> from_json(const nlohmann::json &j) {
  if (!j.is_object()) return std::nullopt;
  RenderJob r;
  r.id = j.value("id", "");
  r.session_id = j.value("session_id", "");
  r.user_id = j.value("user_id", "");
  r.status = j.value("status", "failed");
  r.progress = j.value("progress", 0.0);
  r.error = j.value("error", "");
  r.error_code = j.value("error_code", "");
  r.created_at_ms = j.value("created_at", std::int64_t{0});
  r.started_at_ms = j.value("started_at", std::int64_t{0});
  r.completed_at_ms = j.value("completed_at", std::int64_t{0});
  r.output_secret = j.value("output_secret", "");
  r.size = j.value("size", std::uint64_t{0});
  r.duration_s = j.value("duration", 0.0);
  r.encoder = j.value("encoder", "");
  r.attempts = j.value("attempts", 0);
  r.draft = j.value("draft", nlohmann::json());
  r.output = j.value("output", nlohmann::json::object());
  if (!is_valid_render_id(r.id)) return std::nullopt;
  return r;
}
}  // namespace

bool is_valid_render_id(const std::string &id) {
  if (id.empty() || id.size() > 128 || id.front() == '.') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

RenderQueue::RenderQueue(std::string data_dir, int workers, RenderFn render, MediaResolver resolve,
                         InspectFn inspect, std::function<std::int64_t()> clock, int max_attempts)
    : dir_(std::move(data_dir) + "/renders"),
      workers_count_(std::max(1, workers)),
      render_(std::move(render)),
      resolve_(std::move(resolve)),
      inspect_(std::move(inspect)),
      clock_(std::move(clock)),
      max_attempts_(max_attempts) {}

RenderQueue::~RenderQueue() {
  stop();
}

std::string RenderQueue::output_path(const std::string &id) const {
  return dir_ + "/" + id + ".mp4";
}

void RenderQueue::save_locked(const RenderJob &r) const {
  write_json_atomically(dir_ + "/" + r.id + ".json", to_json(r));
}

void RenderQueue::load() {
  std::lock_guard<std::mutex> lock(mu_);
  std::error_code ec;
  fs::create_directories(dir_, ec);
  std::vector<RenderJob> unfinished;
  for (const auto &entry : fs::directory_iterator(dir_, ec)) {
    if (entry.path().extension() != ".json") continue;
    auto j = read_json_file(entry.path().string());
    if (!j) continue;
    auto r = from_json(*j);
    if (!r || r->id != entry.path().stem().string()) continue;
    if (r->status == "completed" && !fs::exists(output_path(r->id), ec)) {
      r->status = "failed";
      r->error_code = "disk";
      r->error = "the rendered file is missing from the data folder";
      save_locked(*r);
    }
    if (r->status == "pending" || r->status == "processing") {
      if (r->attempts >= max_attempts_) {
        r->status = "failed";
        r->error_code = "interrupted";
        r->error = "the render was interrupted " + std::to_string(r->attempts) +
                   " times (server stopped while rendering); submit it again";
        r->completed_at_ms = clock_();
      } else {
        r->status = "pending";
        r->progress = 0;
        unfinished.push_back(*r);
      }
      save_locked(*r);
    }
    records_[r->id] = std::move(*r);
  }
  std::sort(unfinished.begin(), unfinished.end(), [](const RenderJob &a, const RenderJob &b) {
    return a.created_at_ms < b.created_at_ms;
  });
  for (const auto &r : unfinished) queue_.push_back(r.id);
}

void RenderQueue::start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (started_) return;
  started_ = true;
  stopping_ = false;
  for (int i = 0; i < workers_count_; ++i) workers_.emplace_back([this] { worker_loop(); });
}

void RenderQueue::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_) return;
    stopping_ = true;
    for (auto &[id, flag] : running_) flag->store(true);
  }
  cv_.notify_all();
  for (auto &t : workers_) t.join();
  workers_.clear();
  std::lock_guard<std::mutex> lock(mu_);
  started_ = false;
}

RenderQueue::SubmitResult RenderQueue::submit(RenderJob record, RenderJob *accepted) {
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) return SubmitResult::Stopped;
  if (records_.count(record.id) != 0) return SubmitResult::Duplicate;
  record.status = "pending";
  record.progress = 0;
  record.attempts = 0;
  record.created_at_ms = clock_();
  record.output_secret = random_hex(16);
  save_locked(record);
  if (accepted) *accepted = record;
  queue_.push_back(record.id);
  records_[record.id] = std::move(record);
  cv_.notify_one();
  return SubmitResult::Ok;
}

std::optional<RenderJob> RenderQueue::get(const std::string &id) const {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = records_.find(id);
  if (it == records_.end()) return std::nullopt;
  return it->second;
}

std::vector<RenderJob> RenderQueue::for_session(const std::string &session_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<RenderJob> out;
  for (const auto &[id, r] : records_) {
    if (r.session_id == session_id) out.push_back(r);
  }
  std::sort(out.begin(), out.end(), [](const RenderJob &a, const RenderJob &b) {
    return a.created_at_ms < b.created_at_ms;
  });
  return out;
}

std::optional<RenderJob> RenderQueue::cancel(const std::string &id) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = records_.find(id);
  if (it == records_.end()) return std::nullopt;
  RenderJob &r = it->second;
  if (r.status == "pending") {
    queue_.erase(std::remove(queue_.begin(), queue_.end(), id), queue_.end());
    r.status = "failed";
    r.error_code = "cancelled";
    r.error = "cancelled";
    r.completed_at_ms = clock_();
    save_locked(r);
  } else if (r.status == "processing") {
    user_cancelled_[id] = true;
    if (auto run = running_.find(id); run != running_.end()) run->second->store(true);
  }
  return r;
}

void RenderQueue::worker_loop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    const std::string id = queue_.front();
    queue_.pop_front();
    run_job(id, lock);
  }
}

void RenderQueue::run_job(const std::string &id, std::unique_lock<std::mutex> &lock) {
  auto it = records_.find(id);
  if (it == records_.end() || it->second.status != "pending") return;
  it->second.status = "processing";
  it->second.progress = 0;
  it->second.started_at_ms = clock_();
  it->second.attempts += 1;
  save_locked(it->second);
  auto cancel = std::make_shared<std::atomic<bool>>(false);
  running_[id] = cancel;
  const nlohmann::json draft = it->second.draft;
  const std::string out = output_path(id);

  lock.unlock();
  const auto on_progress = [this, id](double fraction) {
    std::lock_guard<std::mutex> guard(mu_);
    auto rec = records_.find(id);
    if (rec == records_.end() || rec->second.status != "processing") return;
    const double pct = std::clamp(fraction, 0.0, 1.0) * 99.0;  // 100 only when the file is there
    rec->second.progress = std::max(rec->second.progress, pct);
  };
  std::optional<RenderFailure> failure;
  std::string encoder;
  try {
    failure = render_(draft, resolve_, out, on_progress, *cancel, encoder);
  } catch (const std::exception &e) {
    failure = RenderFailure{"internal", std::string("renderer crashed: ") + e.what()};
  }
  std::error_code ec;
  std::uint64_t size = 0;
  MediaProbe probe;
  if (!failure) {
    size = fs::exists(out, ec) ? fs::file_size(out, ec) : 0;
    if (size == 0) failure = RenderFailure{"internal", "the renderer produced no file"};
    if (!failure && inspect_ && inspect_(out, probe)) probe = MediaProbe{};
  }
  lock.lock();

  running_.erase(id);
  const bool by_user = user_cancelled_.erase(id) != 0;
  RenderJob &r = records_[id];
  if (failure && stopping_ && !by_user) {
    // Shutdown interrupted it: queued again at the next start.
    r.status = "pending";
    r.progress = 0;
    fs::remove(out, ec);
  } else if (!failure) {
    r.status = "completed";
    r.progress = 100;
    r.size = size;
    r.duration_s = probe.duration_s;
    r.encoder = encoder;
    r.completed_at_ms = clock_();
  } else {
    r.status = "failed";
    r.error_code = by_user ? "cancelled" : failure->code;
    r.error = by_user ? "cancelled" : failure->message;
    r.completed_at_ms = clock_();
    fs::remove(out, ec);
  }
  save_locked(r);
}

}  // namespace nemo::server
