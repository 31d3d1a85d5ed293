// Picture decoding: EXIF orientation, the pixel cap (before allocation),
// fitting by crop, pad and blurred pad.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include "render/alpha_flatten.hpp"
#include "render/fit.hpp"
#include "render/image_decode.hpp"
#include "render/media_info.hpp"
#include "render_test_util.hpp"

namespace nemo::render {
namespace {

using test::TempDir;

// A JPEG of 64x32: left half red, right half blue, with an EXIF orientation.
std::string make_oriented_jpeg(const TempDir &dir, int orientation) {
  const std::string plain = dir.file("plain.jpg");
  if (!test::ffmpeg("-f lavfi -i color=c=red:size=32x32 -f lavfi -i color=c=blue:size=32x32 "
                    "-filter_complex hstack -frames:v 1 -q:v 2 '" +
                    plain + "'")) {
    return "";
  }
  const std::string path = dir.file("oriented-" + std::to_string(orientation) + ".jpg");
  return test::tag_exif_orientation(plain, path, orientation) ? path : "";
}

struct Rgbish {
  double y, v;
};  // red: high V; blue: low V
Rgbish sample(const YuvRef &img, int x, int y) {
  return {static_cast<double>(img.p[0].row(y)[x]), static_cast<double>(img.p[2].row(y / 2)[x / 2])};
}

class ImageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::have_ffmpeg()) GTEST_SKIP() << "the ffmpeg CLI is needed to make the inputs";
  }
  TempDir dir;
};

TEST_F(ImageTest, ExifOrientationSixRotatesClockwise) {
  const std::string path = make_oriented_jpeg(dir, 6);
  ASSERT_FALSE(path.empty());
  MediaInfo info;
  ASSERT_FALSE(inspect_media(path, info));
  EXPECT_EQ(info.width, 32);  // displayed: portrait
  EXPECT_EQ(info.height, 64);

  DecodedPicture pic;
  ASSERT_FALSE(decode_image(path, pic));
  EXPECT_EQ(pic.orientation, 6);
  YuvImage out(32, 64);
  Fitter fitter;
  ASSERT_TRUE(fitter.fit(pic.view, pic.orientation, Fit::Crop, out.ref()));
  // Rotated clockwise: the stored left (red) is now on top, blue below.
  const Rgbish top = sample(out.ref(), 16, 12), bottom = sample(out.ref(), 16, 52);
  EXPECT_GT(top.v, 200) << "top should be red";
  EXPECT_LT(bottom.v, 128) << "bottom should be blue";
}

TEST_F(ImageTest, ExifOrientationEightRotatesCounterClockwise) {
  const std::string path = make_oriented_jpeg(dir, 8);
  ASSERT_FALSE(path.empty());
  DecodedPicture pic;
  ASSERT_FALSE(decode_image(path, pic));
  YuvImage out(32, 64);
  Fitter fitter;
  ASSERT_TRUE(fitter.fit(pic.view, pic.orientation, Fit::Crop, out.ref()));
  EXPECT_LT(sample(out.ref(), 16, 12).v, 128) << "top should be blue";
  EXPECT_GT(sample(out.ref(), 16, 52).v, 200) << "bottom should be red";
}

TEST_F(ImageTest, NoOrientationKeepsLayout) {
  const std::string path = make_oriented_jpeg(dir, 1);
  DecodedPicture pic;
  ASSERT_FALSE(decode_image(path, pic));
  YuvImage out(64, 32);
  Fitter fitter;
  ASSERT_TRUE(fitter.fit(pic.view, pic.orientation, Fit::Crop, out.ref()));
  EXPECT_GT(sample(out.ref(), 10, 16).v, 200);
  EXPECT_LT(sample(out.ref(), 54, 16).v, 128);
}

// A PNG whose header claims 30000x30000 (900 MP) with almost no data: a
// decompression bomb. It must be refused from the header, before decoding.
TEST_F(ImageTest, DecompressionBombIsRefusedBeforeAllocation) {
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png += std::string("\x00\x00\x00\x0dIHDR", 8);
  png +=
      std::string("\x00\x00\x75\x30\x00\x00\x75\x30\x08\x00\x00\x00\x00", 13);  // 30000x30000 gray8
  png += std::string("\x00\x00\x00\x00", 4);                                    // CRC (not checked)
  png += std::string("\x00\x00\x00\x08IDAT\x78\x9c\x63\x00\x00\x00\x01\x00", 16);
  png += std::string("\x00\x00\x00\x00IEND\xae\x42\x60\x82", 12);
  const std::string path = dir.file("bomb.png");
  test::write_file(path, png);
  const double rss_before = test::peak_rss_mb();
  MediaInfo info;
  const auto err = inspect_media(path, info);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, "too_large");
  EXPECT_NE(err->message.find("30000x30000"), std::string::npos) << err->message;
  DecodedPicture pic;
  const auto err2 = decode_image(path, pic);
  ASSERT_TRUE(err2);
  EXPECT_EQ(err2->code, "too_large");
  EXPECT_LT(test::peak_rss_mb() - rss_before, 50.0) << "pixels were allocated";
}

