// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/file_check.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "media_fixtures.hpp"

namespace nemo::core {
namespace {
using test::ffmpeg;
using test::write_all;

class FileCheckTest : public ::testing::Test {
 protected:
  // ffmpeg arguments of every sample; each is made the first time a test asks for it
  // (ctest runs every test in its own process, so nothing is made twice for nothing).
  static const std::map<std::string, std::string> &recipes() {
    static const std::string v = "-f lavfi -i testsrc2=size=64x48:rate=10:duration=0.5 ";
    static const std::string a = "-f lavfi -i sine=frequency=440:duration=0.5 ";
    static const std::map<std::string, std::string> map = {
        {"clip.mp4", v + "-c:v libx264 -preset ultrafast -pix_fmt yuv420p"},
        {"clip.mov", v + "-c:v libx264 -preset ultrafast -pix_fmt yuv420p"},
        {"clip.mkv", v + "-c:v libx264 -preset ultrafast -pix_fmt yuv420p"},
        {"clip.webm", v + "-c:v libvpx -b:v 100k"},
        {"clip.avi", v + "-c:v mpeg4"},
        {"pic.jpg", v + "-frames:v 1"},
        {"pic.png", v + "-frames:v 1"},
        {"pic.gif", v + "-frames:v 1"},
        {"pic.webp", v + "-frames:v 1"},
        {"song.mp3", a + "-c:a libmp3lame"},
        {"song.wav", a},
        {"song.m4a", a + "-c:a aac"},
        {"song.aac", a + "-c:a aac -f adts"},
    };
    return map;
  }
  static void SetUpTestSuite() { dir_ = new test::TempDir(); }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  // The sample's path, made on first use; "" if ffmpeg failed.
  static std::string sample(const std::string &name) {
    const std::string p = dir_->file(name);
    if (!made_.count(name)) made_[name] = ffmpeg(recipes().at(name) + " " + p);
    return made_[name] ? p : std::string();
  }
  static std::string path(const std::string &name) { return dir_->file(name); }
  static std::string copy_as(const std::string &from, const std::string &to) {
    std::filesystem::copy_file(sample(from), path(to),
                               std::filesystem::copy_options::overwrite_existing);
    return path(to);
  }

