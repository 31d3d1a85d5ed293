// GenerationService: the registry of jobs, the listeners, and the public
// calls. Every call returns at once; the work runs on core::JobManager
// threads (generation_jobs.cpp). Nothing here runs at module load: the job
// manager and the backend are made on first use. OBS-free (see ServiceHost).
// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/generation_service.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>

#include "core/intent_router.hpp"
#include "core/journal.hpp"
#include "core/workflow.hpp"
#include "obs/generation_service_impl.hpp"

namespace nemo::obs {

const char *job_status_name(JobStatus status) {
  switch (status) {
    case JobStatus::Queued:
      return "queued";
    case JobStatus::Running:
      return "running";
    case JobStatus::Completed:
      return "completed";
    case JobStatus::Failed:
      return "failed";
    case JobStatus::Cancelled:
      return "cancelled";
  }
  return "unknown";
}

// --- Impl: host ---------------------------------------------------------

std::string GenerationService::Impl::text(const char *key) const {
  return host.text ? host.text(key) : std::string(key);
}

std::string GenerationService::Impl::error_text(const core::Error &error) const {
  std::string message = text(error.key.c_str());
  // A message that shows the backend's own words (Error.AgentFailed: the agent's error) has a %1.
  if (const auto at = message.find("%1"); at != std::string::npos)
    message.replace(at, 2, error.detail.empty() ? std::string("?") : error.detail);
  return message;
}

void GenerationService::Impl::log(LogLevel level, const char *format, ...) const {
  if (!host.log) return;
  va_list args;
  va_start(args, format);
  va_list again;
  va_copy(again, args);
  const int size = std::vsnprintf(nullptr, 0, format, args);
  va_end(args);
  std::string line(size > 0 ? static_cast<std::size_t>(size) : 0, '\0');
  if (size > 0) std::vsnprintf(line.data(), line.size() + 1, format, again);
  va_end(again);
  host.log(level, line);
}

// --- Impl: registry -------------------------------------------------------

namespace {
// The listener slots this thread is inside (a listener may unsubscribe itself).
thread_local std::vector<const void *> t_inside;
}  // namespace

void GenerationService::Impl::emit(const ServiceEvent &event) {
  std::vector<std::shared_ptr<ListenerSlot>> targets;
  {
    std::lock_guard<std::mutex> lock(mutex);
    for (const auto &[token, slot] : listeners) {
      ++slot->calls;
      targets.push_back(slot);
    }
  }
  for (const auto &slot : targets) {
    t_inside.push_back(slot.get());
    try {
      slot->listener(event);
    } catch (...) {
      log(LogLevel::Warning, "a listener threw on a service event");
    }
    t_inside.pop_back();
    std::lock_guard<std::mutex> lock(mutex);
    --slot->calls;
    listener_returned.notify_all();
  }
}

std::string GenerationService::Impl::add_job(const std::string &prompt,
                                             const std::string &source_name,
                                             const std::string &given_id,
                                             const ClipRequest *request) {
  std::lock_guard<std::mutex> lock(mutex);
  const std::string id = !given_id.empty() ? given_id
                                           : "job-" + std::to_string(core::now_unix_ms()) + "-" +
                                                 std::to_string(next_job++);
  if (entries.count(id)) return id;
  Entry entry;
  entry.snapshot.id = id;
  entry.snapshot.prompt = prompt;
  entry.snapshot.source_name = source_name;
  if (request) {
    entry.snapshot.requester = request->requester;
    entry.snapshot.request_source = request->request_source;
    entry.snapshot.request_id = request->request_id;
  }
  entry.snapshot.message = text("Service.Queued");
  entry.started = std::chrono::steady_clock::now();
  entries.emplace(id, std::move(entry));
  order.insert(order.begin(), id);
  return id;
}

void GenerationService::Impl::phase(const std::string &id, const char *phase_name, int progress,
                                    const std::string &message) {
  update(id, ServiceEvent::Kind::JobProgress, [&](JobSnapshot &s) {
    s.status = JobStatus::Running;
    s.phase = phase_name;
    s.progress = std::max(0, std::min(100, progress));
    s.message = message;
  });
}

void GenerationService::Impl::fail(const std::string &id, const core::Error &error) {
  const bool cancelled = error.code == core::ErrorCode::Cancelled;
  if (!cancelled) log(LogLevel::Warning, "job %s failed: %s", id.c_str(), error.detail.c_str());
  update(id, ServiceEvent::Kind::JobFailed, [&](JobSnapshot &s) {
    s.status = cancelled ? JobStatus::Cancelled : JobStatus::Failed;
    s.message = error_text(error);
    s.error_key = error.key;
  });
}

void GenerationService::Impl::complete(const std::string &id, const std::string &clip_path,
                                       double duration_s, const std::string &source_name) {
  log(LogLevel::Info, "job %s completed: %s", id.c_str(), clip_path.c_str());
  update(id, ServiceEvent::Kind::JobCompleted, [&](JobSnapshot &s) {
    s.status = JobStatus::Completed;
    s.phase.clear();
    s.progress = 100;
    s.clip_path = clip_path;
    s.clip_duration_s = duration_s;
    if (!source_name.empty()) s.source_name = source_name;
    s.message = text("Service.Completed");
    for (const std::string &key : s.notices) s.message += " " + text(key.c_str());
  });
}

namespace {
const char *phase_key(const std::string &phase) {
  if (phase == core::kPhaseConnecting) return "Service.Connecting";
  if (phase == core::kPhaseConverting) return "Service.Converting";
  if (phase == core::kPhaseUploading) return "Service.Uploading";
  if (phase == core::kPhaseAgent) return "Service.AgentWorking";
  if (phase == core::kPhaseRendering) return "Service.Rendering";
  if (phase == core::kPhaseDownloading) return "Service.Downloading";
  if (phase == core::kPhaseProbing) return "Service.Probing";
  return "Service.Queued";
}
}  // namespace

std::string GenerationService::Impl::start(const std::string &id, const std::string &name,
                                           core::JobFunction fn) {
  // Core reports phases and the agent's (GUI-translated) words through the
  // job; they become snapshot updates and events here, on the job's thread.
  core::JobCallbacks callbacks;
  callbacks.on_progress = [this, id](const core::JobProgress &p) {
    phase(id, p.phase.c_str(), p.percent < 0 ? 0 : static_cast<int>(p.percent),
          text(phase_key(p.phase)));
  };
  callbacks.on_notice = [this](const core::JobNotice &notice) {
    switch (notice.kind) {
      case core::JobNotice::Kind::StillWorking:
        emit({ServiceEvent::Kind::StillWorking, {}, text("Service.StillWorking"), {}});
        break;
    }
  };
  callbacks.on_text = [this](const std::string &words) {
    emit({ServiceEvent::Kind::AgentText, {}, words, {}});
  };
  std::shared_ptr<core::Job> job;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (shut_down) {
      entries.erase(id);
      order.erase(std::remove(order.begin(), order.end(), id), order.end());
      return {};
    }
    if (!manager) manager = std::make_unique<core::JobManager>();
    manager->reap();
    job = manager->submit(name, std::move(fn), std::move(callbacks));
    auto it = entries.find(id);
    if (it != entries.end()) it->second.job = job;
  }
  return id;
}

