// The beat grid (render/beat_grid): aubio on a click track with known beats
// and on real music.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/beat_grid.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <cstdlib>

#include "render_test_util.hpp"

namespace nemo::render {
namespace {

using test::ffmpeg;
using test::TempDir;

// A click track in `dir` (render_test_util's make_clicks).
std::string make_clicks(const TempDir &dir, const std::string &name, int period_ms, int first_ms,
                        int accent_index, int seconds) {
  const std::string out = dir.file(name);
  EXPECT_TRUE(test::make_clicks(out, period_ms, first_ms, accent_index, seconds));
  return out;
}

TEST(BeatGrid, ClickTrackBeatsAreFoundWithinOneFrame) {
  if (!test::have_ffmpeg()) GTEST_SKIP() << "no ffmpeg CLI";
  TempDir dir;
  const std::string clicks = make_clicks(dir, "clicks.wav", 500, 250, 0, 30);
  const auto r = analyse_beats(clicks);
  ASSERT_TRUE(std::holds_alternative<BeatGrid>(r)) << std::get<RenderError>(r).message;
  const BeatGrid &g = std::get<BeatGrid>(r);
  EXPECT_NEAR(g.bpm, 120.0, 2.0);
  EXPECT_NEAR(static_cast<double>(g.duration_ms), 30000.0, 50.0);
  // The tracker needs a few seconds to lock on: from 4 s every beat is found,
  // each within one frame at 30 fps of a click, and no click is missed.
  std::size_t late = 0;
  for (const auto ms : g.beats_ms) {
    if (ms < 4000) continue;
    ++late;
    const double k = std::round((ms - 250) / 500.0);
    EXPECT_LE(std::abs(static_cast<double>(ms) - (250 + 500 * k)), 1000.0 / 30) << ms;
  }
  EXPECT_GE(late, 50u);  // 4.25 .. 29.75 s: 52 clicks
  EXPECT_LE(late, 53u);
}

TEST(BeatGrid, ACancelledAnalysisStops) {
  if (!test::have_ffmpeg()) GTEST_SKIP() << "no ffmpeg CLI";
  TempDir dir;
  const std::string clicks = make_clicks(dir, "clicks.wav", 500, 250, 0, 10);
  std::atomic<bool> cancel{true};
  const auto stopped = analyse_beats(clicks, &cancel);
  ASSERT_TRUE(std::holds_alternative<RenderError>(stopped));
  EXPECT_EQ(std::get<RenderError>(stopped).code, "cancelled");
  cancel = false;
  const auto r = analyse_beats(clicks, &cancel);
  ASSERT_TRUE(std::holds_alternative<BeatGrid>(r)) << std::get<RenderError>(r).message;
  EXPECT_GE(std::get<BeatGrid>(r).beats_ms.size(), 8u);
}

TEST(BeatGrid, EveryBeatOfAMinuteOfEvenClicksIsOnAClick) {
  // No accent, a minute long: where the tracker wobbles (it did by 70-80 ms
  // around 40 s), the beat goes between the struck beats around it.
  if (!test::have_ffmpeg()) GTEST_SKIP() << "no ffmpeg CLI";
  TempDir dir;
  const std::string clicks = make_clicks(dir, "even.wav", 500, 250, -1, 60);
  const auto r = analyse_beats(clicks);
  ASSERT_TRUE(std::holds_alternative<BeatGrid>(r));
  const BeatGrid &g = std::get<BeatGrid>(r);
  ASSERT_GE(g.beats_ms.size(), 100u);
  for (const auto ms : g.beats_ms) {
    const double k = std::round((ms - 250) / 500.0);
    EXPECT_LE(std::abs(static_cast<double>(ms) - (250 + 500 * k)), 1000.0 / 30) << ms;
  }
}

TEST(BeatGrid, TheAccentedBeatIsTheDownbeat) {
  if (!test::have_ffmpeg()) GTEST_SKIP() << "no ffmpeg CLI";
  TempDir dir;
  for (const int accent : {0, 2}) {
    const std::string clicks =
        make_clicks(dir, "accent" + std::to_string(accent) + ".wav", 500, 250, accent, 30);
    const auto r = analyse_beats(clicks);
    ASSERT_TRUE(std::holds_alternative<BeatGrid>(r));
    const BeatGrid &g = std::get<BeatGrid>(r);
    ASSERT_GE(g.beats_ms.size(), 20u);
    // The downbeats the grid names are the loud clicks: click number
    // (ms - 250) / 500 is accent + 4k.
    for (std::size_t i = static_cast<std::size_t>(g.bar_phase); i < g.beats_ms.size(); i += 4) {
      if (g.beats_ms[i] < 4000) continue;
      const auto click = static_cast<long>(std::lround((g.beats_ms[i] - 250) / 500.0));
      EXPECT_EQ(click % 4, accent) << g.beats_ms[i];
    }
  }
}

TEST(BeatGrid, SilenceAndAToneHaveNoGrid) {
  if (!test::have_ffmpeg()) GTEST_SKIP() << "no ffmpeg CLI";
  TempDir dir;
  ASSERT_TRUE(ffmpeg("-f lavfi -i anullsrc=r=48000:cl=stereo -t 10 -c:a pcm_s16le \"" +
                     dir.file("silence.wav") + "\""));
  ASSERT_TRUE(ffmpeg("-f lavfi -i sine=f=440:r=48000 -t 10 -c:a pcm_s16le \"" +
                     dir.file("tone.wav") + "\""));
  for (const char *name : {"silence.wav", "tone.wav"}) {
    const auto r = analyse_beats(dir.file(name));
    ASSERT_TRUE(std::holds_alternative<BeatGrid>(r)) << name;
    EXPECT_TRUE(std::get<BeatGrid>(r).beats_ms.empty()) << name;
    EXPECT_EQ(std::get<BeatGrid>(r).bpm, 0.0) << name;
  }
}

TEST(BeatGrid, AFileWithoutSoundIsAnError) {
  TempDir dir;
  test::write_file(dir.file("not-audio.mp3"), "this is not audio at all");
  const auto r = analyse_beats(dir.file("not-audio.mp3"));
  ASSERT_TRUE(std::holds_alternative<RenderError>(r));
  EXPECT_EQ(std::get<RenderError>(r).code, "bad_input");
}

// Real music (asc-music, from ci/fetch-test-media.sh): a steady grid at a
// tempo music has, its beats evenly spaced at that tempo.
TEST(BeatGrid, RealMusicHasASteadyGrid) {
  const std::string media = test::test_media_dir();
  if (media.empty()) GTEST_SKIP() << "no test media (ci/fetch-test-media.sh)";
  const auto songs = test::list_files(media + "/music", ".mp3");
  ASSERT_FALSE(songs.empty());
  for (const auto &song : songs) {
    const auto r = analyse_beats(song);
    ASSERT_TRUE(std::holds_alternative<BeatGrid>(r)) << song;
    const BeatGrid &g = std::get<BeatGrid>(r);
    EXPECT_GE(g.bpm, 60.0) << song;
    EXPECT_LE(g.bpm, 200.0) << song;
    ASSERT_GE(g.beats_ms.size(), kMinBeats) << song;
    // Real songs breathe: the tracker follows the tempo as it moves. Still,
    // almost every interval is one beat of a tempo music has (0.3 to 1.5 s),
    // and the grid runs from near the start to near the end.
    std::size_t musical = 0;
    for (std::size_t i = 1; i < g.beats_ms.size(); ++i) {
      const auto gap = g.beats_ms[i] - g.beats_ms[i - 1];
      if (gap >= 300 && gap <= 1500) ++musical;
    }
    EXPECT_GE(musical * 10, (g.beats_ms.size() - 1) * 9)
        << song << ": " << musical << " of " << g.beats_ms.size() - 1 << " at " << g.bpm;
    EXPECT_LE(g.beats_ms.front(), 10000) << song;
    EXPECT_GE(g.beats_ms.back(), g.duration_ms - 10000) << song;
    std::printf("%s: %.1f BPM, %zu beats, downbeat phase %d, %lld ms\n", song.c_str(), g.bpm,
                g.beats_ms.size(), g.bar_phase, static_cast<long long>(g.duration_ms));
  }
}

}  // namespace
}  // namespace nemo::render
