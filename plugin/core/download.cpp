// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/download.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "core/api_client_impl.hpp"
#include "core/mp4_probe.hpp"
#include "protocol/error_codes.hpp"

namespace nemo::core {
namespace {

struct FileCloser {
  void operator()(std::FILE *f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// <dest>.part: written from the start or appended to after a drop; removed
// unless it was renamed into place.
class PartFile {
 public:
  explicit PartFile(std::string path) : path_(std::move(path)) {}
  ~PartFile() {
    file_.reset();
    if (!kept_) std::remove(path_.c_str());
  }
  PartFile(const PartFile &) = delete;
  PartFile &operator=(const PartFile &) = delete;

  bool restart() {
    file_.reset(std::fopen(path_.c_str(), "wb"));
    size_ = 0;
    return file_ != nullptr;
  }
  bool write(std::string_view bytes) {
    if (!file_ || std::fwrite(bytes.data(), 1, bytes.size(), file_.get()) != bytes.size())
      return false;
    size_ += bytes.size();
    return true;
  }
  bool flush() { return file_ && std::fflush(file_.get()) == 0; }
  bool close() {
    if (!file_) return false;
    const bool ok = std::fclose(file_.release()) == 0;
    return ok;
  }
  std::uint64_t size() const { return size_; }
  const std::string &path() const { return path_; }
  void keep() { kept_ = true; }

 private:
  std::string path_;
  FilePtr file_;
  std::uint64_t size_ = 0;
  bool kept_ = false;
};

bool is_json(const HttpResponse &r) {
  auto type = r.header("content-type");
  return type && type->find("json") != std::string::npos;
}

std::string strip_query(const std::string &url) {
  return url.substr(0, url.find_first_of("?#"));
}

}  // namespace

DownloadVerifier mp4_verifier(ProbeResult *out) {
  return [out](const std::string &path) {
    ProbeResult probe;
    Error e = probe_mp4(path, probe);
    if (!e && out) *out = probe;
    return e;
  };
}

std::string render_download_path(const std::string &render_id) {
  return "/api/render/proxy/" + path_segment(render_id) + "/download";
}

std::optional<std::uint64_t> content_range_total(const std::string &value) {
  const auto slash = value.rfind('/');
  if (slash == std::string::npos || slash + 1 >= value.size()) return std::nullopt;
  const std::string total = value.substr(slash + 1);
  if (total.empty() || total.size() > 19 ||
      total.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoull(total);
}

Error ApiClient::download(const std::string &render_id, const std::string &output_url,
                          const std::string &dest, DownloadResult *out,
                          const TransferProgress &progress, const DownloadVerifier &verify,
                          const CancelToken &cancel) {
  try {
    Impl &im = *impl_;
    const Config &cfg = im.config;
    if (dest.empty()) return make_error(ErrorCode::Usage, "no destination for the download");

    // Where from: the output URL (absolute http/https, or a path on the API), else the fallback.
    std::vector<std::string> sources;
    if (!output_url.empty()) {
      if (output_url.front() == '/')
        sources.push_back(im.url(output_url));
      else if (http_url_allowed(output_url))
        sources.push_back(output_url);
    }
    if (!render_id.empty()) sources.push_back(im.url(render_download_path(render_id)));
    if (sources.empty())
      return make_error(ErrorCode::Usage,
                        "no http(s) output URL and no render id to download from");

    if (!render_id.empty() || !output_url.empty())
      if (Error e = im.ensure_token(cancel)) return e;

    PartFile part(dest + ".part");
    const std::string api_origin = http_origin(cfg.base_url);
    Error last;
    int resumes = 0;
    bool token_renewed = false;
    for (size_t s = 0; s < sources.size(); ++s) {
      const std::string &url = sources[s];
      const bool same_origin = http_origin(url) == api_origin;
      if (!part.restart()) {
        const int err = errno;
        return disk_error(err, "cannot write " + part.path() + ": " + std::strerror(err));
      }
      std::optional<std::uint64_t> total;
      bool complete = false;
      bool switch_source = false;
      for (;;) {
        bool too_big = false, disk_full = false;
        int write_errno = 0;
        const std::uint64_t offset = part.size();
        const std::string used_token = same_origin ? im.token() : std::string();
        HttpRequest req;
        req.url = url;
        req.headers = im.headers(same_origin, used_token);
        req.headers.emplace_back("Accept", "video/mp4, application/octet-stream, */*");
        req.cancel = &cancel;
        req.connect_timeout = cfg.timings.connect_timeout;
        req.total_timeout = std::chrono::milliseconds(0);
        req.low_speed_time = cfg.timings.transfer_stall;
        req.max_redirects = 3;
        req.follow_foreign_redirects = true;  // a CDN may serve the video
        req.range_start = offset;
        req.stream_if = [&](const HttpResponse &head) {
          if (head.status == 200 && offset > 0)
            part.restart();  // the Range was ignored: start over
          if (head.status == 206) {
            if (auto cr = head.header("content-range")) total = content_range_total(*cr);
          } else if (head.status == 200) {
            total = head.content_length();
          }
          if (same_origin && is_json(head)) return false;  // an envelope (an error), not a video
          return head.status == 200 || head.status == 206;
        };
        req.on_data = [&](std::string_view chunk) {
          if (part.size() + chunk.size() > cfg.download_limit ||
              (total && *total > cfg.download_limit)) {
            too_big = true;
            return false;
          }
          if (!part.write(chunk)) {
            disk_full = true;
            write_errno = errno;
            return false;
          }
          if (progress) progress(part.size(), total.value_or(0));
          return true;
        };
        HttpResponse resp;
        Error err = http_perform(req, resp);
        if (too_big)
          return make_error(ErrorCode::FileTooLarge,
                            "the video is larger than the download limit of " +
                                std::to_string(cfg.download_limit) + " bytes");
        if (disk_full)
          return disk_error(write_errno,
                            "cannot write " + part.path() + ": " + std::strerror(write_errno));
        if (err.code == ErrorCode::Cancelled || cancel.cancelled())
          return make_error(ErrorCode::Cancelled, "cancelled");
        if (err) {
          if (resp.dropped() && resumes < cfg.timings.download_resumes && part.size() > 0 &&
              (resp.status == 200 || resp.status == 206)) {
            ++resumes;
            part.flush();
            continue;  // resume with Range from what is on disk
          }
          last = err;
          last.detail = im.scrub(last.detail);
          switch_source = true;
          break;
        }
        if (resp.status == 416 && total && part.size() == *total) {
          complete = true;
          break;
        }
        const bool envelope = same_origin && is_json(resp) && resp.streamed == 0;
        if ((resp.status != 200 && resp.status != 206) || envelope) {
          const ApiAnswer answer{resp, parse_envelope(resp.body, resp.status)};
          const bool token_bad =
              resp.status == 401 ||
              (answer.env.has_code && answer.env.code == protocol::code::kTokenInvalid);
          if (token_bad && same_origin && !token_renewed && cfg.token.empty()) {
            token_renewed = true;  // 1001 on the API's own endpoint: new token, retry once
            if (Error e = im.renew_token_if(used_token, cancel)) return e;
            continue;
          }
          last = im.classify(answer, "GET " + strip_query(url));
          if (!last) last = make_error(ErrorCode::Protocol, "HTTP " + std::to_string(resp.status));
          switch_source = true;
          break;
        }
        if (total && part.size() < *total) {  // closed early without an error: resume
          if (resumes < cfg.timings.download_resumes) {
            ++resumes;
            part.flush();
            continue;
          }
          last = make_error(ErrorCode::Network,
                            "the download ended early: " + std::to_string(part.size()) + " of " +
                                std::to_string(*total) + " bytes");
          switch_source = true;
          break;
        }
        complete = true;
        break;
      }
      if (switch_source && !complete) continue;  // the fallback, if any
      if (!part.close()) {
        const int err = errno;
        return disk_error(err, "cannot write " + part.path() + ": " + std::strerror(err));
      }
      if (part.size() == 0) return make_error(ErrorCode::BadMedia, "the downloaded video is empty");
      if (verify)
        if (Error e = verify(part.path())) return e;  // the .part is removed by PartFile
      if (std::rename(part.path().c_str(), dest.c_str()) != 0) {
        const int err = errno;
        return disk_error(err, "cannot rename into " + dest + ": " + std::strerror(err));
      }
      part.keep();
      if (out) {
        out->path = dest;
        out->bytes = part.size();
        out->resumes = resumes;
        out->source_url = strip_query(url);
      }
      return {};
    }
    return last ? last : make_error(ErrorCode::Network, "the download failed");
  } catch (const std::exception &e) {
    return make_error(ErrorCode::Internal, e.what());
  }
}

}  // namespace nemo::core
