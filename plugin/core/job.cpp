// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/job.hpp"

#include <algorithm>
#include <exception>
#include <utility>

namespace nemo::core {

const char *job_state_name(JobState state) {
  switch (state) {
    case JobState::Pending:
      return "pending";
    case JobState::Running:
      return "running";
    case JobState::Succeeded:
      return "succeeded";
    case JobState::Failed:
      return "failed";
    case JobState::Cancelled:
      return "cancelled";
  }
  return "failed";
}

const CancelToken &JobContext::cancel_token() const {
  return job_.cancel_token();
}
void JobContext::progress(const std::string &phase, double percent) {
  job_.report_progress(phase, percent);
}
void JobContext::notice(const JobNotice &notice) {
  job_.report_notice(notice);
}
void JobContext::text(const std::string &message) {
  job_.report_text(message);
}

Job::Job(std::uint64_t id, std::string name, JobCallbacks callbacks)
    : id_(id), name_(std::move(name)), callbacks_(std::move(callbacks)) {}

JobState Job::state() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return state_;
}

bool Job::finished() const {
  const JobState s = state();
  return s != JobState::Pending && s != JobState::Running;
}

JobProgress Job::progress() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return progress_;
}

bool Job::wait_for(std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return done_cv_.wait_for(
      lock, timeout, [this] { return state_ != JobState::Pending && state_ != JobState::Running; });
}

JobResult Job::wait() const {
  std::unique_lock<std::mutex> lock(mutex_);
  done_cv_.wait(lock,
                [this] { return state_ != JobState::Pending && state_ != JobState::Running; });
  return result_;
}

JobResult Job::result() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return result_;
}

std::vector<JobEvent> Job::take_events() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<JobEvent> out(std::make_move_iterator(events_.begin()),
                            std::make_move_iterator(events_.end()));
  events_.clear();
  return out;
}

void Job::push_event(JobEvent ev) {
  if (ev.type == JobEvent::Type::Progress && !events_.empty() &&
      events_.back().type == JobEvent::Type::Progress) {
    events_.back() = std::move(ev);  // the UI only needs the latest
    return;
  }
  if (events_.size() >= kMaxQueuedEvents) {
    // Drop the oldest non-final event to stay bounded.
    auto it = std::find_if(events_.begin(), events_.end(),
                           [](const JobEvent &e) { return e.type != JobEvent::Type::Finished; });
    if (it != events_.end()) events_.erase(it);
  }
  events_.push_back(std::move(ev));
}

void Job::report_progress(const std::string &phase, double percent) {
  JobProgress p{phase, percent < 0 ? -1.0 : std::min(100.0, percent)};
  {
    std::lock_guard<std::mutex> lock(mutex_);
    progress_ = p;
    JobEvent ev;
    ev.type = JobEvent::Type::Progress;
    ev.progress = p;
    push_event(std::move(ev));
  }
  if (callbacks_.on_progress) callbacks_.on_progress(p);
}

void Job::report_notice(const JobNotice &notice) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    JobEvent ev;
    ev.type = JobEvent::Type::Notice;
    ev.notice = notice;
    push_event(std::move(ev));
  }
  if (callbacks_.on_notice) callbacks_.on_notice(notice);
}

void Job::report_text(const std::string &message) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    JobEvent ev;
    ev.type = JobEvent::Type::Text;
    ev.text = message;
    push_event(std::move(ev));
  }
  if (callbacks_.on_text) callbacks_.on_text(message);
}

void Job::run(const JobFunction &fn) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    state_ = JobState::Running;
  }
  JobResult result;
  if (cancel_.cancelled()) {
    result.error = make_error(ErrorCode::Cancelled);
  } else {
    try {
      JobContext ctx(*this);
      result = fn(ctx);
    } catch (const std::exception &e) {
      result.error = make_error(ErrorCode::Internal, std::string("job threw: ") + e.what());
    } catch (...) {
      result.error = make_error(ErrorCode::Internal, "job threw");
    }
  }
  // An error after a cancel is the cancel's doing.
  if (result.error && cancel_.cancelled() && result.error.code != ErrorCode::Cancelled)
    result.error = make_error(ErrorCode::Cancelled, result.error.detail);
  JobState final_state = JobState::Succeeded;
  if (result.error)
    final_state =
        result.error.code == ErrorCode::Cancelled ? JobState::Cancelled : JobState::Failed;
  // The callback sees the final state before waiters wake up.
  if (callbacks_.on_finished) {
    try {
      callbacks_.on_finished(final_state, result);
    } catch (...) {
    }
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    result_ = result;
    state_ = final_state;
    JobEvent ev;
    ev.type = JobEvent::Type::Finished;
    ev.state = final_state;
    push_event(std::move(ev));
  }
  done_cv_.notify_all();
}

JobManager::~JobManager() {
  shutdown();
}

std::shared_ptr<Job> JobManager::submit(const std::string &name, JobFunction fn,
                                        JobCallbacks callbacks) {
  reap();
  std::lock_guard<std::mutex> lock(mutex_);
  auto job = std::make_shared<Job>(next_id_++, name, std::move(callbacks));
  if (shut_down_) {
    job->cancel();
    job->run([](JobContext &) { return JobResult{}; });  // finishes as Cancelled at once
    return job;
  }
  Entry entry;
  entry.job = job;
  entry.thread = std::thread([job, f = std::move(fn)] { job->run(f); });
  entries_.push_back(std::move(entry));
  return job;
}

std::shared_ptr<Job> JobManager::find(std::uint64_t id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto &e : entries_)
    if (e.job->id() == id) return e.job;
  return nullptr;
}

std::vector<std::shared_ptr<Job>> JobManager::jobs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::shared_ptr<Job>> out;
  for (const auto &e : entries_) out.push_back(e.job);
  return out;
}

std::size_t JobManager::running() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<std::size_t>(std::count_if(entries_.begin(), entries_.end(),
                                                [](const Entry &e) { return !e.job->finished(); }));
}

void JobManager::cancel_all() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto &e : entries_) e.job->cancel();
}

void JobManager::reap() {
  std::vector<Entry> done;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = std::stable_partition(entries_.begin(), entries_.end(),
                                    [](const Entry &e) { return !e.job->finished(); });
    std::move(it, entries_.end(), std::back_inserter(done));
    entries_.erase(it, entries_.end());
  }
  for (auto &e : done)
    if (e.thread.joinable()) e.thread.join();  // finished: returns at once
}

void JobManager::shutdown() {
  std::vector<Entry> all;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    shut_down_ = true;
    for (auto &e : entries_) e.job->cancel();
    all.swap(entries_);
  }
  for (auto &e : all)
    if (e.thread.joinable()) {
      if (e.thread.get_id() == std::this_thread::get_id())
        e.thread.detach();  // a job shutting its own manager down: it is ending anyway
      else
        e.thread.join();
    }
}

}  // namespace nemo::core
