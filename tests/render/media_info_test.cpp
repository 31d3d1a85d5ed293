// inspect_media: every supported format, type sniffed from content, and the
// error codes of unusable files.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/media_info.hpp"

#include <gtest/gtest.h>

#include "render_test_util.hpp"

namespace nemo::render {
namespace {

using test::TempDir;

class MediaInfoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::have_ffmpeg()) GTEST_SKIP() << "the ffmpeg CLI is needed to make the inputs";
  }
  TempDir dir;
};

class PictureFormat : public MediaInfoTest, public ::testing::WithParamInterface<const char *> {};

TEST_P(PictureFormat, ReportsKindFormatAndSize) {
  const std::string ext = GetParam();
  const std::string path = dir.file("picture." + ext);
  ASSERT_TRUE(test::make_picture(path, 96, 64)) << "ffmpeg could not write " << ext;
  MediaInfo info;
  const auto err = inspect_media(path, info);
  ASSERT_FALSE(err) << err->code << ": " << err->message;
  EXPECT_EQ(info.kind, "image");
  EXPECT_EQ(info.format, ext);
  EXPECT_EQ(info.width, 96);
  EXPECT_EQ(info.height, 64);
}

INSTANTIATE_TEST_SUITE_P(Formats, PictureFormat,
                         ::testing::Values("jpg", "png", "webp", "gif", "bmp", "tiff"));

TEST_F(MediaInfoTest, Heic) {
  const std::string heif_enc = NEMO_HEIF_ENC;
  if (const std::string why = test::why_no_heic_encoder(); !why.empty()) GTEST_SKIP() << why;
  const std::string png = dir.file("src.png"), heic = dir.file("photo.heic");
  ASSERT_TRUE(test::make_picture(png, 128, 96));
  ASSERT_TRUE(test::run_command("'" + heif_enc + "' -q 60 '" + png + "' -o '" + heic +
                                "' > /dev/null 2>&1"));
  MediaInfo info;
  const auto err = inspect_media(heic, info);
  ASSERT_FALSE(err) << err->code << ": " << err->message;
  EXPECT_EQ(info.kind, "image");
  EXPECT_EQ(info.format, "heic");
  EXPECT_EQ(info.width, 128);
  EXPECT_EQ(info.height, 96);
}

TEST_F(MediaInfoTest, WrongExtensionIsSniffedFromContent) {
  const std::string path = dir.file("really-a-png.jpg");
  ASSERT_TRUE(test::make_picture(path + ".png", 40, 30));
  ASSERT_TRUE(test::run_command("mv '" + path + ".png' '" + path + "'"));
  MediaInfo info;
  ASSERT_FALSE(inspect_media(path, info));
  EXPECT_EQ(info.format, "png");
  EXPECT_EQ(info.width, 40);
}

TEST_F(MediaInfoTest, VideoMadeByAnotherTool) {
  const std::string path = dir.file("clip.mp4");
  ASSERT_TRUE(
      test::ffmpeg("-f lavfi -i testsrc2=size=160x120:rate=25:duration=2 -f lavfi -i "
                   "sine=frequency=440:duration=2 "
                   "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest '" +
                   path + "'"));
  MediaInfo info;
  const auto err = inspect_media(path, info);
  ASSERT_FALSE(err) << err->message;
  EXPECT_EQ(info.kind, "video");
  EXPECT_EQ(info.format, "mp4");
  EXPECT_EQ(info.width, 160);
  EXPECT_EQ(info.height, 120);
  EXPECT_NEAR(info.fps, 25.0, 0.01);
  EXPECT_NEAR(info.duration_s, 2.0, 0.1);
  EXPECT_TRUE(info.has_audio);
}