TEST_F(ImageTest, LargeButAllowedPictureDecodes) {
  const std::string path = dir.file("big.jpg");
  ASSERT_TRUE(test::make_picture(path, 4000, 3000));
  DecodedPicture pic;
  const auto err = decode_image(path, pic);
  ASSERT_FALSE(err) << err->message;
  EXPECT_EQ(pic.view.width, 4000);
}

TEST_F(ImageTest, GifFirstFrame) {
  const std::string path = dir.file("anim.gif");
  ASSERT_TRUE(test::ffmpeg("-f lavfi -i testsrc2=size=48x32:rate=5:duration=1 '" + path + "'"));
  DecodedPicture pic;
  ASSERT_FALSE(decode_image(path, pic));
  EXPECT_EQ(pic.view.width, 48);
  EXPECT_EQ(pic.view.height, 32);
}

TEST_F(ImageTest, PadKeepsWholePictureOnBlack) {
  const std::string path = dir.file("square.png");
  ASSERT_TRUE(test::make_picture(path, 100, 100, "white"));
  DecodedPicture pic;
  ASSERT_FALSE(decode_image(path, pic));
  YuvImage out(160, 90);
  Fitter fitter;
  ASSERT_TRUE(fitter.fit(pic.view, pic.orientation, Fit::Pad, out.ref()));
  const YuvRef r = out.ref();
  EXPECT_LE(r.p[0].row(45)[5], 20) << "bars are black";
  EXPECT_GE(r.p[0].row(45)[80], 230) << "the picture is in the middle";
  EXPECT_LE(r.p[0].row(45)[155], 20);
}

TEST_F(ImageTest, BlurPadFillsBarsWithDarkenedPicture) {
  const std::string path = dir.file("square.png");
  ASSERT_TRUE(test::make_picture(path, 100, 100, "white"));
  DecodedPicture pic;
  ASSERT_FALSE(decode_image(path, pic));
  YuvImage out(160, 90);
  Fitter fitter;
  ASSERT_TRUE(fitter.fit(pic.view, pic.orientation, Fit::BlurPad, out.ref()));
  const YuvRef r = out.ref();
  const int bar = r.p[0].row(45)[5];
  EXPECT_GT(bar, 60) << "bars show the picture, not black";
  EXPECT_LT(bar, 200) << "bars are darkened";
  EXPECT_GE(r.p[0].row(45)[80], 230);
}

TEST_F(ImageTest, CropFillsCanvas) {
  const std::string path = dir.file("tall.png");
  ASSERT_TRUE(test::make_picture(path, 50, 200, "white"));
  DecodedPicture pic;
  ASSERT_FALSE(decode_image(path, pic));
  YuvImage out(160, 90);
  Fitter fitter;
  ASSERT_TRUE(fitter.fit(pic.view, pic.orientation, Fit::Crop, out.ref()));
  EXPECT_GE(out.ref().p[0].row(45)[2], 230);
  EXPECT_GE(out.ref().p[0].row(45)[157], 230);
}

TEST_F(ImageTest, TransparentPngIsFlattenedOntoBlack) {
  // White under fully transparent pixels: without flattening it shows white.
  const std::string path = dir.file("clear.png");
  ASSERT_TRUE(test::ffmpeg("-f lavfi -i color=c=white@0.0:size=64x64,format=rgba -frames:v 1 '" +
                           path + "'"));
  DecodedPicture pic;
  ASSERT_FALSE(decode_image(path, pic));
  EXPECT_EQ(pic.view.format, AV_PIX_FMT_RGB24);
  YuvImage out(64, 64);
  Fitter fitter;
  ASSERT_TRUE(fitter.fit(pic.view, pic.orientation, Fit::Crop, out.ref()));
  EXPECT_LE(out.ref().p[0].row(32)[32], 20) << "transparent pixels are black";
}

