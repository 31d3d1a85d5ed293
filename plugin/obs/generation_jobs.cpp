// What GenerationService's jobs do, on core::JobManager threads: connect to
// the backend, upload, talk to the agent, render, download, probe, and hand
// the clip to the host. Every step observes the job's cancel token. The
// steps themselves are core's whole operations (core/workflow.hpp). OBS-free.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <optional>
#include <regex>

#include "core/journal.hpp"
#include "core/mp4_probe.hpp"
#include "core/result_notices.hpp"
#include "core/workflow.hpp"
#include "obs/generation_service_impl.hpp"
#include "platform/clock.hpp"

namespace nemo::obs {
namespace fs = std::filesystem;

namespace {

// Where an anonymous user registers; the backend binds the account to the
// anonymous user with ?bind=<user id> (plugin/protocol/PROTOCOL.md "Errors", code 2001).
constexpr const char *kRegistrationUrl = "https://nemovideo.ai/";

// "%1 available, %2 frozen" with the numbers put in (translations may move them).
std::string fill(std::string pattern, const std::vector<std::string> &values) {
  for (size_t i = 0; i < values.size(); ++i) {
    const std::string token = "%" + std::to_string(i + 1);
    for (size_t at = pattern.find(token); at != std::string::npos;
         at = pattern.find(token, at + values[i].size()))
      pattern.replace(at, token.size(), values[i]);
  }
  return pattern;
}

std::string number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.0f", value);
  return buf;
}

// The prompt the agent gets: the streamer's words, plus the form's choices
// when the words do not already say them.
std::string compose_prompt(const ClipRequest &r) {
  std::string prompt = r.prompt;
  if (!r.aspect.empty() && prompt.find(r.aspect) == std::string::npos)
    prompt += " (aspect " + r.aspect + ")";
  if (r.duration_s > 0 && !std::regex_search(prompt, std::regex(R"(\d+\s*(s|sec|second|秒|min))")))
    prompt += " (" + std::to_string(r.duration_s) + "-second video)";
  return core::with_look_choice(prompt, r.look);
}

// "clip-20261121-171530-sunset.mp4" in the output folder, never overwriting.
std::string clip_path_for(const std::string &output_dir, const std::string &prompt) {
  std::string slug;
  for (char c : prompt) {
    if (slug.size() >= 32) break;
    if (std::isalnum(static_cast<unsigned char>(c)))
      slug += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!slug.empty() && slug.back() != '-')
      slug += '-';
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  const std::tm tm = platform::local_calendar_time(now);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
  const std::string base = std::string("clip-") + stamp + (slug.empty() ? "" : "-" + slug);
  fs::path path = fs::path(output_dir) / (base + ".mp4");
  for (int n = 2; fs::exists(path); ++n)
    path = fs::path(output_dir) / (base + "-" + std::to_string(n) + ".mp4");
  return path.string();
}

}  // namespace

core::JobResult GenerationService::Impl::run_generate(const std::string &id,
                                                      const ClipRequest &request,
                                                      core::JobContext &ctx) {
  std::shared_ptr<core::ApiClient> client;
  // A viewer's job: the balance before it, to count what it spent (the
  // daily cap of viewer credits). Other jobs running at the same time may
  // count too: the cap errs on the streamer's side.
  const bool viewer = !request.requester.empty();
  std::optional<core::Credits> before;
  auto measure_spent = [&] {
    if (!before || !client) return;
    core::Credits after;
    if (client->credits(after, quitting)) return;
    const double spent = std::max(0.0, before->available - after.available);
    update(id, ServiceEvent::Kind::JobProgress, [&](JobSnapshot &s) { s.credits_spent = spent; });
    log(LogLevel::Info, "job %s: a viewer's job spent %.0f credit(s)", id.c_str(), spent);
  };
  auto failed = [&](const core::Error &e) {
    if (e.code == core::ErrorCode::Cancelled) after_cancel(id, client.get());
    measure_spent();
    report(id, e, client.get());
    return core::JobResult{e, {}};
  };
  ctx.progress(core::kPhaseConnecting);
  if (core::Error e = backend.connect(client, ctx.cancel_token())) return failed(e);
  if (viewer) {
    core::Credits balance;
    if (!client->credits(balance, ctx.cancel_token())) before = balance;
  }

  // A generation is a session of its own (the product's batch workflow).
  core::GenerateRequest pipeline;
  pipeline.files = request.images;
  pipeline.files.insert(pipeline.files.end(), request.videos.begin(), request.videos.end());
  if (!request.audio.empty()) pipeline.files.push_back(request.audio);
  pipeline.prompt = compose_prompt(request);
  pipeline.new_session = true;
  std::string dest;
  if (core::Error e = prepare_output(request.prompt, dest)) return failed(e);
  pipeline.export_request =
      export_request(id, dest, request.prompt, request.scene, request.source_name);
  // A render resumed after a restart still goes to the queue.
  if (request.to_queue) pipeline.export_request.client_data["queue"] = true;
  // ... and a viewer's job still says who asked.
  if (viewer)
    pipeline.export_request.client_data["requester"] = {{"name", request.requester.name},
                                                        {"id", request.requester.id},
                                                        {"platform", request.requester.platform},
                                                        {"source", request.request_source},
                                                        {"request_id", request.request_id}};

  core::Journal journal(core::Journal::journal_path(backend.data_dir()));
  core::GenerateOutcome outcome;
  if (core::Error e = core::run_generate(*client, &journal, pipeline, ctx, outcome))
    return failed(e);
  if (!outcome.notices.empty()) {
    update(id, ServiceEvent::Kind::JobProgress,
           [&](JobSnapshot &s) { s.notices = outcome.notices; });
    for (const std::string &key : outcome.notices)
      log(LogLevel::Info, "job %s: %s", id.c_str(), core::notice_text(key).c_str());
  }
  for (const auto &c : outcome.converted)
    log(LogLevel::Info, "job %s: converted %s for upload", id.c_str(),
        std::filesystem::path(c.original).filename().string().c_str());
  measure_spent();
  deliver(id, outcome.exported, request.scene, request.source_name, request.to_queue);
  return {};
}