// --- public API -----------------------------------------------------------

GenerationService::GenerationService(ServiceHost host)
    : impl_(std::make_unique<Impl>(std::move(host))) {}
GenerationService::~GenerationService() {
  shutdown();
}

std::string GenerationService::generate(const ClipRequest &request) {
  const std::string id = impl_->add_job(request.prompt, request.source_name, {}, &request);
  impl_->log(LogLevel::Info, "job %s: generate from %s%s (%zu images, %zu clips%s)", id.c_str(),
             request.origin.empty() ? "?" : request.origin.c_str(),
             request.requester.empty() ? "" : ", a viewer's request", request.images.size(),
             request.videos.size(), request.audio.empty() ? "" : ", music");
  return impl_->start(id, "generate", [impl = impl_.get(), id, request](core::JobContext &ctx) {
    return impl->run_generate(id, request, ctx);
  });
}

std::string GenerationService::submit_prompt(const std::string &prompt,
                                             const std::vector<std::string> &media) {
  switch (core::route_intent(prompt)) {
    case core::Intent::Export:
      return export_current();
    case core::Intent::Credits: {
      refresh_credits();
      return {};
    }
    case core::Intent::Status: {
      const std::string id = impl_->add_job(prompt, {});
      return impl_->start(id, "status", [impl = impl_.get(), id](core::JobContext &ctx) {
        return impl->run_status(id, ctx);
      });
    }
    case core::Intent::Upload:
    case core::Intent::Chat:
      break;
  }
  const std::string id = impl_->add_job(prompt, {});
  return impl_->start(id, "prompt", [impl = impl_.get(), id, prompt, media](core::JobContext &ctx) {
    return impl->run_prompt(id, prompt, media, ctx);
  });
}

