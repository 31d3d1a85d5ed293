// Download of a finished video (ApiClient::download, defined in download.cpp):
// streamed to <dest>.part, resumed with a Range request after a drop,
// size-capped, verified, and renamed into place only when complete. The
// bearer token is sent only to the API's own origin, never to a CDN.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace nemo::core {

// The fallback download path of a render: /api/render/proxy/<id>/download.
std::string render_download_path(const std::string &render_id);

// Total size from a Content-Range value "bytes a-b/total"; nullopt if unknown ("*").
std::optional<std::uint64_t> content_range_total(const std::string &value);

}  // namespace nemo::core
