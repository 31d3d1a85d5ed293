// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/audio_source.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
}

namespace nemo::render {

MaybeError AudioSource::open(const std::string &path, std::int64_t source_in_ms, bool loop) {
  AVFormatContext *raw = nullptr;
  int ret = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
  if (ret < 0)
    return make_error("bad_input", "cannot read the audio " + path + ": " + av_error_text(ret));
  fmt_.reset(raw);
  if ((ret = avformat_find_stream_info(fmt_.get(), nullptr)) < 0) {
    return make_error("bad_input", "the audio file is damaged: " + av_error_text(ret));
  }
  stream_ = av_find_best_stream(fmt_.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
  if (stream_ < 0) return make_error("no_audio", "the file has no audio stream: " + path);
  const AVStream *st = fmt_->streams[stream_];
  const AVCodec *codec = avcodec_find_decoder(st->codecpar->codec_id);
  if (codec == nullptr) return make_error("unsupported", "no decoder for this audio codec");
  dec_.reset(avcodec_alloc_context3(codec));
  if (!dec_ || avcodec_parameters_to_context(dec_.get(), st->codecpar) < 0) {
    return make_error("internal", "cannot set up the audio decoder");
  }
  if ((ret = avcodec_open2(dec_.get(), codec, nullptr)) < 0) {
    return make_error("bad_input", "cannot decode the audio: " + av_error_text(ret));
  }
  pkt_ = make_packet();
  frame_ = make_frame();
  loop_ = loop;
  in_s_ = static_cast<double>(std::max<std::int64_t>(0, source_in_ms)) / 1000.0;
  return seek_to_in();
}

MaybeError AudioSource::seek_to_in() {
  const AVStream *st = fmt_->streams[stream_];
  std::int64_t ts = static_cast<std::int64_t>(in_s_ / av_q2d(st->time_base));
  if (st->start_time != AV_NOPTS_VALUE) ts += st->start_time;
  if (av_seek_frame(fmt_.get(), stream_, ts, AVSEEK_FLAG_BACKWARD) < 0) {
    av_seek_frame(fmt_.get(), stream_, 0, AVSEEK_FLAG_BACKWARD | AVSEEK_FLAG_BYTE);
  }
  avcodec_flush_buffers(dec_.get());
  swr_.reset();  // a new resampler a pass: no delayed samples carried over
  first_frame_ = true;
  sent_eof_ = false;
  ended_ = false;
  drop_ = 0;
  produced_this_pass_ = 0;
  return std::nullopt;
}

MaybeError AudioSource::refill() {
  for (;;) {
    int ret = avcodec_receive_frame(dec_.get(), frame_.get());
    if (ret >= 0) {
      if (!swr_) {
        SwrContext *s = nullptr;
        AVChannelLayout out_layout{};
        av_channel_layout_default(&out_layout, kAudioChannels);
        AVChannelLayout in_layout{};  // zeroed: av_channel_layout_copy frees what dst holds
        if (frame_->ch_layout.nb_channels > 0 &&
            frame_->ch_layout.order != AV_CHANNEL_ORDER_UNSPEC) {
          av_channel_layout_copy(&in_layout, &frame_->ch_layout);
        } else {
          av_channel_layout_default(&in_layout, std::max(1, frame_->ch_layout.nb_channels));
        }
        ret = swr_alloc_set_opts2(&s, &out_layout, AV_SAMPLE_FMT_FLT, kAudioRate, &in_layout,
                                  static_cast<AVSampleFormat>(frame_->format), frame_->sample_rate,
                                  0, nullptr);
        av_channel_layout_uninit(&in_layout);
        if (ret < 0 || s == nullptr || swr_init(s) < 0) {
          swr_free(&s);
          av_frame_unref(frame_.get());
          return make_error("bad_input", "cannot resample this audio");
        }
        swr_.reset(s);
      }
      if (first_frame_) {
        // Drop what lies before the in-point (the seek lands on or before it).
        first_frame_ = false;
        const AVStream *st = fmt_->streams[stream_];
        std::int64_t pts = frame_->best_effort_timestamp;
        if (pts != AV_NOPTS_VALUE) {
          if (st->start_time != AV_NOPTS_VALUE) pts -= st->start_time;
          const double at = static_cast<double>(pts) * av_q2d(st->time_base);
          drop_ = std::max<std::int64_t>(0, std::llround((in_s_ - at) * kAudioRate));
        } else if (in_s_ > 0) {
          drop_ = std::llround(in_s_ * kAudioRate);
        }
      }
      const int max_out = swr_get_out_samples(swr_.get(), frame_->nb_samples);
      if (fifo_pos_ > 0) {
        fifo_.erase(fifo_.begin(), fifo_.begin() + static_cast<std::ptrdiff_t>(fifo_pos_));
        fifo_pos_ = 0;
      }
      const std::size_t old = fifo_.size();
      fifo_.resize(old + static_cast<std::size_t>(std::max(0, max_out)) * kAudioChannels);
      std::uint8_t *dst = reinterpret_cast<std::uint8_t *>(fifo_.data() + old);
      const int got =
          swr_convert(swr_.get(), &dst, max_out,
                      const_cast<const std::uint8_t **>(frame_->extended_data), frame_->nb_samples);
      av_frame_unref(frame_.get());
      if (got < 0) return make_error("bad_input", "cannot resample this audio");
      fifo_.resize(old + static_cast<std::size_t>(got) * kAudioChannels);
      if (drop_ > 0) {
        const std::int64_t d = std::min<std::int64_t>(drop_, got);
        fifo_.erase(fifo_.begin() + static_cast<std::ptrdiff_t>(old),
                    fifo_.begin() + static_cast<std::ptrdiff_t>(old + static_cast<std::size_t>(d) *
                                                                          kAudioChannels));
        drop_ -= d;
      }
      produced_this_pass_ += static_cast<std::int64_t>(fifo_.size() - old) / kAudioChannels;
      return std::nullopt;
    }
    if (is_eof(ret) || (sent_eof_ && is_again(ret))) {
      ended_ = true;
      return std::nullopt;
    }
    if (!is_again(ret))
      return make_error("bad_input", "the audio is damaged: " + av_error_text(ret));
    ret = av_read_frame(fmt_.get(), pkt_.get());
    if (ret < 0) {
      avcodec_send_packet(dec_.get(), nullptr);
      sent_eof_ = true;
      continue;
    }
    if (pkt_->stream_index == stream_) {
      ret = avcodec_send_packet(dec_.get(), pkt_.get());
      // A damaged packet in a long file: skip it rather than stop the render.
      (void)ret;
    }
    av_packet_unref(pkt_.get());
  }
}

MaybeError AudioSource::read(float *out, int frames) {
  std::size_t need = static_cast<std::size_t>(frames) * kAudioChannels;
  while (need > 0) {
    const std::size_t avail = fifo_.size() - fifo_pos_;
    if (avail > 0) {
      const std::size_t n = std::min(avail, need);
      std::memcpy(out, fifo_.data() + fifo_pos_, n * sizeof(float));
      fifo_pos_ += n;
      out += n;
      need -= n;
      continue;
    }
    fifo_.clear();
    fifo_pos_ = 0;
    if (ended_) {
      if (loop_ && produced_this_pass_ > 0) {
        if (auto err = seek_to_in()) return err;
        continue;
      }
      std::fill(out, out + need, 0.0f);
      return std::nullopt;
    }
    if (auto err = refill()) return err;
  }
  return std::nullopt;
}

}  // namespace nemo::render