TEST_F(MediaInfoTest, OtherContainers) {
  struct Case {
    const char *file, *args, *kind, *format;
    bool audio;
  };
  const Case cases[] = {
      {"a.mov", "-f lavfi -i testsrc2=size=64x48:rate=10:duration=1 -c:v mpeg4", "video", "mov",
       false},
      {"a.mkv", "-f lavfi -i testsrc2=size=64x48:rate=10:duration=1 -c:v mpeg4", "video", "mkv",
       false},
      {"a.webm", "-f lavfi -i testsrc2=size=64x48:rate=10:duration=1 -c:v libvpx -b:v 100k",
       "video", "webm", false},
      {"a.wav", "-f lavfi -i sine=duration=1", "audio", "wav", true},
      {"a.mp3", "-f lavfi -i sine=duration=1 -c:a libmp3lame", "audio", "mp3", true},
      {"a.ogg", "-f lavfi -i sine=duration=1 -c:a libvorbis", "audio", "ogg", true},
      {"a.flac", "-f lavfi -i sine=duration=1", "audio", "flac", true},
      {"a.m4a", "-f lavfi -i sine=duration=1 -c:a aac", "audio", "m4a", true},
  };
  for (const Case &c : cases) {
    const std::string path = dir.file(c.file);
    ASSERT_TRUE(test::ffmpeg(std::string(c.args) + " '" + path + "'")) << c.file;
    MediaInfo info;
    const auto err = inspect_media(path, info);
    ASSERT_FALSE(err) << c.file << ": " << err->message;
    EXPECT_EQ(info.kind, c.kind) << c.file;
    EXPECT_EQ(info.format, c.format) << c.file;
    EXPECT_EQ(info.has_audio, c.audio) << c.file;
    EXPECT_NEAR(info.duration_s, 1.0, 0.15) << c.file;
  }
}

TEST_F(MediaInfoTest, EmptyFileIsBadInput) {
  const std::string path = dir.file("empty.jpg");
  test::write_file(path, "");
  MediaInfo info;
  const auto err = inspect_media(path, info);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, "bad_input");
}

TEST_F(MediaInfoTest, MissingFileIsBadInput) {
  MediaInfo info;
  const auto err = inspect_media(dir.file("nothing-here.png"), info);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, "bad_input");
}

TEST_F(MediaInfoTest, TextWithPictureExtensionIsBadInput) {
  const std::string path = dir.file("notes.jpg");
  test::write_file(path, "this is not a picture, just some words in a text file\n");
  MediaInfo info;
  const auto err = inspect_media(path, info);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, "bad_input");
}

TEST_F(MediaInfoTest, CorruptJpegIsBadInput) {
  std::string bytes = "\xFF\xD8\xFF\xE0";
  for (int i = 0; i < 500; ++i) bytes.push_back(static_cast<char>((i * 37) & 0x7F));
  const std::string path = dir.file("broken.jpg");
  test::write_file(path, bytes);
  MediaInfo info;
  const auto err = inspect_media(path, info);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, "bad_input");
}

TEST_F(MediaInfoTest, CorruptPixelDataIsBadInput) {
  // A real PNG header followed by garbage instead of compressed pixels.
  const std::string good = dir.file("good.png");
  ASSERT_TRUE(test::make_picture(good, 64, 64));
  std::string bytes = test::read_file(good);
  ASSERT_GT(bytes.size(), 100u);
  for (std::size_t i = 41; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 91);
  const std::string path = dir.file("garbled.png");
  test::write_file(path, bytes);
  MediaInfo info;
  const auto err = inspect_media(path, info);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, "bad_input");
}

TEST_F(MediaInfoTest, AvifIsUnsupported) {
  // ftyp box with the avif brand.
  std::string bytes(
      "\x00\x00\x00\x1c"
      "ftypavif\x00\x00\x00\x00"
      "avifmif1miaf",
      28);
  bytes += std::string(200, '\0');
  const std::string path = dir.file("pic.avif");
  test::write_file(path, bytes);
  MediaInfo info;
  const auto err = inspect_media(path, info);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, "unsupported");
}

}  // namespace
}  // namespace nemo::render