std::string GenerationService::export_current() {
  const std::string id = impl_->add_job(impl_->text("Service.ExportPrompt"), {});
  return impl_->start(id, "export", [impl = impl_.get(), id](core::JobContext &ctx) {
    return impl->run_export(id, ctx);
  });
}

void GenerationService::refresh_credits() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->shut_down) return;
  if (!impl_->manager) impl_->manager = std::make_unique<core::JobManager>();
  impl_->manager->reap();
  impl_->manager->submit(
      "credits", [impl = impl_.get()](core::JobContext &ctx) { return impl->run_credits(ctx); });
}

CreditsSnapshot GenerationService::credits() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->credits;
}

bool GenerationService::cancel(const std::string &job_id) {
  std::shared_ptr<core::Job> job;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    auto it = impl_->entries.find(job_id);
    if (it == impl_->entries.end() || !it->second.job) return false;
    const JobStatus status = it->second.snapshot.status;
    if (status != JobStatus::Queued && status != JobStatus::Running) return false;
    job = it->second.job;
    it->second.user_cancelled = true;
  }
  job->cancel();
  return true;
}

void GenerationService::resume_pending() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->shut_down) return;
  if (!impl_->manager) impl_->manager = std::make_unique<core::JobManager>();
  // Reading the journal is file I/O: a job of its own, off the UI thread.
  impl_->manager->submit("resume", [impl = impl_.get()](core::JobContext &) {
    core::Journal journal(core::Journal::journal_path(impl->backend.data_dir()));
    for (const core::RenderRecord &record : journal.pending()) {
      const std::string id = record.client_data.value("job_id", std::string());
      if (id.empty()) continue;  // not ours (nemo-clip shares nothing with us, but be safe)
      // A viewer's job keeps saying who asked.
      ClipRequest asked;
      if (auto who = record.client_data.find("requester");
          who != record.client_data.end() && who->is_object()) {
        asked.requester = {who->value("name", std::string()), who->value("id", std::string()),
                           who->value("platform", std::string())};
        asked.request_source = who->value("source", std::string());
        asked.request_id = who->value("request_id", std::string());
      }
      impl->add_job(record.prompt, record.client_data.value("source_name", std::string()), id,
                    &asked);
      impl->log(LogLevel::Info, "job %s: resuming render %s", id.c_str(), record.render_id.c_str());
      impl->start(id, "resume", [impl, id, record](core::JobContext &ctx) {
        return impl->run_resume(id, record, ctx);
      });
    }
    return core::JobResult{};
  });
}

bool GenerationService::remove_job(const std::string &job_id, bool delete_clip) {
  std::string clip;
  std::lock_guard<std::mutex> lock(impl_->mutex);
  auto it = impl_->entries.find(job_id);
  if (it == impl_->entries.end()) return false;
  const JobStatus status = it->second.snapshot.status;
  if (status == JobStatus::Queued || status == JobStatus::Running) return false;
  if (delete_clip) clip = it->second.snapshot.clip_path;
  impl_->entries.erase(it);
  impl_->order.erase(std::remove(impl_->order.begin(), impl_->order.end(), job_id),
                     impl_->order.end());
  impl_->log(LogLevel::Info, "job %s removed from the history%s", job_id.c_str(),
             clip.empty() ? "" : ", deleting its clip");
  if (impl_->shut_down) return true;
  if (!impl_->manager) impl_->manager = std::make_unique<core::JobManager>();
  impl_->manager->reap();
  // The journal and the clip are files: a job of its own, off this thread.
  impl_->manager->submit("forget", [impl = impl_.get(), job_id, clip](core::JobContext &) {
    core::Journal journal(core::Journal::journal_path(impl->backend.data_dir()));
    std::vector<core::RenderRecord> records;
    if (!journal.load(records)) {
      for (const core::RenderRecord &record : records) {
        if (record.client_data.value("job_id", std::string()) == job_id)
          journal.remove(record.render_id);
      }
    }
    if (!clip.empty() && std::remove(clip.c_str()) != 0)
      impl->log(LogLevel::Warning, "could not delete %s", clip.c_str());
    return core::JobResult{};
  });
  return true;
}

