// render_to_file end to end on small canvases: the output probed and decoded.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "platform/thread_priority.hpp"
#include "render/media_info.hpp"
#include "render/renderer.hpp"
#include "render_test_util.hpp"

extern "C" {
#include <libavutil/pixfmt.h>
}

namespace nemo::render {
namespace {

using test::TempDir;

class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::have_ffmpeg()) GTEST_SKIP() << "the ffmpeg CLI is needed to make the inputs";
    spec.canvas = Canvas{192, 108, 30};
  }
  std::string picture(const std::string &name, const std::string &color = "", int w = 320,
                      int h = 240) {
    const std::string path = dir.file(name);
    EXPECT_TRUE(test::make_picture(path, w, h, color));
    return path;
  }
  VisualClip still(const std::string &path, std::int64_t s, std::int64_t e) {
    VisualClip v;
    v.path = path;
    v.start_ms = s;
    v.end_ms = e;
    return v;
  }
  std::optional<RenderError> render(const std::string &out, RenderOptions opts = {}) {
    opts.low_priority = false;
    return render_to_file(spec, out, opts);
  }
  TempDir dir;
  RenderSpec spec;
};

TEST_F(RenderTest, StillWithoutMotionIsH264HighBt709AndFramesAreEqual) {
  spec.duration_ms = 1000;
  spec.visuals.push_back(still(picture("a.png"), 0, 1000));
  const std::string out = dir.file("out.mp4");
  const auto err = render(out);
  ASSERT_FALSE(err) << err->code << ": " << err->message;
  const test::Probe p = test::probe(out);
  ASSERT_TRUE(p.ok);
  EXPECT_EQ(p.video_codec, "h264");
  EXPECT_EQ(p.profile, "High");
  EXPECT_EQ(p.pix_fmt, "yuv420p");
  EXPECT_EQ(p.width, 192);
  EXPECT_EQ(p.height, 108);
  EXPECT_NEAR(p.fps, 30.0, 0.01);
  EXPECT_EQ(p.color_primaries, AVCOL_PRI_BT709);
  EXPECT_EQ(p.color_trc, AVCOL_TRC_BT709);
  EXPECT_EQ(p.colorspace, AVCOL_SPC_BT709);
  EXPECT_NEAR(p.duration_s, 1.0, 0.05);
  EXPECT_FALSE(p.has_audio) << "no audio asked, no audio stream";
  EXPECT_TRUE(p.faststart) << "moov must come before mdat";
  EXPECT_FALSE(test::file_exists(out + ".tmp"));
  const auto frames = test::decode_frames(out);
  ASSERT_EQ(frames.size(), 30u);
  for (std::size_t i = 1; i < frames.size(); ++i)
    EXPECT_LT(test::luma_diff(frames[0], frames[i]), 0.5) << i;
}

TEST_F(RenderTest, KenBurnsMovesSmoothly) {
  spec.duration_ms = 2000;
  VisualClip v = still(picture("a.png", "", 640, 480), 0, 2000);
  v.motion.type = Motion::Type::KenBurns;
  spec.visuals.push_back(v);
  spec.encoder.crf = 10;  // keep coding noise well under the motion
  const std::string out = dir.file("out.mp4");
  ASSERT_FALSE(render(out));
  const auto frames = test::decode_frames(out);
  ASSERT_EQ(frames.size(), 60u);
  std::vector<double> d;
  for (std::size_t i = 1; i < frames.size(); ++i)
    d.push_back(test::luma_diff(frames[i - 1], frames[i]));
  // Frames move through the middle (eased: slow at both ends).
  for (std::size_t i = 10; i < 50; ++i) EXPECT_GT(d[i], 0.3) << "a stall at frame " << i;
  // No jitter: the change from one frame to the next varies slowly.
  for (std::size_t i = 11; i < 49; ++i) {
    EXPECT_LT(std::fabs(d[i] - d[i - 1]), 0.5 * std::max(d[i], d[i - 1]) + 0.3)
        << "jump at frame " << i;
  }
  // Eased: the middle moves faster than the ends.
  EXPECT_GT(d[29], d[2]);
  EXPECT_GT(d[29], d[56]);
}

