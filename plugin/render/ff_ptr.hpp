// RAII owners for FFmpeg handles, and FFmpeg error text.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <memory>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

namespace nemo::render {

struct InputFormatDeleter {
  void operator()(AVFormatContext *p) const { avformat_close_input(&p); }
};
// An output context owns its AVIOContext only when opened by the caller; see Muxer.
struct OutputFormatDeleter {
  void operator()(AVFormatContext *p) const {
    if (p != nullptr && p->pb != nullptr && !(p->oformat->flags & AVFMT_NOFILE)) {
      avio_closep(&p->pb);
    }
    avformat_free_context(p);
  }
};
struct CodecContextDeleter {
  void operator()(AVCodecContext *p) const { avcodec_free_context(&p); }
};
struct FrameDeleter {
  void operator()(AVFrame *p) const { av_frame_free(&p); }
};
struct PacketDeleter {
  void operator()(AVPacket *p) const { av_packet_free(&p); }
};
struct SwsDeleter {
  void operator()(SwsContext *p) const { sws_freeContext(p); }
};
struct SwrDeleter {
  void operator()(SwrContext *p) const { swr_free(&p); }
};

using InputFormatPtr = std::unique_ptr<AVFormatContext, InputFormatDeleter>;
using OutputFormatPtr = std::unique_ptr<AVFormatContext, OutputFormatDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using SwsPtr = std::unique_ptr<SwsContext, SwsDeleter>;
using SwrPtr = std::unique_ptr<SwrContext, SwrDeleter>;

inline FramePtr make_frame() {
  return FramePtr(av_frame_alloc());
}
inline PacketPtr make_packet() {
  return PacketPtr(av_packet_alloc());
}

// FFmpeg's text for an AVERROR code (av_err2str is a C compound literal).
inline std::string av_error_text(int err) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {0};
  av_strerror(err, buf, sizeof buf);
  return buf;
}

// AVERROR_EOF and AVERROR(EAGAIN) without the macros' C casts.
inline bool is_eof(int err) {
  return err == AVERROR_EOF;
}
inline bool is_again(int err) {
  return err == AVERROR(EAGAIN);
}

}  // namespace nemo::render
