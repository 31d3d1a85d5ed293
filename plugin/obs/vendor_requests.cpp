// obs-websocket vendor "obs-nemo-video", for Stream Deck, Streamer.bot and
// scripts. Requests: Generate, GetJob, ListJobs, CancelJob, GetCredits, and
// an AI Video Clip source's queue: QueueClip, QueueAction, GetQueue.
// Viewers' requests: a Generate with a `requester` goes through the limits
// and the approval list (viewer_requests.hpp); GetViewerRequests and
// ViewerRequestAction (approve, reject, approve_all) answer for it.
// Events: JobProgress, JobCompleted, JobFailed (with the requester, for a
// viewer's job); ViewerRequestPending, ViewerRequestApproved,
// ViewerRequestRejected; ClipStarted, ClipEnded and QueueChanged come from
// the AI Video Clip source (clip_source.cpp) through emit_vendor_event.
//
// Callbacks run on obs-websocket's thread and return at once: Generate only
// queues a job; GetCredits answers with the last known balance and asks for
// a fresh one (a CreditsUpdated event would be the push form).
//
// Paths: obs-websocket 5 turns request JSON into obs_data, which drops arrays
// of plain strings. So `images`/`videos` also accept arrays of objects
// ([{"path": "..."}]) and newline-separated strings, and an array that
// arrived empty gets an error that says so instead of a silent no-op.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <obs-frontend-api.h>
#include <obs-module.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "core/look_choice.hpp"
#include "obs/clip_source.hpp"
#include "obs/generation_service.hpp"
#include "obs/module_parts.hpp"
#include "obs/obs_log.hpp"
#include "obs/plugin_settings_store.hpp"
#include "obs/replay_highlights.hpp"
#include "obs/viewer_requests.hpp"
#include "obs/websocket_vendor.hpp"

