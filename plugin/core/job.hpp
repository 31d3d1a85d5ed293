// Asynchronous jobs shared by nemo-clip and the OBS module: a job is a function
// run on its own thread with a JobContext through which it reports progress
// (phase + percent), typed notices and text, and observes its CancelToken. Anyone holding the
// Job can read its state and latest progress, drain its events (the UI thread
// polls them), cancel it, and wait for its result.
//
// Cancellation is cooperative: cancel() sets the token, which every wait in
// core/ (HTTP, polling, probing) observes within ~50 ms; a job function must not
// sleep or block without it. JobManager joins every job thread: its destructor
// cancels what still runs and returns once all threads are gone.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "core/cancel.hpp"
#include "core/error.hpp"

namespace nemo::core {

enum class JobState { Pending, Running, Succeeded, Failed, Cancelled };
const char *job_state_name(JobState state);  // pending, running, succeeded, failed, cancelled

struct JobProgress {
  std::string phase;    // "uploading", "agent", "rendering", "downloading", "probing", ...
  double percent = -1;  // 0..100, or -1 when the phase has no measure
};

// What a job says that is neither progress nor the agent's words, typed so
// that each caller picks its own words (the module its locale, nemo-clip
// English) instead of comparing text.
struct JobNotice {
  enum class Kind {
    StillWorking,  // the agent's turn goes on (every Timings::still_working_every)
  };
  Kind kind = Kind::StillWorking;
  std::chrono::milliseconds elapsed{0};  // StillWorking: how long the turn has run
};

struct JobResult {
  Error error;           // Ok on success; Cancelled when cancelled
  nlohmann::json value;  // what the job produced (job-specific)
};

struct JobEvent {
  enum class Type { Progress, Notice, Text, Finished };
  Type type = Type::Progress;
  JobProgress progress;                // Progress
  JobNotice notice;                    // Notice
  std::string text;                    // Text
  JobState state = JobState::Running;  // Finished: the final state
};

// Called on the job's thread; keep them short (marshal to your UI thread).
struct JobCallbacks {
  std::function<void(const JobProgress &)> on_progress;
  std::function<void(const JobNotice &)> on_notice;
  std::function<void(const std::string &text)> on_text;
  std::function<void(JobState, const JobResult &)> on_finished;
};

class Job;

// What a running job function sees.
class JobContext {
 public:
  explicit JobContext(Job &job) : job_(job) {}
  const CancelToken &cancel_token() const;
  bool cancelled() const { return cancel_token().cancelled(); }
  // percent is clamped to 0..100 (or -1 for "no measure").
  void progress(const std::string &phase, double percent = -1);
  void notice(const JobNotice &notice);
  void text(const std::string &message);

 private:
  Job &job_;
};

using JobFunction = std::function<JobResult(JobContext &)>;

class Job {
 public:
  Job(std::uint64_t id, std::string name, JobCallbacks callbacks);
  Job(const Job &) = delete;
  Job &operator=(const Job &) = delete;

  std::uint64_t id() const { return id_; }
  const std::string &name() const { return name_; }
  JobState state() const;
  bool finished() const;
  JobProgress progress() const;
  void cancel() { cancel_.cancel(); }
  const CancelToken &cancel_token() const { return cancel_; }

  // Waits until the job finished; true if it did within `timeout`.
  bool wait_for(std::chrono::milliseconds timeout) const;
  // Waits until the job finished and returns its result.
  JobResult wait() const;
  // The result (only meaningful once finished()).
  JobResult result() const;

  // Takes the events queued since the last call (progress events in a row are
  // merged; at most kMaxQueuedEvents are kept, oldest text dropped first).
  std::vector<JobEvent> take_events();
  static constexpr std::size_t kMaxQueuedEvents = 512;

 private:
  friend class JobContext;
  friend class JobManager;
  void run(const JobFunction &fn);
  void report_progress(const std::string &phase, double percent);
  void report_notice(const JobNotice &notice);
  void report_text(const std::string &message);
  void push_event(JobEvent ev);  // mutex_ held

  const std::uint64_t id_;
  const std::string name_;
  JobCallbacks callbacks_;
  CancelToken cancel_;
  mutable std::mutex mutex_;
  mutable std::condition_variable done_cv_;
  JobState state_ = JobState::Pending;
  JobProgress progress_;
  JobResult result_;
  std::deque<JobEvent> events_;
};

class JobManager {
 public:
  JobManager() = default;
  ~JobManager();  // cancels every job still running, joins every thread
  JobManager(const JobManager &) = delete;
  JobManager &operator=(const JobManager &) = delete;

  // Starts `fn` on a new thread. After shutdown() it returns a job that is
  // already Cancelled without running fn.
  std::shared_ptr<Job> submit(const std::string &name, JobFunction fn, JobCallbacks callbacks = {});
  std::shared_ptr<Job> find(std::uint64_t id) const;
  std::vector<std::shared_ptr<Job>> jobs() const;  // the jobs still known (running or not reaped)
  std::size_t running() const;
  void cancel_all();
  // Cancels everything and joins every thread; no submit() runs afterwards.
  void shutdown();
  // Joins the threads of finished jobs and forgets them.
  void reap();

 private:
  struct Entry {
    std::shared_ptr<Job> job;
    std::thread thread;
  };
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
  std::uint64_t next_id_ = 1;
  bool shut_down_ = false;
};

}  // namespace nemo::core
