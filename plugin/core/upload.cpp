// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/upload.hpp"

#include "core/api_client_impl.hpp"

namespace nemo::core {
namespace {

std::string str(const nlohmann::json &o, const char *key) {
  if (!o.is_object() || !o.contains(key)) return {};
  const auto &v = o[key];
  return v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : std::string();
}

double num(const nlohmann::json &o, const char *key) {
  if (!o.is_object() || !o.contains(key) || !o[key].is_number()) return 0;
  return o[key].get<double>();
}

}  // namespace

std::string upload_endpoint(const std::string &session_id) {
  return "/api/upload-video/nemo_agent/me/" + path_segment(session_id);
}

std::string upload_mime_type(const std::string &ext) {
  static const std::pair<const char *, const char *> kTypes[] = {
      {"mp4", "video/mp4"},   {"mov", "video/quicktime"},  {"avi", "video/x-msvideo"},
      {"webm", "video/webm"}, {"mkv", "video/x-matroska"}, {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"}, {"png", "image/png"},        {"gif", "image/gif"},
      {"webp", "image/webp"}, {"heic", "image/heic"},      {"mp3", "audio/mpeg"},
      {"wav", "audio/wav"},   {"m4a", "audio/mp4"},        {"aac", "audio/aac"},
  };
  for (const auto &[e, type] : kTypes)
    if (ext == e) return type;
  return {};
}

void parse_upload_result(const nlohmann::json &data, UploadResult &out) {
  out = UploadResult{};
  out.data = data;
  if (!data.is_object()) return;
  if (data.contains("session_state_applied") && data["session_state_applied"].is_boolean())
    out.session_state_applied = data["session_state_applied"].get<bool>();
  if (!data.contains("files") || !data["files"].is_array()) return;
  for (const auto &f : data["files"]) {
    UploadedFile u;
    u.filename = str(f, "filename");
    u.file_type = str(f, "file_type");
    u.cdn_url = str(f, "cdn_url");
    u.hash = str(f, "hash");
    u.duration_s = num(f, "duration");
    u.width = static_cast<int>(num(f, "width"));
    u.height = static_cast<int>(num(f, "height"));
    u.fps = num(f, "fps");
    out.files.push_back(std::move(u));
  }
}

Error ApiClient::upload_urls(const std::vector<std::string> &urls, UploadResult &out,
                             const CancelToken &cancel) {
  try {
    if (urls.empty()) return make_error(ErrorCode::Usage, "no URLs to upload");
    for (const auto &u : urls)
      if (!http_url_allowed(u))
        return make_error(ErrorCode::Usage, "only http and https URLs can be uploaded");
    ApiCall call;
    call.method = "POST";
    call.needs_session = true;
    call.path = upload_endpoint;
    call.json_body = [&urls](const std::string &) {
      return nlohmann::json{{"urls", urls}, {"source_type", "url"}}.dump();
    };
    ApiAnswer answer;
    if (Error e = impl_->perform(call, answer, cancel)) return e;
    parse_upload_result(answer.env.data, out);
    return {};
  } catch (const std::exception &e) {
    return make_error(ErrorCode::Internal, e.what());
  }
}

}  // namespace nemo::core
