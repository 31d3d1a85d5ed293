// Media the backend does not accept, made by other tools (ffmpeg, sox,
// ImageMagick) and converted on the client: what it is read as, what the
// copy is, that the original is untouched, the cache, cancel, and what
// FFmpeg cannot read.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/media_convert.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "core/convert_cache.hpp"
#include "core/upload_prepare.hpp"
#include "media_fixtures.hpp"

namespace nemo::core {
namespace {
namespace fs = std::filesystem;
using test::ffmpeg;
using test::read_all;
using test::write_all;

bool run(const std::string &cmd) {
  return std::system((cmd + " >/dev/null 2>&1").c_str()) == 0;
}

// The RGB of the pixel at (x, y) of a picture, read back by the ffmpeg command line.
struct Rgb {
  int r, g, b;
};
Rgb pixel(const test::TempDir &dir, const std::string &picture, int x, int y) {
  const std::string raw = dir.file("pixel.rgb");
  if (!ffmpeg("-i '" + picture + "' -vf crop=1:1:" + std::to_string(x) + ":" + std::to_string(y) +
              " -f rawvideo -pix_fmt rgb24 '" + raw + "'"))
    return {-1, -1, -1};
  const std::string bytes = read_all(raw);
  if (bytes.size() < 3) return {-1, -1, -1};
  return {static_cast<unsigned char>(bytes[0]), static_cast<unsigned char>(bytes[1]),
          static_cast<unsigned char>(bytes[2])};
}

bool reddish(Rgb c) {
  return c.r > 200 && c.g < 60 && c.b < 60;
}
bool bluish(Rgb c) {
  return c.b > 200 && c.r < 60 && c.g < 60;
}

// What the ffprobe command line (another reader than ours) says of a file.
struct Probe {
  bool ok = false;
  std::string format;  // "mov,mp4,m4a,3gp,3g2,mj2", "png_pipe", ...
  double duration_s = 0;
  bool has_video = false, has_audio = false;
  std::string video_codec, audio_codec;
  int width = 0, height = 0, sample_rate = 0, channels = 0;
  double fps = 0;
};
Probe ffprobe(const test::TempDir &dir, const std::string &path) {
  const std::string txt = dir.file("probe.json");
  Probe p;
  const std::string cmd = "ffprobe -v error -show_streams -show_format -of json '" + path +
                          "' > '" + txt + "' 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) return p;
  const nlohmann::json j = nlohmann::json::parse(read_all(txt), nullptr, false);
  if (!j.is_object()) return p;
  p.ok = true;
  auto number = [](const nlohmann::json &v) {
    return v.is_string()   ? std::atof(v.get<std::string>().c_str())
           : v.is_number() ? v.get<double>()
                           : 0.0;
  };
  const nlohmann::json format = j.value("format", nlohmann::json::object());
  p.format = format.value("format_name", "");
  p.duration_s = number(format.value("duration", nlohmann::json()));
  for (const auto &st : j.value("streams", nlohmann::json::array())) {
    const std::string type = st.value("codec_type", "");
    if (type == "video" && !p.has_video) {
      p.has_video = true;
      p.video_codec = st.value("codec_name", "");
      p.width = st.value("width", 0);
      p.height = st.value("height", 0);
      const std::string rate = st.value("avg_frame_rate", "0/1");
      const auto slash = rate.find('/');
      const double den = slash == std::string::npos ? 1 : std::atof(rate.c_str() + slash + 1);
      if (den > 0) p.fps = std::atof(rate.c_str()) / den;
    } else if (type == "audio" && !p.has_audio) {
      p.has_audio = true;
      p.audio_codec = st.value("codec_name", "");
      p.sample_rate = static_cast<int>(number(st.value("sample_rate", nlohmann::json())));
      p.channels = st.value("channels", 0);
    }
  }
  return p;
}

class MediaConvertTest : public ::testing::Test {
 protected:
  std::string make_audio(const std::string &name, const std::string &codec_args) {
    const std::string path = dir_.file(name);
    EXPECT_TRUE(ffmpeg("-f lavfi -i sine=frequency=440:sample_rate=44100:duration=2 " + codec_args +
                       " '" + path + "'"))
        << name;
    return path;
  }
  // A copy converted as `kind`, probed; fails the test on an error.
  Probe convert_ok(const std::string &in, MediaKind kind, const std::string &out) {
    std::vector<double> seen;
    const Error e = convert_media(in, kind, out, [&](double p) { seen.push_back(p); });
    EXPECT_FALSE(e) << e.detail;
    EXPECT_FALSE(seen.empty());
    if (!seen.empty()) {
      EXPECT_EQ(seen.back(), 100.0);
    }
    const Probe probe = ffprobe(dir_, out);
    EXPECT_TRUE(probe.ok) << out;
    return probe;
  }

