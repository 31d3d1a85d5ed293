// Small pure pieces: content sniffing, motion paths, the warp.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <cmath>

#include "render/media_sniff.hpp"
#include "render/motion.hpp"
#include "render/text_overlay.hpp"
#include "render/warp.hpp"

namespace nemo::render {
namespace {

TEST(Sniff, MagicBytes) {
  auto kind = [](const std::string &b) {
    return sniff_bytes(reinterpret_cast<const unsigned char *>(b.data()), b.size());
  };
  EXPECT_EQ(kind("\xFF\xD8\xFF\xE0rest").format, "jpg");
  EXPECT_EQ(kind(std::string("\x89PNG\r\n\x1a\n\0\0", 10)).format, "png");
  EXPECT_EQ(kind("GIF89a....").format, "gif");
  EXPECT_EQ(kind(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)).format, "webp");
  EXPECT_EQ(kind(std::string("RIFF\x10\0\0\0WAVEfmt ", 16)).format, "wav");
  EXPECT_EQ(kind(std::string("\0\0\0\x18"
                             "ftypheic\0\0\0\0mif1heic",
                             24))
                .format,
            "heic");
  EXPECT_EQ(kind(std::string("\0\0\0\x18"
                             "ftypisom\0\0\0\0isomavc1",
                             24))
                .format,
            "mp4");
  EXPECT_EQ(kind(std::string("\0\0\0\x14"
                             "ftypqt  \0\0\0\0qt  ",
                             20))
                .format,
            "mov");
  EXPECT_EQ(kind(std::string("OggS\0\x02", 6)).format, "ogg");
  EXPECT_EQ(kind("ID3\x04\0").format, "mp3");
  EXPECT_EQ(kind("hello world").kind, "");
}

TEST(Motion, EaseIsSmoothAndBounded) {
  EXPECT_DOUBLE_EQ(ease_in_out(0), 0);
  EXPECT_DOUBLE_EQ(ease_in_out(1), 1);
  EXPECT_NEAR(ease_in_out(0.5), 0.5, 1e-12);
  EXPECT_LT(ease_in_out(0.01), 0.01);  // slow start
}

TEST(Motion, ViewStaysInsideTheSourceAndMovesContinuously) {
  const Motion::Type types[] = {
      Motion::Type::KenBurns, Motion::Type::ZoomIn, Motion::Type::ZoomOut, Motion::Type::PanLeft,
      Motion::Type::PanRight, Motion::Type::PanUp,  Motion::Type::PanDown, Motion::Type::Drift};
  for (Motion::Type t : types) {
    for (int variant = 0; variant < 4; ++variant) {
      Motion m{t, 1.5};
      const double z = motion_max_zoom(m);
      const int sw = static_cast<int>(1920 * z), sh = static_cast<int>(1080 * z);
      ViewRect prev = motion_view(m, variant, 0, sw, sh);
      for (int i = 1; i <= 300; ++i) {
        const ViewRect r = motion_view(m, variant, i / 300.0, sw, sh);
        EXPECT_GE(r.x, -1e-9);
        EXPECT_GE(r.y, -1e-9);
        EXPECT_LE(r.x + r.w, sw + 1e-6);
        EXPECT_LE(r.y + r.h, sh + 1e-6);
        EXPECT_NEAR(r.w / r.h, 1920.0 / 1080.0, 0.01);
        // At most a few source pixels per frame at 10 s: continuous, sub-pixel steps.
        EXPECT_LT(std::fabs(r.x - prev.x) + std::fabs(r.w - prev.w), 8.0);
        prev = r;
      }
    }
  }
}

TEST(Warp, IdentityCopiesAndHalfPixelInterpolates) {
  YuvImage src(8, 4), dst(8, 4);
  const YuvRef s = src.ref();
  for (int y = 0; y < 4; ++y) {
    for (int x = 0; x < 8; ++x) s.p[0].row(y)[x] = static_cast<std::uint8_t>(x * 20);
  }
  Warper w;
  w.warp(s, ViewRect{0, 0, 8, 4}, dst.ref());
  EXPECT_EQ(dst.ref().p[0].row(1)[5], 100);
  w.warp(s, ViewRect{0.5, 0, 8, 4}, dst.ref());
  EXPECT_EQ(dst.ref().p[0].row(1)[2], 50);  // between 40 and 60
  w.warp(s, ViewRect{0.25, 0, 8, 4}, dst.ref());
  EXPECT_EQ(dst.ref().p[0].row(1)[2], 45);
}

}  // namespace
}  // namespace nemo::render

