// Viewers' requests: a Generate that names a `requester` (a bot relaying
// chat, channel points, a donation...). The request passes the streamer's
// limits (core/viewer_policy.hpp), then waits on the approval list (the
// dock's Requests tab, the vendor request ViewerRequestAction) until the
// streamer approves or rejects it, unless approval is off: then it runs at
// once. The credits viewer jobs spend count against a daily cap kept across
// restarts (a small JSON file beside the settings).
//
// OBS-free: what it needs (the settings, starting a generation, the local
// day, the file, the log) comes in its Hooks; instance() is the module's one
// (viewer_requests_obs.cpp). Every method may be called from any thread and
// returns at once; listeners are called on the caller's thread, outside the
// lock.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/viewer_policy.hpp"
#include "obs/generation_service.hpp"
#include "obs/plugin_settings.hpp"

namespace nemo::obs {

// One request on the approval list.
struct ViewerRequest {
  std::string id;  // "req-<n>"
  Requester requester;
  std::string source;  // the request's `source` ("twitch chat", ...)
  ClipRequest clip;    // what will be generated (media already chosen)
  std::int64_t received_unix_ms = 0;
};

// What a request, an approval or a rejection came to.
struct ViewerOutcome {
  core::ViewerRefusal refusal = core::ViewerRefusal::None;
  int retry_after_s = 0;     // Cooldown
  std::string request_id;    // taken: its id
  std::string job_id;        // running: the job (approval off, or approved)
  bool unavailable = false;  // the generation service could not take the job
  bool pending() const {
    return refusal == core::ViewerRefusal::None && job_id.empty() && !unavailable;
  }
};

struct ViewerEvent {
  enum class Kind { Pending, Approved, Rejected, Changed };
  Kind kind;
  ViewerRequest request;  // Pending / Approved / Rejected
  std::string job_id;     // Approved
};

class ViewerRequests {
 public:
  struct Hooks {
    std::function<ViewerSettings()> settings;
    // Starts the generation; returns the job id ("" when the service is not available).
    std::function<std::string(const ClipRequest &)> generate;
    // The local day, "2026-12-04" (the daily cap's day).
    std::function<std::string()> today;
    // Fills the request's images, clips and music from the viewer media
    // folder (file I/O on the caller's thread: never OBS's UI thread).
    std::function<void(const std::string &dir, ClipRequest &request)> fill_media;
    // The credits spent on a day, kept across restarts ("" day: none kept).
    std::function<void(std::string &day, double &credits)> load_spent;
    std::function<void(const std::string &day, double credits)> save_spent;
    std::function<void(const std::string &line)> log;
    std::function<std::int64_t()> now_unix_ms;
  };
  using Clock = core::ViewerGate::Clock;
  using Listener = std::function<void(const ViewerEvent &)>;

  explicit ViewerRequests(Hooks hooks);
  ~ViewerRequests();

  static ViewerRequests &instance();  // the module's (OBS hooks)

  // The settings' limits in core's form.
  static core::ViewerLimits limits(const ViewerSettings &s);

  // A viewer's request: checked, then put on the list, or run at once with
  // approval off. `request.requester` must be set.
  ViewerOutcome submit(ClipRequest request, const std::string &source, Clock::time_point now);
  ViewerOutcome submit(ClipRequest request, const std::string &source) {
    return submit(std::move(request), source, Clock::now());
  }
  // The streamer's answers. approve: the job starts (refused with DailyCap
  // when today's credits are spent: the request stays on the list).
  ViewerOutcome approve(const std::string &request_id);
  bool reject(const std::string &request_id);
  // Approves every waiting request of the same requester as request_id;
  // returns the jobs started.
  std::vector<std::string> approve_all_from(const std::string &request_id);
  void clear();  // rejects every waiting request

  // Reads the day's spending kept by an earlier run (file I/O: not on the
  // UI thread). submit() and job_ended() do it on their own; spent_today()
  // and cap_reached() do not (they may run on the UI thread).
  void load();

  std::vector<ViewerRequest> pending() const;  // oldest first
  double spent_today() const;
  bool cap_reached() const;  // today's viewer credits are spent

  // A viewer's job has ended: what it spent counts against today.
  void job_ended(const JobSnapshot &job);

  int subscribe(Listener listener);
  void unsubscribe(int token);

 private:
  struct Slot {
    Listener listener;
    int calls = 0;
  };
  // Starts a request taken off the list (not under the lock: the service's
  // listeners may call back into this class).
  ViewerOutcome start(ViewerRequest request, std::vector<ViewerEvent> &events);
  void ensure_loaded_locked();
  void notify(const std::vector<ViewerEvent> &events);

  Hooks hooks_;
  mutable std::mutex mutex_;
  core::ViewerGate gate_;
  bool loaded_ = false;
  std::vector<ViewerRequest> pending_;
  std::uint64_t next_id_ = 1;
  std::vector<std::string> counted_jobs_;  // the last jobs counted (a job ends once)
  std::mutex listeners_mutex_;
  std::condition_variable listener_returned_;
  std::vector<std::pair<int, std::shared_ptr<Slot>>> listeners_;
  int next_listener_ = 1;
};

// The module's glue (viewer_requests_obs.cpp).
// The localized answer to a viewer for a refusal: %1 the name, %2 the wait
// (Cooldown) or the limit (TooLong).
std::string viewer_refusal_text(core::ViewerRefusal refusal, const std::string &name,
                                int retry_after_s);
// Stops counting ended jobs (obs_module_unload, before the service shuts down).
void shutdown_viewer_requests();

}  // namespace nemo::obs
