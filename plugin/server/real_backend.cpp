// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/real_backend.hpp"

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "agent/agent.hpp"
#include "render/media_info.hpp"
#include "render/media_sniff.hpp"
#include "render/renderer.hpp"
#include "server/beat_cache.hpp"
#include "server/draft_to_spec.hpp"

namespace nemo::server {

namespace {
// The upload answer's data.reason for a refused file (see RefusalReasonFn).
std::string inspect_reason(const std::string &path, const render::RenderError &error) {
  if (error.code == "too_large") return "too_many_pixels";
  if (error.code == "no_media") return "no_media";
  if (error.code == "unsupported_codec") return "unsupported_codec";
  if (error.code == "unsupported") return "unsupported_type";
  render::Sniffed sniffed;
  unsigned long long size = 0;
  if (render::sniff_file(path, sniffed, size) && size > 0 && sniffed.kind.empty())
    return "unsupported_type";  // not a picture, video or audio file at all
  return "damaged";
}
}  // namespace

Backend make_real_backend(const ServerOptions &options) {
  Backend backend;
  backend.agent = agent::run_agent;
  const bool quality = options.preset == "quality";
  const bool idle = options.idle_priority;
  const bool hardware = options.encoder == "auto";
  backend.render = [quality, idle, hardware](
                       const nlohmann::json &draft, const MediaResolver &resolve,
                       const std::string &out_path, const std::function<void(double)> &on_progress,
                       const std::atomic<bool> &cancel,
                       std::string &encoder) -> std::optional<RenderFailure> {
    render::RenderSpec spec;
    if (auto why = draft_to_spec(draft, resolve, spec)) return RenderFailure{"bad_input", *why};
    if (quality) {
      spec.encoder.preset = "slow";
      spec.encoder.crf = 18;
    }
    render::RenderOptions render_options;
    render_options.on_progress = on_progress;
    render_options.cancel = &cancel;
    render_options.low_priority = true;
    render_options.idle_class = idle;
    spec.encoder.allow_hardware = hardware;
    render_options.on_encoder = [&encoder](const std::string &used,
                                           const std::vector<std::string> &passed_over) {
      encoder = used;
      std::string why;
      for (const std::string &line : passed_over) why += (why.empty() ? "" : "; ") + line;
      std::fprintf(stderr, "nemo-local: render encoder %s%s%s\n", used.c_str(),
                   why.empty() ? "" : " (passed over: ", why.empty() ? "" : (why + ")").c_str());
    };
    if (auto error = render::render_to_file(spec, out_path, render_options)) {
      return RenderFailure{error->code, error->message};
    }
    return std::nullopt;
  };
  backend.inspect = [](const std::string &path, MediaProbe &out) -> std::optional<std::string> {
    render::MediaInfo info;
    if (auto error = render::inspect_media(path, info)) return error->message;
    out = MediaProbe{info.kind,       info.format, info.width,    info.height,
                     info.duration_s, info.fps,    info.has_audio};
    return std::nullopt;
  };
  backend.refusal_reason = [](const std::string &path) {
    render::MediaInfo info;
    const auto error = render::inspect_media(path, info);
    return error ? inspect_reason(path, *error) : std::string("unsupported_type");
  };
  const auto beats = std::make_shared<BeatCache>(
      options.data_dir.empty() ? std::string() : options.data_dir + "/cache/beats");
  backend.beats = [beats](const std::string &path, const std::string &sha256,
                          const std::atomic<bool> &cancel) {
    return beats->get(path, sha256, &cancel);
  };
  return backend;
}

}  // namespace nemo::server