TEST_F(RenderTest, EveryMotionTypeRenders) {
  const Motion::Type types[] = {Motion::Type::ZoomIn,  Motion::Type::ZoomOut,
                                Motion::Type::PanLeft, Motion::Type::PanRight,
                                Motion::Type::PanUp,   Motion::Type::PanDown};
  const std::string pic = picture("a.png", "", 640, 480);
  spec.duration_ms = 500;
  for (Motion::Type t : types) {
    spec.visuals.clear();
    VisualClip v = still(pic, 0, 500);
    v.motion.type = t;
    spec.visuals.push_back(v);
    const std::string out = dir.file("m.mp4");
    ASSERT_FALSE(render(out));
    const auto frames = test::decode_frames(out);
    ASSERT_EQ(frames.size(), 15u);
    EXPECT_GT(test::luma_diff(frames.front(), frames.back()), 1.0) << static_cast<int>(t);
  }
}

TEST_F(RenderTest, FadeMiddleFrameIsABlend) {
  // Two solid pictures, 1 s each, overlapping by a 600 ms fade.
  spec.duration_ms = 1400;
  VisualClip a = still(picture("dark.png", "0x202020"), 0, 1000);
  a.transition_out = Transition{Transition::Type::Fade, 600};
  spec.visuals.push_back(a);
  spec.visuals.push_back(still(picture("light.png", "0xE0E0E0"), 400, 1400));
  const std::string out = dir.file("out.mp4");
  ASSERT_FALSE(render(out));
  const auto frames = test::decode_frames(out);
  ASSERT_EQ(frames.size(), 42u);
  const double first = test::mean_luma(frames[2], 0, 0, 192, 108);
  const double last = test::mean_luma(frames[40], 0, 0, 192, 108);
  const double mid = test::mean_luma(frames[21], 0, 0, 192, 108);  // t = 700 ms: halfway
  EXPECT_LT(first, 60);
  EXPECT_GT(last, 190);
  EXPECT_NEAR(mid, (first + last) / 2, 12) << "the middle of a fade is half of each";
  // Monotonic through the transition.
  for (int i = 13; i <= 30; ++i) {
    EXPECT_GE(test::mean_luma(frames[i], 0, 0, 192, 108) + 1.0,
              test::mean_luma(frames[i - 1], 0, 0, 192, 108));
  }
}

TEST_F(RenderTest, WipeAndSlideSplitTheFrame) {
  const std::string dark = picture("dark.png", "0x202020"),
                    light = picture("light.png", "0xE0E0E0");
  for (Transition::Type type : {Transition::Type::WipeRight, Transition::Type::SlideLeft}) {
    spec.visuals.clear();
    spec.duration_ms = 1400;
    VisualClip a = still(dark, 0, 1000);
    a.transition_out = Transition{type, 600};
    spec.visuals.push_back(a);
    spec.visuals.push_back(still(light, 400, 1400));
    const std::string out = dir.file("t.mp4");
    ASSERT_FALSE(render(out));
    const auto frames = test::decode_frames(out);
    ASSERT_EQ(frames.size(), 42u);
    const test::Frame &mid = frames[21];
    // Wipe reveals the next from the left; slide brings it in from the right.
    const double left = test::mean_luma(mid, 0, 0, 60, 108),
                 right = test::mean_luma(mid, 132, 0, 192, 108);
    if (type == Transition::Type::WipeRight) {
      EXPECT_GT(left, 190);
      EXPECT_LT(right, 60);
    } else {
      EXPECT_LT(left, 60);
      EXPECT_GT(right, 190);
    }
  }
}

TEST_F(RenderTest, DissolveAndZoomEndOnTheNextVisual) {
  const std::string dark = picture("dark.png", "0x202020"),
                    light = picture("light.png", "0xE0E0E0");
  for (Transition::Type type : {Transition::Type::Dissolve, Transition::Type::ZoomIn}) {
    spec.visuals.clear();
    spec.duration_ms = 1400;
    VisualClip a = still(dark, 0, 1000);
    a.transition_out = Transition{type, 600};
    spec.visuals.push_back(a);
    spec.visuals.push_back(still(light, 400, 1400));
    const std::string out = dir.file("t.mp4");
    ASSERT_FALSE(render(out));
    const auto frames = test::decode_frames(out);
    ASSERT_EQ(frames.size(), 42u);
    const double mid = test::mean_luma(frames[21], 0, 0, 192, 108);
    EXPECT_GT(mid, 60);
    EXPECT_LT(mid, 190);
    EXPECT_GT(test::mean_luma(frames[35], 0, 0, 192, 108), 190);
  }
}

