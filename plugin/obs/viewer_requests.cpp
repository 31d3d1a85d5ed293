// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/viewer_requests.hpp"

#include <algorithm>
#include <utility>

namespace nemo::obs {
namespace {

// How many ended jobs are remembered, so that a job's end counts once.
constexpr std::size_t kCountedJobs = 64;

std::string who(const Requester &r) {
  return (r.name.empty() ? r.id : r.name) + (r.platform.empty() ? "" : " (" + r.platform + ")");
}

}  // namespace

ViewerRequests::ViewerRequests(Hooks hooks) : hooks_(std::move(hooks)) {}

ViewerRequests::~ViewerRequests() = default;

core::ViewerLimits ViewerRequests::limits(const ViewerSettings &s) {
  core::ViewerLimits l;
  l.cooldown_s = s.cooldown_s;
  l.max_pending = s.max_pending;
  l.max_chars = s.max_chars;
  l.daily_credits = s.daily_credits;
  l.blocked_words = core::parse_word_list(s.blocked_words);
  return l;
}

void ViewerRequests::ensure_loaded_locked() {
  if (loaded_) return;
  loaded_ = true;
  std::string day;
  double credits = 0;
  if (hooks_.load_spent) hooks_.load_spent(day, credits);
  if (!day.empty()) gate_.restore(day, credits);
}

ViewerOutcome ViewerRequests::submit(ClipRequest request, const std::string &source,
                                     Clock::time_point now) {
  const ViewerSettings settings = hooks_.settings();
  ViewerOutcome out;
  if (!settings.enabled) {
    out.refusal = core::ViewerRefusal::Off;
    return out;
  }
  const std::string key =
      core::viewer_key(request.requester.platform, request.requester.id, request.requester.name);
  const core::ViewerLimits l = limits(settings);
  core::ViewerGate::Decision decision;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ensure_loaded_locked();
    decision =
        gate_.check(l, key, request.prompt, static_cast<int>(pending_.size()), now, hooks_.today());
  }
  if (decision.refusal == core::ViewerRefusal::None && request.images.empty() &&
      request.videos.empty()) {
    // No media of its own (a chat message brings words only): the folder's.
    if (!settings.media_dir.empty() && hooks_.fill_media)
      hooks_.fill_media(settings.media_dir, request);
    if (request.images.empty() && request.videos.empty())
      decision.refusal = core::ViewerRefusal::NoMedia;
  }
  if (decision.refusal != core::ViewerRefusal::None) {
    out.refusal = decision.refusal;
    out.retry_after_s = decision.retry_after_s;
    if (hooks_.log)
      hooks_.log("viewer request from " + who(request.requester) +
                 " refused: " + core::viewer_refusal_code(decision.refusal) +
                 (decision.word.empty() ? "" : " (\"" + decision.word + "\")"));
    return out;
  }

  ViewerRequest entry;
  entry.requester = request.requester;
  entry.source = source;
  entry.received_unix_ms = hooks_.now_unix_ms ? hooks_.now_unix_ms() : 0;
  std::vector<ViewerEvent> events;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // Checked again under this lock: two requests of one viewer at once get one place.
    decision =
        gate_.check(l, key, request.prompt, static_cast<int>(pending_.size()), now, hooks_.today());
    if (decision.refusal != core::ViewerRefusal::None) {
      out.refusal = decision.refusal;
      out.retry_after_s = decision.retry_after_s;
      return out;
    }
    gate_.taken(key, now);
    entry.id = "req-" + std::to_string(next_id_++);
    request.request_id = entry.id;
    request.request_source = source;
    entry.clip = std::move(request);
    out.request_id = entry.id;
    if (settings.approval) {
      pending_.push_back(entry);
      events.push_back({ViewerEvent::Kind::Pending, entry, {}});
      events.push_back({ViewerEvent::Kind::Changed, {}, {}});
    }
  }
  if (hooks_.log)
    hooks_.log("viewer request " + entry.id + " from " + who(entry.requester) +
               (settings.approval ? ": waiting for approval" : ": approval is off, running it"));
  if (!settings.approval) {
    const ViewerOutcome started = start(entry, events);
    out.job_id = started.job_id;
    out.unavailable = started.unavailable;
  }
  notify(events);
  return out;
}

ViewerOutcome ViewerRequests::start(ViewerRequest request, std::vector<ViewerEvent> &events) {
  ViewerOutcome out;
  out.request_id = request.id;
  out.job_id = hooks_.generate(request.clip);
  if (out.job_id.empty()) {
    out.unavailable = true;
    return out;
  }
  events.push_back({ViewerEvent::Kind::Approved, request, out.job_id});
  return out;
}

