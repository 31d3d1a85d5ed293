// SPDX-License-Identifier: GPL-2.0-or-later
// POST /api/upload-video/nemo_agent/<user>/<sid>: multipart (field `files`,
// streamed to disk) or JSON {"urls":[...]}; and GET /media/... that serves the
// uploaded files back. Files land as .part, are sniffed (extension ignored)
// and only join the session once every file of the request is accepted.
#include <httplib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>

#include "platform/durable_file.hpp"
#include "server/envelope.hpp"
#include "server/file_response.hpp"
#include "server/ids.hpp"
#include "server/local_server.hpp"
#include "server/session_store.hpp"
#include "server/text_util.hpp"
#include "server/url_fetch.hpp"

namespace nemo::server {
namespace fs = std::filesystem;

namespace {
constexpr std::size_t kMaxFilesPerRequest = 20;
constexpr std::uint64_t kDrainSlack = 64ull << 20;  // read on after the cap, then cut

const std::vector<std::string> &accepted_formats() {
  static const std::vector<std::string> formats = {"mp4", "mov", "avi",  "webm", "mkv", "jpg",
                                                   "png", "gif", "webp", "heic", "bmp", "tiff",
                                                   "mp3", "wav", "m4a",  "aac",  "ogg", "flac"};
  return formats;
}

struct FileCloser {
  void operator()(std::FILE *f) const {
    if (f) std::fclose(f);
  }
};

// One file of the request on its way to disk.
struct Incoming {
  std::string original_name;
  std::string file_id;
  std::string dir;  // <session>/media/<file_id>
  std::unique_ptr<std::FILE, FileCloser> out;
  Sha256 hash;
  std::string sha256;
  std::uint64_t size = 0;
  bool too_large = false;
  bool write_failed = false;

  std::string part_path() const { return dir + "/upload.part"; }
};

void remove_all(const std::vector<std::unique_ptr<Incoming>> &files) {
  std::error_code ec;
  for (const auto &f : files) fs::remove_all(f->dir, ec);
}

nlohmann::json too_large_data(std::uint64_t max_bytes, const std::string &name) {
  return {{"filename", name},
          {"reason", "too_large"},
          {"max_bytes", max_bytes},
          {"max_mb", max_bytes / (1024 * 1024)},
          {"hint", "compress or trim the file"}};
}
}  // namespace

void LocalServer::handle_upload(const httplib::Request &req, httplib::Response &res,
                                const httplib::ContentReader &reader) {
  auto user = authenticate(req, res);
  if (!user) return;  // the body is not read: the connection is closed
  const std::string who = req.matches[1].str();
  if (who != "me" && who != *user) {
    send_error(res, 403, code::kTokenInvalid, "the path names another user");
    return;
  }
  auto session = owned_session(req.matches[2].str(), *user, res);
  if (!session) return;
  if (req.is_multipart_form_data()) {
    upload_multipart(req, res, reader, *session);
  } else {
    upload_urls(req, res, reader, *session);
  }
}

// Sniffs every received file and adds them to the session, or answers the
// first problem (and removes them all).
static bool finalize_uploads(std::vector<std::unique_ptr<Incoming>> &files,
                             const InspectFn &inspect, const RefusalReasonFn &refusal_reason,
                             const std::string &session_id, std::vector<MediaRecord> &records,
                             httplib::Response &res) {
  std::error_code ec;
  for (auto &f : files) {
    const std::string raw = f->dir + "/upload";
    fs::rename(f->part_path(), raw, ec);
    if (ec) {
      send_error(res, 500, code::kInternal, "cannot store the upload");
      return false;
    }
    MediaProbe probe;
    std::optional<std::string> why =
        inspect ? inspect(raw, probe) : std::optional<std::string>("no media inspector");
    const bool refused_by_inspect = why.has_value();
    if (probe.format == "jpeg") probe.format = "jpg";
    const auto &ok = accepted_formats();
    if (!why && std::find(ok.begin(), ok.end(), probe.format) == ok.end()) {
      why = "format " + probe.format + " is not accepted";
    }
    if (why) {
      const std::string name = sanitize_filename(f->original_name);
      std::string reason = refused_by_inspect && refusal_reason ? refusal_reason(raw) : "";
      if (reason.empty()) reason = "unsupported_type";
      nlohmann::json data = {
          {"filename", f->original_name}, {"accepted", ok}, {"reason", reason}, {"detail", *why}};
      if (reason == "too_many_pixels") {
        send_error(res, 413, code::kFileTooLarge, "picture too large: " + name + ": " + *why, data);
      } else if (reason == "damaged" || reason == "no_media") {
        send_error(res, 415, code::kUnsupportedType, "cannot use " + name + ": " + *why, data);
      } else {
        send_error(res, 415, code::kUnsupportedType,
                   "unsupported file type: " + name +
                       " (accepted: mp4, mov, avi, webm, mkv, jpg, png, gif, webp, heic, mp3, "
                       "wav, m4a, aac): " +
                       *why,
                   data);
      }
      return false;
    }
    const std::string disk_name = "media." + probe.format;
    fs::rename(raw, f->dir + "/" + disk_name, ec);
    if (ec) {
      send_error(res, 500, code::kInternal, "cannot store the upload");
      return false;
    }
    MediaRecord m;
    m.file_id = f->file_id;
    m.filename = sanitize_filename(f->original_name);
    m.disk_name = disk_name;
    m.file_type = probe.kind;
    m.format = probe.format;
    m.url_path = "/media/" + session_id + "/" + f->file_id + "/" + m.filename;
    m.hash = f->sha256;
    m.size = f->size;
    m.duration = probe.duration_s;
    m.fps = probe.fps;
    m.width = probe.width;
    m.height = probe.height;
    m.has_audio = probe.has_audio;
    records.push_back(std::move(m));
  }
  return true;
}

static nlohmann::json upload_answer(const std::vector<MediaRecord> &records,
                                    const std::string &base) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto &m : records) {
    files.push_back(media_info_json(m, base));
  }
  return {{"files", files}, {"session_state_applied", true}};
}