core::Error GenerationService::Impl::prepare_output(const std::string &prompt, std::string &dest) {
  const ResolvedSettings settings = host.settings();
  std::error_code ec;
  fs::create_directories(settings.output_dir, ec);
  if (ec)
    return core::make_error(core::ErrorCode::Disk,
                            "cannot create the output folder " + settings.output_dir);
  dest = clip_path_for(settings.output_dir, prompt);
  return {};
}

core::ExportRequest GenerationService::Impl::export_request(const std::string &id,
                                                            const std::string &dest,
                                                            const std::string &prompt,
                                                            const std::string &scene,
                                                            const std::string &source_name) const {
  core::ExportRequest r;
  r.output_path = dest;
  r.prompt = prompt;
  r.backend_label = backend.backend_label();
  // Left to after_cancel(): OBS quitting must not cancel the render (it
  // resumes at the next start), and a clean-up call must not hold OBS's exit.
  r.cancel_backend_render = false;
  r.client_data = {{"job_id", id}, {"scene", scene}, {"source_name", source_name}};
  return r;
}

void GenerationService::Impl::after_cancel(const std::string &id, core::ApiClient *client) {
  if (!client || !user_cancelled(id)) return;
  core::Journal journal(core::Journal::journal_path(backend.data_dir()));
  for (const core::RenderRecord &record : journal.pending()) {
    if (record.client_data.value("job_id", std::string()) != id) continue;
    client->cancel_render(record.render_id, quitting);
    journal.remove(record.render_id);
  }
}

core::JobResult GenerationService::Impl::run_resume(const std::string &id,
                                                    const core::RenderRecord &record,
                                                    core::JobContext &ctx) {
  std::shared_ptr<core::ApiClient> client;
  core::Error e;
  const bool wants_local = record.backend == "local";
  e = backend.connect(client, ctx.cancel_token());
  if (!e && wants_local != backend.offline())
    e = core::make_error(core::ErrorCode::Usage,
                         "the render was started on another backend (" + record.backend + ")");
  core::Journal journal(core::Journal::journal_path(backend.data_dir()));
  core::ExportOutcome clip;
  if (!e) {
    ctx.progress(core::kPhaseRendering, 0);
    e = core::resume_render(*client, journal, record, ctx, clip);
  }
  if (e) {
    if (e.code == core::ErrorCode::Cancelled) after_cancel(id, client.get());
    report(id, e, client.get());
    return {e, {}};
  }
  deliver(id, clip, record.client_data.value("scene", std::string()),
          record.client_data.value("source_name", std::string()),
          record.client_data.value("queue", false));
  return {};
}

void GenerationService::Impl::deliver(const std::string &id, const core::ExportOutcome &clip,
                                      const std::string &scene, const std::string &source_name,
                                      bool to_queue) {
  log(LogLevel::Info, "job %s: %s", id.c_str(), core::describe_probe(clip.probe).c_str());
  if (!clip.encoder.empty()) {
    log(LogLevel::Info, "job %s: rendered with the %s encoder", id.c_str(), clip.encoder.c_str());
    update(id, ServiceEvent::Kind::JobProgress, [&](JobSnapshot &s) { s.encoder = clip.encoder; });
  }
  const ResolvedSettings settings = host.settings();
  // Where the clip goes: the request's scene/source, else the settings.
  std::string target_scene = scene;
  if (target_scene.empty() && source_name.empty()) {
    if (settings.after_render == AfterRender::HistoryOnly) {
      complete(id, clip.output_path, clip.probe.duration_s, {});
      return;
    }
    if (settings.after_render == AfterRender::NamedScene) target_scene = settings.target_scene;
  }
  const std::string path = clip.output_path;
  const double duration = clip.probe.duration_s;
  if (to_queue && !source_name.empty() && host.queue_clip) {
    host.queue_clip(path, source_name, [this, id, path, duration](const std::string &queued) {
      if (queued.empty())
        log(LogLevel::Warning, "job %s: no AI Video Clip source to queue the clip in", id.c_str());
      complete(id, path, duration, queued);
    });
    return;
  }
  host.place_clip(path, target_scene, source_name,
                  [this, id, path, duration](const std::string &placed) {
                    if (placed.empty())
                      log(LogLevel::Warning, "job %s: the clip could not be placed", id.c_str());
                    complete(id, path, duration, placed);
                  });
}

