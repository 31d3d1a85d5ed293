// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/media_convert.hpp"

#include "core/config.hpp"
#include "exif/tiff_ifd.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavfilter/avfilter.h>
#include <libavfilter/buffersink.h>
#include <libavfilter/buffersrc.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/dict.h>
#include <libavutil/display.h>
#include <libavutil/error.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
#include <libavutil/version.h>
}

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <system_error>
#include <vector>

namespace nemo::core {
namespace {

// AVCodecParameters::coded_side_data and av_packet_side_data_get: libavcodec
// 60.29 (FFmpeg 6.1); FFmpeg 8 removed av_stream_get_side_data.
#define NEMO_FF_CODED_SIDE_DATA (LIBAVCODEC_VERSION_INT >= AV_VERSION_INT(60, 29, 100))

struct InputCloser {
  void operator()(AVFormatContext *c) const { avformat_close_input(&c); }
};
using InputPtr = std::unique_ptr<AVFormatContext, InputCloser>;
struct OutputFree {
  void operator()(AVFormatContext *c) const {
    if (c && c->pb && !(c->oformat->flags & AVFMT_NOFILE)) avio_closep(&c->pb);
    avformat_free_context(c);
  }
};
using OutputPtr = std::unique_ptr<AVFormatContext, OutputFree>;
struct CodecFree {
  void operator()(AVCodecContext *c) const { avcodec_free_context(&c); }
};
using CodecPtr = std::unique_ptr<AVCodecContext, CodecFree>;
struct GraphFree {
  void operator()(AVFilterGraph *g) const { avfilter_graph_free(&g); }
};
using GraphPtr = std::unique_ptr<AVFilterGraph, GraphFree>;
struct FrameFree {
  void operator()(AVFrame *f) const { av_frame_free(&f); }
};
using FramePtr = std::unique_ptr<AVFrame, FrameFree>;
struct PacketFree {
  void operator()(AVPacket *p) const { av_packet_free(&p); }
};
using PacketPtr = std::unique_ptr<AVPacket, PacketFree>;
struct InOutFree {
  void operator()(AVFilterInOut *io) const { avfilter_inout_free(&io); }
};
using InOutPtr = std::unique_ptr<AVFilterInOut, InOutFree>;

std::string av_text(int err) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(err, buf, sizeof buf);
  return buf;
}

std::string base_name(const std::string &path) {
  return std::filesystem::path(path).filename().string();
}

int interrupt_cb(void *opaque) {
  return static_cast<const CancelToken *>(opaque)->cancelled() ? 1 : 0;
}

Error open_input(const std::string &path, const CancelToken &cancel, InputPtr &out) {
  AVFormatContext *raw = avformat_alloc_context();
  if (!raw) return make_error(ErrorCode::Internal, "out of memory");
  raw->interrupt_callback.callback = interrupt_cb;
  raw->interrupt_callback.opaque = const_cast<CancelToken *>(&cancel);
  int err = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
  out.reset(raw);
  if (err >= 0) err = avformat_find_stream_info(out.get(), nullptr);
  if (cancel.cancelled()) return make_error(ErrorCode::Cancelled);
  if (err < 0)
    return make_error(ErrorCode::BadMedia,
                      base_name(path) + ": FFmpeg cannot read it (" + av_text(err) + ")");
  return {};
}

bool is_cover(const AVStream *s) {
  return (s->disposition & AV_DISPOSITION_ATTACHED_PIC) != 0;
}

// A stream FFmpeg can decode and whose shape it found: a demuxer picked by
// the file's name alone (a PDF called photo.jpg opens as "image2") leaves
// the size or the sample rate unknown.
bool readable(const AVStream *s) {
  const AVCodecParameters *par = s->codecpar;
  if (avcodec_find_decoder(par->codec_id) == nullptr) return false;
  if (par->codec_type == AVMEDIA_TYPE_VIDEO) return par->width > 0 && par->height > 0;
  if (par->codec_type == AVMEDIA_TYPE_AUDIO)
    return par->sample_rate > 0 && par->ch_layout.nb_channels > 0;
  return false;
}

const AVStream *first_stream(const AVFormatContext *ctx, AVMediaType type) {
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVStream *s = ctx->streams[i];
    if (s->codecpar->codec_type == type && !is_cover(s) && readable(s)) return s;
  }
  return nullptr;
}

bool is_still(const AVFormatContext *ctx, const AVStream *video) {
  const std::string format = ctx->iformat && ctx->iformat->name ? ctx->iformat->name : "";
  if (format == "image2" ||
      (format.size() > 5 && format.compare(format.size() - 5, 5, "_pipe") == 0))
    return true;
  return video->nb_frames == 1;
}

