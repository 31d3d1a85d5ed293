// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/clip_source_generation.hpp"

#include <obs-module.h>

#include <algorithm>
#include <mutex>
#include <obs.hpp>

#include "obs/clip_source.hpp"
#include "obs/obs_log.hpp"
#include "protocol/text.hpp"

namespace nemo::obs::clip {
namespace {

std::string lower_extension(const std::string &path) {
  const auto dot = path.find_last_of('.');
  const auto slash = path.find_last_of('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
  return protocol::ascii_lower(path.substr(dot + 1));
}

bool is_one_of(const std::string &ext, std::initializer_list<const char *> list) {
  return std::any_of(list.begin(), list.end(), [&](const char *item) { return ext == item; });
}

}  // namespace

ClipRequest request_from_settings(obs_data_t *settings, const std::string &source_name) {
  ClipRequest request;
  OBSDataArrayAutoRelease media = obs_data_get_array(settings, kMedia);
  const size_t count = obs_data_array_count(media);
  for (size_t i = 0; i < count; i++) {
    OBSDataAutoRelease item = obs_data_array_item(media, i);
    if (obs_data_get_bool(item, "hidden")) continue;
    const std::string path = obs_data_get_string(item, "value");
    if (path.empty()) continue;
    // The extension only sorts the list; the service checks each file's
    // content before it uploads it.
    const std::string ext = lower_extension(path);
    if (is_one_of(ext, {"mp4", "mov", "mkv", "webm", "avi"}))
      request.videos.push_back(path);
    else if (is_one_of(ext, {"mp3", "wav", "m4a", "aac", "ogg", "flac"}) && request.audio.empty())
      request.audio = path;
    else
      request.images.push_back(path);
  }
  request.prompt = obs_data_get_string(settings, kPrompt);
  request.workflow = obs_data_get_string(settings, kWorkflow);
  request.aspect = obs_data_get_string(settings, kAspect);
  request.duration_s = static_cast<int>(obs_data_get_int(settings, kDuration));
  request.look.transition = obs_data_get_string(settings, kTransition);
  request.look.motion = obs_data_get_string(settings, kMotion);
  // 0 is "auto"; a still camera has no strength.
  const double strength = obs_data_get_double(settings, kMotionStrength);
  if (strength > 0 && request.look.motion != "still") request.look.motion_strength = strength;
  request.look.background = obs_data_get_string(settings, kBackground);
  request.source_name = source_name;
  request.origin = "source";
  return request;
}

struct GenerationListener::State {
  explicit State(obs_source_t *source) : weak(obs_source_get_weak_source(source)) {}
  OBSWeakSourceAutoRelease weak;
  std::mutex mutex;
  std::string job_id;  // the last job this source started

  void on_event(const ServiceEvent &event);
};

void GenerationListener::State::on_event(const ServiceEvent &event) {
  if (event.kind != ServiceEvent::Kind::JobProgress &&
      event.kind != ServiceEvent::Kind::JobCompleted && event.kind != ServiceEvent::Kind::JobFailed)
    return;
  OBSSourceAutoRelease source = obs_weak_source_get_source(weak);
  if (!source) return;  // the source is going away
  const JobSnapshot &job = event.job;
  bool mine = !job.source_name.empty() && job.source_name == obs_source_get_name(source);
  {
    std::lock_guard<std::mutex> guard(mutex);
    mine = mine || (!job.id.empty() && job.id == job_id);
  }
  if (!mine) return;

  switch (event.kind) {
    case ServiceEvent::Kind::JobProgress:
      set_status(source, job.message.empty() ? text_with("ClipSource.Status.Working", job.phase)
                                             : job.message);
      break;
    case ServiceEvent::Kind::JobCompleted:
      // The service also places the clip by name (scene_placement): setting
      // the same path twice plays it once.
      if (job.clip_path.empty())
        set_status(source, obs_module_text("ClipSource.Status.Done"));
      else
        set_status(source, obs_module_text("ClipSource.Status.Done"), job.clip_path.c_str());
      break;
    case ServiceEvent::Kind::JobFailed:
      set_status(source, text_with("ClipSource.Status.Failed",
                                   job.message.empty() ? job.error_key : job.message));
      break;
    default:
      break;
  }
}

GenerationListener::GenerationListener(obs_source_t *source, const std::string &job_id)
    : state_(std::make_shared<State>(source)) {
  state_->job_id = job_id;
  std::shared_ptr<State> state = state_;
  token_ = GenerationService::instance().subscribe(
      [state](const ServiceEvent &event) { state->on_event(event); });
}

GenerationListener::~GenerationListener() {
  GenerationService::instance().unsubscribe(token_);
}

void GenerationListener::generate(obs_source_t *source) {
  OBSDataAutoRelease settings = obs_source_get_settings(source);
  const ClipRequest request = request_from_settings(settings, obs_source_get_name(source));
  if (request.images.empty() && request.videos.empty() && request.prompt.empty()) {
    set_status(source, obs_module_text("ClipSource.Status.NothingToGenerate"));
    return;
  }
  const std::string id = GenerationService::instance().generate(request);
  if (id.empty()) {
    set_status(source, obs_module_text("ClipSource.Status.NotStarted"));
    return;
  }
  {
    std::lock_guard<std::mutex> guard(state_->mutex);
    state_->job_id = id;
  }
  OBSDataAutoRelease update = obs_data_create();
  obs_data_set_string(update, kJobId, id.c_str());
  obs_data_set_string(update, kStatus, obs_module_text("ClipSource.Status.Queued"));
  obs_source_update(source, update);
  nemo_info("'%s': generation %s started", obs_source_get_name(source), id.c_str());
}

}  // namespace nemo::obs::clip
