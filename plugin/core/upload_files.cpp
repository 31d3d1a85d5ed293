// SPDX-License-Identifier: GPL-2.0-or-later
// ApiClient::upload_files: the local checks (core/file_check.hpp), then one
// multipart request streamed from disk.
#include "core/api_client_impl.hpp"
#include "core/file_check.hpp"
#include "core/upload.hpp"

namespace nemo::core {
namespace {
std::string base_name(const std::string &path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}
}  // namespace

Error ApiClient::upload_files(const std::vector<std::string> &paths, UploadResult &out,
                              const TransferProgress &progress, const CancelToken &cancel) {
  try {
    if (paths.empty()) return make_error(ErrorCode::Usage, "no files to upload");
    // Every check before any byte is sent.
    std::vector<MultipartPart> parts;
    for (const std::string &path : paths) {
      const FileCheck check = check_upload_file(path, impl_->config.upload_limit);
      if (check.error) return check.error;
      MultipartPart part;
      part.name = "files";
      part.file_path = path;
      part.filename = base_name(path);
      part.content_type = upload_mime_type(check.sniffed_ext);
      parts.push_back(std::move(part));
    }
    ApiCall call;
    call.method = "POST";
    call.needs_session = true;
    call.path = upload_endpoint;
    call.multipart = std::move(parts);
    call.customize = [&progress](HttpRequest &req) {
      req.total_timeout = std::chrono::milliseconds(0);  // stalls are caught by low_speed_time
      if (progress) req.on_upload_progress = progress;
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
