// The product's workflow at 1080p with real photos and music (from
// ci/fetch-test-media.sh), and the memory bound with 4096x4096 pictures.
// Labelled slow.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <cstdlib>

#include "render/renderer.hpp"
#include "render_test_util.hpp"

namespace nemo::render {
namespace {

using test::TempDir;

TEST(Workflow, RealPhotosWithKenBurnsFadesCaptionAndMusicAt1080p) {
  const std::string media = test::test_media_dir();
  if (media.empty()) {
    const char *ci = std::getenv("CI");
    // CI runs ci/fetch-test-media.sh first: missing media there is a failure.
    if (ci != nullptr && std::string(ci) == "true") {
      FAIL() << "CI=true but no test media: .ci/run must run ci/fetch-test-media.sh "
                "<build>/test-media";
    }
    GTEST_SKIP()
        << "no test media: run ci/fetch-test-media.sh <build>/test-media (or set NEMO_TEST_MEDIA)";
  }
  const auto photos = test::list_files(media + "/photos", ".jpg");
  const auto music = test::list_files(media + "/music", ".mp3");
  ASSERT_GE(photos.size(), 3u);
  ASSERT_FALSE(music.empty());
  TempDir dir;
  RenderSpec spec;
  spec.duration_ms = 8000;
  // Three photos of 3.2 s each overlapping by 0.6 s fades: 3*3200 - 2*600 = 8400 > 8000 (last one
  // cut).
  for (int i = 0; i < 3; ++i) {
    VisualClip v;
    v.path = photos[static_cast<std::size_t>(i)];
    v.start_ms = i * 2600;
    v.end_ms = std::min<std::int64_t>(8000, v.start_ms + 3200);
    v.fit = i == 1 ? Fit::BlurPad : Fit::Crop;
    v.motion.type = Motion::Type::KenBurns;
    v.transition_out = Transition{Transition::Type::Fade, 600};
    spec.visuals.push_back(v);
  }
  TextOverlay title;
  title.text = "Summer trip 夏日旅行";
  title.role = TextOverlay::Role::Title;
  title.position = TextOverlay::Position::Center;
  title.end_ms = 2500;
  spec.texts.push_back(title);
  AudioClip bgm;
  bgm.path = music[0];
  bgm.end_ms = 8000;
  bgm.source_in_ms = 5000;
  bgm.volume = 0.6;
  bgm.fade_in_ms = 500;
  bgm.fade_out_ms = 1500;
  spec.audio.push_back(bgm);
  const std::string out = dir.file("workflow.mp4");
  RenderOptions opts;
  opts.low_priority = false;
  const auto err = render_to_file(spec, out, opts);
  ASSERT_FALSE(err) << err->code << ": " << err->message;
  const test::Probe p = test::probe(out);
  EXPECT_EQ(p.width, 1920);
  EXPECT_EQ(p.height, 1080);
  EXPECT_EQ(p.profile, "High");
  EXPECT_NEAR(p.duration_s, 8.0, 0.1);
  EXPECT_TRUE(p.has_audio);
  const auto frames = test::decode_frames(out, 240);
  ASSERT_EQ(frames.size(), 240u);
  // Real photos are not flat, and they move.
  EXPECT_GT(test::luma_diff(frames[100], frames[110]), 0.2);
}

TEST(Workflow, PeakMemoryWith4096PicturesStaysUnder600MB) {
  if (!test::have_ffmpeg()) GTEST_SKIP() << "the ffmpeg CLI is needed to make the inputs";
  TempDir dir;
  RenderSpec spec;
  spec.duration_ms = 3000;
  for (int i = 0; i < 3; ++i) {
    const std::string path = dir.file("big" + std::to_string(i) + (i == 1 ? ".png" : ".jpg"));
    ASSERT_TRUE(test::make_picture(path, 4096, 4096));
    VisualClip v;
    v.path = path;
    v.start_ms = i * 900;
    v.end_ms = i == 2 ? 3000 : v.start_ms + 1200;
    v.motion.type = Motion::Type::KenBurns;
    v.fit = i == 0 ? Fit::BlurPad : Fit::Crop;
    v.transition_out = Transition{Transition::Type::Fade, 300};
    spec.visuals.push_back(v);
  }
  RenderOptions opts;
  opts.low_priority = false;
  const auto err = render_to_file(spec, dir.file("big.mp4"), opts);
  ASSERT_FALSE(err) << err->message;
  const double rss = test::peak_rss_mb();
  RecordProperty("peak_rss_mb", std::to_string(static_cast<int>(rss)));
  EXPECT_LT(rss, 600.0);
}

}  // namespace
}  // namespace nemo::render
