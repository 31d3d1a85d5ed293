// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/alpha_flatten.hpp"

#include "render/ff_ptr.hpp"

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

namespace nemo::render {

bool has_alpha(const SourceView &view) {
  const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(view.format);
  return desc != nullptr && (desc->flags & (AV_PIX_FMT_FLAG_ALPHA | AV_PIX_FMT_FLAG_PAL)) != 0;
}

MaybeError flatten_alpha(DecodedPicture &pic, Rgb background) {
  if (!has_alpha(pic.view)) return std::nullopt;
  const int w = pic.view.width, h = pic.view.height;
  FramePtr rgba = make_frame();
  FramePtr rgb = make_frame();
  rgba->format = AV_PIX_FMT_RGBA;
  rgb->format = AV_PIX_FMT_RGB24;
  rgba->width = rgb->width = w;
  rgba->height = rgb->height = h;
  if (av_frame_get_buffer(rgba.get(), 0) < 0 || av_frame_get_buffer(rgb.get(), 0) < 0) {
    return make_error("internal", "cannot allocate the flattened picture");
  }
  SwsPtr sws(sws_getContext(w, h, pic.view.format, w, h, AV_PIX_FMT_RGBA, SWS_POINT, nullptr,
                            nullptr, nullptr));
  if (!sws) return make_error("internal", "cannot convert the transparent picture");
  const int ret =
      sws_scale(sws.get(), pic.view.data, pic.view.linesize, 0, h, rgba->data, rgba->linesize);
  if (ret <= 0) return make_error("internal", "cannot convert the transparent picture");
  const int bg[3] = {background.r, background.g, background.b};
  for (int y = 0; y < h; ++y) {
    const std::uint8_t *in = rgba->data[0] + static_cast<std::ptrdiff_t>(y) * rgba->linesize[0];
    std::uint8_t *out = rgb->data[0] + static_cast<std::ptrdiff_t>(y) * rgb->linesize[0];
    for (int x = 0; x < w; ++x, in += 4, out += 3) {
      const int a = in[3];
      for (int c = 0; c < 3; ++c) {
        out[c] = static_cast<std::uint8_t>((in[c] * a + bg[c] * (255 - a) + 127) / 255);
      }
    }
  }
  DecodedPicture flat;
  for (int i = 0; i < 4; ++i) {
    flat.view.data[i] = rgb->data[i];
    flat.view.linesize[i] = rgb->linesize[i];
  }
  flat.view.format = AV_PIX_FMT_RGB24;
  flat.view.width = w;
  flat.view.height = h;
  flat.orientation = pic.orientation;
  flat.owner = std::shared_ptr<AVFrame>(rgb.release(), [](AVFrame *p) { av_frame_free(&p); });
  pic = std::move(flat);
  return std::nullopt;
}

}  // namespace nemo::render
