// The MP4 sample-count check that runs before libavformat: files made by
// other tools pass in every shape, tables that declare more than their file
// can hold are refused, and the fuzz-found memory bomb no longer costs memory.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/mp4_sample_counts.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <string>

#include "core/mp4_probe.hpp"
#include "media_fixtures.hpp"

namespace nemo::core {
namespace {

const std::string kBomb =
    std::string(NEMO_MP4_REGRESSIONS) + "/trun_declares_84M_samples_in_1165_bytes.mp4";

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

std::string box(const char *type, const std::string &payload) {
  return be32(static_cast<std::uint32_t>(8 + payload.size())) + std::string(type, 4) + payload;
}

// ftyp, then moov/trak/mdia/minf/stbl holding `tables`, then an mdat of `data` bytes.
std::string mp4_with(const std::string &tables, std::size_t data = 1000) {
  const std::string stbl = box("stbl", tables);
  return box("ftyp", "isom" + be32(0) + "isom") +
         box("moov", box("trak", box("mdia", box("minf", stbl)))) +
         box("mdat", std::string(data, '\0'));
}

class Mp4SampleCounts : public ::testing::Test {
 protected:
  test::TempDir dir;
  std::string write(const std::string &name, const std::string &bytes) {
    test::write_all(dir.file(name), bytes);
    return dir.file(name);
  }
};

// Found by fuzzing core::probe_mp4: a 44-byte 'trun' declares 83,886,080
// samples; FFmpeg 5.1 sized its index from that and touched 2.7 GB.
TEST_F(Mp4SampleCounts, TheFuzzFoundBombIsRefusedWithoutSpendingMemory) {
  const Error e = check_mp4_sample_counts(kBomb);
  EXPECT_EQ(e.code, ErrorCode::BadMedia);
  EXPECT_NE(e.detail.find("'trun'"), std::string::npos) << e.detail;
  EXPECT_NE(e.detail.find("83886080"), std::string::npos) << e.detail;
  const double before = peak_rss_mb();
  ProbeResult r;
  EXPECT_EQ(probe_mp4(kBomb, r).code, ErrorCode::BadMedia);
  EXPECT_LT(peak_rss_mb() - before, 100.0) << "libavformat read the bomb";
}

TEST_F(Mp4SampleCounts, TablesThatFitTheirFilePass) {
  const std::string tables = box("stts", be32(0) + be32(1) + be32(10) + be32(512)) +
                             box("stsc", be32(0) + be32(1) + be32(1) + be32(10) + be32(1)) +
                             box("stsz", be32(0) + be32(0) + be32(10) + std::string(40, '\x01')) +
                             box("stco", be32(0) + be32(1) + be32(64)) +
                             box("stss", be32(0) + be32(1) + be32(1));
  EXPECT_FALSE(check_mp4_sample_counts(write("ok.mp4", mp4_with(tables))));
}

TEST_F(Mp4SampleCounts, TablesDeclaringMoreThanTheFileHoldsAreRefused) {
  struct Case {
    const char *name;
    std::string tables;
    const char *box;
  };
  const Case cases[] = {
      {"stsz entries beyond its box", box("stsz", be32(0) + be32(0) + be32(100000)), "'stsz'"},
      {"a constant sample size over a billion samples",
       box("stsz", be32(0) + be32(4) + be32(1000000000)), "'stsz'"},
      {"stts samples beyond the file", box("stts", be32(0) + be32(1) + be32(50000000) + be32(1)),
       "'stts'"},
      {"ctts entries beyond its box", box("ctts", be32(0) + be32(70000000)), "'ctts'"},
      {"stsc samples per chunk beyond the file",
       box("stsc", be32(0) + be32(1) + be32(1) + be32(90000000) + be32(1)), "'stsc'"},
      {"stco entries beyond its box", box("stco", be32(0) + be32(1000)), "'stco'"},
      {"co64 entries beyond its box", box("co64", be32(0) + be32(3) + std::string(16, '\0')),
       "'co64'"},
      {"stz2 entries beyond its box", box("stz2", be32(0) + be32(16) + be32(5000)), "'stz2'"},
  };
  for (const auto &c : cases) {
    const Error e = check_mp4_sample_counts(write("bad.mp4", mp4_with(c.tables)));
    EXPECT_EQ(e.code, ErrorCode::BadMedia) << c.name;
    EXPECT_NE(e.detail.find(c.box), std::string::npos) << c.name << ": " << e.detail;
  }
  // A fragment run: per-sample fields that do not fit, and samples beyond the file.
  const std::string moov = box("moov", box("mvex", ""));
  const std::string sized =
      box("moof", box("traf", box("trun", be32(0x000200) + be32(1000) + std::string(8, '\0'))));
  EXPECT_EQ(check_mp4_sample_counts(write("f1.mp4", moov + sized)).code, ErrorCode::BadMedia);
  const std::string many = box("moof", box("traf", box("trun", be32(0) + be32(5000000))));
  EXPECT_EQ(check_mp4_sample_counts(write("f2.mp4", moov + many)).code, ErrorCode::BadMedia);
}

// What the check cannot judge is left to libavformat: other formats, boxes
// cut short, garbage.
TEST_F(Mp4SampleCounts, WhatIsNotIsoBmffOrIsCutShortIsLeftToLibavformat) {
  EXPECT_FALSE(check_mp4_sample_counts(write("text.mp4", std::string(5000, 'x'))));
  EXPECT_FALSE(check_mp4_sample_counts(write("empty.mp4", "")));
  const std::string cut = mp4_with(box("stsz", be32(0) + be32(0) + be32(10) + std::string(40, 1)));
  EXPECT_FALSE(check_mp4_sample_counts(write("cut.mp4", cut.substr(0, 60))));
  EXPECT_FALSE(check_mp4_sample_counts(dir.file("missing.mp4")));
}

// Files made by another tool (the ffmpeg command line), in the shapes a
// backend or a streamer may hand over, all pass.
TEST_F(Mp4SampleCounts, FilesMadeByFfmpegPassInEveryShape) {
  const std::string v = "-f lavfi -i testsrc2=size=320x240:rate=60:duration=3 ";
  const std::string a = "-f lavfi -i sine=frequency=440:duration=3 ";
  const std::string h264 = "-c:v libx264 -preset ultrafast -pix_fmt yuv420p ";
  const std::pair<const char *, std::string> shapes[] = {
      {"faststart.mp4", v + a + h264 + "-c:a aac -movflags +faststart "},
      {"moov_at_end.mp4", v + h264},
      {"fragmented.mp4", v + a + h264 + "-c:a aac -movflags frag_keyframe+empty_moov "},
      {"fragmented_dash.mp4",
       v + h264 + "-g 30 -movflags frag_keyframe+empty_moov+default_base_moof "},
      {"mpeg4.mov", v + "-c:v mpeg4 "},
      {"pcm.mov", v + a + "-c:v mpeg4 -c:a pcm_s16le "},
      {"bframes.mp4", v + "-c:v libx264 -preset medium -bf 3 -pix_fmt yuv420p "},
  };
  for (const auto &[name, args] : shapes) {
    ASSERT_TRUE(test::ffmpeg(args + "'" + dir.file(name) + "'")) << name;
    const Error e = check_mp4_sample_counts(dir.file(name));
    EXPECT_FALSE(e) << name << ": " << e.detail;
    ProbeResult r;
    const Error p = probe_mp4(dir.file(name), r);
    EXPECT_FALSE(p) << name << ": " << p.detail;
  }
}

}  // namespace
}  // namespace nemo::core
