// The client of the agent API (plugin/protocol/PROTOCOL.md): every endpoint,
// with the retry rules of its error table ("Errors") applied in one place
// (1001 -> new token, 1002 -> new session, HTTP 400 -> new client id, HTTP
// 429 -> wait and retry once), both envelopes accepted on every endpoint,
// attribution headers on every request, and what must survive a restart
// (client id, token, session) persisted in the data folder.
//
// Every method returns core::Error and never throws. Methods may be called
// from several threads at once; each call runs on the calling thread and
// ends within ~50 ms of its CancelToken being cancelled.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/cancel.hpp"
#include "core/config.hpp"
#include "core/error.hpp"

namespace nemo::core {

// Bytes done and total (0 if unknown).
using TransferProgress = std::function<void(std::uint64_t done, std::uint64_t total)>;

struct SessionInfo {
  std::string session_id;
  std::string task_id;
};

struct UploadedFile {
  std::string filename;
  std::string file_type;
  std::string cdn_url;
  std::string hash;
  double duration_s = 0;
  int width = 0;
  int height = 0;
  double fps = 0;
};

// A file uploaded as a converted copy (core/upload_prepare.hpp).
struct ConvertedUpload {
  std::string original;
  std::string copy;
};

struct UploadResult {
  std::vector<UploadedFile> files;
  std::vector<ConvertedUpload> converted;  // filled by upload_step, not by upload_files
  bool session_state_applied = false;
  nlohmann::json data;  // the answer's `data`, as received
};

struct Credits {
  double available = 0;
  double frozen = 0;
  double total = 0;
};

// One render status, from whichever of the three documented shapes came.
struct RenderStatus {
  std::string id;
  std::string status;      // pending | processing | completed | failed (as sent, lower-cased)
  double progress = 0;     // 0..100
  std::string output_url;  // when completed, if the backend gave one
  std::string error;       // the reason, when failed
  std::string encoder;     // when completed, if the backend says: the H.264 encoder used
  std::uint64_t size = 0;
  double duration_s = 0;
  bool completed() const {
    return status == "completed" || status == "succeeded" || status == "done";
  }
  bool failed() const { return status == "failed" || status == "error" || status == "cancelled"; }
};

struct ChatCallbacks {
  // The agent's text as it arrives: each new piece, partial chunks included
  // (a full event that repeats earlier partial chunks is not passed again).
  std::function<void(const std::string &piece)> on_text;
  // A tool call or tool result (its name): progress only, never text.
  std::function<void(const std::string &tool, bool is_result)> on_tool;
  // After every Timings::still_working_every of the turn.
  std::function<void(std::chrono::milliseconds elapsed)> on_still_working;
};

struct ChatResult {
  std::string text;            // what the agent said (raw; GUI translation is the caller's)
  bool silent = false;         // the turn ended with no text
  std::string change_summary;  // silent or recovered: summarize_change(before, after); "" if none
  bool recovered = false;      // the stream broke and the state was read instead
  nlohmann::json state_after;  // the state read after a silent or broken turn
};

struct DownloadResult {
  std::string path;  // the delivered file
  std::uint64_t bytes = 0;
  int resumes = 0;         // Range requests made after drops
  std::string source_url;  // where it came from (query stripped)
};

// Runs on the complete <dest>.part before it is renamed into place; an error
// deletes the .part and is returned (e.g. probe_mp4).
using DownloadVerifier = std::function<Error(const std::string &part_path)>;

class ApiClient {
 public:
  explicit ApiClient(Config config);
  ~ApiClient();
  ApiClient(const ApiClient &) = delete;
  ApiClient &operator=(const ApiClient &) = delete;

  const Config &config() const;

  // Auth: the configured token, or the persisted anonymous token while it is
  // valid, or a new anonymous token for the persisted X-Client-Id.
  Error ensure_token(const CancelToken &cancel = CancelToken::none());
  // Drops the token (persisted too) and gets a new anonymous one.
  Error renew_token(const CancelToken &cancel = CancelToken::none());
  bool anonymous() const;  // no configured token
  std::string client_id() const;
  std::string user_id() const;  // from the anonymous-token answer, "" if unknown

  // Sessions: create_session() always makes a new one and makes it current;
  // ensure_session() reuses the current (persisted) one if any.
  Error create_session(SessionInfo *out = nullptr, const CancelToken &cancel = CancelToken::none());
  Error ensure_session(const CancelToken &cancel = CancelToken::none());
  std::string session_id() const;
  void set_session_id(const std::string &session_id);  // persisted

  // Upload (checks type by content and size locally before any byte is sent;
  // multipart field `files`, streamed from disk). A failed upload keeps the session.
  Error upload_files(const std::vector<std::string> &paths, UploadResult &out,
                     const TransferProgress &progress = {},
                     const CancelToken &cancel = CancelToken::none());
  Error upload_urls(const std::vector<std::string> &urls, UploadResult &out,
                    const CancelToken &cancel = CancelToken::none());

  Error credits(Credits &out, const CancelToken &cancel = CancelToken::none());
  // The session's latest state: the answer's data.state (or data if unwrapped).
  Error state(nlohmann::json &out, const CancelToken &cancel = CancelToken::none());

  // One whole chat turn (see chat_turn.hpp). Never re-sends the message.
  Error chat(const std::string &text, const ChatCallbacks &callbacks, const CancelToken &cancel,
             ChatResult *out = nullptr);

  // Export: submit (new unique id; one retry with a new id on a duplicate-id
  // failure), status (three shapes), adaptive polling, cancel.
  Error submit_render(const nlohmann::json &draft, std::string &render_id,
                      const CancelToken &cancel = CancelToken::none());
  Error render_status(const std::string &render_id, RenderStatus &out,
                      const CancelToken &cancel = CancelToken::none());
  // Polls until completed/failed (failed -> RenderFailed with the reason).
  Error wait_render(const std::string &render_id, RenderStatus &out,
                    const std::function<void(const RenderStatus &)> &on_status = {},
                    const CancelToken &cancel = CancelToken::none());
  Error cancel_render(const std::string &render_id,
                      const CancelToken &cancel = CancelToken::none());

  // Download the finished video: from `output_url` if not empty, else from
  // /api/render/proxy/<render_id>/download. Streamed to <dest>.part, resumed
  // with Range after a drop, size-capped, verified, renamed into place.
  Error download(const std::string &render_id, const std::string &output_url,
                 const std::string &dest, DownloadResult *out = nullptr,
                 const TransferProgress &progress = {}, const DownloadVerifier &verify = {},
                 const CancelToken &cancel = CancelToken::none());

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// True for the NemoVideo cloud (a host nemovideo.ai or *.nemovideo.ai): it
// gets the documented snake_case chat body and nothing else.
bool is_nemovideo_cloud(const std::string &base_url);

// A new render id: render_<unix ms>_<8 random hex digits>.
std::string make_render_id();

}  // namespace nemo::core
