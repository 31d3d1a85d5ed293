// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/image_decode.hpp"

#include "render/alpha_flatten.hpp"
#include "render/ff_ptr.hpp"
#include "render/heif_image.hpp"
#include "render/media_sniff.hpp"

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace nemo::render {
namespace {

const char *demuxer_for(const std::string &format) {
  if (format == "jpg") return "jpeg_pipe";
  if (format == "png") return "png_pipe";
  if (format == "webp") return "webp_pipe";
  if (format == "gif") return "gif";
  if (format == "bmp") return "bmp_pipe";
  if (format == "tiff") return "tiff_pipe";
  return nullptr;
}

MaybeError ffmpeg_decode(const std::string &path, const std::string &format,
                         const ImageHeader &header, DecodedPicture &out) {
  const AVInputFormat *ifmt = av_find_input_format(demuxer_for(format));
  if (ifmt == nullptr) return make_error("unsupported", "this FFmpeg cannot read " + format);
  AVFormatContext *raw = nullptr;
  int ret = avformat_open_input(&raw, path.c_str(), ifmt, nullptr);
  if (ret < 0) return make_error("bad_input", "cannot read the picture: " + av_error_text(ret));
  InputFormatPtr fmt(raw);
  if (fmt->nb_streams < 1) return make_error("bad_input", "the picture has no image");
  const AVCodecParameters *par = fmt->streams[0]->codecpar;
  const AVCodec *codec = avcodec_find_decoder(par->codec_id);
  if (codec == nullptr) return make_error("unsupported", "no decoder for this " + format);
  CodecContextPtr dec(avcodec_alloc_context3(codec));
  if (!dec || avcodec_parameters_to_context(dec.get(), par) < 0) {
    return make_error("internal", "cannot set up the picture decoder");
  }
  // The header was checked already; this is the decoder's own guard.
  dec->max_pixels = kMaxImagePixels;
  dec->thread_count = 1;
  if ((ret = avcodec_open2(dec.get(), codec, nullptr)) < 0) {
    return make_error("bad_input", "cannot decode the picture: " + av_error_text(ret));
  }
  PacketPtr pkt = make_packet();
  FramePtr frame = make_frame();
  bool sent_eof = false;
  for (;;) {
    ret = avcodec_receive_frame(dec.get(), frame.get());
    if (ret >= 0) break;
    if (!is_again(ret)) return make_error("bad_input", "the " + format + " picture is damaged");
    if (sent_eof) return make_error("bad_input", "the " + format + " picture is damaged");
    ret = av_read_frame(fmt.get(), pkt.get());
    if (ret < 0) {
      avcodec_send_packet(dec.get(), nullptr);
      sent_eof = true;
      continue;
    }
    ret = avcodec_send_packet(dec.get(), pkt.get());
    av_packet_unref(pkt.get());
    if (ret < 0 && !is_again(ret)) {
      return make_error("bad_input",
                        "the " + format + " picture is damaged: " + av_error_text(ret));
    }
  }
  out = DecodedPicture{};
  AVFrame *f = frame.get();
  for (int i = 0; i < 4; ++i) {
    out.view.data[i] = f->data[i];
    out.view.linesize[i] = f->linesize[i];
  }
  out.view.format = static_cast<AVPixelFormat>(f->format);
  out.view.width = f->width;
  out.view.height = f->height;
  const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(out.view.format);
  const bool yuvj =
      out.view.format == AV_PIX_FMT_YUVJ420P || out.view.format == AV_PIX_FMT_YUVJ422P ||
      out.view.format == AV_PIX_FMT_YUVJ444P || out.view.format == AV_PIX_FMT_YUVJ440P;
  out.view.full_range =
      yuvj || f->color_range == AVCOL_RANGE_JPEG ||
      (format == "jpg" && desc != nullptr && !(desc->flags & AV_PIX_FMT_FLAG_RGB));
  out.view.bt709 = f->colorspace == AVCOL_SPC_BT709;
  out.orientation = header.orientation;
  out.owner = std::shared_ptr<AVFrame>(frame.release(), [](AVFrame *p) { av_frame_free(&p); });
  return std::nullopt;
}

}  // namespace

MaybeError decode_image(const std::string &path, DecodedPicture &out, ImageHeader *header_out,
                        Rgb background) {
  Sniffed sniffed;
  unsigned long long size = 0;
  if (!sniff_file(path, sniffed, size)) return make_error("bad_input", "cannot open " + path);
  if (size == 0) return make_error("bad_input", "the file is empty");
  if (sniffed.kind != "image") {
    return make_error("bad_input", sniffed.kind.empty()
                                       ? "the file is not a picture (unknown content)"
                                       : "the file is a " + sniffed.kind + ", not a picture");
  }
  ImageHeader header;
  if (auto err = read_image_header(path, sniffed.format, header)) return err;
  if (header_out != nullptr) *header_out = header;
  if (sniffed.format == "avif") return make_error("unsupported", "AVIF pictures are not supported");
  DecodedPicture pic;
  auto err = sniffed.format == "heic" ? heif_decode(path, pic)
                                      : ffmpeg_decode(path, sniffed.format, header, pic);
  if (err) return err;
  // The header was checked before decoding, but a header can lie about the
  // picture it holds (a HEIC's 'ispe' box says 64x64 over an 8200x8000 coded
  // picture): the cap holds on what the decoder made.
  if (auto cap = check_pixel_cap(pic.view.width, pic.view.height, "the picture")) return cap;
  // Transparent pixels (PNG, WebP, GIF) go onto the background, never shown
  // as whatever colour the file left under them.
  if (auto flat = flatten_alpha(pic, background)) return flat;
  out = std::move(pic);
  return std::nullopt;
}

}  // namespace nemo::render