void LocalServer::upload_multipart(const httplib::Request &req, httplib::Response &res,
                                   const httplib::ContentReader &reader, const Session &session) {
  const std::uint64_t max = options_.max_upload_bytes;
  std::vector<std::unique_ptr<Incoming>> files;
  Incoming *current = nullptr;
  bool too_many = false, cannot_write = false;
  std::uint64_t drained = 0;
  const std::string media_dir = sessions_->session_dir(session.session_id) + "/media/";

  // The part is `const auto &`: its type was renamed in httplib 0.2x
  // (httplib_compat.hpp).
  const bool read_ok = reader(
      [&](const auto &part) {
        current = nullptr;
        if (part.name != "files") return true;  // other fields are ignored
        if (files.size() >= kMaxFilesPerRequest) {
          too_many = true;
          return false;
        }
        auto f = std::make_unique<Incoming>();
        f->original_name = part.filename.empty() ? "file" : part.filename;
        f->file_id = "f" + random_hex(16);
        f->dir = media_dir + f->file_id;
        std::error_code ec;
        fs::create_directories(f->dir, ec);
        f->out.reset(std::fopen(f->part_path().c_str(), "wb"));
        if (!f->out) {
          cannot_write = true;
          return false;
        }
        current = f.get();
        files.push_back(std::move(f));
        return true;
      },
      [&](const char *data, std::size_t n) {
        if (!current) return true;
        if (current->too_large) {
          drained += n;
          return drained <= kDrainSlack;
        }
        if (current->size + n > max) {
          current->too_large = true;
          current->out.reset();
          std::remove(current->part_path().c_str());
          return true;
        }
        if (std::fwrite(data, 1, n, current->out.get()) != n) {
          current->write_failed = true;
          return false;
        }
        current->hash.update(data, n);
        current->size += n;
        return true;
      });

  for (auto &f : files) {
    if (f->out) {
      if (!platform::sync_file(f->out.get())) {
        f->write_failed = true;
      }
      f->out.reset();
    }
    if (!f->too_large) f->sha256 = f->hash.hex_digest();
  }
  for (const auto &f : files) {
    if (f->too_large) {
      remove_all(files);
      send_error(res, 413, code::kFileTooLarge,
                 "file too large: " + sanitize_filename(f->original_name) + " is over the " +
                     std::to_string(max / (1024 * 1024)) + " MB limit",
                 too_large_data(max, f->original_name));
      return;
    }
  }
  const bool write_failed =
      cannot_write ||
      std::any_of(files.begin(), files.end(), [](const auto &f) { return f->write_failed; });
  if (too_many || write_failed || !read_ok) {
    remove_all(files);
    if (too_many) {
      send_error(res, 400, code::kBadRequest,
                 "at most " + std::to_string(kMaxFilesPerRequest) + " files per upload",
                 {{"reason", "too_many_files"}, {"max_files", kMaxFilesPerRequest}});
    } else if (write_failed) {
      send_error(res, 507, code::kInternal, "cannot write the upload to disk");
    } else {
      send_error(res, 400, code::kBadRequest, "the upload was cut short");
    }
    return;
  }
  if (files.empty()) {
    send_error(res, 400, code::kBadRequest, "no file in the multipart field 'files'");
    return;
  }
  std::vector<MediaRecord> records;
  if (!finalize_uploads(files, backend_.inspect, backend_.refusal_reason, session.session_id,
                        records, res)) {
    remove_all(files);
    return;
  }
  sessions_->update(session.session_id, [&](Session &s) {
    s.media.insert(s.media.end(), records.begin(), records.end());
  });
  send_ok(res, upload_answer(records, request_base_url(req)));
}

