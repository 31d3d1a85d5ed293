// The one place where the OBS module meets core/: every generation, chat turn,
// export, credits query and the offline backend go through this service.
// The dock, the AI Video Clip source, the hotkeys and the obs-websocket vendor
// requests all call it; none of them touches the network or the disk itself.
//
// Threading: every method returns at once (work runs on core/ job threads).
// Listeners are called on those worker threads: a Qt widget must hop to its
// own thread (QMetaObject::invokeMethod(..., Qt::QueuedConnection)); a source
// must use OBS's thread-safe calls. shutdown() cancels everything and returns
// within a bounded time (OBS must quit within 3 s).
//
// OBS-free: what it needs of OBS (the locale's words, the settings, placing a
// clip, the log, its folders) comes from the ServiceHost it is made with;
// instance() is the module's one, with OBS as its host (generation_host_obs.cpp).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/look_choice.hpp"
#include "obs/service_host.hpp"

namespace nemo::obs {

// Who asked, when a bot relays a viewer's request (empty: the streamer).
struct Requester {
  std::string name;      // as chat shows it
  std::string id;        // the platform's user id ("" when not given)
  std::string platform;  // "twitch", "youtube", "bilibili", ... ("" when not given)
  bool empty() const { return name.empty() && id.empty(); }
};

// What the streamer asks for: the dock's form, a source's properties, or an
// obs-websocket Generate request.
struct ClipRequest {
  std::vector<std::string> images;
  std::vector<std::string> videos;
  std::string audio;  // "" for none
  std::string prompt;
  std::string workflow;   // "slideshow" | "promo" | "animate" | "custom" ("" = custom)
  std::string aspect;     // "16:9" | "9:16" | "1:1" | "" (the prompt decides)
  int duration_s = 0;     // 0: the prompt decides
  core::LookChoice look;  // transitions and camera move (empty: the prompt decides)
  // Where the clip goes when it is done (empty: as the settings say).
  std::string scene;        // a scene name
  std::string source_name;  // an existing AI Video Clip source to update, or the new one's name
  bool to_queue = false;    // to the end of source_name's queue instead of playing at once
  std::string origin;       // "dock" | "websocket" | "hotkey" | "source" (for logs and history)
  // A viewer's request (obs/viewer_requests.hpp): who, through what, and the
  // request's id on the approval list. The job measures the credits it spends.
  Requester requester;
  std::string request_source;  // "twitch chat", "channel points", ... as the bot says
  std::string request_id;
};

enum class JobStatus { Queued, Running, Completed, Failed, Cancelled };
const char *job_status_name(JobStatus status);  // "queued", "running", ...

// A job as the UI and obs-websocket see it.
struct JobSnapshot {
  std::string id;
  JobStatus status = JobStatus::Queued;
  std::string phase;      // "uploading" | "agent" | "rendering" | "downloading" | "probing" | ""
  int progress = 0;       // 0..100 within the phase
  std::string message;    // localized, plain words (what the dock shows)
  std::string clip_path;  // when completed: the probed MP4
  std::string source_name;
  std::string prompt;
  double elapsed_s = 0;
  double clip_duration_s = 0;
  std::string error_key;  // when failed: the core::Error message key
  // When completed: locale keys of what the result must say beside the clip
  // ("Notice.NoMusic", core/result_notices.hpp); their text ends `message`.
  std::vector<std::string> notices;
  // A viewer's job: who asked (events carry it), and when it has ended, the
  // credits it spent (the balance before and after it; -1: not known).
  Requester requester;
  std::string request_source;
  std::string request_id;
  double credits_spent = -1;
  // When completed: the backend's H.264 encoder ("libx264", "h264_vaapi", ...; "" if not said).
  std::string encoder;
};

// What a listener hears. `kind` tells which fields are meaningful.
struct ServiceEvent {
  enum class Kind {
    JobProgress,   // job: phase/progress/message changed
    JobCompleted,  // job: clip_path set
    JobFailed,     // job: message/error_key set
    AgentText,     // text: the agent's words after GUI translation
    StillWorking,  // text: "Still working..." (every 2 minutes of a turn)
    ExportReady,   // the agent said "click Export" (or the draft became exportable)
    Credits,       // text: "123 available, 0 frozen" or "Offline"
    Error,         // text: a plain-words error not tied to a job
  };
  Kind kind;
  JobSnapshot job;   // JobProgress/JobCompleted/JobFailed
  std::string text;  // AgentText/StillWorking/Credits/Error
  std::string link;  // Error for 2001: the registration link (clickable in the dock)
};

// The last credits answer (the service refreshes it on demand).
struct CreditsSnapshot {
  bool known = false;    // false until a first answer arrived
  bool offline = false;  // the local backend: no credits to count
  double available = 0;
  double frozen = 0;
  double total = 0;
  std::string error;  // plain words, when the last refresh failed
};

class GenerationService {
 public:
  using Listener = std::function<void(const ServiceEvent &)>;

  // The module's service (OBS as its host), made on first use.
  static GenerationService &instance();

  explicit GenerationService(ServiceHost host);
  ~GenerationService();  // shutdown()
  GenerationService(const GenerationService &) = delete;
  GenerationService &operator=(const GenerationService &) = delete;

  // A whole generation: upload, prompt, export, download, probe, placement.
  std::string generate(const ClipRequest &request);  // returns the job id
  // One prompt from the dock's prompt box, routed by intent first
  // ("export", "credits", "status", "导出"... act directly; anything else is
  // a chat turn on the current session, uploading `media` first if new).
  std::string submit_prompt(const std::string &text, const std::vector<std::string> &media);
  std::string export_current();     // the Export button: render the current draft
  void refresh_credits();           // answers with a Credits event
  CreditsSnapshot credits() const;  // the last known answer, at once
  bool cancel(const std::string &job_id);
  // Renders journaled by an earlier run (OBS quit mid-generation) are
  // finished and delivered where they were going. Call once the scene
  // collection has loaded.
  void resume_pending();

  // The history's Delete: forgets a finished (completed, failed or
  // cancelled) job and drops its records from the render journal; with
  // delete_clip, also deletes its MP4. The file work runs off the caller's
  // thread. False (nothing done) for an unknown job or one still queued or
  // running: cancel it first.
  bool remove_job(const std::string &job_id, bool delete_clip);

  std::optional<JobSnapshot> job(const std::string &job_id) const;
  std::vector<JobSnapshot> jobs() const;  // newest first (the history)

  int subscribe(Listener listener);
  void unsubscribe(int token);

  // Cancels every job, stops the offline backend, joins worker threads with
  // a bounded wait. Called from obs_module_unload / OBS_FRONTEND_EVENT_EXIT.
  // No listener is called once it has returned.
  void shutdown();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nemo::obs