const std::int32_t *stream_display_matrix(const AVStream *stream) {
#if NEMO_FF_CODED_SIDE_DATA
  const AVCodecParameters *par = stream->codecpar;
  const AVPacketSideData *sd = av_packet_side_data_get(
      par->coded_side_data, par->nb_coded_side_data, AV_PKT_DATA_DISPLAYMATRIX);
  if (sd == nullptr || sd->size < 9 * static_cast<int>(sizeof(std::int32_t))) return nullptr;
  return reinterpret_cast<const std::int32_t *>(sd->data);
#else
  std::size_t size = 0;
  const std::uint8_t *data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (data == nullptr || size < 9 * sizeof(std::int32_t)) return nullptr;
  return reinterpret_cast<const std::int32_t *>(data);
#endif
}

// The filters that show the picture upright, from a display matrix, as
// FFmpeg's own command line reads it (fftools' autorotate): the rotation,
// and the flips its matrix entries tell. FFmpeg 8 exports a picture's EXIF
// orientation this way too.
std::string upright_from_matrix(const std::int32_t *m) {
  if (m == nullptr) return {};
  double theta = -std::round(av_display_rotation_get(m));
  if (std::isnan(theta)) return {};
  theta -= 360 * std::floor(theta / 360 + 0.9 / 360);
  if (std::fabs(theta - 90) < 1) return m[3] > 0 ? "transpose=cclock_flip" : "transpose=clock";
  if (std::fabs(theta - 270) < 1) return m[3] < 0 ? "transpose=clock_flip" : "transpose=cclock";
  if (std::fabs(theta - 180) < 1) {
    std::string f;
    if (m[0] < 0) f = "hflip";
    if (m[4] < 0) f += f.empty() ? "vflip" : ",vflip";
    return f;
  }
  return std::fabs(theta) < 1 && m[4] < 0 ? "vflip" : "";
}

// The filters for an EXIF orientation (1..8).
std::string upright_from_exif(int orientation) {
  switch (orientation) {
    case 2:
      return "hflip";
    case 3:
      return "hflip,vflip";
    case 4:
      return "vflip";
    case 5:
      return "transpose=cclock_flip";
    case 6:
      return "transpose=clock";
    case 7:
      return "transpose=clock_flip";
    case 8:
      return "transpose=cclock";
    default:
      return {};
  }
}

// A TIFF file's orientation tag (1 when absent): FFmpeg before 8 does not
// export it. IFD0 may sit anywhere in the file (ImageMagick writes it last), so
// the header and IFD0 alone are read and put side by side for the tag reader.
int tiff_orientation(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char head[8];
  if (!in.read(reinterpret_cast<char *>(head), sizeof head)) return 1;
  const bool little = head[0] == 'I' && head[1] == 'I';
  if (!little && !(head[0] == 'M' && head[1] == 'M')) return 1;
  auto u32 = [little](const unsigned char *b) {
    return little ? (std::uint32_t{b[0]} | std::uint32_t{b[1]} << 8 | std::uint32_t{b[2]} << 16 |
                     std::uint32_t{b[3]} << 24)
                  : (std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 |
                     std::uint32_t{b[2]} << 8 | std::uint32_t{b[3]});
  };
  const std::uint32_t ifd = u32(head + 4);
  unsigned char count_bytes[2];
  if (!in.seekg(ifd) || !in.read(reinterpret_cast<char *>(count_bytes), 2)) return 1;
  const unsigned count =
      little ? (count_bytes[0] | count_bytes[1] << 8) : (count_bytes[0] << 8 | count_bytes[1]);
  if (count == 0 || count > 4096) return 1;
  std::vector<std::uint8_t> synth(8 + 2 + std::size_t{count} * 12);
  std::copy(head, head + 4, synth.begin());
  synth[little ? 4 : 7] = 8;  // IFD0 right after the header
  synth[8] = count_bytes[0];
  synth[9] = count_bytes[1];
  if (!in.read(reinterpret_cast<char *>(synth.data() + 10),
               static_cast<std::streamsize>(synth.size() - 10)))
    return 1;
  exif::TiffTags tags;
  return exif::read_tiff_tags(synth.data(), synth.size(), tags) ? tags.orientation : 1;
}

