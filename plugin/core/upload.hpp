// Upload (ApiClient::upload_files / upload_urls, defined in upload.cpp): every
// file is checked locally (type by content, size against the limit) before any
// byte is sent, then the files go as one multipart request, field `files`
// repeated, each streamed from disk by libcurl.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/api_client.hpp"

namespace nemo::core {

// The upload path of a session: /api/upload-video/nemo_agent/me/<sid>.
std::string upload_endpoint(const std::string &session_id);

// The MIME type sent for a sniffed extension ("jpg" -> "image/jpeg"); "" if unknown.
std::string upload_mime_type(const std::string &ext);

// Reads the upload answer's data (`files[]`, `session_state_applied`).
void parse_upload_result(const nlohmann::json &data, UploadResult &out);

}  // namespace nemo::core