TEST_F(RenderTest, CaptionAreaIsNotEmpty) {
  spec.canvas = Canvas{320, 180, 30};
  spec.duration_ms = 1000;
  spec.visuals.push_back(still(picture("black.png", "black"), 0, 1000));
  TextOverlay caption;
  caption.text = "Hello 你好世界";
  caption.start_ms = 0;
  caption.end_ms = 1000;
  caption.position = TextOverlay::Position::Bottom;
  spec.texts.push_back(caption);
  TextOverlay title;
  title.text = "TITLE";
  title.role = TextOverlay::Role::Title;
  title.position = TextOverlay::Position::Top;
  title.start_ms = 0;
  title.end_ms = 500;
  spec.texts.push_back(title);
  const std::string out = dir.file("out.mp4");
  const auto err = render(out);
  ASSERT_FALSE(err) << err->message;
  const auto frames = test::decode_frames(out);
  ASSERT_EQ(frames.size(), 30u);
  const test::Frame &f = frames[15];  // caption fully in, title gone
  int bright_bottom = 0, bright_middle = 0;
  for (int y = 120; y < 170; ++y) {
    for (int x = 0; x < 320; ++x) bright_bottom += f.Y(x, y) > 150;
  }
  for (int y = 70; y < 110; ++y) {
    for (int x = 0; x < 320; ++x) bright_middle += f.Y(x, y) > 150;
  }
  EXPECT_GT(bright_bottom, 200) << "caption glyphs are drawn";
  EXPECT_EQ(bright_middle, 0) << "nothing drawn outside the text";
  // The title shows in the first half at the top, then has faded out.
  auto bright_top = [&](const test::Frame &fr) {
    int n = 0;
    for (int y = 10; y < 50; ++y) {
      for (int x = 0; x < 320; ++x) n += fr.Y(x, y) > 150;
    }
    return n;
  };
  EXPECT_GT(bright_top(frames[7]), 100);
  EXPECT_EQ(bright_top(frames[20]), 0);
  // Faded in: the first frame shows less of the caption than the middle one.
  int first = 0;
  for (int y = 120; y < 170; ++y) {
    for (int x = 0; x < 320; ++x) first += frames[0].Y(x, y) > 150;
  }
  EXPECT_LT(first, bright_bottom);
}

TEST_F(RenderTest, AudioPresentWhenAskedWithFadesAndLoop) {
  const std::string tone = dir.file("tone.wav");
  ASSERT_TRUE(test::ffmpeg("-f lavfi -i sine=frequency=440:duration=0.7 '" + tone + "'"));
  spec.duration_ms = 2000;
  spec.visuals.push_back(still(picture("a.png"), 0, 2000));
  AudioClip music;
  music.path = tone;
  music.start_ms = 0;
  music.end_ms = 2000;
  music.fade_out_ms = 500;
  music.volume = 0.8;
  spec.audio.push_back(music);
  const std::string out = dir.file("out.mp4");
  const auto err = render(out);
  ASSERT_FALSE(err) << err->message;
  const test::Probe p = test::probe(out);
  EXPECT_TRUE(p.has_audio);
  EXPECT_EQ(p.audio_codec, "aac");
  EXPECT_EQ(p.sample_rate, 48000);
  EXPECT_EQ(p.channels, 2);
  EXPECT_NEAR(p.duration_s, 2.0, 0.1);
  // The loop keeps the tone going past 0.7 s: measure loudness with the CLI.
  const std::string pcm = dir.file("out.f32");
  ASSERT_TRUE(test::ffmpeg("-i '" + out + "' -ac 1 -ar 8000 -f f32le '" + pcm + "'"));
  const std::string raw = test::read_file(pcm);
  std::vector<float> s(raw.size() / 4);
  std::memcpy(s.data(), raw.data(), s.size() * 4);
  auto rms = [&](double from, double to) {
    double acc = 0;
    int n = 0;
    for (auto i = static_cast<std::size_t>(from * 8000);
         i < static_cast<std::size_t>(to * 8000) && i < s.size(); ++i) {
      acc += s[i] * s[i];
      ++n;
    }
    return n ? std::sqrt(acc / n) : 0.0;
  };
  EXPECT_GT(rms(0.2, 0.6), 0.04);  // lavfi sine: amplitude 1/8, times 0.8
  EXPECT_GT(rms(0.9, 1.3), 0.04) << "looped";
  EXPECT_LT(rms(1.93, 1.99), rms(0.9, 1.3) * 0.3) << "faded out";
}

