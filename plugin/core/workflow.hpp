// What a client does with the agent, composed from ApiClient as whole
// operations a Job runs, so that the module and nemo-clip call them instead of
// sequencing the steps themselves:
//   run_generate: session (current or new) -> [convert] -> upload -> chat prompt -> export
//                 -> poll -> download -> probe
//   run_chat:     session -> upload the files not yet uploaded -> chat turn
//   run_upload:   session -> upload
//   run_export:   session -> export -> poll -> download -> probe
//   run_status:   session -> state (timeline summary, exportable)
//   run_credits:  token -> credits
// reporting the phases "converting" n%, "uploading" n%, "agent", "rendering" n%,
// "downloading" n%, "probing" through the JobContext, typed notices
// (JobNotice: still working) and the agent's text (GUI-translated) as text
// events. A submitted render is written to the journal before it is polled,
// so a client that stops mid-render can resume it (resume_render) instead of
// orphaning it.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/api_client.hpp"
#include "core/error.hpp"
#include "core/gui_translator.hpp"
#include "core/job.hpp"
#include "core/journal.hpp"
#include "core/mp4_probe.hpp"

namespace nemo::core {

// Phase names reported through JobContext::progress.
inline constexpr const char *kPhaseConnecting = "connecting";
inline constexpr const char *kPhaseConverting = "converting";
inline constexpr const char *kPhaseUploading = "uploading";
inline constexpr const char *kPhaseAgent = "agent";
inline constexpr const char *kPhaseRendering = "rendering";
inline constexpr const char *kPhaseDownloading = "downloading";
inline constexpr const char *kPhaseProbing = "probing";

struct ExportRequest {
  std::string output_path;
  std::string prompt;         // recorded in the journal
  std::string backend_label;  // recorded in the journal ("" = the client's base URL)
  // On cancel, also cancel the render on the backend and drop it from the journal.
  // Off: the render keeps going and stays journaled for resume.
  bool cancel_backend_render = false;
  nlohmann::json client_data = nlohmann::json::object();  // into the journal record, as is
};

struct GenerateRequest {
  std::vector<std::string> files;  // images, videos, audio, in order
  std::string prompt;
  bool new_session = true;
  ExportRequest export_request;  // output_path required
};

struct ExportOutcome {
  std::string session_id;
  std::string render_id;
  std::string output_path;
  std::string timeline;    // timeline_summary of the exported draft
  bool has_music = false;  // the exported draft has an audio track with segments
  std::string encoder;     // the backend's H.264 encoder, when it says ("" otherwise)
  ProbeResult probe;
  nlohmann::json to_json() const;
};

// What a conversation uploaded to its session already, so that a turn uploads
// only new files; forgotten when the session changes.
struct SessionUploads {
  std::string session_id;
  std::set<std::string> files;
};

struct ChatRequest {
  std::string prompt;
  std::vector<std::string> files;      // uploaded before the turn (those not in `uploaded`)
  SessionUploads *uploaded = nullptr;  // null: every file is uploaded
};

struct ChatOutcome {
  std::vector<UploadedFile> uploads;  // what this turn uploaded (not in to_json)
  std::string session_id;
  Translated reply;            // the agent's text, GUI-translated, with its actions
  std::string change_summary;  // a silent turn: what changed
  std::string timeline;        // timeline_summary of the state after the turn ("" if not read)
  bool exportable = false;
  // The draft can be exported, or the agent said "click Export".
  bool export_ready() const;
  nlohmann::json to_json() const;
};

struct StatusOutcome {
  std::string session_id;
  std::string timeline;  // timeline_summary of the draft
  bool exportable = false;
  nlohmann::json draft;  // extract_draft of the state
  nlohmann::json to_json() const;
};

struct GenerateOutcome {
  std::vector<UploadedFile> uploads;
  std::vector<ConvertedUpload> converted;
  // Locale keys of what the result must say (core/result_notices.hpp).
  std::vector<std::string> notices;
  ChatOutcome chat;
  ExportOutcome exported;
  nlohmann::json to_json() const;
};

// Upload with progress ("uploading" n%), after converting what the backend
// would refuse by type but FFmpeg reads ("converting" n%; core/upload_prepare.hpp).
Error upload_step(ApiClient &api, const std::vector<std::string> &files, JobContext &ctx,
                  UploadResult &out);
// One chat turn on the current session ("agent"), then the state for the summary.
Error chat_step(ApiClient &api, const std::string &prompt, JobContext &ctx, ChatOutcome &out);
// Export of the current session's draft: state -> submit -> journal -> poll -> download -> probe.
Error export_step(ApiClient &api, Journal *journal, const ExportRequest &request, JobContext &ctx,
                  ExportOutcome &out);
// The whole pipeline.
// The current session (one made if none) -> upload the request's files not in
// request.uploaded (recording them there) -> chat_step.
Error run_chat(ApiClient &api, const ChatRequest &request, JobContext &ctx, ChatOutcome &out);
// The current session (one made if none) -> upload_step.
Error run_upload(ApiClient &api, const std::vector<std::string> &files, JobContext &ctx,
                 UploadResult &out);
// The current session (one made if none) -> export_step.
Error run_export(ApiClient &api, Journal *journal, const ExportRequest &request, JobContext &ctx,
                 ExportOutcome &out);
// The current session (one made if none) and its draft.
Error run_status(ApiClient &api, JobContext &ctx, StatusOutcome &out);
// The token (one asked for if none) and its credits.
Error run_credits(ApiClient &api, JobContext &ctx, Credits &out);
Error run_generate(ApiClient &api, Journal *journal, const GenerateRequest &request,
                   JobContext &ctx, GenerateOutcome &out);
// Finishes one journaled render: poll until done, download, probe, mark done.
Error resume_render(ApiClient &api, Journal &journal, const RenderRecord &record, JobContext &ctx,
                    ExportOutcome &out);

// The render's output file is verified with probe_mp4 before it is renamed into place.
DownloadVerifier probe_verifier(const CancelToken &cancel);

}  // namespace nemo::core
