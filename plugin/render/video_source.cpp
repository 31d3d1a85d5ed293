// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/video_source.hpp"

#include <cmath>

#include "render/ff_compat.hpp"
#include "render/image_header.hpp"

extern "C" {
#include <libavutil/display.h>
}

namespace nemo::render {

int stream_orientation(const AVStream *st) {
  const std::int32_t *matrix = stream_display_matrix(st);
  if (matrix == nullptr) return 1;
  // av_display_rotation_get: counter-clockwise degrees.
  const double ccw = av_display_rotation_get(matrix);
  if (std::isnan(ccw)) return 1;
  const long r = ((std::lround(-ccw / 90.0) % 4) + 4) % 4;  // clockwise quarter turns
  return r == 1 ? 6 : r == 2 ? 3 : r == 3 ? 8 : 1;
}

MaybeError VideoSource::open(const std::string &path, std::int64_t source_in_ms) {
  AVFormatContext *raw = nullptr;
  int ret = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
  if (ret < 0)
    return make_error("bad_input", "cannot read the video " + path + ": " + av_error_text(ret));
  fmt_.reset(raw);
  if ((ret = avformat_find_stream_info(fmt_.get(), nullptr)) < 0) {
    return make_error("bad_input", "the video is damaged: " + av_error_text(ret));
  }
  stream_ = av_find_best_stream(fmt_.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (stream_ < 0) return make_error("bad_input", "the file has no video stream");
  AVStream *st = fmt_->streams[stream_];
  if (auto err = check_pixel_cap(st->codecpar->width, st->codecpar->height, "the video"))
    return err;
  const AVCodec *codec = avcodec_find_decoder(st->codecpar->codec_id);
  if (codec == nullptr) return make_error("unsupported", "no decoder for this video's codec");
  dec_.reset(avcodec_alloc_context3(codec));
  if (!dec_ || avcodec_parameters_to_context(dec_.get(), st->codecpar) < 0) {
    return make_error("internal", "cannot set up the video decoder");
  }
  dec_->thread_count = 2;
  dec_->max_pixels = kMaxImagePixels;
  if ((ret = avcodec_open2(dec_.get(), codec, nullptr)) < 0) {
    return make_error("bad_input", "cannot decode the video: " + av_error_text(ret));
  }
  orientation_ = stream_orientation(st);
  pkt_ = make_packet();
  cur_ = make_frame();
  next_ = make_frame();
  in_s_ = static_cast<double>(std::max<std::int64_t>(0, source_in_ms)) / 1000.0;
  return seek_to_in();
}

double VideoSource::seconds(const AVFrame *f) const {
  const AVStream *st = fmt_->streams[stream_];
  std::int64_t ts = f->best_effort_timestamp;
  if (ts == AV_NOPTS_VALUE) ts = f->pts;
  if (ts == AV_NOPTS_VALUE) return last_end_;
  if (st->start_time != AV_NOPTS_VALUE) ts -= st->start_time;
  return static_cast<double>(ts) * av_q2d(st->time_base);
}

MaybeError VideoSource::seek_to_in() {
  const AVStream *st = fmt_->streams[stream_];
  std::int64_t ts = static_cast<std::int64_t>(in_s_ / av_q2d(st->time_base));
  if (st->start_time != AV_NOPTS_VALUE) ts += st->start_time;
  if (av_seek_frame(fmt_.get(), stream_, ts, AVSEEK_FLAG_BACKWARD) < 0 && in_s_ > 0) {
    // Not seekable: read from the start and skip.
    av_seek_frame(fmt_.get(), stream_, 0, AVSEEK_FLAG_BACKWARD | AVSEEK_FLAG_BYTE);
  }
  avcodec_flush_buffers(dec_.get());
  have_cur_ = have_next_ = eof_ = sent_eof_ = false;
  ++serial_;
  MaybeError err;
  // Prime: cur = the last frame at or before the in-point, next = the one after.
  while (decode_next(err)) {
    if (seconds(next_.get()) <= in_s_ + 1e-6 || !have_cur_) {
      av_frame_unref(cur_.get());
      av_frame_move_ref(cur_.get(), next_.get());
      have_cur_ = true;
      have_next_ = false;
      if (seconds(cur_.get()) >= in_s_ - 1e-6) break;
      continue;
    }
    break;
  }
  if (err) return err;
  if (!have_cur_) return make_error("bad_input", "the video has no frame at or after its in-point");
  return std::nullopt;
}

bool VideoSource::decode_next(MaybeError &err) {
  av_frame_unref(next_.get());
  have_next_ = false;
  for (;;) {
    int ret = avcodec_receive_frame(dec_.get(), next_.get());
    if (ret >= 0) {
      have_next_ = true;
      const AVStream *st = fmt_->streams[stream_];
      double dur = static_cast<double>(frame_duration(next_.get())) * av_q2d(st->time_base);
      if (dur <= 0) {
        const AVRational fr = st->avg_frame_rate.num > 0 ? st->avg_frame_rate : AVRational{30, 1};
        dur = 1.0 / av_q2d(fr);
      }
      last_end_ = std::max(last_end_, seconds(next_.get()) + dur);
      return true;
    }
    if (is_eof(ret)) {
      eof_ = true;
      return false;
    }
    if (!is_again(ret)) {
      err = make_error("bad_input", "the video is damaged: " + av_error_text(ret));
      return false;
    }
    if (sent_eof_) {
      eof_ = true;
      return false;
    }
    ret = av_read_frame(fmt_.get(), pkt_.get());
    if (ret < 0) {
      avcodec_send_packet(dec_.get(), nullptr);
      sent_eof_ = true;
      continue;
    }
    if (pkt_->stream_index == stream_) {
      ret = avcodec_send_packet(dec_.get(), pkt_.get());
      if (ret < 0 && !is_again(ret) && !is_eof(ret)) {
        av_packet_unref(pkt_.get());
        err = make_error("bad_input", "the video is damaged: " + av_error_text(ret));
        return false;
      }
    }
    av_packet_unref(pkt_.get());
  }
}

MaybeError VideoSource::frame_at(double t, SourceView &out) {
  MaybeError err;
  for (int guard = 0; guard < 100000; ++guard) {
    const double target = in_s_ + t - loop_offset_;
    if (!have_next_ && !eof_) {
      if (!decode_next(err) && err) return err;
    }
    if (have_next_ && seconds(next_.get()) <= target + 1e-6) {
      av_frame_unref(cur_.get());
      av_frame_move_ref(cur_.get(), next_.get());
      have_next_ = false;
      ++serial_;
      continue;
    }
    if (!have_next_ && eof_ && target >= last_end_ - 1e-6) {
      // Past the end: loop from the in-point.
      const double len = last_end_ - in_s_;
      if (len <= 1e-3) break;
      loop_len_ = len;
      loop_offset_ += len;
      if (auto e = seek_to_in()) return e;
      continue;
    }
    break;
  }
  const AVFrame *f = cur_.get();
  out = SourceView{};
  for (int i = 0; i < 4; ++i) {
    out.data[i] = f->data[i];
    out.linesize[i] = f->linesize[i];
  }
  out.format = static_cast<AVPixelFormat>(f->format);
  out.width = f->width;
  out.height = f->height;
  out.full_range = f->color_range == AVCOL_RANGE_JPEG;
  out.bt709 = f->colorspace == AVCOL_SPC_BT709 ||
              (f->colorspace == AVCOL_SPC_UNSPECIFIED && f->height >= 720);
  return std::nullopt;
}

}  // namespace nemo::render
