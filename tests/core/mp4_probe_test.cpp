// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/mp4_probe.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <thread>

#include "media_fixtures.hpp"

namespace nemo::core {
namespace {
using test::ffmpeg;
using test::read_all;
using test::write_all;

class Mp4ProbeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { dir_ = new test::TempDir(); }
  // Samples are made on first use (ctest runs each test in its own process).
  static bool make(const std::string &name) {
    const std::string v = "-f lavfi -i testsrc2=size=320x240:rate=25:duration=2 ";
    const std::string a = "-f lavfi -i sine=frequency=440:duration=2 ";
    const std::string h264 = "-c:v libx264 -preset ultrafast -pix_fmt yuv420p ";
    static std::map<std::string, bool> made;
    if (made.count(name)) return made[name];
    std::string args;
    if (name == "av.mp4")
      args = v + a + h264 + "-c:a aac -shortest -movflags +faststart ";
    else if (name == "v.mp4")
      args = v + h264;
    else if (name == "audio.m4a")
      args = a + "-c:a aac ";
    else if (name == "v.webm")
      args = v + "-c:v libvpx -b:v 200k ";
    return made[name] = ffmpeg(args + dir_->file(name));
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string path(const std::string &name) { return dir_->file(name); }

  static test::TempDir *dir_;
};
test::TempDir *Mp4ProbeTest::dir_ = nullptr;

TEST_F(Mp4ProbeTest, GoodMp4WithAudio) {
  ASSERT_TRUE(make("av.mp4"));
  ProbeResult r;
  const Error e = probe_mp4(path("av.mp4"), r);
  ASSERT_FALSE(e) << e.detail;
  EXPECT_EQ(r.container, "mp4");
  EXPECT_NEAR(r.duration_s, 2.0, 0.1);
  EXPECT_TRUE(r.has_video);
  EXPECT_EQ(r.video_codec, "h264");
  EXPECT_EQ(r.width, 320);
  EXPECT_EQ(r.height, 240);
  EXPECT_NEAR(r.fps, 25.0, 0.01);
  EXPECT_TRUE(r.has_audio);
  EXPECT_EQ(r.audio_codec, "aac");
  EXPECT_EQ(r.size, read_all(path("av.mp4")).size());
  const std::string line = describe_probe(r);
  EXPECT_NE(line.find("mp4"), std::string::npos) << line;
  EXPECT_NE(line.find("h264 320x240 @ 25 fps"), std::string::npos) << line;
  EXPECT_NE(line.find("audio aac"), std::string::npos) << line;
}

TEST_F(Mp4ProbeTest, GoodMp4WithoutAudio) {
  ASSERT_TRUE(make("v.mp4"));
  ProbeResult r;
  ASSERT_FALSE(probe_mp4(path("v.mp4"), r));
  EXPECT_TRUE(r.has_video);
  EXPECT_FALSE(r.has_audio);
  EXPECT_EQ(r.audio_codec, "");
  EXPECT_NE(describe_probe(r).find("no audio"), std::string::npos);
}

TEST_F(Mp4ProbeTest, OtherContainerWithVideoIsReadToo) {
  ASSERT_TRUE(make("v.webm"));
  ProbeResult r;
  const Error e = probe_mp4(path("v.webm"), r);
  ASSERT_FALSE(e) << e.detail;
  EXPECT_EQ(r.container, "matroska");
  EXPECT_EQ(r.video_codec, "vp8");
  EXPECT_EQ(r.width, 320);
}

TEST_F(Mp4ProbeTest, AudioOnlyIsBadMedia) {
  ASSERT_TRUE(make("audio.m4a"));
  ProbeResult r;
  const Error e = probe_mp4(path("audio.m4a"), r);
  EXPECT_EQ(e.code, ErrorCode::BadMedia);
  EXPECT_NE(e.detail.find("no video"), std::string::npos) << e.detail;
  EXPECT_TRUE(r.has_audio);
}

TEST_F(Mp4ProbeTest, NotAnMp4) {
  write_all(path("text.mp4"), "this is plain text, not a video file, just words and more words\n");
  ProbeResult r;
  EXPECT_EQ(probe_mp4(path("text.mp4"), r).code, ErrorCode::BadMedia);
  write_all(path("empty.mp4"), "");
  EXPECT_EQ(probe_mp4(path("empty.mp4"), r).code, ErrorCode::BadMedia);
  EXPECT_EQ(probe_mp4(path("missing.mp4"), r).code, ErrorCode::BadInput);
}

TEST_F(Mp4ProbeTest, TruncatedMoovAtTheEnd) {
  ASSERT_TRUE(make("v.mp4"));  // made without faststart: the moov atom is at the end
  const std::string bytes = read_all(path("v.mp4"));
  const auto moov = bytes.rfind("moov");
  ASSERT_NE(moov, std::string::npos);
  write_all(path("cut_moov.mp4"), bytes.substr(0, moov + 64));
  ProbeResult r;
  EXPECT_EQ(probe_mp4(path("cut_moov.mp4"), r).code, ErrorCode::BadMedia);
}

TEST_F(Mp4ProbeTest, TruncatedDataAfterFaststartHeader) {
  ASSERT_TRUE(make("av.mp4"));  // moov first: the header alone still opens, the data is missing
  const std::string bytes = read_all(path("av.mp4"));
  write_all(path("cut_data.mp4"), bytes.substr(0, bytes.size() / 2));
  ProbeResult r;
  const Error e = probe_mp4(path("cut_data.mp4"), r);
  EXPECT_EQ(e.code, ErrorCode::BadMedia);
  EXPECT_NE(e.detail.find("truncated"), std::string::npos) << e.detail;
}

TEST_F(Mp4ProbeTest, FlippedBytesInTheHeader) {
  ASSERT_TRUE(make("av.mp4"));
  std::string bytes = read_all(path("av.mp4"));
  // Break the box names the demuxer needs: ftyp and moov.
  for (const char *box : {"ftyp", "moov"}) {
    const auto pos = bytes.find(box);
    ASSERT_NE(pos, std::string::npos);
    for (std::size_t i = 0; i < 4; ++i) bytes[pos + i] = static_cast<char>(~bytes[pos + i]);
  }
  write_all(path("flipped.mp4"), bytes);
  ProbeResult r;
  EXPECT_EQ(probe_mp4(path("flipped.mp4"), r).code, ErrorCode::BadMedia);
}

TEST_F(Mp4ProbeTest, RandomlyFlippedBytesNeverCrash) {
  ASSERT_TRUE(make("av.mp4"));
  const std::string original = read_all(path("av.mp4"));
  std::mt19937 rng(12345);
  for (int round = 0; round < 20; ++round) {
    std::string bytes = original;
    std::uniform_int_distribution<std::size_t> where(0,
                                                     std::min<std::size_t>(bytes.size(), 4096) - 1);
    for (int i = 0; i < 16; ++i) bytes[where(rng)] ^= static_cast<char>(0x5A);
    write_all(path("fuzz.mp4"), bytes);
    ProbeResult r;
    const Error e = probe_mp4(path("fuzz.mp4"), r);
    if (!e) {  // it may still be usable; then what it says must make sense
      EXPECT_GT(r.width, 0);
      EXPECT_GT(r.height, 0);
      EXPECT_GT(r.duration_s, 0);
      EXPECT_GT(r.fps, 0);
    } else {
      EXPECT_TRUE(e.code == ErrorCode::BadMedia) << error_name(e.code) << ": " << e.detail;
    }
  }
}

TEST_F(Mp4ProbeTest, CancelledBeforeStart) {
  ASSERT_TRUE(make("v.webm"));  // a non-MP4 container reads packets, where the callback is polled
  CancelToken cancel;
  cancel.cancel();
  ProbeResult r;
  ProbeOptions options;
  options.cancel = &cancel;
  const Error e = probe_mp4(path("v.webm"), r, options);
  EXPECT_EQ(e.code, ErrorCode::Cancelled) << e.detail;
}

}  // namespace
}  // namespace nemo::core