TEST_F(RenderTest, VideoClipIsTrimmedLoopedAndConverted) {
  // 25 fps, 1 s, from another tool; used from 0.2 s in a 2 s segment.
  const std::string clip = dir.file("clip.mp4");
  ASSERT_TRUE(test::ffmpeg(
      "-f lavfi -i testsrc2=size=320x240:rate=25:duration=1 -c:v libx264 -preset ultrafast "
      "-pix_fmt yuv420p '" +
      clip + "'"));
  spec.duration_ms = 2000;
  VisualClip v;
  v.path = clip;
  v.is_video = true;
  v.start_ms = 0;
  v.end_ms = 2000;
  v.source_in_ms = 200;
  spec.visuals.push_back(v);
  spec.encoder.crf = 12;
  const std::string out = dir.file("out.mp4");
  const auto err = render(out);
  ASSERT_FALSE(err) << err->message;
  const auto frames = test::decode_frames(out);
  ASSERT_EQ(frames.size(), 60u);
  EXPECT_GT(test::luma_diff(frames[0], frames[10]), 1.0) << "the clip plays";
  // 0.8 s of source: output frame 24 (0.8 s) shows the in-point again.
  EXPECT_LT(test::luma_diff(frames[0], frames[24]), test::luma_diff(frames[0], frames[12]) * 0.5);
  EXPECT_LT(test::luma_diff(frames[0], frames[24]), 3.0);
}

TEST_F(RenderTest, CancelLeavesNothing) {
  spec.duration_ms = 5000;
  spec.visuals.push_back(still(picture("a.png"), 0, 5000));
  const std::string out = dir.file("out.mp4");
  std::atomic<bool> cancel{false};
  RenderOptions opts;
  opts.cancel = &cancel;
  double last = 0;
  opts.on_progress = [&](double f) {
    last = f;
    if (f > 0.3) cancel = true;
  };
  const auto err = render(out, opts);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, "cancelled");
  EXPECT_LT(last, 1.0);
  EXPECT_FALSE(test::file_exists(out));
  EXPECT_FALSE(test::file_exists(out + ".tmp"));
}

TEST_F(RenderTest, ProgressIsMonotonicAndReachesOne) {
  spec.duration_ms = 1000;
  spec.visuals.push_back(still(picture("a.png"), 0, 1000));
  std::vector<double> seen;
  RenderOptions opts;
  opts.on_progress = [&](double f) { seen.push_back(f); };
  ASSERT_FALSE(render(dir.file("out.mp4"), opts));
  ASSERT_GE(seen.size(), 10u);
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i], seen[i - 1]);
  EXPECT_GE(seen.front(), 0.0);
  EXPECT_DOUBLE_EQ(seen.back(), 1.0);
}

TEST_F(RenderTest, LowPriorityAppliesToTheRenderThreadOnly) {
  spec.duration_ms = 200;
  spec.visuals.push_back(still(picture("a.png"), 0, 200));
  const int caller_before = platform::current_thread_nice();
  int render_nice = -100;
  bool render_idle = false;
  RenderOptions opts;
  opts.low_priority = true;
  opts.idle_class = true;
  opts.on_progress = [&](double) {
    render_nice = platform::current_thread_nice();
    render_idle = platform::current_thread_is_idle_class();
  };
  ASSERT_FALSE(render_to_file(spec, dir.file("out.mp4"), opts));
  EXPECT_EQ(render_nice, 19);
  EXPECT_TRUE(render_idle);
  EXPECT_EQ(platform::current_thread_nice(), caller_before);
  EXPECT_FALSE(platform::current_thread_is_idle_class());
}

TEST_F(RenderTest, IdleClassOnlyWhenAsked) {
  spec.duration_ms = 200;
  spec.visuals.push_back(still(picture("a.png"), 0, 200));
  bool render_idle = true;
  RenderOptions opts;
  opts.low_priority = true;  // nice 19, but the normal policy: a render box or CI renders on
  opts.on_progress = [&](double) { render_idle = platform::current_thread_is_idle_class(); };
  ASSERT_FALSE(render_to_file(spec, dir.file("out.mp4"), opts));
  EXPECT_FALSE(render_idle);
}

