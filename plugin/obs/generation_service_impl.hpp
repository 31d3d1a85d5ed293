// GenerationService's state, shared by generation_service.cpp (the registry,
// listeners and public calls) and generation_jobs.cpp (what the jobs do).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/job.hpp"
#include "core/workflow.hpp"
#include "obs/backend_connection.hpp"
#include "obs/generation_service.hpp"
#include "obs/service_host.hpp"

namespace nemo::obs {

struct GenerationService::Impl {
  explicit Impl(ServiceHost h) : host(std::move(h)), backend(host) {}

  struct Entry {
    JobSnapshot snapshot;
    std::shared_ptr<core::Job> job;
    std::chrono::steady_clock::time_point started;
    bool user_cancelled = false;  // Cancel pressed (not OBS quitting)
  };

  // A listener and the calls to it under way: unsubscribe() waits until no
  // other thread is inside it, so its owner may be destroyed right after.
  struct ListenerSlot {
    Listener listener;
    int calls = 0;
  };

  const ServiceHost host;
  mutable std::mutex mutex;
  std::condition_variable listener_returned;  // with `mutex`
  std::map<int, std::shared_ptr<ListenerSlot>> listeners;
  int next_listener = 1;
  std::map<std::string, Entry> entries;
  std::vector<std::string> order;  // newest first
  std::uint64_t next_job = 1;
  CreditsSnapshot credits;
  bool shut_down = false;
  // Cancelled by shutdown(): bounds the clean-up calls jobs make after a cancel.
  core::CancelToken quitting;
  std::unique_ptr<core::JobManager> manager;  // made on first use, not at load

  BackendConnection backend;  // after `host`, which it uses
  // The dock's conversation: one turn at a time, and what was uploaded to
  // the current session already (so a prompt uploads only new media).
  std::mutex conversation;
  core::SessionUploads uploaded;

  // --- host ---
  // Localized text for a key, safe from any thread.
  std::string text(const char *key) const;
  // A core error in plain, localized words.
  std::string error_text(const core::Error &error) const;
  void log(LogLevel level, const char *format, ...) const __attribute__((format(printf, 3, 4)));

  // --- registry (generation_service.cpp) ---
  void emit(const ServiceEvent &event);
  // A new job; ids stay unique across restarts (a resumed job keeps its id).
  std::string add_job(const std::string &prompt, const std::string &source_name,
                      const std::string &id = {}, const ClipRequest *request = nullptr);
  // Applies `change` to the job's snapshot and announces it as `kind`.
  template <class Fn>
  void update(const std::string &id, ServiceEvent::Kind kind, Fn &&change);
  void phase(const std::string &id, const char *phase, int progress, const std::string &message);
  void fail(const std::string &id, const core::Error &error);
  // fail() plus what the error asks of the UI (2001: the registration link).
  void report(const std::string &id, const core::Error &error, core::ApiClient *client);
  void complete(const std::string &id, const std::string &clip_path, double duration_s,
                const std::string &source_name);
  std::string start(const std::string &id, const std::string &name, core::JobFunction fn);

  // --- jobs (generation_jobs.cpp) ---
  core::JobResult run_generate(const std::string &id, const ClipRequest &request,
                               core::JobContext &ctx);
  core::JobResult run_prompt(const std::string &id, const std::string &text,
                             const std::vector<std::string> &media, core::JobContext &ctx);
  core::JobResult run_export(const std::string &id, core::JobContext &ctx);
  core::JobResult run_status(const std::string &id, core::JobContext &ctx);
  core::JobResult run_credits(core::JobContext &ctx);
  core::JobResult run_resume(const std::string &id, const core::RenderRecord &record,
                             core::JobContext &ctx);
  // After a cancel: a Cancel pressed by the streamer also cancels the job's
  // renders on the backend and drops them from the journal; OBS quitting
  // leaves them journaled, to be resumed at the next start.
  void after_cancel(const std::string &id, core::ApiClient *client);
  bool user_cancelled(const std::string &id) const;
  // The output file for a new clip (the folder made if needed).
  core::Error prepare_output(const std::string &prompt, std::string &dest);
  core::ExportRequest export_request(const std::string &id, const std::string &dest,
                                     const std::string &prompt, const std::string &scene,
                                     const std::string &source_name) const;
  // Puts a finished clip where the request or the settings say, then completes the job.
  void deliver(const std::string &id, const core::ExportOutcome &clip, const std::string &scene,
               const std::string &source_name, bool to_queue = false);
};

template <class Fn>
void GenerationService::Impl::update(const std::string &id, ServiceEvent::Kind kind, Fn &&change) {
  ServiceEvent event{kind, {}, {}, {}};
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = entries.find(id);
    if (it == entries.end()) return;
    change(it->second.snapshot);
    it->second.snapshot.elapsed_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - it->second.started)
            .count();
    event.job = it->second.snapshot;
  }
  emit(event);
}

}  // namespace nemo::obs
