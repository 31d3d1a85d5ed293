// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/encoder_choice.hpp"

#include <algorithm>

#include "render/mp4_writer.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/hwcontext.h>
#include <libavutil/opt.h>
}

namespace nemo::render {
namespace {

// The frames a hardware pool keeps (the encoder's lookahead and the frame
// being uploaded).
constexpr int kHwPoolFrames = 16;

void configure_common(AVCodecContext *ctx, const Canvas &canvas, bool global_header) {
  ctx->width = canvas.width;
  ctx->height = canvas.height;
  ctx->time_base = AVRational{1, canvas.fps};
  ctx->framerate = AVRational{canvas.fps, 1};
  ctx->sample_aspect_ratio = AVRational{1, 1};
  ctx->gop_size = canvas.fps * 2;
  ctx->max_b_frames = 2;
  ctx->color_primaries = AVCOL_PRI_BT709;
  ctx->color_trc = AVCOL_TRC_BT709;
  ctx->colorspace = AVCOL_SPC_BT709;
  ctx->color_range = AVCOL_RANGE_MPEG;
  if (global_header) ctx->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
}

// A hardware device of `type` (the system's default one), or why not.
MaybeError open_device(const std::string &type_name, BufferRefPtr &device) {
  const AVHWDeviceType type = av_hwdevice_find_type_by_name(type_name.c_str());
  if (type == AV_HWDEVICE_TYPE_NONE)
    return make_error("unsupported", "this FFmpeg has no " + type_name + " support");
  AVBufferRef *raw = nullptr;
  const int ret = av_hwdevice_ctx_create(&raw, type, nullptr, nullptr, 0);
  if (ret < 0)
    return make_error("unsupported", "no " + type_name + " device (" + av_error_text(ret) + ")");
  device.reset(raw);
  return std::nullopt;
}

}  // namespace

std::vector<EncoderCandidate> h264_candidates(bool allow_hardware) {
  std::vector<EncoderCandidate> list;
  if (allow_hardware) {
#if defined(_WIN32)
    list = {{"h264_nvenc", ""}, {"h264_amf", ""}};
#elif defined(__APPLE__)
    list = {{"h264_videotoolbox", ""}};
#else
    // NVENC takes frames from system memory (it opens CUDA itself); VAAPI
    // needs them uploaded into its surfaces.
    list = {{"h264_nvenc", ""}, {"h264_vaapi", "vaapi"}};
#endif
  }
  list.push_back({"libx264", ""});
  return list;
}

MaybeError open_first(const std::vector<EncoderCandidate> &candidates, const CandidateOpener &open,
                      OpenedEncoder &out, std::vector<std::string> *refused) {
  MaybeError last = make_error("unsupported", "no H.264 encoder to try");
  for (const EncoderCandidate &candidate : candidates) {
    OpenedEncoder attempt;
    last = open(candidate, attempt);
    if (!last) {
      attempt.encoder = candidate.encoder;
      out = std::move(attempt);
      return std::nullopt;
    }
    if (refused) refused->push_back(candidate.encoder + ": " + last->message);
  }
  return last;
}

MaybeError open_candidate(const Canvas &canvas, const EncoderSettings &enc, bool global_header,
                          const EncoderCandidate &candidate, OpenedEncoder &out) {
  if (candidate.encoder == "libx264") return open_h264_encoder(canvas, enc, global_header, out.ctx);
  const AVCodec *codec = avcodec_find_encoder_by_name(candidate.encoder.c_str());
  if (codec == nullptr) return make_error("unsupported", "this FFmpeg has no such encoder");
  CodecContextPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx) return make_error("internal", "out of memory");
  configure_common(ctx.get(), canvas, global_header);
  const int quality = std::clamp(enc.crf, 0, 51);
  BufferRefPtr device, frames;
  if (candidate.device.empty()) {
    ctx->pix_fmt = candidate.encoder == "h264_videotoolbox" ? AV_PIX_FMT_NV12 : AV_PIX_FMT_YUV420P;
  } else {
    if (auto err = open_device(candidate.device, device)) return err;
    frames.reset(av_hwframe_ctx_alloc(device.get()));
    if (!frames) return make_error("internal", "out of memory");
    auto *fc = reinterpret_cast<AVHWFramesContext *>(frames->data);
    fc->format = AV_PIX_FMT_VAAPI;
    fc->sw_format = AV_PIX_FMT_NV12;
    fc->width = canvas.width;
    fc->height = canvas.height;
    fc->initial_pool_size = kHwPoolFrames;
    int ret = av_hwframe_ctx_init(frames.get());
    if (ret < 0) return make_error("unsupported", "no NV12 surfaces (" + av_error_text(ret) + ")");
    ctx->pix_fmt = AV_PIX_FMT_VAAPI;
    ctx->hw_frames_ctx = av_buffer_ref(frames.get());
    if (!ctx->hw_frames_ctx) return make_error("internal", "out of memory");
  }
  // A constant-quality target near x264's CRF; High profile.
  av_opt_set(ctx->priv_data, "profile", "high", 0);
  if (candidate.encoder == "h264_nvenc") {
    av_opt_set(ctx->priv_data, "preset", "p4", 0);
    av_opt_set(ctx->priv_data, "rc", "vbr", 0);
    av_opt_set_int(ctx->priv_data, "cq", quality + 3, 0);
    ctx->bit_rate = 0;
  } else if (candidate.encoder == "h264_vaapi") {
    av_opt_set(ctx->priv_data, "rc_mode", "CQP", 0);
    ctx->global_quality = quality + 3;
  } else {
    ctx->global_quality = quality;
    ctx->flags |= AV_CODEC_FLAG_QSCALE;
  }
  const int ret = avcodec_open2(ctx.get(), codec, nullptr);
  if (ret < 0) return make_error("unsupported", "does not open (" + av_error_text(ret) + ")");
  out.ctx = std::move(ctx);
  out.hw_frames = std::move(frames);
  return std::nullopt;
}

}  // namespace nemo::render