namespace nemo::obs {
namespace {

constexpr const char *kVendorName = "obs-nemo-video";

WebSocketVendor g_vendor;
int g_listener = 0;
int g_viewer_listener = 0;

using DataPtr = std::unique_ptr<obs_data_t, decltype(&obs_data_release)>;
using ArrayPtr = std::unique_ptr<obs_data_array_t, decltype(&obs_data_array_release)>;

void set_error(obs_data_t *response, const char *code, const std::string &message) {
  obs_data_set_bool(response, "ok", false);
  obs_data_set_string(response, "errorCode", code);
  obs_data_set_string(response, "error", message.c_str());
}

// Paths from `key`: an array of {"path": ...} objects, or a string holding one
// path or several separated by newlines. `emptied` is set when the key holds
// an array that obs-websocket emptied (it drops plain strings).
std::vector<std::string> read_paths(obs_data_t *request, const char *key, bool *emptied) {
  std::vector<std::string> paths;
  obs_data_item_t *item = obs_data_item_byname(request, key);
  if (!item) return paths;
  const obs_data_type type = obs_data_item_gettype(item);
  obs_data_item_release(&item);
  if (type == OBS_DATA_STRING) {
    std::istringstream lines(obs_data_get_string(request, key));
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) paths.push_back(line);
  } else if (type == OBS_DATA_ARRAY) {
    ArrayPtr array(obs_data_get_array(request, key), obs_data_array_release);
    const size_t count = obs_data_array_count(array.get());
    for (size_t i = 0; i < count; ++i) {
      DataPtr entry(obs_data_array_item(array.get(), i), obs_data_release);
      const char *path = obs_data_get_string(entry.get(), "path");
      if (path && *path) paths.emplace_back(path);
    }
    if (count == 0 && emptied) *emptied = true;
  }
  return paths;
}

void write_requester(obs_data_t *out, const Requester &who) {
  DataPtr data(obs_data_create(), obs_data_release);
  obs_data_set_string(data.get(), "name", who.name.c_str());
  if (!who.id.empty()) obs_data_set_string(data.get(), "id", who.id.c_str());
  if (!who.platform.empty()) obs_data_set_string(data.get(), "platform", who.platform.c_str());
  obs_data_set_obj(out, "requester", data.get());
}

// `requester`: an object {name, id, platform} or a plain name.
Requester read_requester(obs_data_t *request) {
  Requester who;
  obs_data_item_t *item = obs_data_item_byname(request, "requester");
  if (!item) return who;
  const obs_data_type type = obs_data_item_gettype(item);
  obs_data_item_release(&item);
  if (type == OBS_DATA_STRING) {
    who.name = obs_data_get_string(request, "requester");
  } else if (type == OBS_DATA_OBJECT) {
    DataPtr data(obs_data_get_obj(request, "requester"), obs_data_release);
    who.name = obs_data_get_string(data.get(), "name");
    who.id = obs_data_get_string(data.get(), "id");
    who.platform = obs_data_get_string(data.get(), "platform");
    if (who.id.empty() && obs_data_get_int(data.get(), "id") != 0)  // a numeric id
      who.id = std::to_string(obs_data_get_int(data.get(), "id"));
  }
  return who;
}

void write_viewer_request(obs_data_t *out, const ViewerRequest &r) {
  obs_data_set_string(out, "requestId", r.id.c_str());
  write_requester(out, r.requester);
  obs_data_set_string(out, "source", r.source.c_str());
  obs_data_set_string(out, "prompt", r.clip.prompt.c_str());
  obs_data_set_int(out, "receivedAt", r.received_unix_ms);
}

void set_refusal(obs_data_t *response, const ViewerOutcome &out, const std::string &name) {
  set_error(response, core::viewer_refusal_code(out.refusal),
            viewer_refusal_text(out.refusal, name, out.retry_after_s));
  if (out.refusal == core::ViewerRefusal::Cooldown)
    obs_data_set_int(response, "retryAfter", out.retry_after_s);
}

void write_job(obs_data_t *out, const JobSnapshot &job) {
  obs_data_set_string(out, "jobId", job.id.c_str());
  obs_data_set_string(out, "status", job_status_name(job.status));
  obs_data_set_string(out, "phase", job.phase.c_str());
  obs_data_set_int(out, "progress", job.progress);
  obs_data_set_string(out, "message", job.message.c_str());
  obs_data_set_string(out, "prompt", job.prompt.c_str());
  obs_data_set_double(out, "elapsed", job.elapsed_s);
  if (!job.clip_path.empty()) obs_data_set_string(out, "clipPath", job.clip_path.c_str());
  if (!job.source_name.empty()) obs_data_set_string(out, "sourceName", job.source_name.c_str());
  if (!job.error_key.empty()) obs_data_set_string(out, "errorCode", job.error_key.c_str());
  if (!job.encoder.empty()) obs_data_set_string(out, "encoder", job.encoder.c_str());
  if (!job.notices.empty()) {
    ArrayPtr notices(obs_data_array_create(), obs_data_array_release);
    for (const std::string &key : job.notices) {
      DataPtr entry(obs_data_create(), obs_data_release);
      obs_data_set_string(entry.get(), "code", key.c_str());
      obs_data_array_push_back(notices.get(), entry.get());
    }
    obs_data_set_array(out, "notices", notices.get());
  }
  if (!job.requester.empty()) {
    write_requester(out, job.requester);
    obs_data_set_string(out, "requestSource", job.request_source.c_str());
    obs_data_set_string(out, "requestId", job.request_id.c_str());
    if (job.credits_spent >= 0) obs_data_set_double(out, "creditsSpent", job.credits_spent);
  }
}

void on_generate(obs_data_t *request, obs_data_t *response, void *) {
  ClipRequest r;
  bool emptied = false;
  r.images = read_paths(request, "images", &emptied);
  r.videos = read_paths(request, "videos", &emptied);
  r.audio = obs_data_get_string(request, "audio");
  r.prompt = obs_data_get_string(request, "prompt");
  r.aspect = obs_data_get_string(request, "aspect");
  r.duration_s = static_cast<int>(obs_data_get_int(request, "duration"));
  r.workflow = obs_data_get_string(request, "workflow");
  r.look.transition = obs_data_get_string(request, "transition");
  r.look.motion = obs_data_get_string(request, "motion");
  if (obs_data_has_user_value(request, "motionStrength"))
    r.look.motion_strength = obs_data_get_double(request, "motionStrength");
  r.look.background = obs_data_get_string(request, "background");
  r.scene = obs_data_get_string(request, "scene");
  r.source_name = obs_data_get_string(request, "sourceName");
  // "end": to the end of that source's queue; "now" (default): play it at once.
  r.to_queue = std::string(obs_data_get_string(request, "queue")) == "end";
  r.origin = "websocket";
  r.requester = read_requester(request);
  const bool viewer = !r.requester.empty();

  if (const std::string problem = core::look_choice_problem(r.look); !problem.empty()) {
    set_error(response, "bad_request", problem);
    return;
  }
  if (r.images.empty() && r.videos.empty() && !viewer) {
    set_error(response, "bad_request",
              emptied ? "obs-websocket drops arrays of plain strings before they reach a plugin: "
                        "send images as [{\"path\": \"...\"}] or as one string with a path per line"
                      : "Generate needs at least one image or video in `images` or `videos`");
    return;
  }
  if (viewer) {
    // A viewer's words (media from the request, else the viewer media folder).
    if (emptied && r.images.empty() && r.videos.empty()) {
      set_error(response, "bad_request",
                "obs-websocket drops arrays of plain strings before they reach a plugin: "
                "send images as [{\"path\": \"...\"}] or as one string with a path per line");
      return;
    }
    const std::string name = r.requester.name.empty() ? r.requester.id : r.requester.name;
    const ViewerOutcome out =
        ViewerRequests::instance().submit(r, obs_data_get_string(request, "source"));
    if (out.refusal != core::ViewerRefusal::None) {
      set_refusal(response, out, name);
      return;
    }
    if (out.unavailable) {
      set_error(response, "unavailable", "the generation service is not available");
      return;
    }
    obs_data_set_bool(response, "ok", true);
    obs_data_set_string(response, "requestId", out.request_id.c_str());
    obs_data_set_string(response, "status", out.pending() ? "pending" : "queued");
    if (!out.job_id.empty()) obs_data_set_string(response, "jobId", out.job_id.c_str());
    return;
  }
  if (r.prompt.empty()) {
    set_error(response, "bad_request", "Generate needs a `prompt`");
    return;
  }
  const std::string id = GenerationService::instance().generate(r);
  if (id.empty()) {
    set_error(response, "unavailable", "the generation service is not available");
    return;
  }
  obs_data_set_bool(response, "ok", true);
  obs_data_set_string(response, "jobId", id.c_str());
}

// The AI Video Clip source a queue request names (`inputName`), or null
// with the error set.
obs_source_t *clip_input(obs_data_t *request, obs_data_t *response) {
  const char *name = obs_data_get_string(request, "inputName");
  obs_source_t *source = name && *name ? obs_get_source_by_name(name) : nullptr;
  if (source && std::string(obs_source_get_unversioned_id(source)) == clip::kSourceId)
    return source;
  obs_source_release(source);
  set_error(response, "not_found", "no AI Video Clip source by that `inputName`");
  return nullptr;
}

void write_queue(obs_data_t *out, obs_source_t *source) {
  clip::QueueState q;
  clip::queue_state(source, q);
  obs_data_set_string(out, "inputName", obs_source_get_name(source));
  obs_data_set_string(out, "current", q.current.c_str());
  ArrayPtr items(obs_data_array_create(), obs_data_array_release);
  for (const std::string &path : q.items) {
    DataPtr entry(obs_data_create(), obs_data_release);
    obs_data_set_string(entry.get(), "clipPath", path.c_str());
    obs_data_array_push_back(items.get(), entry.get());
  }
  obs_data_set_array(out, "queue", items.get());
  obs_data_set_bool(out, "shuffle", q.shuffle);
  obs_data_set_bool(out, "loop", q.loop);
}

void on_queue_clip(obs_data_t *request, obs_data_t *response, void *) {
  std::unique_ptr<obs_source_t, decltype(&obs_source_release)> source(clip_input(request, response),
                                                                      obs_source_release);
  if (!source) return;
  const std::string path = obs_data_get_string(request, "clipPath");
  if (path.empty()) {
    set_error(response, "bad_request", "QueueClip needs a `clipPath`");
    return;
  }
  clip::enqueue_clip(source.get(), path, obs_data_get_bool(request, "playNow"));
  obs_data_set_bool(response, "ok", true);
  write_queue(response, source.get());
}

void on_queue_action(obs_data_t *request, obs_data_t *response, void *) {
  std::unique_ptr<obs_source_t, decltype(&obs_source_release)> source(clip_input(request, response),
                                                                      obs_source_release);
  if (!source) return;
  const std::string action = obs_data_get_string(request, "action");
  if (action != "next" && action != "skip" && action != "clear") {
    set_error(response, "bad_request", "`action` is next, skip or clear");
    return;
  }
  const bool done = clip::queue_action(source.get(), action);
  if (!done && action == "next") {
    set_error(response, "queue_empty", "the queue is empty");
    return;
  }
  obs_data_set_bool(response, "ok", true);
  write_queue(response, source.get());
}

void on_get_queue(obs_data_t *request, obs_data_t *response, void *) {
  std::unique_ptr<obs_source_t, decltype(&obs_source_release)> source(clip_input(request, response),
                                                                      obs_source_release);
  if (!source) return;
  obs_data_set_bool(response, "ok", true);
  write_queue(response, source.get());
}

void on_make_highlight(obs_data_t *request, obs_data_t *response, void *) {
  std::string error;
  const std::string id = make_highlight(static_cast<int>(obs_data_get_int(request, "count")),
                                        obs_data_get_string(request, "prompt"), &error);
  if (id.empty()) {
    set_error(response, error.empty() ? "unavailable" : error.c_str(),
              error == "no_replays"
                  ? "no replay has been collected: turn on \"Collect replay buffer saves\" in "
                    "the AI Video settings and save the replay buffer"
                  : "the generation service is not available");
    return;
  }
  obs_data_set_bool(response, "ok", true);
  obs_data_set_string(response, "jobId", id.c_str());
}

void on_get_viewer_requests(obs_data_t *, obs_data_t *response, void *) {
  auto &viewers = ViewerRequests::instance();
  viewers.load();  // obs-websocket's thread: the day's spending may be read here
  ArrayPtr array(obs_data_array_create(), obs_data_array_release);
  for (const ViewerRequest &r : viewers.pending()) {
    DataPtr entry(obs_data_create(), obs_data_release);
    write_viewer_request(entry.get(), r);
    obs_data_array_push_back(array.get(), entry.get());
  }
  const ViewerSettings settings = nemo::obs::settings().viewer;
  obs_data_set_bool(response, "ok", true);
  obs_data_set_array(response, "requests", array.get());
  obs_data_set_bool(response, "enabled", settings.enabled);
  obs_data_set_bool(response, "approval", settings.approval);
  obs_data_set_double(response, "creditsSpentToday", viewers.spent_today());
  obs_data_set_int(response, "dailyCredits", settings.daily_credits);
}

void on_viewer_request_action(obs_data_t *request, obs_data_t *response, void *) {
  auto &viewers = ViewerRequests::instance();
  const std::string id = obs_data_get_string(request, "requestId");
  const std::string action = obs_data_get_string(request, "action");
  if (action != "approve" && action != "reject" && action != "approve_all") {
    set_error(response, "bad_request", "`action` is approve, reject or approve_all");
    return;
  }
  std::string name;
  for (const ViewerRequest &r : viewers.pending())
    if (r.id == id) name = r.requester.name;
  if (action == "reject") {
    if (!viewers.reject(id)) {
      set_error(response, "not_found", "no waiting viewer request with that requestId");
      return;
    }
    obs_data_set_bool(response, "ok", true);
    return;
  }
  if (action == "approve_all") {
    const std::vector<std::string> jobs = viewers.approve_all_from(id);
    if (jobs.empty() && name.empty()) {
      set_error(response, "not_found", "no waiting viewer request with that requestId");
      return;
    }
    ArrayPtr array(obs_data_array_create(), obs_data_array_release);
    for (const std::string &job : jobs) {
      DataPtr entry(obs_data_create(), obs_data_release);
      obs_data_set_string(entry.get(), "jobId", job.c_str());
      obs_data_array_push_back(array.get(), entry.get());
    }
    obs_data_set_bool(response, "ok", true);
    obs_data_set_array(response, "jobs", array.get());
    return;
  }
  const ViewerOutcome out = viewers.approve(id);
  if (out.refusal != core::ViewerRefusal::None) {
    set_refusal(response, out, name);
    return;
  }
  if (out.job_id.empty()) {
    set_error(response, name.empty() ? "not_found" : "unavailable",
              name.empty() ? "no waiting viewer request with that requestId"
                           : "the generation service is not available");
    return;
  }
  obs_data_set_bool(response, "ok", true);
  obs_data_set_string(response, "jobId", out.job_id.c_str());
}

void on_viewer_event(const ViewerEvent &event) {
  const char *type = event.kind == ViewerEvent::Kind::Pending    ? "ViewerRequestPending"
                     : event.kind == ViewerEvent::Kind::Approved ? "ViewerRequestApproved"
                     : event.kind == ViewerEvent::Kind::Rejected ? "ViewerRequestRejected"
                                                                 : nullptr;
  if (!type) return;
  DataPtr data(obs_data_create(), obs_data_release);
  write_viewer_request(data.get(), event.request);
  if (!event.job_id.empty()) obs_data_set_string(data.get(), "jobId", event.job_id.c_str());
  if (event.kind == ViewerEvent::Kind::Rejected) {
    // What a bot can say to the viewer.
    obs_data_set_string(data.get(), "errorCode",
                        core::viewer_refusal_code(core::ViewerRefusal::Rejected));
    obs_data_set_string(
        data.get(), "error",
        viewer_refusal_text(core::ViewerRefusal::Rejected, event.request.requester.name, 0)
            .c_str());
  }
  g_vendor.emit(type, data.get());
}

void on_get_job(obs_data_t *request, obs_data_t *response, void *) {
  const auto job = GenerationService::instance().job(obs_data_get_string(request, "jobId"));
  if (!job) {
    set_error(response, "not_found", "no job with that jobId");
    return;
  }
  obs_data_set_bool(response, "ok", true);
  write_job(response, *job);
}

void on_list_jobs(obs_data_t *, obs_data_t *response, void *) {
  ArrayPtr array(obs_data_array_create(), obs_data_array_release);
  for (const auto &job : GenerationService::instance().jobs()) {
    DataPtr entry(obs_data_create(), obs_data_release);
    write_job(entry.get(), job);
    obs_data_array_push_back(array.get(), entry.get());
  }
  obs_data_set_bool(response, "ok", true);
  obs_data_set_array(response, "jobs", array.get());
}

void on_cancel_job(obs_data_t *request, obs_data_t *response, void *) {
  const bool cancelled =
      GenerationService::instance().cancel(obs_data_get_string(request, "jobId"));
  if (!cancelled) {
    set_error(response, "not_found", "no running job with that jobId");
    return;
  }
  obs_data_set_bool(response, "ok", true);
}

void on_get_credits(obs_data_t *, obs_data_t *response, void *) {
  auto &service = GenerationService::instance();
  const CreditsSnapshot credits = service.credits();
  service.refresh_credits();
  obs_data_set_bool(response, "ok", true);
  obs_data_set_bool(response, "known", credits.known);
  obs_data_set_bool(response, "offline", credits.offline);
  obs_data_set_double(response, "available", credits.available);
  obs_data_set_double(response, "frozen", credits.frozen);
  obs_data_set_double(response, "total", credits.total);
  if (!credits.error.empty()) obs_data_set_string(response, "error", credits.error.c_str());
}

void on_service_event(const ServiceEvent &event) {
  const char *type = nullptr;
  switch (event.kind) {
    case ServiceEvent::Kind::JobProgress:
      type = "JobProgress";
      break;
    case ServiceEvent::Kind::JobCompleted:
      type = "JobCompleted";
      break;
    case ServiceEvent::Kind::JobFailed:
      type = "JobFailed";
      break;
    default:
      return;
  }
  DataPtr data(obs_data_create(), obs_data_release);
  write_job(data.get(), event.job);
  g_vendor.emit(type, data.get());
}

void on_frontend_event(enum obs_frontend_event event, void *) {
  // obs-websocket is still loaded here; at obs_module_unload it may not be.
  if (event == OBS_FRONTEND_EVENT_EXIT) unregister_vendor_requests();
}

}  // namespace