TEST_F(ImageTest, HalfTransparentPngIsBlendedOverBackground) {
  const std::string path = dir.file("half.png");
  ASSERT_TRUE(test::ffmpeg("-f lavfi -i color=c=white@0.5:size=32x32,format=rgba -frames:v 1 '" +
                           path + "'"));
  DecodedPicture pic;
  ASSERT_FALSE(decode_image(path, pic));
  ASSERT_EQ(pic.view.format, AV_PIX_FMT_RGB24);
  const int v = pic.view.data[0][16 * pic.view.linesize[0] + 16 * 3];
  EXPECT_GE(v, 118);
  EXPECT_LE(v, 138) << "white at half alpha over black is mid grey";
  DecodedPicture again;
  ASSERT_FALSE(decode_image(path, again));
  ASSERT_FALSE(flatten_alpha(again, {}));  // already opaque: unchanged
  EXPECT_EQ(again.view.format, AV_PIX_FMT_RGB24);
}

TEST_F(ImageTest, TransparentWebpIsFlattenedOntoBlack) {
  const std::string path = dir.file("clear.webp");
  ASSERT_TRUE(
      test::ffmpeg("-f lavfi -i color=c=white@0.0:size=64x64,format=rgba -frames:v 1 "
                   "-c:v libwebp -lossless 1 '" +
                   path + "'"));
  DecodedPicture pic;
  ASSERT_FALSE(decode_image(path, pic));
  ASSERT_EQ(pic.view.format, AV_PIX_FMT_RGB24);
  EXPECT_LE(pic.view.data[0][32 * pic.view.linesize[0] + 32 * 3], 5)
      << "transparent pixels are black";
}

TEST_F(ImageTest, TransparentPngGoesOntoTheChosenBackground) {
  const std::string path = dir.file("logo.png");
  // An opaque white square in the middle of a fully transparent picture.
  ASSERT_TRUE(test::ffmpeg(
      "-f lavfi -i color=c=black@0.0:size=64x64,format=rgba -f lavfi "
      "-i color=c=white:size=16x16,format=rgba -filter_complex overlay=24:24 -frames:v 1 '" +
      path + "'"));
  DecodedPicture pic;
  ASSERT_FALSE(decode_image(path, pic, nullptr, Rgb{255, 136, 0}));
  ASSERT_EQ(pic.view.format, AV_PIX_FMT_RGB24);
  const auto px = [&](int x, int y, int c) {
    return static_cast<int>(pic.view.data[0][y * pic.view.linesize[0] + x * 3 + c]);
  };
  EXPECT_NEAR(px(4, 4, 0), 255, 2) << "transparent pixels are the background";
  EXPECT_NEAR(px(4, 4, 1), 136, 2);
  EXPECT_NEAR(px(4, 4, 2), 0, 2);
  EXPECT_GE(px(32, 32, 0), 250) << "opaque pixels stay as they are";
  EXPECT_GE(px(32, 32, 2), 250);
}

TEST(Colour, Bt709LimitedRangeValues) {
  const YuvColour black = to_yuv709({0, 0, 0});
  EXPECT_EQ(black.y, 16);
  EXPECT_EQ(black.u, 128);
  EXPECT_EQ(black.v, 128);
  const YuvColour white = to_yuv709({255, 255, 255});
  EXPECT_EQ(white.y, 235);
  EXPECT_EQ(white.u, 128);
  EXPECT_EQ(white.v, 128);
  const YuvColour red = to_yuv709({255, 0, 0});  // BT.709: 63, 102, 240
  EXPECT_EQ(red.y, 63);
  EXPECT_EQ(red.u, 102);
  EXPECT_EQ(red.v, 240);
}

TEST_F(ImageTest, PadBarsAreTheBackgroundColour) {
  const std::string path = dir.file("square.png");
  ASSERT_TRUE(test::make_picture(path, 90, 90, "black"));
  DecodedPicture pic;
  ASSERT_FALSE(decode_image(path, pic));
  YuvImage out(160, 90);
  Fitter fitter;
  ASSERT_TRUE(
      fitter.fit(pic.view, pic.orientation, Fit::Pad, out.ref(), to_yuv709({255, 255, 255})));
  EXPECT_GE(out.ref().p[0].row(45)[5], 230) << "the bars are white";
  EXPECT_LE(out.ref().p[0].row(45)[80], 30) << "the picture is black";
  // Black bars by default: PadKeepsWholePictureOnBlack.
}

TEST_F(ImageTest, OpaqueJpegIsNotFlattened) {
  const std::string path = dir.file("opaque.jpg");
  ASSERT_TRUE(test::make_picture(path, 32, 32, "white"));
  DecodedPicture pic;
  ASSERT_FALSE(decode_image(path, pic));
  EXPECT_FALSE(has_alpha(pic.view));
  EXPECT_NE(pic.view.format, AV_PIX_FMT_RGB24);
}

}  // namespace
}  // namespace nemo::render
