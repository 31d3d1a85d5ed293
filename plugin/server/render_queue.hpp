// The render queue: submitted drafts rendered by N worker threads, each job
// pending -> processing -> completed | failed, persisted in
// <data>/renders/<id>.json with the MP4 at <data>/renders/<id>.mp4.
//
// Shutdown: running renders are cancelled and put back to `pending`; at the
// next start every pending job (and any left `processing` by a crash) is
// queued again. A job interrupted `max_attempts` times fails instead.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/backend.hpp"

namespace nemo::server {

struct RenderJob {
  std::string id;
  std::string session_id;
  std::string user_id;
  std::string status = "pending";  // pending | processing | completed | failed
  double progress = 0;             // 0..100
  std::string error;               // failed: why
  std::string error_code;          // failed: cancelled, bad_input, interrupted, ...
  std::int64_t created_at_ms = 0;
  std::int64_t started_at_ms = 0;
  std::int64_t completed_at_ms = 0;
  std::string output_secret;  // the unguessable part of the output URL
  std::uint64_t size = 0;
  double duration_s = 0;
  std::string encoder;  // completed: the H.264 encoder used
  int attempts = 0;
  nlohmann::json draft;
  nlohmann::json output;  // what the client asked for ({"format","quality"})
};

// Render ids are used as file names: [A-Za-z0-9_.-]{1,128}, not starting with '.'.
bool is_valid_render_id(const std::string &id);

class RenderQueue {
 public:
  RenderQueue(std::string data_dir, int workers, RenderFn render, MediaResolver resolve,
              InspectFn inspect, std::function<std::int64_t()> clock, int max_attempts);
  ~RenderQueue();
  RenderQueue(const RenderQueue &) = delete;
  RenderQueue &operator=(const RenderQueue &) = delete;

  void load();   // reads the records; queues the unfinished ones
  void start();  // starts the workers
  void stop();   // cancels running renders (back to pending), joins the workers

  enum class SubmitResult { Ok, Duplicate, Stopped };
  // Status forced to pending; `accepted` (optional) gets the record as queued.
  SubmitResult submit(RenderJob record, RenderJob *accepted = nullptr);

  std::optional<RenderJob> get(const std::string &id) const;
  std::vector<RenderJob> for_session(const std::string &session_id) const;
  // pending: fails now; processing: asks the renderer to stop (the worker
  // marks it failed/cancelled). Returns the record after the request.
  std::optional<RenderJob> cancel(const std::string &id);

  std::string output_path(const std::string &id) const;

 private:
  void worker_loop();
  void run_job(const std::string &id, std::unique_lock<std::mutex> &lock);
  void save_locked(const RenderJob &r) const;

  std::string dir_;
  int workers_count_;
  RenderFn render_;
  MediaResolver resolve_;
  InspectFn inspect_;
  std::function<std::int64_t()> clock_;
  int max_attempts_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool started_ = false;
  std::map<std::string, RenderJob> records_;
  std::deque<std::string> queue_;
  std::map<std::string, std::shared_ptr<std::atomic<bool>>> running_;  // id -> cancel flag
  std::map<std::string, bool> user_cancelled_;
  std::vector<std::thread> workers_;
};

}  // namespace nemo::server