void LocalServer::upload_urls(const httplib::Request &req, httplib::Response &res,
                              const httplib::ContentReader &reader, const Session &session) {
  std::string body;
  bool too_big = false;
  reader([&](const char *data, std::size_t n) {
    body.append(data, n);
    too_big = body.size() > 64 * 1024;
    return !too_big;
  });
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (too_big || !j.is_object() || !j.contains("urls") || !j["urls"].is_array() ||
      j["urls"].empty() || j["urls"].size() > kMaxFilesPerRequest) {
    send_error(res, 400, code::kBadRequest,
               "expected multipart field 'files' or JSON {\"urls\":[...],\"source_type\":\"url\"} "
               "with 1 to " +
                   std::to_string(kMaxFilesPerRequest) + " URLs");
    return;
  }
  const std::uint64_t max = options_.max_upload_bytes;
  const std::string media_dir = sessions_->session_dir(session.session_id) + "/media/";
  std::vector<std::unique_ptr<Incoming>> files;
  for (const auto &u : j["urls"]) {
    const std::string url = u.is_string() ? u.get<std::string>() : "";
    auto f = std::make_unique<Incoming>();
    f->original_name = url_file_name(url);
    if (f->original_name.empty()) f->original_name = "file";
    f->file_id = "f" + random_hex(16);
    f->dir = media_dir + f->file_id;
    std::error_code ec;
    fs::create_directories(f->dir, ec);
    const FetchResult got = fetch_url_to_file(url, f->part_path(), max, 30, &stopping_);
    files.push_back(std::move(f));
    Incoming &in = *files.back();
    if (got.status == FetchResult::Status::TooLarge) {
      remove_all(files);
      send_error(res, 413, code::kFileTooLarge,
                 "file too large: the file at " + in.original_name + " is over the " +
                     std::to_string(max / (1024 * 1024)) + " MB limit",
                 too_large_data(max, in.original_name));
      return;
    }
    if (got.status != FetchResult::Status::Ok) {
      remove_all(files);
      send_error(res, got.status == FetchResult::Status::BadUrl ? 400 : 502, code::kBadRequest,
                 "cannot fetch " + in.original_name + ": " + got.message);
      return;
    }
    in.size = got.size;
    in.sha256 = got.sha256;
  }
  std::vector<MediaRecord> records;
  if (!finalize_uploads(files, backend_.inspect, backend_.refusal_reason, session.session_id,
                        records, res)) {
    remove_all(files);
    return;
  }
  sessions_->update(session.session_id, [&](Session &s) {
    s.media.insert(s.media.end(), records.begin(), records.end());
  });
  send_ok(res, upload_answer(records, request_base_url(req)));
}

void LocalServer::handle_media(const httplib::Request &req, httplib::Response &res) {
  auto user = authenticate(req, res);
  if (!user) return;
  const std::string sid = req.matches[1].str(), fid = req.matches[2].str();
  auto session = sessions_->get(sid);
  const MediaRecord *record = nullptr;
  if (session && session->user_id == *user) {
    for (const auto &m : session->media) {
      if (m.file_id == fid) record = &m;
    }
  }
  if (!record ||
      !serve_file(res, sessions_->media_file(sid, fid), mime_for_format(record->format))) {
    send_error(res, 404, code::kNotFound, "no such media");
  }
}

}  // namespace nemo::server