// A decoded picture's orientation: its display matrix, else the EXIF tag a
// decoder exported as metadata, else the stream's display matrix, else (a
// TIFF) the file's own tag.
std::string upright_filters(const AVFrame *frame, const AVStream *stream, const std::string &path) {
  if (const AVFrameSideData *sd = av_frame_get_side_data(frame, AV_FRAME_DATA_DISPLAYMATRIX);
      sd && sd->size >= 9 * sizeof(std::int32_t))
    return upright_from_matrix(reinterpret_cast<const std::int32_t *>(sd->data));
  if (const AVDictionaryEntry *e = av_dict_get(frame->metadata, "Orientation", nullptr, 0);
      e && e->value)
    return upright_from_exif(std::atoi(e->value));
  if (const std::int32_t *m = stream_display_matrix(stream)) return upright_from_matrix(m);
  if (stream->codecpar->codec_id == AV_CODEC_ID_TIFF)
    return upright_from_exif(tiff_orientation(path));
  return {};
}

Error open_decoder(const AVStream *stream, CodecPtr &out) {
  const AVCodec *codec = avcodec_find_decoder(stream->codecpar->codec_id);
  if (!codec) return make_error(ErrorCode::BadMedia, "no decoder for this stream");
  out.reset(avcodec_alloc_context3(codec));
  if (!out) return make_error(ErrorCode::Internal, "out of memory");
  int err = avcodec_parameters_to_context(out.get(), stream->codecpar);
  if (err >= 0) {
    out->pkt_timebase = stream->time_base;
    err = avcodec_open2(out.get(), codec, nullptr);
  }
  if (err < 0)
    return make_error(ErrorCode::BadMedia,
                      std::string("cannot open the ") + codec->name + " decoder: " + av_text(err));
  return {};
}

// One input stream through decode -> filter graph -> encode -> output stream.
struct Lane {
  const AVStream *in = nullptr;
  CodecPtr dec;
  CodecPtr enc;
  GraphPtr graph;
  AVFilterContext *src = nullptr;
  AVFilterContext *sink = nullptr;
  AVStream *out = nullptr;
  std::int64_t packets = 0;                // encoded
  std::int64_t next_pts = AV_NOPTS_VALUE;  // audio: where the next frame starts
};

Error build_graph(Lane &lane, const std::string &source_args, const std::string &filters) {
  const bool video = lane.in->codecpar->codec_type == AVMEDIA_TYPE_VIDEO;
  lane.graph.reset(avfilter_graph_alloc());
  if (!lane.graph) return make_error(ErrorCode::Internal, "out of memory");
  lane.graph->nb_threads = 1;  // a background job: leave the cores to OBS
  const AVFilter *src = avfilter_get_by_name(video ? "buffer" : "abuffer");
  const AVFilter *sink = avfilter_get_by_name(video ? "buffersink" : "abuffersink");
  int err = avfilter_graph_create_filter(&lane.src, src, "in", source_args.c_str(), nullptr,
                                         lane.graph.get());
  if (err >= 0)
    err = avfilter_graph_create_filter(&lane.sink, sink, "out", nullptr, nullptr, lane.graph.get());
  if (err < 0) return make_error(ErrorCode::Internal, "filter graph: " + av_text(err));
  InOutPtr outputs(avfilter_inout_alloc());
  InOutPtr inputs(avfilter_inout_alloc());
  if (!outputs || !inputs) return make_error(ErrorCode::Internal, "out of memory");
  outputs->name = av_strdup("in");
  outputs->filter_ctx = lane.src;
  inputs->name = av_strdup("out");
  inputs->filter_ctx = lane.sink;
  AVFilterInOut *in_raw = inputs.release();
  AVFilterInOut *out_raw = outputs.release();
  err = avfilter_graph_parse_ptr(lane.graph.get(), filters.c_str(), &in_raw, &out_raw, nullptr);
  inputs.reset(in_raw);
  outputs.reset(out_raw);
  if (err >= 0) err = avfilter_graph_config(lane.graph.get(), nullptr);
  if (err < 0)
    return make_error(ErrorCode::Internal, "filter graph '" + filters + "': " + av_text(err));
  return {};
}

std::string video_source_args(const AVCodecContext *dec, AVRational time_base) {
  const AVRational sar =
      dec->sample_aspect_ratio.num > 0 ? dec->sample_aspect_ratio : AVRational{1, 1};
  char args[256];
  std::snprintf(args, sizeof args, "video_size=%dx%d:pix_fmt=%d:time_base=%d/%d:pixel_aspect=%d/%d",
                dec->width, dec->height, static_cast<int>(dec->pix_fmt), time_base.num,
                time_base.den, sar.num, sar.den);
  return args;
}