core::JobResult GenerationService::Impl::run_prompt(const std::string &id,
                                                    const std::string &prompt,
                                                    const std::vector<std::string> &media,
                                                    core::JobContext &ctx) {
  const auto &cancel = ctx.cancel_token();
  std::shared_ptr<core::ApiClient> client;
  auto failed = [&](const core::Error &e) {
    report(id, e, client.get());
    return core::JobResult{e, {}};
  };
  std::lock_guard<std::mutex> turn(conversation);  // one turn at a time

  ctx.progress(core::kPhaseConnecting);
  if (core::Error e = backend.connect(client, cancel)) return failed(e);
  core::ChatRequest request;
  request.prompt = prompt;
  request.files = media;
  request.uploaded = &uploaded;
  core::ChatOutcome chat;
  if (core::Error e = core::run_chat(*client, request, ctx, chat)) return failed(e);
  if (chat.export_ready()) emit({ServiceEvent::Kind::ExportReady, {}, {}, {}});
  complete(id, {}, 0, {});
  return {};
}

core::JobResult GenerationService::Impl::run_export(const std::string &id, core::JobContext &ctx) {
  const auto &cancel = ctx.cancel_token();
  std::shared_ptr<core::ApiClient> client;
  std::string dest;
  core::ExportOutcome clip;
  core::Error e = backend.connect(client, cancel);
  if (!e) e = prepare_output(text("Service.ExportPrompt"), dest);
  if (!e) {
    core::Journal journal(core::Journal::journal_path(backend.data_dir()));
    e = core::run_export(*client, &journal,
                         export_request(id, dest, text("Service.ExportPrompt"), {}, {}), ctx, clip);
  }
  if (e) {
    if (e.code == core::ErrorCode::Cancelled) after_cancel(id, client.get());
    report(id, e, client.get());
    return {e, {}};
  }
  deliver(id, clip, {}, {});
  return {};
}

core::JobResult GenerationService::Impl::run_status(const std::string &id, core::JobContext &ctx) {
  const auto &cancel = ctx.cancel_token();
  std::shared_ptr<core::ApiClient> client;
  core::StatusOutcome status;
  core::Error e = backend.connect(client, cancel);
  if (!e) e = core::run_status(*client, ctx, status);
  if (e) {
    fail(id, e);
    return {e, {}};
  }
  emit({ServiceEvent::Kind::AgentText, {}, status.timeline, {}});
  if (status.exportable) emit({ServiceEvent::Kind::ExportReady, {}, {}, {}});
  complete(id, {}, 0, {});
  return {};
}

core::JobResult GenerationService::Impl::run_credits(core::JobContext &ctx) {
  const auto &cancel = ctx.cancel_token();
  std::shared_ptr<core::ApiClient> client;
  core::Credits answer;
  core::Error e = backend.connect(client, cancel);
  if (!e) e = core::run_credits(*client, ctx, answer);
  CreditsSnapshot snapshot;
  snapshot.offline = backend.offline();
  if (e) {
    snapshot.error = error_text(e);
  } else {
    snapshot.known = true;
    snapshot.available = answer.available;
    snapshot.frozen = answer.frozen;
    snapshot.total = answer.total;
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    credits = snapshot;
  }
  std::string line;
  if (snapshot.offline) {
    line = text("Service.Offline");
  } else if (snapshot.known) {
    line = fill(text("Service.CreditsLine"), {number(snapshot.available), number(snapshot.frozen)});
  } else {
    line = snapshot.error;
  }
  emit({ServiceEvent::Kind::Credits, {}, line, {}});
  return {e, {}};
}

void GenerationService::Impl::report(const std::string &id, const core::Error &error,
                                     core::ApiClient *client) {
  fail(id, error);
  if (error.code != core::ErrorCode::Credits) return;
  // 2001: anonymous users get the registration link that binds their
  // anonymous account; registered ones are told to top up.
  ServiceEvent event{ServiceEvent::Kind::Error, {}, {}, {}};
  if (client && client->anonymous() && !client->user_id().empty()) {
    event.text = text("Service.RegisterToContinue");
    event.link = std::string(kRegistrationUrl) + "?bind=" + client->user_id();
  } else {
    event.text = text("Service.TopUp");
  }
  emit(event);
}

}  // namespace nemo::obs