  static test::TempDir *dir_;
  static std::map<std::string, bool> made_;
};
test::TempDir *FileCheckTest::dir_ = nullptr;
std::map<std::string, bool> FileCheckTest::made_;

TEST_F(FileCheckTest, EveryAcceptedTypeIsRecognizedByContent) {
  const std::map<std::string, std::pair<std::string, MediaKind>> expected = {
      {"clip.mp4", {"mp4", MediaKind::Video}},  {"clip.mov", {"mov", MediaKind::Video}},
      {"clip.mkv", {"mkv", MediaKind::Video}},  {"clip.webm", {"webm", MediaKind::Video}},
      {"clip.avi", {"avi", MediaKind::Video}},  {"pic.jpg", {"jpg", MediaKind::Image}},
      {"pic.png", {"png", MediaKind::Image}},   {"pic.gif", {"gif", MediaKind::Image}},
      {"pic.webp", {"webp", MediaKind::Image}}, {"song.mp3", {"mp3", MediaKind::Audio}},
      {"song.wav", {"wav", MediaKind::Audio}},  {"song.m4a", {"m4a", MediaKind::Audio}},
      {"song.aac", {"aac", MediaKind::Audio}},
  };
  for (const auto &[name, want] : expected) {
    const std::string p = sample(name);
    ASSERT_FALSE(p.empty()) << "ffmpeg could not make " << name;
    const FileCheck c = check_upload_file(p, 0);
    EXPECT_FALSE(c.error) << name << ": " << c.error.detail;
    EXPECT_EQ(c.sniffed_ext, want.first) << name;
    EXPECT_EQ(c.kind, want.second) << name;
    EXPECT_FALSE(c.extension_mismatch) << name;
    EXPECT_GT(c.size, 0u) << name;
  }
}

TEST_F(FileCheckTest, HeicByFtypBrand) {
  const std::string heic = std::string(
                               "\0\0\0\x18"
                               "ftypheic\0\0\0\0mif1heic",
                               24) +
                           std::string(100, '\0');
  write_all(path("photo.heic"), heic);
  const FileCheck c = check_upload_file(path("photo.heic"), 0);
  EXPECT_FALSE(c.error) << c.error.detail;
  EXPECT_EQ(c.sniffed_ext, "heic");
  EXPECT_EQ(c.kind, MediaKind::Image);
}

TEST_F(FileCheckTest, LyingExtensionIsReported) {
  // A PNG named .jpg: accepted (the content is fine) but the mismatch is reported.
  FileCheck c = check_upload_file(copy_as("pic.png", "really_png.jpg"), 0);
  EXPECT_FALSE(c.error);
  EXPECT_EQ(c.sniffed_ext, "png");
  EXPECT_EQ(c.declared_ext, "jpg");
  EXPECT_TRUE(c.extension_mismatch);
  // A WAV named .mp4 is audio, whatever the name says.
  c = check_upload_file(copy_as("song.wav", "song_wav.mp4"), 0);
  EXPECT_FALSE(c.error);
  EXPECT_EQ(c.kind, MediaKind::Audio);
  EXPECT_TRUE(c.extension_mismatch);
  // Same family: .jpeg for a JPEG, .mp4 for a QuickTime file are no mismatch.
  EXPECT_FALSE(check_upload_file(copy_as("pic.jpg", "pic.JPEG"), 0).extension_mismatch);
  EXPECT_FALSE(check_upload_file(copy_as("clip.mov", "clip2.mp4"), 0).extension_mismatch);
}

TEST_F(FileCheckTest, TextNamedMp4IsUnsupported) {
  write_all(path("fake.mp4"), "hello, this is not a video at all\n");
  const FileCheck c = check_upload_file(path("fake.mp4"), 0);
  EXPECT_EQ(c.error.code, ErrorCode::UnsupportedFile);
  EXPECT_EQ(c.error.key, "Error.UnsupportedFile");
  EXPECT_NE(c.error.detail.find("name says .mp4"), std::string::npos) << c.error.detail;
  EXPECT_NE(c.error.detail.find("accepted: mp4, mov"), std::string::npos) << c.error.detail;
  EXPECT_EQ(c.kind, MediaKind::Unknown);
}

TEST_F(FileCheckTest, RecognizedButNotAcceptedType) {
  write_all(path("doc.png"), "%PDF-1.4\n%....");
  const FileCheck c = check_upload_file(path("doc.png"), 0);
  EXPECT_EQ(c.error.code, ErrorCode::UnsupportedFile);
  EXPECT_EQ(c.sniffed_ext, "pdf");
  EXPECT_TRUE(c.extension_mismatch);
}

TEST_F(FileCheckTest, SizeLimit) {
  const FileCheck ok = check_upload_file(sample("pic.png"), 0);
  ASSERT_FALSE(ok.error);
  EXPECT_FALSE(check_upload_file(sample("pic.png"), ok.size).error);
  const FileCheck big = check_upload_file(sample("pic.png"), ok.size - 1);
  EXPECT_EQ(big.error.code, ErrorCode::FileTooLarge);
  EXPECT_EQ(big.error.key, "Error.FileTooLarge");
  EXPECT_EQ(big.size, ok.size);
}

TEST_F(FileCheckTest, EmptyMissingAndDirectory) {
  write_all(path("empty.mp4"), "");
  FileCheck c = check_upload_file(path("empty.mp4"), 0);
  EXPECT_EQ(c.error.code, ErrorCode::BadInput);
  EXPECT_EQ(c.error.key, "Error.FileEmpty");
  c = check_upload_file(path("nope.mp4"), 0);
  EXPECT_EQ(c.error.code, ErrorCode::BadInput);
  EXPECT_EQ(c.error.key, "Error.FileMissing");
  EXPECT_NE(c.error.detail.find("nope.mp4"), std::string::npos);
  c = check_upload_file(dir_->path(), 0);
  EXPECT_EQ(c.error.code, ErrorCode::BadInput);
  EXPECT_EQ(c.error.key, "Error.FileNotRegular");
}

TEST_F(FileCheckTest, UnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads every file";
  const std::string p = copy_as("pic.png", "locked.png");
  std::filesystem::permissions(p, std::filesystem::perms::none);
  const FileCheck c = check_upload_file(p, 0);
  EXPECT_EQ(c.error.code, ErrorCode::BadInput);
  EXPECT_EQ(c.error.key, "Error.FileUnreadable");
}

TEST(SniffType, MagicBytes) {
  EXPECT_EQ(sniff_type("\xFF\xD8\xFF\xE0"), "jpg");
  EXPECT_EQ(sniff_type(std::string("\x89PNG\r\n\x1A\n", 8)), "png");
  EXPECT_EQ(sniff_type("GIF89a...."), "gif");
  EXPECT_EQ(sniff_type("RIFF\x10\0\0\0WEBPVP8 "), "");  // NUL cuts the literal: too short
  EXPECT_EQ(sniff_type(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), "webp");
  EXPECT_EQ(sniff_type(std::string("RIFF\x10\0\0\0WAVEfmt ", 16)), "wav");
  EXPECT_EQ(sniff_type(std::string("RIFF\x10\0\0\0AVI LIST", 16)), "avi");
  EXPECT_EQ(sniff_type(std::string("\0\0\0\x20"
                                   "ftypisom",
                                   12)),
            "mp4");
  EXPECT_EQ(sniff_type(std::string("\0\0\0\x20"
                                   "ftypqt  ",
                                   12)),
            "mov");
  EXPECT_EQ(sniff_type(std::string("\0\0\0\x20"
                                   "ftypM4A ",
                                   12)),
            "m4a");
  EXPECT_EQ(sniff_type(std::string("\0\0\0\x08"
                                   "wide",
                                   8)),
            "mov");
  EXPECT_EQ(sniff_type("\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\x82\x84webm"), "webm");
  EXPECT_EQ(sniff_type("\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\x82\x88matroska"), "mkv");
  EXPECT_EQ(sniff_type(std::string("ID3\x04\0\0\0\0\0\0\xFF\xFB\x90\x00", 14)), "mp3");
  EXPECT_EQ(sniff_type(std::string("ID3\x04\0\0\0\0\0\0\xFF\xF1\x50\x80", 14)), "aac");
  EXPECT_EQ(sniff_type(std::string("\xFF\xFB\x90\x00", 4)), "mp3");
  EXPECT_EQ(sniff_type("\xFF\xF1\x50\x80"), "aac");
  EXPECT_EQ(sniff_type("\xFF\xFF\xFF\xFF"), "");
  EXPECT_EQ(sniff_type("PK\x03\x04"), "zip");
  EXPECT_EQ(sniff_type(""), "");
  EXPECT_EQ(sniff_type("plain text"), "");
}

TEST(FileCheckNames, AcceptedList) {
  EXPECT_EQ(accepted_types_text(),
            "mp4, mov, avi, webm, mkv, jpg, png, gif, webp, heic, mp3, wav, m4a, aac");
  EXPECT_TRUE(is_accepted_ext("MP4"));
  EXPECT_FALSE(is_accepted_ext("bmp"));
  EXPECT_EQ(kind_of_ext("heic"), MediaKind::Image);
  EXPECT_STREQ(media_kind_name(MediaKind::Audio), "audio");
}

}  // namespace
}  // namespace nemo::core