bool GenerationService::Impl::user_cancelled(const std::string &id) const {
  std::lock_guard<std::mutex> lock(mutex);
  auto it = entries.find(id);
  return it != entries.end() && it->second.user_cancelled;
}

std::optional<JobSnapshot> GenerationService::job(const std::string &job_id) const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  auto it = impl_->entries.find(job_id);
  if (it == impl_->entries.end()) return std::nullopt;
  JobSnapshot s = it->second.snapshot;
  if (s.status == JobStatus::Queued || s.status == JobStatus::Running)
    s.elapsed_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - it->second.started)
            .count();
  return s;
}

std::vector<JobSnapshot> GenerationService::jobs() const {
  std::vector<JobSnapshot> out;
  std::lock_guard<std::mutex> lock(impl_->mutex);
  for (const auto &id : impl_->order) out.push_back(impl_->entries.at(id).snapshot);
  return out;
}

int GenerationService::subscribe(Listener listener) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  const int token = impl_->next_listener++;
  auto slot = std::make_shared<Impl::ListenerSlot>();
  slot->listener = std::move(listener);
  impl_->listeners.emplace(token, std::move(slot));
  return token;
}

void GenerationService::unsubscribe(int token) {
  std::unique_lock<std::mutex> lock(impl_->mutex);
  auto it = impl_->listeners.find(token);
  if (it == impl_->listeners.end()) return;
  const std::shared_ptr<Impl::ListenerSlot> slot = it->second;
  impl_->listeners.erase(it);
  // Calls already under way on other threads end first (a listener only
  // hands the event on, so this is short); a listener removing itself from
  // inside its own call does not wait for itself.
  const auto own_calls = std::count(t_inside.begin(), t_inside.end(), slot.get());
  impl_->listener_returned.wait(lock, [&] { return slot->calls <= own_calls; });
}

void GenerationService::shutdown() {
  std::unique_ptr<core::JobManager> manager;
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    if (impl_->shut_down) return;
    impl_->shut_down = true;
    manager = std::move(impl_->manager);
  }
  using Clock = std::chrono::steady_clock;
  const auto ms = [](Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
  };
  const auto t0 = Clock::now();
  const std::size_t running = manager ? manager->running() : 0;
  impl_->quitting.cancel();
  // Every wait in core/ observes its cancel token within ~50 ms, so this
  // join is bounded; then the offline backend gets 1 s to exit cleanly.
  if (manager) manager->shutdown();
  const auto t1 = Clock::now();
  impl_->backend.stop();
  const auto t2 = Clock::now();
  {
    // No listener is called once this returns: calls under way on other
    // threads (a placement's answer) end first; a listener shutting the
    // service down from inside its own call does not wait for itself.
    std::unique_lock<std::mutex> lock(impl_->mutex);
    std::vector<std::shared_ptr<Impl::ListenerSlot>> slots;
    for (const auto &[token, slot] : impl_->listeners) slots.push_back(slot);
    impl_->listeners.clear();
    for (const auto &slot : slots) {
      const auto own_calls = std::count(t_inside.begin(), t_inside.end(), slot.get());
      impl_->listener_returned.wait(lock, [&] { return slot->calls <= own_calls; });
    }
  }
  impl_->log(
      LogLevel::Info,
      "service stopped: %zu job(s) cancelled and joined in %.0f ms, backend stopped in %.0f ms",
      running, ms(t1 - t0), ms(t2 - t1));
}

}  // namespace nemo::obs
