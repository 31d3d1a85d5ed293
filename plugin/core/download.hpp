// Download of a finished video (ApiClient::download, defined in download.cpp):
// streamed to <dest>.part, resumed with a Range request after a drop,
// size-capped, verified, and renamed into place only when complete. The
// bearer token is sent only to the API's own origin, never to a CDN.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/api_client.hpp"

namespace nemo::core {

struct ProbeResult;

// A DownloadVerifier that probes the file with libavformat (probe_mp4): a file
// that fails is deleted by download() and reported as BadMedia, never delivered.
// `out`, if given, receives the probe of a file that passed.
DownloadVerifier mp4_verifier(ProbeResult *out = nullptr);

// The fallback download path of a render: /api/render/proxy/<id>/download.
std::string render_download_path(const std::string &render_id);

// Total size from a Content-Range value "bytes a-b/total"; nullopt if unknown ("*").
std::optional<std::uint64_t> content_range_total(const std::string &value);

}  // namespace nemo::core
