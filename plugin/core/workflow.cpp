// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/workflow.hpp"

#include <filesystem>
#include <utility>

#include "core/draft.hpp"
#include "core/prompt_check.hpp"
#include "core/result_notices.hpp"
#include "core/upload_prepare.hpp"

namespace nemo::core {
namespace {
using nlohmann::json;

double percent(std::uint64_t done, std::uint64_t total) {
  return total == 0 ? -1.0 : 100.0 * static_cast<double>(done) / static_cast<double>(total);
}

json probe_json(const ProbeResult &p) {
  return json{{"container", p.container},
              {"duration_s", p.duration_s},
              {"video_codec", p.video_codec},
              {"width", p.width},
              {"height", p.height},
              {"fps", p.fps},
              {"has_audio", p.has_audio},
              {"audio_codec", p.audio_codec},
              {"size", p.size},
              {"summary", describe_probe(p)}};
}

std::string absolute(const std::string &path) {
  std::error_code ec;
  const auto p = std::filesystem::absolute(path, ec);
  return ec ? path : p.lexically_normal().string();
}

// Polls, downloads and probes render_id; keeps the journal entry up to date.
Error finish_render(ApiClient &api, Journal *journal, const std::string &render_id,
                    const std::string &output_path, JobContext &ctx, ExportOutcome &out) {
  const CancelToken &cancel = ctx.cancel_token();
  ctx.progress(kPhaseRendering, 0);
  RenderStatus status;
  Error e = api.wait_render(
      render_id, status,
      [&ctx](const RenderStatus &s) { ctx.progress(kPhaseRendering, s.progress); }, cancel);
  if (e) {
    if (journal && e.code == ErrorCode::RenderFailed)
      journal->update_phase(render_id, RenderPhase::Failed, {}, e.detail);
    return e;
  }
  if (journal) journal->update_phase(render_id, RenderPhase::Downloading, status.output_url);

  ctx.progress(kPhaseDownloading, 0);
  std::error_code ec;
  const auto dir = std::filesystem::path(output_path).parent_path();
  if (!dir.empty() && !std::filesystem::create_directories(dir, ec) && ec)
    return disk_error(ec.value(),
                      "cannot create the output folder " + dir.string() + ": " + ec.message());
  e = api.download(
      render_id, status.output_url, output_path, nullptr,
      [&ctx](std::uint64_t done, std::uint64_t total) {
        ctx.progress(kPhaseDownloading, percent(done, total));
      },
      probe_verifier(cancel), cancel);
  if (e) {
    // A damaged download will not get better: the render is finished as far as we are concerned.
    if (journal && e.code == ErrorCode::BadMedia)
      journal->update_phase(render_id, RenderPhase::Failed, {}, e.detail);
    return e;
  }

  ctx.progress(kPhaseProbing);
  ProbeOptions options;
  options.cancel = &cancel;
  e = probe_mp4(output_path, out.probe, options);
  if (journal)
    journal->update_phase(render_id, e ? RenderPhase::Failed : RenderPhase::Done, {},
                          e ? e.detail : std::string());
  if (e) return e;
  out.render_id = render_id;
  out.output_path = output_path;
  out.encoder = status.encoder;
  return {};
}
}  // namespace

json ExportOutcome::to_json() const {
  return json{{"session_id", session_id},  {"render_id", render_id}, {"output", output_path},
              {"timeline", timeline},      {"has_music", has_music}, {"encoder", encoder},
              {"probe", probe_json(probe)}};
}

json ChatOutcome::to_json() const {
  json actions = json::array();
  for (const auto a : reply.actions) actions.push_back(gui_action_name(a));
  return json{{"session_id", session_id}, {"text", reply.text},
              {"actions", actions},       {"change_summary", change_summary},
              {"timeline", timeline},     {"exportable", exportable}};
}

bool ChatOutcome::export_ready() const {
  if (exportable) return true;
  for (const auto a : reply.actions)
    if (a == GuiAction::Export) return true;
  return false;
}

json StatusOutcome::to_json() const {
  return json{{"session_id", session_id},
              {"timeline", timeline},
              {"exportable", exportable},
              {"draft", draft}};
}

json GenerateOutcome::to_json() const {
  json files = json::array();
  for (const auto &f : uploads)
    files.push_back({{"filename", f.filename}, {"type", f.file_type}, {"url", f.cdn_url}});
  json j = exported.to_json();
  j["uploads"] = files;
  json copies = json::array();
  for (const auto &c : converted) copies.push_back({{"original", c.original}, {"copy", c.copy}});
  j["converted"] = copies;
  json said = json::array();
  for (const auto &key : notices) said.push_back({{"key", key}, {"text", notice_text(key)}});
  j["notices"] = said;
  j["chat"] = chat.to_json();
  return j;
}

DownloadVerifier probe_verifier(const CancelToken &cancel) {
  return [&cancel](const std::string &part_path) {
    ProbeResult probe;
    ProbeOptions options;
    options.cancel = &cancel;
    return probe_mp4(part_path, probe, options);
  };
}

Error upload_step(ApiClient &api, const std::vector<std::string> &files, JobContext &ctx,
                  UploadResult &out) {
  const Config &config = api.config();
  std::string cache_dir = config.convert_cache_dir;
  if (cache_dir.empty() && !config.data_dir.empty()) cache_dir = config.data_dir + "/converted";
  const ConvertCache cache(cache_dir, config.convert_cache_limit);
  std::vector<PreparedFile> prepared;
  if (Error e = prepare_uploads(
          files, config.upload_limit, cache,
          [&ctx](double p) { ctx.progress(kPhaseConverting, p); }, ctx.cancel_token(), prepared))
    return e;
  std::vector<std::string> paths;
  std::vector<ConvertedUpload> converted;
  for (const PreparedFile &f : prepared) {
    paths.push_back(f.upload_path);
    if (f.converted) converted.push_back({f.original, f.upload_path});
  }
  ctx.progress(kPhaseUploading, 0);
  Error e = api.upload_files(
      paths, out,
      [&ctx](std::uint64_t done, std::uint64_t total) {
        ctx.progress(kPhaseUploading, percent(done, total));
      },
      ctx.cancel_token());
  out.converted = std::move(converted);
  return e;
}

Error chat_step(ApiClient &api, const std::string &prompt, JobContext &ctx, ChatOutcome &out) {
  if (Error e = check_prompt(prompt)) return e;
  ctx.progress(kPhaseAgent);
  ChatCallbacks callbacks;
  callbacks.on_tool = [&ctx](const std::string &, bool) { ctx.progress(kPhaseAgent); };
  callbacks.on_still_working = [&ctx](std::chrono::milliseconds elapsed) {
    ctx.notice({JobNotice::Kind::StillWorking, elapsed});
  };
  ChatResult result;
  if (Error e = api.chat(prompt, callbacks, ctx.cancel_token(), &result)) return e;
  out.session_id = api.session_id();
  out.reply = translate_gui(result.text);
  out.change_summary = result.change_summary;
  if (!out.reply.text.empty()) ctx.text(out.reply.text);
  if (result.silent && !out.change_summary.empty()) ctx.text(out.change_summary);

  json state = result.state_after;
  if (state.is_null()) {
    if (Error e = api.state(state, ctx.cancel_token())) {
      if (e.code == ErrorCode::Cancelled) return e;
      return {};  // the turn itself worked; the summary is a nicety
    }
  }
  out.timeline = timeline_summary(state);
  out.exportable = draft_exportable(state);
  return {};
}

Error export_step(ApiClient &api, Journal *journal, const ExportRequest &request, JobContext &ctx,
                  ExportOutcome &out) {
  const CancelToken &cancel = ctx.cancel_token();
  if (request.output_path.empty()) return make_error(ErrorCode::Usage, "no output file given");
  ctx.progress(kPhaseRendering, 0);
  json state;
  if (Error e = api.state(state, cancel)) return e;
  const json draft = extract_draft(state);
  if (!draft_exportable(draft))
    return make_error(ErrorCode::RenderFailed,
                      "nothing to export: the session's timeline is empty");
  out.session_id = api.session_id();
  out.timeline = timeline_summary(draft);
  out.has_music = draft_has_music(draft);

  std::string render_id;
  if (Error e = api.submit_render(draft, render_id, cancel)) return e;
  const std::string output_path = absolute(request.output_path);
  if (journal) {
    RenderRecord record;
    record.render_id = render_id;
    record.session_id = out.session_id;
    record.backend = request.backend_label.empty() ? api.config().base_url : request.backend_label;
    record.output_path = output_path;
    record.prompt = request.prompt;
    record.client_data = request.client_data;
    record.phase = RenderPhase::Rendering;
    journal->upsert(record);  // a journal that cannot be written costs only the resume
  }
  out.render_id = render_id;
  Error e = finish_render(api, journal, render_id, output_path, ctx, out);
  if (e.code == ErrorCode::Cancelled && request.cancel_backend_render) {
    CancelToken fresh;  // the job's token is cancelled; this call needs its own
    api.cancel_render(render_id, fresh);
    if (journal) journal->remove(render_id);
  }
  return e;
}

Error run_chat(ApiClient &api, const ChatRequest &request, JobContext &ctx, ChatOutcome &out) {
  const CancelToken &cancel = ctx.cancel_token();
  if (Error e = api.ensure_session(cancel)) return e;
  std::vector<std::string> fresh;
  if (request.uploaded && request.uploaded->session_id != api.session_id()) {
    request.uploaded->session_id = api.session_id();
    request.uploaded->files.clear();
  }
  for (const auto &path : request.files)
    if (!request.uploaded || !request.uploaded->files.count(path)) fresh.push_back(path);
  if (!fresh.empty()) {
    UploadResult uploaded;
    if (Error e = upload_step(api, fresh, ctx, uploaded)) return e;
    out.uploads = uploaded.files;
    if (request.uploaded) request.uploaded->files.insert(fresh.begin(), fresh.end());
  }
  return chat_step(api, request.prompt, ctx, out);
}

Error run_upload(ApiClient &api, const std::vector<std::string> &files, JobContext &ctx,
                 UploadResult &out) {
  if (Error e = api.ensure_session(ctx.cancel_token())) return e;
  return upload_step(api, files, ctx, out);
}

Error run_export(ApiClient &api, Journal *journal, const ExportRequest &request, JobContext &ctx,
                 ExportOutcome &out) {
  if (Error e = api.ensure_session(ctx.cancel_token())) return e;
  return export_step(api, journal, request, ctx, out);
}

Error run_status(ApiClient &api, JobContext &ctx, StatusOutcome &out) {
  const CancelToken &cancel = ctx.cancel_token();
  if (Error e = api.ensure_session(cancel)) return e;
  json state;
  if (Error e = api.state(state, cancel)) return e;
  out.session_id = api.session_id();
  out.draft = extract_draft(state);
  out.timeline = timeline_summary(out.draft);
  out.exportable = draft_exportable(out.draft);
  return {};
}

Error run_credits(ApiClient &api, JobContext &ctx, Credits &out) {
  if (Error e = api.ensure_token(ctx.cancel_token())) return e;
  return api.credits(out, ctx.cancel_token());
}

Error run_generate(ApiClient &api, Journal *journal, const GenerateRequest &request,
                   JobContext &ctx, GenerateOutcome &out) {
  const CancelToken &cancel = ctx.cancel_token();
  // Before anything is uploaded: a prompt that cannot be sent fails the run at once.
  if (Error e = check_prompt(request.prompt)) return e;
  ctx.progress(kPhaseConnecting);
  if (Error e = api.ensure_token(cancel)) return e;
  if (Error e =
          request.new_session ? api.create_session(nullptr, cancel) : api.ensure_session(cancel))
    return e;
  if (!request.files.empty()) {
    UploadResult uploaded;
    if (Error e = upload_step(api, request.files, ctx, uploaded)) return e;
    out.uploads = uploaded.files;
    out.converted = uploaded.converted;
  }
  if (Error e = chat_step(api, request.prompt, ctx, out.chat)) return e;
  ExportRequest export_request = request.export_request;
  if (export_request.prompt.empty()) export_request.prompt = request.prompt;
  if (Error e = export_step(api, journal, export_request, ctx, out.exported)) return e;
  out.notices = generation_notices(request.prompt, out.exported.has_music);
  return {};
}

Error resume_render(ApiClient &api, Journal &journal, const RenderRecord &record, JobContext &ctx,
                    ExportOutcome &out) {
  out.session_id = record.session_id;
  out.render_id = record.render_id;
  out.output_path = record.output_path;
  // Delivered already (the client stopped between rename and journal update)?
  ProbeResult probe;
  if (std::filesystem::exists(record.output_path) && !probe_mp4(record.output_path, probe)) {
    out.probe = probe;
    journal.update_phase(record.render_id, RenderPhase::Done);
    return {};
  }
  if (Error e = api.ensure_token(ctx.cancel_token())) return e;
  return finish_render(api, &journal, record.render_id, record.output_path, ctx, out);
}

}  // namespace nemo::core