namespace nemo::render {
namespace {

// The SIMD and portable warps agree on a textured source at many sub-pixel views.
TEST(Warp, SimdMatchesPortablePath) {
  YuvImage src(300, 170), a(160, 90), b(160, 90);
  const YuvRef s = src.ref();
  for (int i = 0; i < 3; ++i) {
    for (int y = 0; y < s.p[i].height; ++y) {
      for (int x = 0; x < s.p[i].width; ++x)
        s.p[i].row(y)[x] = static_cast<std::uint8_t>((x * 7 + y * 13 + x * y) & 255);
    }
  }
  Warper fast, slow;
  slow.set_simd(false);
  for (int k = 0; k < 20; ++k) {
    const ViewRect r{3.37 * k, 1.91 * k, 300 - 6.1 * k, (300 - 6.1 * k) * 9 / 16};
    fast.warp(s, r, a.ref(), k % 3 == 0 ? 10 : 0, 0, k % 2 ? 100 : -1);
    slow.warp(s, r, b.ref(), k % 3 == 0 ? 10 : 0, 0, k % 2 ? 100 : -1);
    for (int i = 0; i < 3; ++i) {
      for (int y = 0; y < a.ref().p[i].height; ++y) {
        for (int x = 0; x < a.ref().p[i].width; ++x) {
          ASSERT_NEAR(a.ref().p[i].row(y)[x], b.ref().p[i].row(y)[x], 1)
              << "plane " << i << " at " << x << "," << y;
        }
      }
    }
  }
}

}  // namespace
}  // namespace nemo::render

namespace nemo::render {
namespace {

TEST(Text, LongCaptionWrapsWithinTheSafeArea) {
  if (default_font_path(false).empty()) GTEST_SKIP() << "no CJK font installed (fonts-noto-cjk)";
  const Canvas canvas{640, 360, 30};
  TextOverlay t;
  t.text =
      "A long caption that cannot fit on one line of a small canvas, 还有一些中文字符在这里继续";
  t.end_ms = 1000;
  TextLayer layer;
  const auto err = render_text_layer(t, canvas, "", layer);
  ASSERT_FALSE(err) << err->message;
  EXPECT_GE(layer.lines, 2);
  EXPECT_LE(layer.width, static_cast<int>(canvas.width * 0.9));
  EXPECT_GE(layer.x, canvas.width / 20 - 1);
  EXPECT_LE(layer.y + layer.height, static_cast<int>(canvas.height * 0.92) + 1);
  // Some pixels are text (opaque), the rest the translucent box.
  int opaque = 0, box = 0;
  for (std::size_t i = 0; i < layer.alpha.size(); ++i) {
    opaque += layer.alpha[i] > 250 && layer.luma[i] > 200;
    box += layer.alpha[i] > 100 && layer.alpha[i] < 200 && layer.luma[i] < 40;
  }
  EXPECT_GT(opaque, 100);
  EXPECT_GT(box, 1000);
}

TEST(Text, MissingFontIsBadInput) {
  TextOverlay t;
  t.text = "hi";
  t.end_ms = 1000;
  TextLayer layer;
  const auto err = render_text_layer(t, Canvas{320, 180, 30}, "/nonexistent/font.ttf", layer);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, "bad_input");
}

}  // namespace
}  // namespace nemo::render
