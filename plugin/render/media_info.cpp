// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/media_info.hpp"

#include "render/ff_ptr.hpp"
#include "render/image_decode.hpp"
#include "render/image_header.hpp"
#include "render/media_sniff.hpp"
#include "render/video_source.hpp"

namespace nemo::render {
namespace {

MaybeError inspect_av(const std::string &path, const Sniffed &sniffed, MediaInfo &out) {
  AVFormatContext *raw = nullptr;
  int ret = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
  if (ret < 0)
    return make_error("bad_input", "cannot read the " + sniffed.format + ": " + av_error_text(ret));
  InputFormatPtr fmt(raw);
  if ((ret = avformat_find_stream_info(fmt.get(), nullptr)) < 0) {
    return make_error("bad_input", "the " + sniffed.format + " is damaged: " + av_error_text(ret));
  }
  const int v = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  const int a = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
  // Cover art in music files is a video stream with one picture: not a video.
  const bool video = v >= 0 && !(fmt->streams[v]->disposition & AV_DISPOSITION_ATTACHED_PIC);
  if (!video && a < 0)
    return make_error("no_media", "the " + sniffed.format + " has no video or audio stream");
  // A stream this FFmpeg cannot decode would only fail later, in the render.
  for (const int index : {video ? v : -1, a}) {
    if (index < 0) continue;
    const AVCodecParameters *par = fmt->streams[index]->codecpar;
    if (par->codec_id == AV_CODEC_ID_NONE || !avcodec_find_decoder(par->codec_id)) {
      const char *what = par->codec_type == AVMEDIA_TYPE_VIDEO ? "video" : "audio";
      std::string tag(4, '\0');
      for (int i = 0; i < 4; ++i) tag[i] = static_cast<char>((par->codec_tag >> (8 * i)) & 0xFF);
      return make_error(
          "unsupported_codec",
          std::string("the ") + what + " codec of the " + sniffed.format + " (" +
              (par->codec_id == AV_CODEC_ID_NONE ? "tag " + tag : avcodec_get_name(par->codec_id)) +
              ") cannot be decoded");
    }
  }
  out.format = sniffed.format;
  out.has_audio = a >= 0;
  if (fmt->duration > 0) out.duration_s = static_cast<double>(fmt->duration) / AV_TIME_BASE;
  if (video) {
    const AVStream *st = fmt->streams[v];
    out.kind = "video";
    out.width = st->codecpar->width;
    out.height = st->codecpar->height;
    if (auto err = check_pixel_cap(out.width, out.height, "the video")) return err;
    if (stream_orientation(st) >= 5) std::swap(out.width, out.height);  // as displayed
    const AVRational fr = st->avg_frame_rate.num > 0 ? st->avg_frame_rate : st->r_frame_rate;
    if (fr.num > 0 && fr.den > 0) out.fps = av_q2d(fr);
    if (out.duration_s <= 0 && st->duration > 0)
      out.duration_s = static_cast<double>(st->duration) * av_q2d(st->time_base);
  } else {
    out.kind = "audio";
    if (sniffed.format == "mp4" || sniffed.format == "mov") out.format = "m4a";
    const AVStream *st = fmt->streams[a];
    if (out.duration_s <= 0 && st->duration > 0)
      out.duration_s = static_cast<double>(st->duration) * av_q2d(st->time_base);
  }
  return std::nullopt;
}

}  // namespace

std::optional<RenderError> inspect_media(const std::string &path, MediaInfo &out) {
  out = MediaInfo{};
  Sniffed sniffed;
  unsigned long long size = 0;
  if (!sniff_file(path, sniffed, size)) return make_error("bad_input", "cannot open " + path);
  if (size == 0) return make_error("bad_input", "the file is empty");
  if (sniffed.kind.empty()) {
    return make_error("bad_input",
                      "not a picture, video or audio file this renderer knows (unknown content)");
  }
  if (sniffed.kind == "image") {
    DecodedPicture pic;
    ImageHeader header;
    if (auto err = decode_image(path, pic, &header)) return err;
    out.kind = "image";
    out.format = sniffed.format;
    const bool swap = pic.orientation >= 5;
    out.width = swap ? pic.view.height : pic.view.width;
    out.height = swap ? pic.view.width : pic.view.height;
    return std::nullopt;
  }
  return inspect_av(path, sniffed, out);
}

}  // namespace nemo::render