void emit_vendor_event(const char *type, obs_data_t *data) {
  g_vendor.emit(type, data);
}

void register_vendor_requests() {
  if (!g_vendor.open(kVendorName)) return;
  g_vendor.add_request("Generate", on_generate, nullptr);
  g_vendor.add_request("GetJob", on_get_job, nullptr);
  g_vendor.add_request("ListJobs", on_list_jobs, nullptr);
  g_vendor.add_request("CancelJob", on_cancel_job, nullptr);
  g_vendor.add_request("GetCredits", on_get_credits, nullptr);
  g_vendor.add_request("QueueClip", on_queue_clip, nullptr);
  g_vendor.add_request("QueueAction", on_queue_action, nullptr);
  g_vendor.add_request("GetQueue", on_get_queue, nullptr);
  g_vendor.add_request("MakeHighlight", on_make_highlight, nullptr);
  g_vendor.add_request("GetViewerRequests", on_get_viewer_requests, nullptr);
  g_vendor.add_request("ViewerRequestAction", on_viewer_request_action, nullptr);
  g_listener = GenerationService::instance().subscribe(on_service_event);
  g_viewer_listener = ViewerRequests::instance().subscribe(on_viewer_event);
  obs_frontend_add_event_callback(on_frontend_event, nullptr);
  nemo_info("obs-websocket vendor '%s' registered", kVendorName);
}

void unregister_vendor_requests() {
  if (g_listener) {
    GenerationService::instance().unsubscribe(g_listener);
    g_listener = 0;
  }
  if (g_viewer_listener) {
    ViewerRequests::instance().unsubscribe(g_viewer_listener);
    g_viewer_listener = 0;
  }
  if (g_vendor.is_open()) {
    obs_frontend_remove_event_callback(on_frontend_event, nullptr);
    g_vendor.close();
  }
}

}  // namespace nemo::obs