std::string audio_source_args(const AVCodecContext *dec, AVRational time_base) {
  AVChannelLayout layout{};  // zeroed: av_channel_layout_copy frees what dst holds
  if (dec->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || dec->ch_layout.nb_channels == 0)
    av_channel_layout_default(&layout,
                              dec->ch_layout.nb_channels > 0 ? dec->ch_layout.nb_channels : 2);
  else
    av_channel_layout_copy(&layout, &dec->ch_layout);
  char desc[128] = {};
  av_channel_layout_describe(&layout, desc, sizeof desc);
  av_channel_layout_uninit(&layout);
  const char *fmt = av_get_sample_fmt_name(dec->sample_fmt);
  char args[384];
  std::snprintf(args, sizeof args, "time_base=%d/%d:sample_rate=%d:sample_fmt=%s:channel_layout=%s",
                time_base.num, time_base.den, dec->sample_rate, fmt ? fmt : "fltp", desc);
  return args;
}

constexpr const char *kAudioFilters =
    "aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo";

Error open_audio_encoder(Lane &lane, AVFormatContext *oc) {
  const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
  if (!codec) return make_error(ErrorCode::Internal, "FFmpeg has no AAC encoder");
  lane.enc.reset(avcodec_alloc_context3(codec));
  if (!lane.enc) return make_error(ErrorCode::Internal, "out of memory");
  AVCodecContext *enc = lane.enc.get();
  enc->sample_fmt = AV_SAMPLE_FMT_FLTP;
  enc->sample_rate = 48000;
  av_channel_layout_default(&enc->ch_layout, 2);
  enc->bit_rate = 192000;
  enc->time_base = AVRational{1, 48000};
  if (oc->oformat->flags & AVFMT_GLOBALHEADER) enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  int err = avcodec_open2(enc, codec, nullptr);
  if (err < 0)
    return make_error(ErrorCode::Internal, "cannot open the AAC encoder: " + av_text(err));
  if (enc->frame_size > 0)
    av_buffersink_set_frame_size(lane.sink, static_cast<unsigned>(enc->frame_size));
  return {};
}

Error open_video_encoder(Lane &lane, AVFormatContext *oc, AVRational frame_rate) {
  const AVCodec *codec = avcodec_find_encoder_by_name("libx264");
  if (!codec) codec = avcodec_find_encoder(AV_CODEC_ID_H264);
  if (!codec) return make_error(ErrorCode::Internal, "FFmpeg has no H.264 encoder");
  lane.enc.reset(avcodec_alloc_context3(codec));
  if (!lane.enc) return make_error(ErrorCode::Internal, "out of memory");
  AVCodecContext *enc = lane.enc.get();
  enc->width = av_buffersink_get_w(lane.sink);
  enc->height = av_buffersink_get_h(lane.sink);
  enc->sample_aspect_ratio = av_buffersink_get_sample_aspect_ratio(lane.sink);
  enc->pix_fmt = AV_PIX_FMT_YUV420P;
  enc->time_base = av_buffersink_get_time_base(lane.sink);
  if (frame_rate.num > 0 && frame_rate.den > 0) enc->framerate = frame_rate;
  enc->thread_count = 1;
  if (oc->oformat->flags & AVFMT_GLOBALHEADER) enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  AVDictionary *opts = nullptr;
  if (std::string(codec->name) == "libx264") {
    av_dict_set(&opts, "preset", "veryfast", 0);
    av_dict_set(&opts, "crf", "20", 0);
  }
  const int err = avcodec_open2(enc, codec, &opts);
  av_dict_free(&opts);
  if (err < 0)
    return make_error(ErrorCode::Internal,
                      std::string("cannot open the ") + codec->name + " encoder: " + av_text(err));
  return {};
}

Error add_output_stream(Lane &lane, AVFormatContext *oc) {
  lane.out = avformat_new_stream(oc, nullptr);
  if (!lane.out) return make_error(ErrorCode::Internal, "out of memory");
  const int err = avcodec_parameters_from_context(lane.out->codecpar, lane.enc.get());
  if (err < 0) return make_error(ErrorCode::Internal, "stream parameters: " + av_text(err));
  lane.out->time_base = lane.enc->time_base;
  return {};
}

Error write_error(int err) {
  return make_error(ErrorCode::Disk, "cannot write the converted file: " + av_text(err));
}

