// The size of a HEIC's coded pictures, read from its HEVC parameter sets:
// right on what heif-enc writes (chroma formats, bit depths, sizes that need a
// conformance window), and the guard it gives before a pixel is decoded.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/heif_coded_size.hpp"

#include <gtest/gtest.h>

#include "render/heif_image.hpp"
#include "render/image_decode.hpp"
#include "render_test_util.hpp"

namespace nemo::render {
namespace {

using test::TempDir;

const std::string kLyingHeic =
    std::string(NEMO_IMAGE_REGRESSIONS) + "/heic_ispe_says_64x64_picture_is_8200x8000.heic";

struct Encoding {
  const char *name;
  int width, height;
  const char *png_pix_fmt;  // 16-bit input makes heif-enc write 10 bits
  const char *heif_enc_args;
};

class HeifCodedSize : public ::testing::TestWithParam<Encoding> {
 protected:
  TempDir dir;
};

TEST_P(HeifCodedSize, MatchesThePictureHeifEncWrote) {
  if (!test::have_ffmpeg()) GTEST_SKIP() << "needs the ffmpeg CLI";
  if (const std::string why = test::why_no_heic_encoder(); !why.empty()) GTEST_SKIP() << why;
  const Encoding &e = GetParam();
  const std::string png = dir.file("src.png"), heic = dir.file("photo.heic");
  ASSERT_TRUE(test::ffmpeg("-f lavfi -i testsrc2=size=" + std::to_string(e.width) + "x" +
                           std::to_string(e.height) + " -frames:v 1 -pix_fmt " + e.png_pix_fmt +
                           " '" + png + "'"));
  ASSERT_TRUE(test::run_command("'" + std::string(NEMO_HEIF_ENC) + "' " + e.heif_enc_args + " '" +
                                png + "' -o '" + heic + "' > /dev/null 2>&1"));
  CodedSize coded;
  ASSERT_EQ(heif_coded_size(heic, coded), CodedSizeResult::Found);
  EXPECT_EQ(coded.width, e.width);
  EXPECT_EQ(coded.height, e.height);
  if (!heif_supported()) return;
  DecodedPicture pic;
  const auto err = decode_image(heic, pic);
  ASSERT_FALSE(err) << err->code << ": " << err->message;
  EXPECT_EQ(pic.view.width, e.width);
  EXPECT_EQ(pic.view.height, e.height);
}

INSTANTIATE_TEST_SUITE_P(
    Encodings, HeifCodedSize,
    ::testing::Values(Encoding{"Yuv420", 320, 240, "rgb24", "-q 50"},
                      Encoding{"SizeNeedsAWindow", 334, 202, "rgb24", "-q 50"},
                      Encoding{"Yuv444", 256, 144, "rgb24", "-q 50 -p chroma=444"},
                      Encoding{"Yuv422", 200, 120, "rgb24", "-q 50 -p chroma=422"},
                      Encoding{"TenBit", 160, 96, "rgb48be", "-q 50 -b 10"},
                      Encoding{"Lossless", 96, 64, "rgb24", "-L -p chroma=444"}),
    [](const ::testing::TestParamInfo<Encoding> &p) { return std::string(p.param.name); });

// Found by fuzzing: the 'ispe' box (what libheif reports) says 64x64, the
// parameter set says 8200x8000 (66 MP, over the cap). Refused from the
// header, at upload time as at render time, before the decoder allocates.
TEST(HeifCodedSizeGuard, ALyingIspeBoxIsRefusedBeforeDecoding) {
  CodedSize coded;
  ASSERT_EQ(heif_coded_size(kLyingHeic, coded), CodedSizeResult::Found);
  EXPECT_EQ(coded.width, 8200);
  EXPECT_EQ(coded.height, 8000);
  if (!heif_supported()) GTEST_SKIP() << "this libheif has no HEVC decoder";
  const double rss_before = test::peak_rss_mb();
  ImageHeader header;
  const auto err = read_image_header(kLyingHeic, "heic", header);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, "too_large");
  EXPECT_NE(err->message.find("8200x8000"), std::string::npos) << err->message;
  DecodedPicture pic;
  const auto err2 = decode_image(kLyingHeic, pic);
  ASSERT_TRUE(err2);
  EXPECT_EQ(err2->code, "too_large");
  EXPECT_EQ(pic.view.width, 0) << "the refused picture reached the caller";
  EXPECT_LT(test::peak_rss_mb() - rss_before, 50.0) << "pixels were allocated";
}

// An 'hvcC' box whose parameter set is not an SPS any more: the size cannot
// be known, so the picture is not decoded.
TEST(HeifCodedSizeGuard, AnUnreadableParameterSetIsRefused) {
  std::string bytes = test::read_file(kLyingHeic);
  const auto hvcc = bytes.find("hvcC");
  ASSERT_NE(hvcc, std::string::npos);
  std::size_t patched = 0;
  // Walk the record's arrays; each SPS's NAL header gets type 34 (a PPS).
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(bytes[i]); };
  std::size_t pos = hvcc + 4 + 22;
  const unsigned arrays = byte(pos++);
  for (unsigned a = 0; a < arrays; ++a) {
    const unsigned count = (byte(pos + 1) << 8) | byte(pos + 2);
    pos += 3;
    for (unsigned n = 0; n < count; ++n) {
      const unsigned len = (byte(pos) << 8) | byte(pos + 1);
      pos += 2;
      if (((byte(pos) >> 1) & 0x3f) == 33) {
        bytes[pos] = static_cast<char>((byte(pos) & 0x81) | (34 << 1));
        ++patched;
      }
      pos += len;
    }
  }
  ASSERT_EQ(patched, 1u);
  TempDir dir;
  const std::string path = dir.file("no-sps.heic");
  test::write_file(path, bytes);
  CodedSize coded;
  EXPECT_EQ(heif_coded_size(path, coded), CodedSizeResult::Unreadable);
  if (!heif_supported()) return;
  DecodedPicture pic;
  const auto err = decode_image(path, pic);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->code, "bad_input");
}

// Every cut of a parameter-set record and of an SPS is read or refused, never
// read past its end (ASan checks the reads).
TEST(HeifCodedSizeGuard, CutRecordsAreReadWithinTheirBounds) {
  const std::string bytes = test::read_file(kLyingHeic);
  const auto hvcc = bytes.find("hvcC");
  ASSERT_NE(hvcc, std::string::npos);
  const auto size = (static_cast<unsigned char>(bytes[hvcc - 2]) << 8) |
                    static_cast<unsigned char>(bytes[hvcc - 1]);
  const std::size_t payload = size - 8;
  int whole = 0;
  for (std::size_t cut = 0; cut <= payload; ++cut) {
    std::vector<std::uint8_t> rec(bytes.begin() + static_cast<long>(hvcc) + 4,
                                  bytes.begin() + static_cast<long>(hvcc + 4 + cut));
    CodedSize s;
    if (hvcc_largest_size(rec.data(), rec.size(), s)) {
      EXPECT_EQ(s.width, 8200);
      ++whole;
    }
  }
  EXPECT_GE(whole, 1);
}

}  // namespace
}  // namespace nemo::render
