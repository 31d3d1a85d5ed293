// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/mp4_writer.hpp"

#include <algorithm>
#include <cstring>
#include <thread>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/hwcontext.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

namespace nemo::render {

int x264_thread_count() {
  // x264's own rule (1.5 threads a core: frame threads wait on each other's
  // rows, so one more than the cores keeps both busy), capped at 6.
  const unsigned n = std::thread::hardware_concurrency();
  return static_cast<int>(std::clamp((n == 0 ? 2u : n) * 3 / 2, 1u, 6u));
}

bool valid_x264_preset(const std::string &p) {
  static const char *const kPresets[] = {"ultrafast", "superfast", "veryfast", "faster",
                                         "fast",      "medium",    "slow",     "slower",
                                         "veryslow",  "placebo"};
  return std::any_of(std::begin(kPresets), std::end(kPresets),
                     [&](const char *k) { return p == k; });
}

MaybeError open_h264_encoder(const Canvas &canvas, const EncoderSettings &enc, bool global_header,
                             CodecContextPtr &out) {
  const AVCodec *codec = avcodec_find_encoder_by_name("libx264");
  if (codec == nullptr) return make_error("unsupported", "this FFmpeg has no libx264 encoder");
  if (!valid_x264_preset(enc.preset))
    return make_error("bad_input", "unknown x264 preset \"" + enc.preset + "\"");
  CodecContextPtr ctx(avcodec_alloc_context3(codec));
  if (!ctx) return make_error("internal", "out of memory");
  ctx->width = canvas.width;
  ctx->height = canvas.height;
  ctx->time_base = AVRational{1, canvas.fps};
  ctx->framerate = AVRational{canvas.fps, 1};
  ctx->pix_fmt = AV_PIX_FMT_YUV420P;
  ctx->sample_aspect_ratio = AVRational{1, 1};
  ctx->gop_size = canvas.fps * 2;
  ctx->color_primaries = AVCOL_PRI_BT709;
  ctx->color_trc = AVCOL_TRC_BT709;
  ctx->colorspace = AVCOL_SPC_BT709;
  ctx->color_range = AVCOL_RANGE_MPEG;
  ctx->thread_count = x264_thread_count();
  if (global_header) ctx->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  av_opt_set(ctx->priv_data, "preset", enc.preset.c_str(), 0);
  av_opt_set(ctx->priv_data, "profile", "high", 0);
  av_opt_set_double(ctx->priv_data, "crf", std::clamp(enc.crf, 0, 51), 0);
  const int ret = avcodec_open2(ctx.get(), codec, nullptr);
  if (ret < 0) return make_error("internal", "cannot open libx264: " + av_error_text(ret));
  out = std::move(ctx);
  return std::nullopt;
}

MaybeError Mp4Writer::open(const std::string &path, const Canvas &canvas,
                           const EncoderSettings &enc, bool with_audio) {
  AVFormatContext *raw = nullptr;
  int ret = avformat_alloc_output_context2(&raw, nullptr, "mp4", path.c_str());
  if (ret < 0 || raw == nullptr) return make_error("internal", "cannot set up the MP4 muxer");
  out_.reset(raw);
  const bool global = (out_->oformat->flags & AVFMT_GLOBALHEADER) != 0;
  OpenedEncoder opened;
  refused_.clear();
  if (auto err = open_first(
          h264_candidates(enc.allow_hardware),
          [&](const EncoderCandidate &c, OpenedEncoder &o) {
            return open_candidate(canvas, enc, global, c, o);
          },
          opened, &refused_))
    return err;
  video_ = std::move(opened.ctx);
  hw_frames_ = std::move(opened.hw_frames);
  encoder_ = opened.encoder;
  vst_ = avformat_new_stream(out_.get(), nullptr);
  if (vst_ == nullptr) return make_error("internal", "out of memory");
  vst_->time_base = video_->time_base;
  vst_->avg_frame_rate = video_->framerate;
  avcodec_parameters_from_context(vst_->codecpar, video_.get());

  if (with_audio) {
    const AVCodec *aac = avcodec_find_encoder(AV_CODEC_ID_AAC);
    if (aac == nullptr) return make_error("unsupported", "this FFmpeg has no AAC encoder");
    audio_.reset(avcodec_alloc_context3(aac));
    if (!audio_) return make_error("internal", "out of memory");
    audio_->sample_rate = 48000;
    av_channel_layout_default(&audio_->ch_layout, 2);
    audio_->sample_fmt = AV_SAMPLE_FMT_FLTP;
    audio_->bit_rate = std::clamp(enc.audio_bitrate, 32000, 512000);
    audio_->time_base = AVRational{1, 48000};
    if (global) audio_->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    if ((ret = avcodec_open2(audio_.get(), aac, nullptr)) < 0) {
      return make_error("internal", "cannot open the AAC encoder: " + av_error_text(ret));
    }
    ast_ = avformat_new_stream(out_.get(), nullptr);
    if (ast_ == nullptr) return make_error("internal", "out of memory");
    ast_->time_base = audio_->time_base;
    avcodec_parameters_from_context(ast_->codecpar, audio_.get());
    aframe_ = make_frame();
    aframe_->format = AV_SAMPLE_FMT_FLTP;
    av_channel_layout_default(&aframe_->ch_layout, 2);
    aframe_->sample_rate = 48000;
    aframe_->nb_samples = audio_->frame_size;
    if (av_frame_get_buffer(aframe_.get(), 0) < 0) return make_error("internal", "out of memory");
  }

  if ((ret = avio_open(&out_->pb, path.c_str(), AVIO_FLAG_WRITE)) < 0) {
    return make_error("disk", "cannot write " + path + ": " + av_error_text(ret));
  }
  AVDictionary *opts = nullptr;
  av_dict_set(&opts, "movflags", "+faststart", 0);
  ret = avformat_write_header(out_.get(), &opts);
  av_dict_free(&opts);
  if (ret < 0) return make_error("disk", "cannot write the MP4 header: " + av_error_text(ret));
  header_written_ = true;
  pkt_ = make_packet();
  return std::nullopt;
}

MaybeError Mp4Writer::drain(AVCodecContext *ctx, AVStream *st) {
  for (;;) {
    int ret = avcodec_receive_packet(ctx, pkt_.get());
    if (is_again(ret) || is_eof(ret)) return std::nullopt;
    if (ret < 0) return make_error("internal", "encoder: " + av_error_text(ret));
    av_packet_rescale_ts(pkt_.get(), ctx->time_base, st->time_base);
    pkt_->stream_index = st->index;
    ret = av_interleaved_write_frame(out_.get(), pkt_.get());
    if (ret < 0) return make_error("disk", "cannot write the MP4: " + av_error_text(ret));
  }
}

MaybeError Mp4Writer::to_encoder_form(AVFrame *frame, AVFrame *&out) {
  out = frame;
  if (!hw_frames_ && video_->pix_fmt == AV_PIX_FMT_YUV420P) return std::nullopt;
  if (!nv12_) {
    nv12_ = make_frame();
    nv12_->format = AV_PIX_FMT_NV12;
    nv12_->width = frame->width;
    nv12_->height = frame->height;
    if (av_frame_get_buffer(nv12_.get(), 64) < 0) return make_error("internal", "out of memory");
    to_nv12_.reset(sws_getContext(frame->width, frame->height, AV_PIX_FMT_YUV420P, frame->width,
                                  frame->height, AV_PIX_FMT_NV12, SWS_POINT, nullptr, nullptr,
                                  nullptr));
    if (!to_nv12_) return make_error("internal", "cannot convert frames to NV12");
  }
  if (av_frame_make_writable(nv12_.get()) < 0) return make_error("internal", "out of memory");
  sws_scale(to_nv12_.get(), frame->data, frame->linesize, 0, frame->height, nv12_->data,
            nv12_->linesize);
  av_frame_copy_props(nv12_.get(), frame);
  out = nv12_.get();
  if (!hw_frames_) return std::nullopt;
  hw_frame_ = make_frame();
  int ret = av_hwframe_get_buffer(hw_frames_.get(), hw_frame_.get(), 0);
  if (ret >= 0) ret = av_hwframe_transfer_data(hw_frame_.get(), nv12_.get(), 0);
  if (ret < 0)
    return make_error("internal", encoder_ + ": cannot upload a frame: " + av_error_text(ret));
  av_frame_copy_props(hw_frame_.get(), frame);
  out = hw_frame_.get();
  return std::nullopt;
}

MaybeError Mp4Writer::write_video(AVFrame *frame) {
  AVFrame *send = frame;
  if (auto err = to_encoder_form(frame, send)) return err;
  const int ret = avcodec_send_frame(video_.get(), send);
  if (ret < 0) return make_error("internal", encoder_ + ": " + av_error_text(ret));
  return drain(video_.get(), vst_);
}

MaybeError Mp4Writer::write_audio(const float *left, const float *right, int n) {
  if (!audio_) return std::nullopt;
  if (av_frame_make_writable(aframe_.get()) < 0) return make_error("internal", "out of memory");
  n = std::min(n, audio_->frame_size);
  aframe_->nb_samples = n;
  std::memcpy(aframe_->data[0], left, sizeof(float) * static_cast<std::size_t>(n));
  std::memcpy(aframe_->data[1], right, sizeof(float) * static_cast<std::size_t>(n));
  aframe_->pts = audio_pts_;
  audio_pts_ += n;
  const int ret = avcodec_send_frame(audio_.get(), aframe_.get());
  if (ret < 0) return make_error("internal", "AAC encoder: " + av_error_text(ret));
  return drain(audio_.get(), ast_);
}

MaybeError Mp4Writer::finish() {
  if (!header_written_) return make_error("internal", "the MP4 was not opened");
  avcodec_send_frame(video_.get(), nullptr);
  if (auto err = drain(video_.get(), vst_)) return err;
  if (audio_) {
    avcodec_send_frame(audio_.get(), nullptr);
    if (auto err = drain(audio_.get(), ast_)) return err;
  }
  int ret = av_write_trailer(out_.get());
  if (ret < 0) return make_error("disk", "cannot finish the MP4: " + av_error_text(ret));
  ret = avio_closep(&out_->pb);
  if (ret < 0) return make_error("disk", "cannot close the MP4: " + av_error_text(ret));
  header_written_ = false;
  return std::nullopt;
}

}  // namespace nemo::render