// Encoder -> muxer; frame null flushes.
Error encode(Lane &lane, const AVFrame *frame, AVFormatContext *oc) {
  int err = avcodec_send_frame(lane.enc.get(), frame);
  if (err < 0 && err != AVERROR_EOF)
    return make_error(ErrorCode::Internal, "encoder: " + av_text(err));
  PacketPtr pkt(av_packet_alloc());
  if (!pkt) return make_error(ErrorCode::Internal, "out of memory");
  for (;;) {
    err = avcodec_receive_packet(lane.enc.get(), pkt.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return {};
    if (err < 0) return make_error(ErrorCode::Internal, "encoder: " + av_text(err));
    // Each picture lasts a frame: the last one too, so the file's length and
    // frame rate come out right (FFmpeg 5.1's frames carry no duration).
    const AVRational fr = lane.enc->framerate;
    if (pkt->duration <= 0 && lane.enc->codec_type == AVMEDIA_TYPE_VIDEO && fr.num > 0 &&
        fr.den > 0)
      pkt->duration = av_rescale_q(1, av_inv_q(fr), lane.enc->time_base);
    ++lane.packets;
    av_packet_rescale_ts(pkt.get(), lane.enc->time_base, lane.out->time_base);
    pkt->stream_index = lane.out->index;
    err = av_interleaved_write_frame(oc, pkt.get());
    if (err < 0) return write_error(err);
  }
}

// Filter graph -> encoder.
Error drain_sink(Lane &lane, AVFormatContext *oc) {
  FramePtr filtered(av_frame_alloc());
  if (!filtered) return make_error(ErrorCode::Internal, "out of memory");
  for (;;) {
    const int err = av_buffersink_get_frame(lane.sink, filtered.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return {};
    if (err < 0) return make_error(ErrorCode::Internal, "filter graph: " + av_text(err));
    if (lane.enc->codec_type == AVMEDIA_TYPE_VIDEO) filtered->pict_type = AV_PICTURE_TYPE_NONE;
    Error e = encode(lane, filtered.get(), oc);
    av_frame_unref(filtered.get());
    if (e) return e;
  }
}

// Decoder -> filter graph; packet null flushes. `seen_pts` gets the last
// decoded time, in seconds.
Error decode(Lane &lane, const AVPacket *pkt, AVFormatContext *oc, double &seen_s) {
  int err = avcodec_send_packet(lane.dec.get(), pkt);
  // A damaged packet costs that packet, as in any player.
  if (err < 0 && err != AVERROR_EOF && err != AVERROR(EAGAIN) && pkt == nullptr)
    return make_error(ErrorCode::BadMedia, "decoder: " + av_text(err));
  FramePtr frame(av_frame_alloc());
  if (!frame) return make_error(ErrorCode::Internal, "out of memory");
  for (;;) {
    err = avcodec_receive_frame(lane.dec.get(), frame.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) break;
    if (err < 0) return make_error(ErrorCode::BadMedia, "decoder: " + av_text(err));
    frame->pts = frame->best_effort_timestamp;
    if (lane.dec->codec_type == AVMEDIA_TYPE_AUDIO) {
      // Sound without timestamps (some ASF/WMA) runs on from the samples seen.
      if (frame->pts == AV_NOPTS_VALUE)
        frame->pts = lane.next_pts == AV_NOPTS_VALUE ? 0 : lane.next_pts;
      if (frame->sample_rate > 0)
        lane.next_pts =
            frame->pts +
            av_rescale_q(frame->nb_samples, AVRational{1, frame->sample_rate}, lane.in->time_base);
    }
    if (frame->pts != AV_NOPTS_VALUE)
      seen_s = static_cast<double>(
                   frame->pts - (lane.in->start_time == AV_NOPTS_VALUE ? 0 : lane.in->start_time)) *
               av_q2d(lane.in->time_base);
    err = av_buffersrc_add_frame_flags(lane.src, frame.get(), 0);
    av_frame_unref(frame.get());
    if (err < 0) return make_error(ErrorCode::Internal, "filter graph: " + av_text(err));
    if (Error e = drain_sink(lane, oc)) return e;
  }
  if (pkt == nullptr) {
    err = av_buffersrc_add_frame_flags(lane.src, nullptr, 0);
    if (err < 0 && err != AVERROR_EOF)
      return make_error(ErrorCode::Internal, "filter graph: " + av_text(err));
    if (Error e = drain_sink(lane, oc)) return e;
    return encode(lane, nullptr, oc);
  }
  return {};
}

void remove_quietly(const std::string &path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
}

Error finish_file(const std::string &part, const std::string &out) {
  std::error_code ec;
  std::filesystem::rename(part, out, ec);
  if (ec) {
    remove_quietly(part);
    return disk_error(ec.value(), "cannot write " + out + ": " + ec.message());
  }
  return {};
}

// A picture: its first frame, upright, at most 4096 on its long side, as PNG.
Error convert_picture(AVFormatContext *ic, const AVStream *stream, const std::string &in,
                      const std::string &part, const CancelToken &cancel) {
  Lane lane;
  lane.in = stream;
  if (Error e = open_decoder(stream, lane.dec)) return e;
  PacketPtr pkt(av_packet_alloc());
  FramePtr frame(av_frame_alloc());
  if (!pkt || !frame) return make_error(ErrorCode::Internal, "out of memory");
  bool got = false;
  bool flushed = false;
  while (!got) {
    if (cancel.cancelled()) return make_error(ErrorCode::Cancelled);
    int err = 0;
    if (!flushed) {
      err = av_read_frame(ic, pkt.get());
      if (err < 0) {
        flushed = true;
        avcodec_send_packet(lane.dec.get(), nullptr);
      } else {
        if (pkt->stream_index == stream->index) avcodec_send_packet(lane.dec.get(), pkt.get());
        av_packet_unref(pkt.get());
      }
    }
    err = avcodec_receive_frame(lane.dec.get(), frame.get());
    if (err >= 0)
      got = true;
    else if (err == AVERROR_EOF || (flushed && err == AVERROR(EAGAIN)))
      return make_error(ErrorCode::BadMedia, "FFmpeg decoded no picture from it");
    else if (err != AVERROR(EAGAIN))
      return make_error(ErrorCode::BadMedia, "decoder: " + av_text(err));
  }
  const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame->format));
  const bool alpha = desc && (desc->flags & AV_PIX_FMT_FLAG_ALPHA);
  std::string filters = upright_filters(frame.get(), stream, in);
  if (!filters.empty()) filters += ",";
  filters += "scale=w='min(4096,iw)':h='min(4096,ih)':force_original_aspect_ratio=decrease,format=";
  filters += alpha ? "rgba" : "rgb24";
  AVCodecContext *dec = lane.dec.get();
  dec->width = frame->width;
  dec->height = frame->height;
  dec->pix_fmt = static_cast<AVPixelFormat>(frame->format);
  if (Error e = build_graph(lane, video_source_args(dec, AVRational{1, 25}), filters)) return e;
  frame->pts = 0;
  int err = av_buffersrc_add_frame_flags(lane.src, frame.get(), 0);
  if (err >= 0) err = av_buffersrc_add_frame_flags(lane.src, nullptr, 0);
  FramePtr upright(av_frame_alloc());
  if (!upright) return make_error(ErrorCode::Internal, "out of memory");
  if (err >= 0) err = av_buffersink_get_frame(lane.sink, upright.get());
  if (err < 0) return make_error(ErrorCode::Internal, "filter graph: " + av_text(err));

  // The copy is upright: nothing may tell a reader to turn it again (FFmpeg 8
  // keeps the orientation on the frame and its PNG encoder writes it as EXIF).
  // Only the colour profile goes with it.
  for (bool removed = true; removed;) {
    removed = false;
    for (int i = 0; i < upright->nb_side_data; ++i) {
      const enum AVFrameSideDataType type = upright->side_data[i]->type;
      if (type != AV_FRAME_DATA_ICC_PROFILE) {
        av_frame_remove_side_data(upright.get(), type);
        removed = true;
        break;
      }
    }
  }
  av_dict_free(&upright->metadata);

  const AVCodec *png = avcodec_find_encoder(AV_CODEC_ID_PNG);
  if (!png) return make_error(ErrorCode::Internal, "FFmpeg has no PNG encoder");
  CodecPtr enc(avcodec_alloc_context3(png));
  if (!enc) return make_error(ErrorCode::Internal, "out of memory");
  enc->width = upright->width;
  enc->height = upright->height;
  enc->pix_fmt = static_cast<AVPixelFormat>(upright->format);
  enc->time_base = AVRational{1, 25};
  err = avcodec_open2(enc.get(), png, nullptr);
  if (err >= 0) err = avcodec_send_frame(enc.get(), upright.get());
  if (err >= 0) err = avcodec_send_frame(enc.get(), nullptr);
  if (err >= 0) err = avcodec_receive_packet(enc.get(), pkt.get());
  if (err < 0) return make_error(ErrorCode::Internal, "PNG encoder: " + av_text(err));
  std::FILE *f = std::fopen(part.c_str(), "wb");
  if (!f) return make_error(ErrorCode::Disk, "cannot write " + part);
  const bool ok = std::fwrite(pkt->data, 1, static_cast<std::size_t>(pkt->size), f) ==
                  static_cast<std::size_t>(pkt->size);
  const bool closed = std::fclose(f) == 0;
  av_packet_unref(pkt.get());
  if (!ok || !closed) return make_error(ErrorCode::Disk, "cannot write " + part);
  return {};
}