ViewerOutcome ViewerRequests::approve(const std::string &request_id) {
  const ViewerSettings settings = hooks_.settings();
  ViewerOutcome out;
  out.request_id = request_id;
  ViewerRequest request;
  {
    // No ensure_loaded_locked: this may be the UI thread, and a request on
    // the list means submit() has loaded the day's spending already.
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = std::find_if(pending_.begin(), pending_.end(),
                           [&](const ViewerRequest &r) { return r.id == request_id; });
    if (it == pending_.end()) {
      out.unavailable = true;  // not (or no longer) waiting
      return out;
    }
    if (gate_.cap_reached(limits(settings), hooks_.today())) {
      out.refusal = core::ViewerRefusal::DailyCap;
      return out;
    }
    request = *it;
    pending_.erase(it);
  }
  std::vector<ViewerEvent> events;
  out = start(request, events);
  if (out.unavailable) {
    std::lock_guard<std::mutex> lock(mutex_);
    pending_.insert(pending_.begin(), request);  // not lost: still waiting
  }
  events.push_back({ViewerEvent::Kind::Changed, {}, {}});
  if (hooks_.log && !out.unavailable)
    hooks_.log("viewer request " + request_id + " approved: job " + out.job_id);
  notify(events);
  return out;
}

bool ViewerRequests::reject(const std::string &request_id) {
  std::vector<ViewerEvent> events;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = std::find_if(pending_.begin(), pending_.end(),
                           [&](const ViewerRequest &r) { return r.id == request_id; });
    if (it == pending_.end()) return false;
    events.push_back({ViewerEvent::Kind::Rejected, *it, {}});
    pending_.erase(it);
  }
  events.push_back({ViewerEvent::Kind::Changed, {}, {}});
  if (hooks_.log) hooks_.log("viewer request " + request_id + " rejected");
  notify(events);
  return true;
}

std::vector<std::string> ViewerRequests::approve_all_from(const std::string &request_id) {
  std::vector<std::string> ids;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = std::find_if(pending_.begin(), pending_.end(),
                           [&](const ViewerRequest &r) { return r.id == request_id; });
    if (it == pending_.end()) return {};
    const std::string key =
        core::viewer_key(it->requester.platform, it->requester.id, it->requester.name);
    for (const ViewerRequest &r : pending_)
      if (core::viewer_key(r.requester.platform, r.requester.id, r.requester.name) == key)
        ids.push_back(r.id);
  }
  std::vector<std::string> jobs;
  for (const std::string &id : ids) {
    const ViewerOutcome out = approve(id);
    if (!out.job_id.empty()) jobs.push_back(out.job_id);
    if (out.refusal == core::ViewerRefusal::DailyCap) break;
  }
  return jobs;
}

void ViewerRequests::clear() {
  std::vector<ViewerEvent> events;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const ViewerRequest &r : pending_) events.push_back({ViewerEvent::Kind::Rejected, r, {}});
    pending_.clear();
  }
  if (events.empty()) return;
  events.push_back({ViewerEvent::Kind::Changed, {}, {}});
  notify(events);
}

void ViewerRequests::load() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (loaded_) return;
    ensure_loaded_locked();
  }
  notify({{ViewerEvent::Kind::Changed, {}, {}}});
}

std::vector<ViewerRequest> ViewerRequests::pending() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return pending_;
}

double ViewerRequests::spent_today() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return gate_.spent(hooks_.today());
}

bool ViewerRequests::cap_reached() const {
  const core::ViewerLimits l = limits(hooks_.settings());
  std::lock_guard<std::mutex> lock(mutex_);
  return gate_.cap_reached(l, hooks_.today());
}

void ViewerRequests::job_ended(const JobSnapshot &job) {
  if (job.requester.empty() || job.credits_spent < 0) return;
  std::string day;
  double total = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (std::find(counted_jobs_.begin(), counted_jobs_.end(), job.id) != counted_jobs_.end())
      return;
    counted_jobs_.push_back(job.id);
    if (counted_jobs_.size() > kCountedJobs) counted_jobs_.erase(counted_jobs_.begin());
    ensure_loaded_locked();
    day = hooks_.today();
    gate_.spend(job.credits_spent, day);
    total = gate_.spent(day);
  }
  if (hooks_.save_spent) hooks_.save_spent(day, total);
}

int ViewerRequests::subscribe(Listener listener) {
  std::lock_guard<std::mutex> lock(listeners_mutex_);
  const int token = next_listener_++;
  auto slot = std::make_shared<Slot>();
  slot->listener = std::move(listener);
  listeners_.emplace_back(token, std::move(slot));
  return token;
}

void ViewerRequests::unsubscribe(int token) {
  std::unique_lock<std::mutex> lock(listeners_mutex_);
  auto it = std::find_if(listeners_.begin(), listeners_.end(),
                         [&](const auto &entry) { return entry.first == token; });
  if (it == listeners_.end()) return;
  const std::shared_ptr<Slot> slot = it->second;
  listeners_.erase(it);
  // Its owner may be destroyed once this returns: wait for calls under way.
  listener_returned_.wait(lock, [&] { return slot->calls == 0; });
}

void ViewerRequests::notify(const std::vector<ViewerEvent> &events) {
  std::vector<std::shared_ptr<Slot>> slots;
  {
    std::lock_guard<std::mutex> lock(listeners_mutex_);
    for (auto &entry : listeners_) {
      ++entry.second->calls;
      slots.push_back(entry.second);
    }
  }
  for (const auto &slot : slots) {
    for (const ViewerEvent &event : events) slot->listener(event);
    std::lock_guard<std::mutex> lock(listeners_mutex_);
    --slot->calls;
  }
  listener_returned_.notify_all();
}

}  // namespace nemo::obs