  test::TempDir dir_;
};

TEST_F(MediaConvertTest, OggVorbisBecomesAacInM4a) {
  const std::string ogg = make_audio("song.ogg", "-c:a libvorbis");
  EXPECT_EQ(check_upload_file(ogg, 0).error.code, ErrorCode::UnsupportedFile);
  const ConvertProbe probe = probe_convertible(ogg);
  EXPECT_EQ(probe.kind, MediaKind::Audio);
  EXPECT_NEAR(probe.duration_s, 2.0, 0.1);
  const std::string before = read_all(ogg);
  const Probe p = convert_ok(ogg, MediaKind::Audio, dir_.file("song.m4a"));
  EXPECT_TRUE(p.has_audio);
  EXPECT_FALSE(p.has_video);
  EXPECT_EQ(p.audio_codec, "aac");
  EXPECT_EQ(p.sample_rate, 48000);
  EXPECT_EQ(p.channels, 2);
  EXPECT_NEAR(p.duration_s, 2.0, 0.1);
  const FileCheck copy = check_upload_file(dir_.file("song.m4a"), 0);
  EXPECT_FALSE(copy.error) << copy.error.detail;
  EXPECT_EQ(copy.kind, MediaKind::Audio);
  EXPECT_EQ(read_all(ogg), before) << "the original is never changed";
  for (const auto &e : fs::directory_iterator(dir_.path()))
    EXPECT_EQ(e.path().string().find(".part"), std::string::npos) << e.path();
}

TEST_F(MediaConvertTest, OpusAndWmaAreAudio) {
  for (const auto &[name, args] : std::vector<std::pair<std::string, std::string>>{
           {"voice.opus", "-c:a libopus"}, {"track.wma", "-c:a wmav2"}}) {
    const std::string in = make_audio(name, args);
    ASSERT_EQ(probe_convertible(in).kind, MediaKind::Audio) << name;
    const Probe p = convert_ok(in, MediaKind::Audio, dir_.file(name + ".m4a"));
    EXPECT_EQ(p.audio_codec, "aac") << name;
    EXPECT_NEAR(p.duration_s, 2.0, 0.15) << name;
  }
}

TEST_F(MediaConvertTest, FlacFromSoxWithCoverArtIsAudio) {
  const std::string flac = dir_.file("tone.flac");
  ASSERT_TRUE(run("sox -n -r 22050 -c 1 '" + flac + "' synth 3 sine 330")) << "sox is needed";
  const std::string cover = dir_.file("cover.png");
  ASSERT_TRUE(run("convert -size 64x64 xc:orange '" + cover + "'")) << "ImageMagick is needed";
  const std::string tagged = dir_.file("tagged.flac");
  ASSERT_TRUE(ffmpeg("-i '" + flac + "' -i '" + cover +
                     "' -map 0 -map 1 -c copy -disposition:v attached_pic '" + tagged + "'"));
  for (const std::string &in : {flac, tagged}) {
    EXPECT_EQ(probe_convertible(in).kind, MediaKind::Audio) << in;
    const Probe p = convert_ok(in, MediaKind::Audio, in + ".m4a");
    EXPECT_FALSE(p.has_video) << "the cover is not a video: " << in;
    EXPECT_NEAR(p.duration_s, 3.0, 0.1);
  }
}

TEST_F(MediaConvertTest, TiffIsTurnedUprightByItsExifOrientation) {
  // Left half red, right half blue, stored sideways: orientation 6 says
  // "turn 90 degrees clockwise to show", so upright the red half is on top.
  const std::string tiff = dir_.file("sideways.tiff");
  ASSERT_TRUE(run("convert -size 40x30 xc:red -size 40x30 xc:blue +append -orient RightTop '" +
                  tiff + "'"));
  EXPECT_EQ(check_upload_file(tiff, 0).sniffed_ext, "tiff");
  ASSERT_EQ(probe_convertible(tiff).kind, MediaKind::Image);
  const std::string png = dir_.file("upright.png");
  convert_ok(tiff, MediaKind::Image, png);
  const FileCheck copy = check_upload_file(png, 0);
  EXPECT_FALSE(copy.error) << copy.error.detail;
  EXPECT_EQ(copy.sniffed_ext, "png");
  const Probe dims = ffprobe(dir_, png);
  EXPECT_EQ(dims.width, 30);
  EXPECT_EQ(dims.height, 80);
  EXPECT_TRUE(reddish(pixel(dir_, png, 15, 5)));
  EXPECT_TRUE(bluish(pixel(dir_, png, 15, 75)));
}

TEST_F(MediaConvertTest, BmpAndTransparentTiffKeepTheirPixels) {
  const std::string bmp = dir_.file("flat.bmp");
  ASSERT_TRUE(run("convert -size 20x10 xc:red -size 20x10 xc:blue +append '" + bmp + "'"));
  ASSERT_EQ(probe_convertible(bmp).kind, MediaKind::Image);
  convert_ok(bmp, MediaKind::Image, dir_.file("flat.png"));
  EXPECT_TRUE(reddish(pixel(dir_, dir_.file("flat.png"), 2, 5)));
  EXPECT_TRUE(bluish(pixel(dir_, dir_.file("flat.png"), 37, 5)));

  const std::string tiff = dir_.file("alpha.tiff");
  ASSERT_TRUE(
      run("convert -size 16x16 xc:none -fill red -draw 'rectangle 0,0 7,15' '" + tiff + "'"));
  convert_ok(tiff, MediaKind::Image, dir_.file("alpha.png"));
  // The copy keeps the transparency (the renderer composites it).
  const std::string alpha = dir_.file("alpha.gray");
  ASSERT_TRUE(ffmpeg("-i '" + dir_.file("alpha.png") +
                     "' -vf alphaextract,crop=1:1:12:8 -f rawvideo -pix_fmt gray '" + alpha + "'"));
  const std::string a = read_all(alpha);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(static_cast<unsigned char>(a[0]), 0);
}

TEST_F(MediaConvertTest, ARealPhotoAsTiffKeepsItsSizeUpTo4096) {
  const char *media = std::getenv("NEMO_TEST_MEDIA");
  const fs::path photo = fs::path(media ? media : "") / "photos" / "Dune.jpg";
  if (!media || !fs::exists(photo)) GTEST_SKIP() << "NEMO_TEST_MEDIA has no photos";
  const Probe original = ffprobe(dir_, photo.string());
  ASSERT_GT(original.width, 0);
  const std::string tiff = dir_.file("Dune.tiff");
  ASSERT_TRUE(run("convert '" + photo.string() + "' '" + tiff + "'"));
  convert_ok(tiff, MediaKind::Image, dir_.file("Dune.png"));
  const Probe copy = ffprobe(dir_, dir_.file("Dune.png"));
  const double scale = std::min(1.0, 4096.0 / std::max(original.width, original.height));
  EXPECT_NEAR(copy.width, original.width * scale, 1);
  EXPECT_NEAR(copy.height, original.height * scale, 1);
}

TEST_F(MediaConvertTest, VideoInAnOddContainerBecomesH264Mp4WithItsSound) {
  const std::string flv = dir_.file("stream.flv");
  ASSERT_TRUE(
      ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=25:duration=2 -f lavfi -i "
             "sine=duration=2 -c:v flv1 -c:a libmp3lame -ar 44100 '" +
             flv + "'"));
  const std::string wmv = dir_.file("old.wmv");
  ASSERT_TRUE(
      ffmpeg("-f lavfi -i testsrc2=size=321x241:rate=30:duration=2 -c:v wmv2 '" + wmv + "'"));
  EXPECT_EQ(check_upload_file(flv, 0).error.code, ErrorCode::UnsupportedFile);
  EXPECT_EQ(probe_convertible(flv).kind, MediaKind::Video);
  EXPECT_EQ(probe_convertible(wmv).kind, MediaKind::Video);
  Probe p = convert_ok(flv, MediaKind::Video, dir_.file("stream.mp4"));
  EXPECT_NE(p.format.find("mp4"), std::string::npos) << p.format;
  EXPECT_EQ(p.video_codec, "h264");
  EXPECT_EQ(p.width, 320);
  EXPECT_EQ(p.height, 240);
  EXPECT_TRUE(p.has_audio);
  EXPECT_EQ(p.audio_codec, "aac");
  EXPECT_NEAR(p.duration_s, 2.0, 0.15);
  p = convert_ok(wmv, MediaKind::Video, dir_.file("old.mp4"));
  EXPECT_EQ(p.video_codec, "h264");
  EXPECT_EQ(p.width % 2, 0);  // 4:2:0 wants even sides
  EXPECT_EQ(p.height % 2, 0);
  EXPECT_FALSE(p.has_audio);
  EXPECT_NEAR(p.fps, 30, 0.5);
}

TEST_F(MediaConvertTest, WebmVp9IsAcceptedAsItIs) {
  const std::string webm = dir_.file("clip.webm");
  ASSERT_TRUE(
      ffmpeg("-f lavfi -i testsrc2=size=160x120:rate=10:duration=1 -c:v libvpx-vp9 "
             "-b:v 200k '" +
             webm + "'"));
  const MediaVerdict v = check_media(webm, 0);
  EXPECT_FALSE(v.check.error) << v.check.error.detail;
  EXPECT_FALSE(v.convert);
  EXPECT_EQ(v.check.kind, MediaKind::Video);
}

TEST_F(MediaConvertTest, WhatFfmpegCannotReadKeepsTheUnsupportedMessage) {
  const std::string junk = dir_.file("noise.ogg");
  std::string bytes(4096, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>((i * 7919) % 251);
  write_all(junk, bytes);
  const std::string pdf = dir_.file("doc.pdf");
  write_all(pdf, "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
  // Named like a picture: FFmpeg's image2 demuxer opens it by its name alone.
  const std::string named = dir_.file("photo.jpg");
  write_all(named, read_all(pdf));
  const std::string fake_tiff = dir_.file("scan.tif");
  write_all(fake_tiff, std::string("II*\0\xff\xff\xff\x7f", 8) + std::string(64, '\0'));
  for (const std::string &path : {junk, pdf, named, fake_tiff}) {
    EXPECT_EQ(probe_convertible(path).kind, MediaKind::Unknown) << path;
    const MediaVerdict v = check_media(path, 0);
    EXPECT_FALSE(v.convert);
    EXPECT_EQ(v.check.error.code, ErrorCode::UnsupportedFile);
    EXPECT_EQ(v.check.error.key, "Error.UnsupportedFile");
    std::vector<PreparedFile> prepared;
    const ConvertCache cache(dir_.file("cache"), 1 << 30);
    const Error e = prepare_uploads({path}, 0, cache, {}, CancelToken::none(), prepared);
    EXPECT_EQ(e.code, ErrorCode::UnsupportedFile) << path;
    EXPECT_FALSE(fs::exists(dir_.file("cache")) && !fs::is_empty(dir_.file("cache")));
  }
}

TEST_F(MediaConvertTest, ATruncatedFileFailsWithItsOwnMessageAndLeavesNoCopy) {
  const std::string flv = dir_.file("cut.flv");
  ASSERT_TRUE(
      ffmpeg("-f lavfi -i testsrc2=size=320x240:rate=25:duration=2 -c:v flv1 '" + flv + "'"));
  const std::string bytes = read_all(flv);
  // The header and a few packets: FFmpeg opens it, the pictures stop short.
  write_all(flv, bytes.substr(0, 2000));
  const MediaVerdict v = check_media(flv, 0);
  if (!v.convert) GTEST_SKIP() << "FFmpeg does not open so short a file";
  std::vector<PreparedFile> prepared;
  const ConvertCache cache(dir_.file("cache"), 1 << 30);
  const Error e = prepare_uploads({flv}, 0, cache, {}, CancelToken::none(), prepared);
  // A short read is still a (short) video; an empty one is an error with a key of its own.
  if (e) {
    EXPECT_EQ(e.key, "Error.ConvertFailed") << e.detail;
    EXPECT_EQ(e.code, ErrorCode::BadInput) << "a file of the streamer, not a damaged render";
  } else {
    ASSERT_EQ(prepared.size(), 1u);
    EXPECT_TRUE(ffprobe(dir_, prepared[0].upload_path).has_video);
  }
}

TEST_F(MediaConvertTest, CancelStopsTheConversionAndLeavesNothing) {
  const std::string flv = dir_.file("long.flv");
  ASSERT_TRUE(
      ffmpeg("-f lavfi -i testsrc2=size=640x360:rate=25:duration=20 -c:v flv1 '" + flv + "'"));
  CancelToken cancel;
  int calls = 0;
  const Error e = convert_media(
      flv, MediaKind::Video, dir_.file("long.mp4"),
      [&](double p) {
        if (++calls == 2 || p > 5) cancel.cancel();
      },
      cancel);
  EXPECT_EQ(e.code, ErrorCode::Cancelled);
  EXPECT_FALSE(fs::exists(dir_.file("long.mp4")));
  for (const auto &entry : fs::directory_iterator(dir_.path()))
    EXPECT_EQ(entry.path().string().find(".part"), std::string::npos) << entry.path();
}

TEST_F(MediaConvertTest, TheCacheReusesACopyUntilTheOriginalChanges) {
  const std::string ogg = make_audio("song.ogg", "-c:a libvorbis");
  const ConvertCache cache(dir_.file("cache"), 1 << 30);
  std::vector<PreparedFile> first, second, third;
  int progress_calls = 0;
  ASSERT_FALSE(prepare_uploads(
      {ogg}, 0, cache, [&](double) { ++progress_calls; }, CancelToken::none(), first));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(first[0].converted);
  EXPECT_FALSE(first[0].reused);
  EXPECT_EQ(fs::path(first[0].upload_path).filename(), "song.m4a") << "the name stem is kept";
  EXPECT_EQ(fs::path(first[0].upload_path).parent_path().parent_path(), dir_.file("cache"));
  EXPECT_GT(progress_calls, 0);

  ASSERT_FALSE(prepare_uploads({ogg}, 0, cache, {}, CancelToken::none(), second));
  EXPECT_TRUE(second[0].reused);
  EXPECT_EQ(second[0].upload_path, first[0].upload_path);

  // A changed original (here: a longer song) is converted again.
  make_audio("song.ogg", "-t 1 -c:a libvorbis");
  fs::last_write_time(ogg, fs::last_write_time(ogg) + std::chrono::seconds(5));
  ASSERT_FALSE(prepare_uploads({ogg}, 0, cache, {}, CancelToken::none(), third));
  EXPECT_FALSE(third[0].reused);
  EXPECT_NE(third[0].upload_path, first[0].upload_path);
  EXPECT_NEAR(ffprobe(dir_, third[0].upload_path).duration_s, 1.0, 0.1);
}

TEST_F(MediaConvertTest, TheCacheIsTrimmedToItsLimitOldestFirst) {
  const std::string cache_dir = dir_.file("cache");
  std::vector<std::string> songs;
  for (int i = 0; i < 3; ++i)
    songs.push_back(make_audio("s" + std::to_string(i) + ".ogg", "-c:a libvorbis"));
  // Room for about two copies (each about 50 KB).
  const ConvertCache measure(cache_dir, 1ull << 40);
  std::vector<PreparedFile> one;
  ASSERT_FALSE(prepare_uploads({songs[0]}, 0, measure, {}, CancelToken::none(), one));
  const std::uint64_t copy_size = fs::file_size(one[0].upload_path);
  const ConvertCache cache(cache_dir, copy_size * 2 + copy_size / 2);
  std::vector<PreparedFile> prepared;
  // Copies made a second apart, so "oldest" is unambiguous.
  fs::last_write_time(one[0].upload_path, fs::file_time_type::clock::now() - std::chrono::hours(1));
  ASSERT_FALSE(prepare_uploads({songs[1]}, 0, cache, {}, CancelToken::none(), prepared));
  ASSERT_FALSE(prepare_uploads({songs[2]}, 0, cache, {}, CancelToken::none(), prepared));
  EXPECT_FALSE(fs::exists(one[0].upload_path)) << "the least recently used copy goes";
  EXPECT_TRUE(fs::exists(prepared[0].upload_path));
  EXPECT_LE(cache.size_bytes(), copy_size * 2 + copy_size / 2);
  // The copy about to be uploaded stays even when it alone is over the limit.
  const ConvertCache tiny(cache_dir, 1);
  ASSERT_FALSE(prepare_uploads({songs[0]}, 0, tiny, {}, CancelToken::none(), prepared));
  EXPECT_TRUE(fs::exists(prepared[0].upload_path));
}

TEST_F(MediaConvertTest, TheSizeLimitAppliesToTheCopy) {
  const std::string ogg = make_audio("song.ogg", "-c:a libvorbis");
  const ConvertCache cache(dir_.file("cache"), 1 << 30);
  std::vector<PreparedFile> prepared;
  const Error e = prepare_uploads({ogg}, 1000, cache, {}, CancelToken::none(), prepared);
  EXPECT_EQ(e.code, ErrorCode::FileTooLarge) << e.detail;
  EXPECT_NE(e.detail.find("song.ogg converted"), std::string::npos) << e.detail;
}

TEST_F(MediaConvertTest, AcceptedFilesPassThroughAndABadOneFailsBeforeAnyConversion) {
  const std::string mp3 = make_audio("ok.mp3", "-c:a libmp3lame");
  const std::string ogg = make_audio("song.ogg", "-c:a libvorbis");
  const std::string missing = dir_.file("gone.flac");
  const ConvertCache cache(dir_.file("cache"), 1 << 30);
  std::vector<PreparedFile> prepared;
  ASSERT_FALSE(prepare_uploads({mp3, ogg}, 0, cache, {}, CancelToken::none(), prepared));
  ASSERT_EQ(prepared.size(), 2u);
  EXPECT_FALSE(prepared[0].converted);
  EXPECT_EQ(prepared[0].upload_path, mp3);
  EXPECT_TRUE(prepared[1].converted);

  fs::remove_all(dir_.file("cache"));
  const Error e = prepare_uploads({ogg, missing}, 0, cache, {}, CancelToken::none(), prepared);
  EXPECT_EQ(e.key, "Error.FileMissing");
  EXPECT_FALSE(fs::exists(dir_.file("cache"))) << "nothing converted for a job that cannot run";
}

}  // namespace
}  // namespace nemo::core
