// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/cli_output.hpp"

#include <cmath>
#include <cstdio>
#include <map>

namespace nemo::cli {
namespace {
using nlohmann::json;

std::string clean(const std::string &s) {
  return core::redact_secrets(s);
}

const std::map<std::string, std::string> &messages() {
  static const std::map<std::string, std::string> table = {
      {"Error.Usage", "invalid arguments or settings"},
      {"Error.Network", "cannot reach the video backend"},
      {"Error.Auth", "the backend refused the sign-in"},
      {"Error.RateLimited", "the backend is busy (rate limited); try again in a minute"},
      {"Error.Session", "the editing session was lost and could not be recreated"},
      {"Error.Credits", "out of credits"},
      {"Error.PlanBlocked", "export is not available on the free plan"},
      {"Error.UnsupportedFile",
       "this file type is not supported (accepted: mp4 mov avi webm mkv jpg png gif webp heic "
       "mp3 wav m4a aac, and other media FFmpeg reads, converted before upload)"},
      {"Error.ConvertFailed",
       "the file could not be converted to a type the backend accepts (FFmpeg read it but could "
       "not decode it)"},
      {"Error.FileTooLarge", "the file is too large; compress or trim it"},
      {"Error.BadInput", "the input cannot be used"},
      {"Error.FileMissing", "the file does not exist"},
      {"Error.FileNotRegular", "not a regular file"},
      {"Error.FileUnreadable", "the file cannot be read"},
      {"Error.FileEmpty", "the file is empty"},
      {"Error.FileLinkBroken", "the link (shortcut) leads to no file"},
      {"Error.FileDamaged", "the file is damaged or incomplete and cannot be used"},
      {"Error.FileNoMedia", "the file has no picture or sound in it"},
      {"Error.UnsupportedCodec",
       "the file's video or audio format (codec) cannot be read; convert it to an H.264 MP4 or "
       "an MP3"},
      {"Error.ImageTooLarge",
       "the picture is too large (over 64 megapixels or 32768 pixels a side); scale it down"},
      {"Error.TooManyFiles", "too many files in one upload (at most 20); send fewer"},
      {"Error.PromptEmpty", "the prompt is empty; describe the video"},
      {"Error.PromptNotUtf8", "the prompt has characters that are not valid text (not UTF-8)"},
      {"Error.PromptTooLong", "the prompt is too long (at most 16 KB); shorten it"},
      {"Error.DiskFull", "the disk is full; free some space or choose another output folder"},
      {"Error.OutputNotWritable",
       "the output folder cannot be written to; choose another output folder"},
      {"Error.Protocol", "the backend sent an answer that could not be understood"},
      {"Error.AgentFailed", "the video agent reported an error"},
      {"Error.Redirect",
       "the backend's address sent the request on to another server, which is not followed "
       "(sign in to a public Wi-Fi first, or check the backend URL)"},
      {"Error.RenderFailed", "the video could not be rendered"},
      {"Error.BadMedia", "the finished video is damaged"},
      {"Error.Disk", "the file could not be written"},
      {"Error.Cancelled", "cancelled"},
      {"Error.Timeout", "the backend took too long"},
      {"Error.Internal", "internal error"},
  };
  return table;
}
}  // namespace

Output::Output(std::ostream &out, std::ostream &err, bool json, bool terminal)
    : out_(out), err_(err), json_(json), terminal_(terminal) {}

std::string Output::message_for(const core::Error &error) {
  const auto it = messages().find(error.key);
  if (it != messages().end()) return it->second;
  const auto by_code = messages().find(std::string(core::error_key(error.code)));
  return by_code != messages().end() ? by_code->second : std::string("error");
}

bool Output::knows_key(const std::string &key) {
  return messages().count(key) != 0;
}

std::string Output::plain_progress(const core::JobProgress &p) {
  if (p.percent < 0) return p.phase;
  char buf[32];
  std::snprintf(buf, sizeof buf, " %d%%", static_cast<int>(std::floor(p.percent)));
  return p.phase + buf;
}

std::string Output::bar(const core::JobProgress &p, int width) {
  std::string s = p.phase;
  if (p.percent < 0) return s + " ...";
  const int filled = static_cast<int>(std::lround(p.percent / 100.0 * width));
  s += " [" + std::string(static_cast<std::size_t>(filled), '#') +
       std::string(static_cast<std::size_t>(width - filled), ' ') + "]";
  char buf[16];
  std::snprintf(buf, sizeof buf, " %3d%%", static_cast<int>(std::floor(p.percent)));
  return s + buf;
}

void Output::emit_json(json j) {
  out_ << j.dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
  out_.flush();
}

void Output::end_progress_locked() {
  if (bar_open_) {
    err_ << '\n';
    err_.flush();
    bar_open_ = false;
  }
}

void Output::end_progress() {
  std::lock_guard<std::mutex> lock(mutex_);
  end_progress_locked();
}

void Output::progress(const core::JobProgress &p) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (json_) {
    json j{{"event", "progress"}, {"phase", p.phase}};
    j["percent"] = p.percent < 0 ? json() : json(std::round(p.percent * 10) / 10);
    emit_json(std::move(j));
    return;
  }
  if (terminal_) {
    err_ << "\r\033[K" << bar(p);
    err_.flush();
    bar_open_ = true;
    return;
  }
  // Plain: a line when the phase changes and at every tenth.
  const int step = p.percent < 0 ? -1 : static_cast<int>(p.percent / 10);
  if (p.phase == last_phase_ && step == last_step_) return;
  last_phase_ = p.phase;
  last_step_ = step;
  err_ << plain_progress(p) << '\n';
  err_.flush();
}

void Output::text(const std::string &message) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (json_) {
    emit_json({{"event", "text"}, {"text", clean(message)}});
    return;
  }
  end_progress_locked();
  out_ << clean(message) << '\n';
  out_.flush();
}

std::string Output::notice_text(const core::JobNotice &notice) {
  switch (notice.kind) {
    case core::JobNotice::Kind::StillWorking:
      return "Still working...";
  }
  return {};
}

void Output::notice(const core::JobNotice &n) {
  text(notice_text(n));
}

void Output::note(const std::string &message) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (json_) {
    emit_json({{"event", "note"}, {"text", clean(message)}});
    return;
  }
  end_progress_locked();
  err_ << clean(message) << '\n';
  err_.flush();
}

void Output::result(const std::string &human, const json &data) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (json_) {
    // Scrub through text: the result may hold anything the backend sent.
    json scrubbed = json::parse(clean(data.dump(-1, ' ', false, json::error_handler_t::replace)),
                                nullptr, false);
    if (scrubbed.is_discarded()) scrubbed = json::object();
    emit_json({{"event", "result"}, {"data", scrubbed}});
    return;
  }
  end_progress_locked();
  if (!human.empty()) out_ << clean(human) << '\n';
  out_.flush();
}

void Output::error(const core::Error &error, int exit_code) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (json_) {
    emit_json({{"event", "error"},
               {"code", std::string(core::error_name(error.code))},
               {"key", error.key},
               {"message", message_for(error)},
               {"detail", clean(error.detail)},
               {"exit_code", exit_code}});
    return;
  }
  end_progress_locked();
  err_ << "nemo-clip: " << message_for(error);
  if (!error.detail.empty()) err_ << ": " << clean(error.detail);
  err_ << '\n';
  err_.flush();
}

}  // namespace nemo::cli
