// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/mp4_probe.hpp"

#include "core/mp4_sample_counts.hpp"

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
}

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace nemo::core {
namespace {
using Clock = std::chrono::steady_clock;

struct InputCloser {
  void operator()(AVFormatContext *ctx) const { avformat_close_input(&ctx); }
};
using InputPtr = std::unique_ptr<AVFormatContext, InputCloser>;

struct DictFree {
  void operator()(AVDictionary *d) const { av_dict_free(&d); }
};

struct Interrupt {
  const CancelToken *cancel = nullptr;
  Clock::time_point deadline;
  bool timed_out = false;
};

int interrupt_cb(void *opaque) {
  auto *state = static_cast<Interrupt *>(opaque);
  if (state->cancel && state->cancel->cancelled()) return 1;
  if (Clock::now() > state->deadline) {
    state->timed_out = true;
    return 1;
  }
  return 0;
}

std::string av_error_text(int err) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(err, buf, sizeof buf);
  return buf;
}

double rational(AVRational r) {
  return r.den != 0 && r.num > 0 ? av_q2d(r) : 0.0;
}

std::string container_name(const AVFormatContext *ctx) {
  const std::string name = ctx->iformat && ctx->iformat->name ? ctx->iformat->name : "";
  if (name.find("mp4") != std::string::npos) {
    const AVDictionaryEntry *brand = av_dict_get(ctx->metadata, "major_brand", nullptr, 0);
    if (brand && brand->value && std::string(brand->value).rfind("qt", 0) == 0) return "mov";
    return "mp4";
  }
  const auto comma = name.find(',');
  return comma == std::string::npos ? name : name.substr(0, comma);
}

Error bad_media(const std::string &detail) {
  return make_error(ErrorCode::BadMedia, detail);
}
}  // namespace

Error probe_mp4(const std::string &path, ProbeResult &out) {
  return probe_mp4(path, out, {});
}

Error probe_mp4(const std::string &path, ProbeResult &out, const ProbeOptions &options) {
  out = ProbeResult{};
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return make_error(ErrorCode::BadInput, "no such file: " + path);
  out.size = static_cast<std::uint64_t>(std::filesystem::file_size(path, ec));
  if (ec) return make_error(ErrorCode::BadInput, "no such file: " + path);
  if (out.size == 0) return bad_media("the file is empty");
  // Before libavformat sizes its index from them (FFmpeg 5.1 trusts them).
  if (Error e = check_mp4_sample_counts(path)) return e;

  Interrupt interrupt{options.cancel, Clock::now() + options.timeout, false};
  AVFormatContext *raw = avformat_alloc_context();
  if (!raw) return make_error(ErrorCode::Internal, "out of memory");
  raw->interrupt_callback.callback = interrupt_cb;
  raw->interrupt_callback.opaque = &interrupt;
  // On failure avformat_open_input frees the context and sets it to null.
  const int open_err = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
  InputPtr ctx(raw);
  if (open_err < 0) {
    if (options.cancel && options.cancel->cancelled()) return make_error(ErrorCode::Cancelled);
    if (interrupt.timed_out) return make_error(ErrorCode::Timeout, "probe took too long");
    return bad_media("cannot open the file: " + av_error_text(open_err));
  }
  out.container = container_name(ctx.get());

  // MP4/MOV headers carry everything; other containers need a look at the packets.
  bool need_info = out.container != "mp4" && out.container != "mov";
  for (unsigned i = 0; i < ctx->nb_streams && !need_info; ++i) {
    const AVCodecParameters *par = ctx->streams[i]->codecpar;
    if (par->codec_type == AVMEDIA_TYPE_VIDEO &&
        (par->width <= 0 || par->codec_id == AV_CODEC_ID_NONE))
      need_info = true;
  }
  if (need_info) {
    const int err = avformat_find_stream_info(ctx.get(), nullptr);
    if (options.cancel && options.cancel->cancelled()) return make_error(ErrorCode::Cancelled);
    if (interrupt.timed_out) return make_error(ErrorCode::Timeout, "probe took too long");
    if (err < 0) return bad_media("cannot read the streams: " + av_error_text(err));
  }

  const AVStream *video = nullptr;
  const AVStream *audio = nullptr;
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVStream *s = ctx->streams[i];
    if (s->disposition & AV_DISPOSITION_ATTACHED_PIC) continue;
    if (s->codecpar->codec_type == AVMEDIA_TYPE_VIDEO && !video) video = s;
    if (s->codecpar->codec_type == AVMEDIA_TYPE_AUDIO && !audio) audio = s;
  }

  if (ctx->duration > 0 && ctx->duration != AV_NOPTS_VALUE)
    out.duration_s = static_cast<double>(ctx->duration) / AV_TIME_BASE;
  else if (video && video->duration > 0)
    out.duration_s = static_cast<double>(video->duration) * rational(video->time_base);

  if (video) {
    out.has_video = true;
    out.video_codec = avcodec_get_name(video->codecpar->codec_id);
    out.width = video->codecpar->width;
    out.height = video->codecpar->height;
    out.fps = rational(video->avg_frame_rate);
    if (out.fps <= 0) out.fps = rational(video->r_frame_rate);
  }
  if (audio) {
    out.has_audio = true;
    out.audio_codec = avcodec_get_name(audio->codecpar->codec_id);
  }

  if (!video) return bad_media("no video stream");
  if (video->codecpar->codec_id == AV_CODEC_ID_NONE) return bad_media("unknown video codec");
  if (out.width <= 0 || out.height <= 0) return bad_media("the video has no size");
  if (!(out.duration_s > 0) || !std::isfinite(out.duration_s)) return bad_media("no duration");
  if (!(out.fps > 0) || !std::isfinite(out.fps)) return bad_media("no frame rate");

  // A file cut short (an interrupted download with a header in front) still opens:
  // its sample index points past the end.
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    AVStream *s = ctx->streams[i];
    const int n = avformat_index_get_entries_count(s);
    if (n <= 0) continue;
    const AVIndexEntry *last = avformat_index_get_entry(s, n - 1);
    if (last && last->pos >= 0 &&
        static_cast<std::uint64_t>(last->pos) + static_cast<std::uint64_t>(last->size) > out.size)
      return bad_media("the file is truncated (" + std::to_string(out.size) +
                       " bytes, data up to " + std::to_string(last->pos + last->size) + ")");
  }
  return {};
}

std::string describe_probe(const ProbeResult &r) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%s, %.1f s, %s %dx%d @ %.3g fps, %s, %.1f MB",
                r.container.empty() ? "?" : r.container.c_str(), r.duration_s,
                r.has_video ? r.video_codec.c_str() : "no video", r.width, r.height, r.fps,
                r.has_audio ? ("audio " + r.audio_codec).c_str() : "no audio",
                static_cast<double>(r.size) / 1e6);
  return buf;
}

}  // namespace nemo::core