// Audio, or video with its audio, through the lanes into an MP4/M4A.
Error convert_stream(AVFormatContext *ic, const AVStream *video, const AVStream *audio,
                     const std::string &part, double duration_s, const ConvertProgress &progress,
                     const CancelToken &cancel) {
  AVFormatContext *oc_raw = nullptr;
  // Sound alone goes into an M4A (the "ipod" muxer writes its brand, M4A).
  int err = avformat_alloc_output_context2(&oc_raw, nullptr, video ? "mp4" : "ipod", part.c_str());
  OutputPtr oc(oc_raw);
  if (err < 0 || !oc) return make_error(ErrorCode::Internal, "no MP4 muxer: " + av_text(err));

  Lane vlane;
  Lane alane;
  if (video) {
    vlane.in = video;
    if (Error e = open_decoder(video, vlane.dec)) return e;
    if (vlane.dec->pix_fmt == AV_PIX_FMT_NONE || vlane.dec->width <= 0)
      return make_error(ErrorCode::BadMedia, "the video's picture format is unknown");
    const AVRational rate = av_guess_frame_rate(ic, const_cast<AVStream *>(video), nullptr);
    const bool steady = rate.num > 0 && rate.den > 0 && av_q2d(rate) <= 120;
    std::string filters = upright_from_matrix(stream_display_matrix(video));
    if (!filters.empty()) filters += ",";
    // A constant frame rate: the container's (ms) timestamps made regular.
    if (steady) filters += "fps=" + std::to_string(rate.num) + "/" + std::to_string(rate.den) + ",";
    filters +=
        "scale=w='min(1920,iw)':h='min(1920,ih)':force_original_aspect_ratio=decrease:"
        "force_divisible_by=2,format=yuv420p";
    if (Error e = build_graph(vlane, video_source_args(vlane.dec.get(), video->time_base), filters))
      return e;
    if (Error e = open_video_encoder(vlane, oc.get(), steady ? rate : AVRational{0, 1})) return e;
    if (Error e = add_output_stream(vlane, oc.get())) return e;
  }
  if (audio) {
    alane.in = audio;
    if (Error e = open_decoder(audio, alane.dec)) return e;
    if (alane.dec->sample_fmt == AV_SAMPLE_FMT_NONE || alane.dec->sample_rate <= 0)
      return make_error(ErrorCode::BadMedia, "the audio's sample format is unknown");
    if (Error e =
            build_graph(alane, audio_source_args(alane.dec.get(), audio->time_base), kAudioFilters))
      return e;
    if (Error e = open_audio_encoder(alane, oc.get())) return e;
    if (Error e = add_output_stream(alane, oc.get())) return e;
  }

  err = avio_open(&oc->pb, part.c_str(), AVIO_FLAG_WRITE);
  if (err < 0) return write_error(err);
  AVDictionary *mux_opts = nullptr;
  av_dict_set(&mux_opts, "movflags", "+faststart", 0);
  err = avformat_write_header(oc.get(), &mux_opts);
  av_dict_free(&mux_opts);
  if (err < 0) return write_error(err);

  PacketPtr pkt(av_packet_alloc());
  if (!pkt) return make_error(ErrorCode::Internal, "out of memory");
  double seen_s = 0;
  int last_percent = -1;
  for (;;) {
    if (cancel.cancelled()) return make_error(ErrorCode::Cancelled);
    err = av_read_frame(ic, pkt.get());
    if (err == AVERROR_EOF || err == AVERROR(EIO) || (err < 0 && avio_feof(ic->pb))) break;
    if (err < 0) {
      if (cancel.cancelled()) return make_error(ErrorCode::Cancelled);
      return make_error(ErrorCode::BadMedia, "cannot read: " + av_text(err));
    }
    Error e;
    if (video && pkt->stream_index == video->index)
      e = decode(vlane, pkt.get(), oc.get(), seen_s);
    else if (audio && pkt->stream_index == audio->index)
      e = decode(alane, pkt.get(), oc.get(), seen_s);
    av_packet_unref(pkt.get());
    if (e) return e;
    if (progress && duration_s > 0) {
      const int p = static_cast<int>(std::min(99.0, 100.0 * seen_s / duration_s));
      if (p > last_percent) {
        last_percent = p;
        progress(p);
      }
    }
  }
  if (video)
    if (Error e = decode(vlane, nullptr, oc.get(), seen_s)) return e;
  if (audio)
    if (Error e = decode(alane, nullptr, oc.get(), seen_s)) return e;
  if ((video && vlane.packets == 0) || (audio && alane.packets == 0))
    return make_error(ErrorCode::BadMedia, video && vlane.packets == 0
                                               ? "FFmpeg decoded no picture from it"
                                               : "FFmpeg decoded no sound from it");
  err = av_write_trailer(oc.get());
  if (err < 0) return write_error(err);
  err = avio_closep(&oc->pb);
  if (err < 0) return write_error(err);
  return {};
}
}  // namespace

