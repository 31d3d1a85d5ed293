// What the HTTP server needs from the rest of nemo-local, as injectable
// functions: the agent (prompt -> draft), the renderer (draft -> MP4), the
// media inspector (what an uploaded file is) and the beat finder (music). main.cpp wires the real
// ones (real_backend.hpp); tests inject doubles. SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/agent.hpp"

namespace nemo::server {

// The agent's own types (plugin/agent), used as they are: an uploaded file as
// the agent sees it, what the agent did, and its whole reply.
using agent::AgentReply;
using agent::MediaRef;
using agent::MusicBeats;
using agent::ToolCall;

using AgentFn =
    std::function<AgentReply(const nlohmann::json &draft, const std::vector<MediaRef> &media,
                             std::string_view prompt, std::string_view language)>;

// Media url (a cdn_url, any host/port) -> local path, "" when unknown.
using MediaResolver = std::function<std::string(const std::string &url)>;

struct RenderFailure {
  std::string code;  // bad_input, unsupported, too_large, no_audio, cancelled, disk, internal
  std::string message;
};

// Renders `draft` to `out_path` (writing <out_path>.tmp and renaming it, so
// nothing half-written is ever at out_path), reporting 0..1 progress and
// stopping soon after `cancel` turns true. nullopt on success.
// `encoder` gets the H.264 encoder the render used ("libx264", "h264_vaapi", ...).
using RenderFn = std::function<std::optional<RenderFailure>(
    const nlohmann::json &draft, const MediaResolver &resolve, const std::string &out_path,
    const std::function<void(double)> &on_progress, const std::atomic<bool> &cancel,
    std::string &encoder)>;

// What a file is, sniffed from its content (mirrors render/media_info.hpp).
struct MediaProbe {
  std::string kind;  // image | video | audio
  std::string
      format;  // jpg png webp gif bmp tiff heic mp4 mov mkv webm avi mp3 wav m4a aac ogg flac
  int width = 0, height = 0;
  double duration_s = 0, fps = 0;
  bool has_audio = false;
};
// nullopt when the file was recognised; else why not.
using InspectFn = std::function<std::optional<std::string>(const std::string &path, MediaProbe &)>;
// Why inspect refused a file, for the upload answer's data.reason (the client's
// message): damaged, no_media, unsupported_type, unsupported_codec,
// too_many_pixels. Called only after a refusal; unset or "": unsupported_type.
using RefusalReasonFn = std::function<std::string(const std::string &path)>;

// The beats of the audio file at `path` (`sha256`: its content's, the cache
// key), empty when it has none or cannot be read. Called in a chat turn, off
// the request threads; may take a second or two for a song not seen before,
// and gives up (empty beats) soon after `cancel` turns true.
using BeatFn = std::function<MusicBeats(const std::string &path, const std::string &sha256,
                                        const std::atomic<bool> &cancel)>;

struct Backend {
  AgentFn agent;
  RenderFn render;
  InspectFn inspect;
  RefusalReasonFn refusal_reason;
  BeatFn beats;  // unset: the agent gets no beats
};

}  // namespace nemo::server
