// Choosing the H.264 encoder: the order, the fallback to libx264 when no
// device opens (a fake device list), and the real fallback on this machine.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/encoder_choice.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "render/renderer.hpp"
#include "render_test_util.hpp"

namespace nemo::render {
namespace {

// A fake machine: the encoders whose device "opens".
CandidateOpener fake_machine(std::set<std::string> present, std::vector<std::string> *asked) {
  return [present, asked](const EncoderCandidate &c, OpenedEncoder &out) -> MaybeError {
    asked->push_back(c.encoder);
    if (!present.count(c.encoder)) return make_error("unsupported", "no device");
    out.ctx.reset(avcodec_alloc_context3(nullptr));
    return std::nullopt;
  };
}

TEST(EncoderChoice, HardwareFirstThenLibx264) {
  const auto all = h264_candidates(true);
  ASSERT_GE(all.size(), 1u);
  EXPECT_EQ(all.back().encoder, "libx264");
#if !defined(_WIN32) && !defined(__APPLE__)
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].encoder, "h264_nvenc");
  EXPECT_EQ(all[1].encoder, "h264_vaapi");
  EXPECT_EQ(all[1].device, "vaapi");
#endif
  const auto software = h264_candidates(false);
  ASSERT_EQ(software.size(), 1u);
  EXPECT_EQ(software[0].encoder, "libx264");
}

TEST(EncoderChoice, TheFirstThatOpensWins) {
  std::vector<std::string> asked, refused;
  OpenedEncoder out;
  const std::vector<EncoderCandidate> list = {
      {"h264_nvenc", ""}, {"h264_vaapi", "vaapi"}, {"libx264", ""}};
  ASSERT_FALSE(open_first(list, fake_machine({"h264_vaapi", "libx264"}, &asked), out, &refused));
  EXPECT_EQ(out.encoder, "h264_vaapi");
  EXPECT_EQ(asked, (std::vector<std::string>{"h264_nvenc", "h264_vaapi"}));
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0], "h264_nvenc: no device");
}

TEST(EncoderChoice, NoDeviceFallsBackToLibx264) {
  std::vector<std::string> asked, refused;
  OpenedEncoder out;
  ASSERT_FALSE(open_first(h264_candidates(true), fake_machine({"libx264"}, &asked), out, &refused));
  EXPECT_EQ(out.encoder, "libx264");
  EXPECT_EQ(refused.size(), h264_candidates(true).size() - 1);
  // Software only: hardware is not even tried.
  asked.clear();
  refused.clear();
  ASSERT_FALSE(open_first(h264_candidates(false), fake_machine({"h264_nvenc", "libx264"}, &asked),
                          out, &refused));
  EXPECT_EQ(out.encoder, "libx264");
  EXPECT_EQ(asked, (std::vector<std::string>{"libx264"}));
}

TEST(EncoderChoice, NothingOpensIsTheLastError) {
  std::vector<std::string> asked;
  OpenedEncoder out;
  const auto err = open_first(h264_candidates(true), fake_machine({}, &asked), out, nullptr);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->message, "no device");
  EXPECT_FALSE(out.ctx);
}

// This machine: whatever it has, a render names its encoder; with no
// hardware device (CI), that is libx264 and each hardware one says why not.
TEST(EncoderChoice, ARenderNamesItsEncoderAndFallsBackHere) {
  if (!test::have_ffmpeg()) GTEST_SKIP() << "the ffmpeg CLI is needed to make the inputs";
  test::TempDir dir;
  const std::string png = dir.file("a.png");
  ASSERT_TRUE(test::make_picture(png, 320, 240));
  RenderSpec spec;
  spec.canvas = Canvas{256, 144, 30};
  spec.duration_ms = 500;
  VisualClip v;
  v.path = png;
  v.end_ms = 500;
  spec.visuals.push_back(v);
  for (const bool hardware : {true, false}) {
    spec.encoder.allow_hardware = hardware;
    std::string used;
    std::vector<std::string> refused;
    RenderOptions options;
    options.low_priority = false;
    options.on_encoder = [&](const std::string &e, const std::vector<std::string> &r) {
      used = e;
      refused = r;
    };
    const std::string out = dir.file(hardware ? "auto.mp4" : "software.mp4");
    const auto err = render_to_file(spec, out, options);
    ASSERT_FALSE(err) << err->message;
    EXPECT_EQ(test::probe(out).video_codec, "h264");
    if (!hardware) {
      EXPECT_EQ(used, "libx264");
      EXPECT_TRUE(refused.empty());
    } else if (used == "libx264") {
      EXPECT_EQ(refused.size(), h264_candidates(true).size() - 1);
      for (const std::string &line : refused) EXPECT_NE(line.find(": "), std::string::npos) << line;
    }
    std::printf("encoder %s: %s", hardware ? "auto" : "software", used.c_str());
    for (const std::string &line : refused) std::printf(" [passed over %s]", line.c_str());
    std::printf("\n");
  }
}

}  // namespace
}  // namespace nemo::render
