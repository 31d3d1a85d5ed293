// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/cli_app.hpp"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/exit_codes.hpp"
#include "core/api_client.hpp"
#include "core/config.hpp"
#include "core/intent_router.hpp"
#include "core/job.hpp"
#include "core/journal.hpp"
#include "core/local_backend.hpp"
#include "core/mp4_probe.hpp"
#include "core/result_notices.hpp"
#include "core/workflow.hpp"
#include "nemo/version.hpp"

namespace nemo::cli {
namespace {
using core::Error;
using core::ErrorCode;
using core::JobContext;
using core::JobResult;
using nlohmann::json;

struct Outcome {
  std::string human;
  json data = json::object();
};

using Body = std::function<Error(JobContext &, Outcome &)>;

// Runs body as a job, cancelling it on Ctrl-C; returns its error.
Error run_job(const std::string &name, const Body &body, Output &out, const AppEnv &env,
              Outcome &outcome) {
  core::JobManager manager;
  core::JobCallbacks callbacks;
  callbacks.on_progress = [&out](const core::JobProgress &p) { out.progress(p); };
  callbacks.on_notice = [&out](const core::JobNotice &n) { out.notice(n); };
  callbacks.on_text = [&out](const std::string &t) { out.text(t); };
  auto job = manager.submit(
      name,
      [&body, &outcome](JobContext &ctx) {
        return JobResult{body(ctx, outcome), {}};
      },
      callbacks);
  while (!job->wait_for(std::chrono::milliseconds(50)))
    if (env.interrupted && env.interrupted->load()) job->cancel();
  out.end_progress();
  return job->result().error;
}

std::string credits_text(const core::Credits &c) {
  std::ostringstream s;
  s << "Credits: " << c.available << " available (" << c.frozen << " frozen, " << c.total
    << " total)";
  return s.str();
}

std::string saved_text(const core::ExportOutcome &e) {
  std::string s = "Saved " + e.output_path + "\n" + core::describe_probe(e.probe);
  if (!e.encoder.empty()) s += "\nEncoded with " + e.encoder;
  if (!e.timeline.empty()) s += "\n" + e.timeline;
  return s;
}

std::string actions_hint(const core::ChatOutcome &c) {
  std::string s;
  for (const auto a : c.reply.actions) {
    if (a == core::GuiAction::Export) s += "\nNext: nemo-clip export --out FILE";
    if (a == core::GuiAction::ShowCredits) s += "\nSee: nemo-clip credits";
    if (a == core::GuiAction::ShowState || a == core::GuiAction::ShowTimeline)
      s += "\nSee: nemo-clip state";
  }
  return s;
}

Error state_body(core::ApiClient &api, JobContext &ctx, Outcome &o) {
  core::StatusOutcome status;
  if (Error e = core::run_status(api, ctx, status)) return e;
  o.human = status.timeline;
  o.data = status.to_json();
  return {};
}

Error credits_body(core::ApiClient &api, JobContext &ctx, Outcome &o) {
  core::Credits c;
  if (Error e = core::run_credits(api, ctx, c)) return e;
  o.human = credits_text(c);
  o.data = {{"available", c.available}, {"frozen", c.frozen}, {"total", c.total}};
  return {};
}

int probe_command(const CliOptions &options, Output &out) {
  core::ProbeResult r;
  const Error e = core::probe_mp4(options.files.at(0), r);
  if (e) {
    const int code = exit_code_for(e.code);
    out.error(e, code);
    return code;
  }
  json data = {{"container", r.container},
               {"duration_s", r.duration_s},
               {"video_codec", r.video_codec},
               {"width", r.width},
               {"height", r.height},
               {"fps", r.fps},
               {"has_audio", r.has_audio},
               {"audio_codec", r.audio_codec},
               {"size", r.size},
               {"summary", core::describe_probe(r)}};
  out.result(core::describe_probe(r), data);
  return kExitOk;
}
}  // namespace

int run_app(const CliOptions &options, Output &out, const AppEnv &env) {
  switch (options.command) {
    case Command::Help:
      std::cout << usage_text();
      return kExitOk;
    case Command::Version:
      out.result(std::string("nemo-clip ") + NEMO_VERSION, {{"version", NEMO_VERSION}});
      return kExitOk;
    case Command::Probe:
      return probe_command(options, out);
    case Command::None:
      return kExitUsage;
    default:
      break;
  }

  const std::string data_dir = options.data_dir.empty() ? default_data_dir() : options.data_dir;
  std::string base_setting = options.local_backend() ? std::string() : options.backend;
  std::string client_dir = data_dir;
  std::string backend_label;

  // --backend local: nemo-local beside us (or on PATH), on loopback, stopped at exit.
  core::LocalBackend local;
  if (options.local_backend()) {
    core::LocalBackendOptions lo;
    lo.executable = core::find_local_backend({env.self_dir});
    if (lo.executable.empty()) {
      const Error e = core::make_error(ErrorCode::Usage,
                                       "nemo-local was not found beside nemo-clip or on PATH");
      out.error(e, kExitUsage);
      return kExitUsage;
    }
    lo.data_dir = data_dir + "/local";
    out.progress({core::kPhaseConnecting, -1});
    if (Error e = local.start(lo)) {
      const int code = exit_code_for(e.code);
      out.error(e, code);
      return code;
    }
    base_setting = local.url();
    client_dir = data_dir + "/local-client";  // its tokens and sessions are the local backend's
    backend_label = "local";
  }

  core::Config config =
      core::Config::resolve(base_setting, options.token, options.language, client_dir);
  config.convert_cache_dir = data_dir + "/converted";  // shared by both backends
  if (backend_label.empty()) backend_label = config.base_url;
  core::ApiClient api(config);
  core::Journal journal(core::Journal::journal_path(client_dir));
  journal.prune(30LL * 24 * 3600 * 1000);

  Body body;
  switch (options.command) {
    case Command::Generate:
      body = [&](JobContext &ctx, Outcome &o) -> Error {
        core::GenerateRequest req;
        req.files = options.generate_files();
        req.prompt = core::with_look_choice(options.prompt, options.look);
        req.new_session = true;
        req.export_request.output_path = options.out;
        req.export_request.backend_label = backend_label;
        core::GenerateOutcome g;
        Error e = core::run_generate(api, &journal, req, ctx, g);
        if (e && !g.exported.render_id.empty() && e.code == ErrorCode::Cancelled)
          out.note("The render " + g.exported.render_id +
                   " goes on; `nemo-clip resume` downloads it later.");
        if (e) return e;
        o.human = saved_text(g.exported);
        for (const auto &c : g.converted)
          o.human += "\nConverted " + c.original + " for upload (" + c.copy + ")";
        for (const auto &key : g.notices) o.human += "\nNote: " + core::notice_text(key);
        o.data = g.to_json();
        return {};
      };
      break;
    case Command::Chat:
      body = [&](JobContext &ctx, Outcome &o) -> Error {
        switch (core::route_intent(options.text)) {
          case core::Intent::Credits:
            return credits_body(api, ctx, o);
          case core::Intent::Status:
            return state_body(api, ctx, o);
          case core::Intent::Export:
            return core::make_error(ErrorCode::Usage,
                                    "to export, run: nemo-clip export --out FILE");
          case core::Intent::Upload:
            return core::make_error(ErrorCode::Usage, "to upload, run: nemo-clip upload FILE...");
          case core::Intent::Chat:
            break;
        }
        core::ChatRequest req;
        req.prompt = options.text;
        core::ChatOutcome c;
        if (Error e = core::run_chat(api, req, ctx, c)) return e;
        o.human = c.timeline + actions_hint(c);
        o.data = c.to_json();
        return {};
      };
      break;
    case Command::Upload:
      body = [&](JobContext &ctx, Outcome &o) -> Error {
        core::UploadResult r;
        if (Error e = core::run_upload(api, options.files, ctx, r)) return e;
        json files = json::array();
        o.human = "Uploaded " + std::to_string(r.files.size()) + " file(s) to session " +
                  api.session_id() + ":";
        for (const auto &f : r.files) {
          files.push_back({{"filename", f.filename}, {"type", f.file_type}, {"url", f.cdn_url}});
          o.human += "\n  " + f.filename + " (" + f.file_type + ")";
        }
        o.data = {{"session_id", api.session_id()}, {"files", files}};
        return {};
      };
      break;
    case Command::State:
      body = [&](JobContext &ctx, Outcome &o) { return state_body(api, ctx, o); };
      break;
    case Command::Credits:
      body = [&](JobContext &ctx, Outcome &o) { return credits_body(api, ctx, o); };
      break;
    case Command::Export:
      body = [&](JobContext &ctx, Outcome &o) -> Error {
        core::ExportRequest req;
        req.output_path = options.out;
        req.backend_label = backend_label;
        core::ExportOutcome x;
        if (Error e = core::run_export(api, &journal, req, ctx, x)) return e;
        o.human = saved_text(x);
        o.data = x.to_json();
        return {};
      };
      break;
    case Command::Resume:
      body = [&](JobContext &ctx, Outcome &o) -> Error {
        json done = json::array();
        Error last;
        for (const auto &record : journal.pending()) {
          if (record.backend != backend_label) {
            out.note("Skipping " + record.render_id + ": it was made on " + record.backend);
            continue;
          }
          core::ExportOutcome x;
          if (Error e = core::resume_render(api, journal, record, ctx, x)) {
            if (e.code == ErrorCode::Cancelled) return e;
            out.note("Could not finish " + record.render_id + ": " + e.detail);
            last = e;
            continue;
          }
          o.human += (o.human.empty() ? "" : "\n") + saved_text(x);
          done.push_back(x.to_json());
        }
        if (o.human.empty() && !last) o.human = "Nothing to resume.";
        o.data = {{"finished", done}};
        return last;
      };
      break;
    default:
      return kExitUsage;
  }

  Outcome outcome;
  const Error e = run_job(command_name(options.command), body, out, env, outcome);
  if (e) {
    const int code = exit_code_for(e.code);
    out.error(e, code);
    return code;
  }
  out.result(outcome.human, outcome.data);
  return kExitOk;
}

}  // namespace nemo::cli