const char *converted_ext(MediaKind kind) {
  switch (kind) {
    case MediaKind::Image:
      return "png";
    case MediaKind::Video:
      return "mp4";
    case MediaKind::Audio:
      return "m4a";
    case MediaKind::Unknown:
      return "";
  }
  return "";
}

ConvertProbe probe_convertible(const std::string &path, const CancelToken &cancel) {
  ConvertProbe out;
  InputPtr ic;
  if (open_input(path, cancel, ic)) return out;
  out.format = ic->iformat && ic->iformat->name ? ic->iformat->name : "";
  const AVStream *video = first_stream(ic.get(), AVMEDIA_TYPE_VIDEO);
  const AVStream *audio = first_stream(ic.get(), AVMEDIA_TYPE_AUDIO);
  if (video && is_still(ic.get(), video) && !audio)
    out.kind = MediaKind::Image;
  else if (video)
    out.kind = MediaKind::Video;
  else if (audio)
    out.kind = MediaKind::Audio;
  if (out.kind != MediaKind::Image && ic->duration > 0)
    out.duration_s = static_cast<double>(ic->duration) / AV_TIME_BASE;
  return out;
}

Error convert_media(const std::string &in, MediaKind kind, const std::string &out,
                    const ConvertProgress &progress, const CancelToken &cancel) {
  try {
    InputPtr ic;
    if (Error e = open_input(in, cancel, ic)) return e;
    const AVStream *video = first_stream(ic.get(), AVMEDIA_TYPE_VIDEO);
    const AVStream *audio = first_stream(ic.get(), AVMEDIA_TYPE_AUDIO);
    if (kind == MediaKind::Unknown)
      return make_error(ErrorCode::UnsupportedFile, base_name(in) + ": not media FFmpeg reads");
    if ((kind == MediaKind::Image || kind == MediaKind::Video) && !video)
      return make_error(ErrorCode::BadMedia, base_name(in) + ": FFmpeg finds no picture in it");
    if (kind == MediaKind::Audio && !audio)
      return make_error(ErrorCode::BadMedia, base_name(in) + ": FFmpeg finds no sound in it");
    // Only the streams we convert are demuxed.
    for (unsigned i = 0; i < ic->nb_streams; ++i) {
      const AVStream *s = ic->streams[i];
      const bool used =
          (s == video && kind != MediaKind::Audio) || (s == audio && kind != MediaKind::Image);
      ic->streams[i]->discard = used ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
    }
    // Unique (two jobs may convert the same original at once), and ending in
    // the copy's own extension, which the M4A muxer checks.
    const std::filesystem::path out_path(out);
    const std::string part =
        (out_path.parent_path() / (out_path.stem().string() + "." + make_uuid().substr(0, 8) +
                                   ".part" + out_path.extension().string()))
            .string();
    if (progress) progress(kind == MediaKind::Image ? -1 : 0);
    const double duration = ic->duration > 0 ? static_cast<double>(ic->duration) / AV_TIME_BASE : 0;
    Error e = kind == MediaKind::Image
                  ? convert_picture(ic.get(), video, in, part, cancel)
                  : convert_stream(ic.get(), kind == MediaKind::Video ? video : nullptr, audio,
                                   part, duration, progress, cancel);
    if (e) {
      remove_quietly(part);
      if (e.code == ErrorCode::BadMedia || e.code == ErrorCode::Internal)
        e.detail = base_name(in) + ": " + e.detail;
      return e;
    }
    if (Error f = finish_file(part, out)) return f;
    if (progress) progress(100);
    return {};
  } catch (const std::exception &ex) {
    return make_error(ErrorCode::Internal, ex.what());
  }
}

}  // namespace nemo::core