TEST_F(RenderTest, ErrorsHaveCodesAndLeaveNothing) {
  const std::string out = dir.file("out.mp4");
  spec.duration_ms = 500;
  spec.visuals.push_back(still(dir.file("missing.png"), 0, 500));
  auto err = render(out);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, "bad_input");

  const std::string silent = dir.file("silent.mp4");
  ASSERT_TRUE(test::ffmpeg(
      "-f lavfi -i testsrc2=size=64x48:rate=10:duration=1 -c:v libx264 -preset ultrafast '" +
      silent + "'"));
  spec.visuals[0].path = picture("a.png");
  AudioClip a;
  a.path = silent;
  a.end_ms = 500;
  spec.audio.push_back(a);
  err = render(out);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, "no_audio");

  spec.audio.clear();
  spec.encoder.preset = "warp-speed";
  err = render(out);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, "bad_input");

  spec.encoder.preset = "veryfast";
  spec.canvas.width = 191;
  err = render(out);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, "bad_input");
  EXPECT_FALSE(test::file_exists(out));
  EXPECT_FALSE(test::file_exists(out + ".tmp"));
}

TEST_F(RenderTest, VerticalCanvasAndGapsRender) {
  spec.canvas = Canvas{108, 192, 30};
  spec.duration_ms = 1000;
  spec.visuals.push_back(still(picture("a.png"), 0, 400));  // 400..1000: black
  const std::string out = dir.file("out.mp4");
  ASSERT_FALSE(render(out));
  const auto frames = test::decode_frames(out);
  ASSERT_EQ(frames.size(), 30u);
  EXPECT_EQ(frames[0].width, 108);
  EXPECT_LT(test::mean_luma(frames[25], 0, 0, 108, 192), 20);
}

TEST_F(RenderTest, RotatedPhoneVideoIsShownUpright) {
  // Left red, right blue, stored landscape with a display matrix of 90 degrees
  // counter-clockwise: ffmpeg itself shows blue on top, red below.
  const std::string plain = dir.file("plain.mp4"), rotated = dir.file("rotated.mp4");
  ASSERT_TRUE(
      test::ffmpeg("-f lavfi -i color=c=red:size=32x32:rate=10:duration=1 -f lavfi -i "
                   "color=c=blue:size=32x32:rate=10:duration=1 -filter_complex hstack -c:v libx264 "
                   "-pix_fmt yuv420p '" +
                   plain + "'"));
  // The display matrix: -display_rotation (an input option since FFmpeg 6.1;
  // 7.0 stopped turning the older "rotate" tag into a matrix), else the tag.
  ASSERT_TRUE(
      test::ffmpeg("-display_rotation 90 -i '" + plain + "' -c copy '" + rotated + "'") ||
      test::ffmpeg("-i '" + plain + "' -c copy -metadata:s:v:0 rotate=90 '" + rotated + "'"));
  MediaInfo info;
  ASSERT_FALSE(inspect_media(rotated, info));
  EXPECT_EQ(info.width, 32);
  EXPECT_EQ(info.height, 64);
  spec.canvas = Canvas{64, 128, 30};
  spec.duration_ms = 300;
  VisualClip v;
  v.path = rotated;
  v.is_video = true;
  v.end_ms = 300;
  spec.visuals.push_back(v);
  const std::string out = dir.file("out.mp4");
  ASSERT_FALSE(render(out));
  const auto frames = test::decode_frames(out);
  ASSERT_FALSE(frames.empty());
  EXPECT_LT(frames[0].V(32, 20), 128) << "blue on top";
  EXPECT_GT(frames[0].V(32, 108), 200) << "red below";
}

}  // namespace
}  // namespace nemo::render

namespace nemo::render {
namespace {

TEST_F(RenderTest, ThrowingProgressCallbackIsAnErrorAndLeavesNothing) {
  spec.duration_ms = 1000;
  spec.visuals.push_back(still(picture("a.png"), 0, 1000));
  const std::string out = dir.file("out.mp4");
  RenderOptions opts;
  opts.on_progress = [](double f) {
    if (f > 0.2) throw std::runtime_error("the host's callback failed");
  };
  const auto err = render(out, opts);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, "internal");
  EXPECT_FALSE(test::file_exists(out));
  EXPECT_FALSE(test::file_exists(out + ".tmp"));
}

}  // namespace
}  // namespace nemo::render
