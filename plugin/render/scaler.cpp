// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/scaler.hpp"

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
}

namespace nemo::render {
namespace {

// The deprecated "J" formats are their plain twins with full range.
AVPixelFormat plain_format(AVPixelFormat f, bool &full_range) {
  switch (f) {
    case AV_PIX_FMT_YUVJ420P:
      full_range = true;
      return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P:
      full_range = true;
      return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P:
      full_range = true;
      return AV_PIX_FMT_YUV444P;
    case AV_PIX_FMT_YUVJ440P:
      full_range = true;
      return AV_PIX_FMT_YUV440P;
    case AV_PIX_FMT_YUVJ411P:
      full_range = true;
      return AV_PIX_FMT_YUV411P;
    default:
      return f;
  }
}

}  // namespace

SourceView crop_view(const SourceView &src, int x, int y, int w, int h) {
  SourceView out = src;
  const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(src.format);
  if (desc == nullptr) return out;
  x &= ~((1 << desc->log2_chroma_w) - 1);
  y &= ~((1 << desc->log2_chroma_h) - 1);
  int steps[4] = {0, 0, 0, 0};
  av_image_fill_max_pixsteps(steps, nullptr, desc);
  for (int i = 0; i < 4; ++i) {
    if (src.data[i] == nullptr) continue;
    if ((desc->flags & AV_PIX_FMT_FLAG_PAL) && i == 1) continue;  // the palette
    const bool chroma = i == 1 || i == 2;
    const int sx = chroma ? desc->log2_chroma_w : 0;
    const int sy = chroma ? desc->log2_chroma_h : 0;
    out.data[i] = src.data[i] + static_cast<std::ptrdiff_t>(y >> sy) * src.linesize[i] +
                  static_cast<std::ptrdiff_t>(x >> sx) * steps[i];
  }
  out.width = w;
  out.height = h;
  return out;
}

SourceView view_of(const YuvRef &img) {
  SourceView v;
  for (int i = 0; i < 3; ++i) {
    v.data[i] = img.p[i].data;
    v.linesize[i] = img.p[i].stride;
  }
  v.format = AV_PIX_FMT_YUV420P;
  v.width = img.width();
  v.height = img.height();
  v.bt709 = true;
  return v;
}

YuvRef sub_image(const YuvRef &img, int x, int y, int w, int h) {
  YuvRef r = img;
  for (int i = 0; i < 3; ++i) {
    const int s = i == 0 ? 0 : 1;
    r.p[i].data = img.p[i].row(y >> s) + (x >> s);
    r.p[i].width = w >> s;
    r.p[i].height = h >> s;
  }
  return r;
}

bool Scaler::scale(const SourceView &src, const YuvRef &dst, int flags) {
  bool full = src.full_range;
  const AVPixelFormat fmt = plain_format(src.format, full);
  ctx_.reset(sws_getCachedContext(ctx_.release(), src.width, src.height, fmt, dst.width(),
                                  dst.height(), AV_PIX_FMT_YUV420P, flags | SWS_ACCURATE_RND,
                                  nullptr, nullptr, nullptr));
  if (!ctx_) return false;
  if (ctx_.get() != configured_ || configured_range_ != full || configured_709_ != src.bt709) {
    const int *src_table = sws_getCoefficients(src.bt709 ? SWS_CS_ITU709 : SWS_CS_ITU601);
    const int *dst_table = sws_getCoefficients(SWS_CS_ITU709);
    sws_setColorspaceDetails(ctx_.get(), src_table, full ? 1 : 0, dst_table, 0, 0, 1 << 16,
                             1 << 16);
    configured_ = ctx_.get();
    configured_range_ = full;
    configured_709_ = src.bt709;
  }
  std::uint8_t *dst_data[4] = {dst.p[0].data, dst.p[1].data, dst.p[2].data, nullptr};
  const int dst_stride[4] = {dst.p[0].stride, dst.p[1].stride, dst.p[2].stride, 0};
  return sws_scale(ctx_.get(), src.data, src.linesize, 0, src.height, dst_data, dst_stride) > 0;
}

}  // namespace nemo::render
