// Pixels in memory: a decoded source picture (any FFmpeg pixel format, read
// only) and the renderer's own 8-bit YUV 4:2:0 images (BT.709, limited range).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "render/rgb.hpp"

extern "C" {
#include <libavutil/pixfmt.h>
}

namespace nemo::render {

// A read-only view of decoded pixels, whatever decoded them.
struct SourceView {
  const std::uint8_t *data[4] = {nullptr, nullptr, nullptr, nullptr};
  int linesize[4] = {0, 0, 0, 0};
  AVPixelFormat format = AV_PIX_FMT_NONE;
  int width = 0;
  int height = 0;
  bool full_range = false;  // YUV sources: JPEG range
  bool bt709 = false;       // YUV sources: BT.709 matrix (else BT.601)
};

// A decoded picture: the view, the EXIF orientation still to apply, and
// whatever owns the pixels.
struct DecodedPicture {
  SourceView view;
  int orientation = 1;
  std::shared_ptr<void> owner;
};

// One plane of 8-bit samples.
struct Plane {
  std::uint8_t *data = nullptr;
  int stride = 0;
  int width = 0;
  int height = 0;
  std::uint8_t *row(int y) const { return data + static_cast<std::ptrdiff_t>(y) * stride; }
};

// Y, U, V planes of a 4:2:0 image: chroma is half size (width and height even).
struct YuvRef {
  Plane p[3];
  int width() const { return p[0].width; }
  int height() const { return p[0].height; }
};

// An owned 4:2:0 image with even sides; rows aligned to 64 bytes with at
// least 16 bytes of padding (and 64 after the last), for 16-byte loads.
class YuvImage {
 public:
  YuvImage() = default;
  YuvImage(int width, int height) { resize(width, height); }
  void resize(int width, int height);
  void fill_black();
  bool empty() const { return width_ == 0; }
  int width() const { return width_; }
  int height() const { return height_; }
  YuvRef ref();
  std::size_t bytes() const { return storage_.size(); }
  void release() {
    storage_.clear();
    storage_.shrink_to_fit();
    width_ = height_ = 0;
  }

 private:
  int width_ = 0;
  int height_ = 0;
  int stride_[3] = {0, 0, 0};
  std::size_t offset_[3] = {0, 0, 0};
  std::vector<std::uint8_t> storage_;
};

// Limited-range black.
inline constexpr std::uint8_t kBlackY = 16;
inline constexpr std::uint8_t kWhiteY = 235;
inline constexpr std::uint8_t kNeutralC = 128;

void fill_black(const YuvRef &img);
void fill_colour(const YuvRef &img, YuvColour c);
void copy_image(const YuvRef &src, const YuvRef &dst);

}  // namespace nemo::render
