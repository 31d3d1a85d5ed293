// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/picture.hpp"

#include <algorithm>
#include <cstring>

namespace nemo::render {

void YuvImage::resize(int width, int height) {
  width_ = (width + 1) & ~1;
  height_ = (height + 1) & ~1;
  const int cw = width_ / 2, ch = height_ / 2;
  // At least 16 bytes of padding a row: the warp reads 16 bytes at a time.
  stride_[0] = (width_ + 16 + 63) & ~63;
  stride_[1] = stride_[2] = (cw + 16 + 63) & ~63;
  offset_[0] = 0;
  offset_[1] = static_cast<std::size_t>(stride_[0]) * height_;
  offset_[2] = offset_[1] + static_cast<std::size_t>(stride_[1]) * ch;
  storage_.assign(offset_[2] + static_cast<std::size_t>(stride_[2]) * ch + 64, 0);
}

YuvRef YuvImage::ref() {
  YuvRef r;
  for (int i = 0; i < 3; ++i) {
    r.p[i].data = storage_.data() + offset_[i];
    r.p[i].stride = stride_[i];
    r.p[i].width = i == 0 ? width_ : width_ / 2;
    r.p[i].height = i == 0 ? height_ : height_ / 2;
  }
  return r;
}

void YuvImage::fill_black() {
  render::fill_black(ref());
}

void fill_black(const YuvRef &img) {
  fill_colour(img, YuvColour{kBlackY, kNeutralC, kNeutralC});
}

void fill_colour(const YuvRef &img, YuvColour c) {
  const std::uint8_t value[3] = {c.y, c.u, c.v};
  for (int i = 0; i < 3; ++i) {
    const Plane &p = img.p[i];
    for (int y = 0; y < p.height; ++y) std::memset(p.row(y), value[i], p.width);
  }
}

void copy_image(const YuvRef &src, const YuvRef &dst) {
  for (int i = 0; i < 3; ++i) {
    const int w = std::min(src.p[i].width, dst.p[i].width);
    const int h = std::min(src.p[i].height, dst.p[i].height);
    for (int y = 0; y < h; ++y) std::memcpy(dst.p[i].row(y), src.p[i].row(y), w);
  }
}

}  // namespace nemo::render
