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
// samples; FFmpeg 5.1 sized its index from that and touched 2.7 GB. The
// second find hides the same run behind a box that claims 4 GB inside 'minf'
// (libavformat cuts it to its parent and walks on).
TEST_F(Mp4SampleCounts, TheFuzzFoundBombsAreRefusedWithoutSpendingMemory) {
  for (const char *name :
       {"trun_declares_84M_samples_in_1165_bytes.mp4", "trun_after_a_box_past_its_parent.mp4"}) {
    const std::string bomb = std::string(NEMO_MP4_REGRESSIONS) + "/" + name;
    const Error e = check_mp4_sample_counts(bomb);
    EXPECT_EQ(e.code, ErrorCode::BadMedia) << name;
    EXPECT_NE(e.detail.find("'trun'"), std::string::npos) << e.detail;
    EXPECT_NE(e.detail.find("83886080"), std::string::npos) << e.detail;
    const double before = peak_rss_mb();
    ProbeResult r;
    EXPECT_EQ(probe_mp4(bomb, r).code, ErrorCode::BadMedia) << name;
    EXPECT_LT(peak_rss_mb() - before, 100.0) << "libavformat read " << name;
  }
}

TEST_F(Mp4SampleCounts, TablesThatFitTheirFilePass) {
  const std::string tables = box("stts", be32(0) + be32(1) + be32(10) + be32(512)) +
                             box("stsz", be32(0) + be32(0) + be32(10) + std::string(40, '\x01')) +
                             box("stco", be32(0) + be32(1) + be32(64));
  EXPECT_FALSE(check_mp4_sample_counts(write("ok.mp4", mp4_with(tables))));
  // The media data may hold anything, these names too.
  const std::string data = "trun" + be32(0) + be32(0xFFFFFFFF) + "stsz" + be32(0) + be32(1) +
                           be32(0xFFFFFFFF) + std::string(2000, '\0');
  EXPECT_FALSE(check_mp4_sample_counts(write("data.mp4", mp4_with("") + box("mdat", data))));
}

TEST_F(Mp4SampleCounts, CountsBeyondTheFileAreRefusedWhereverTheBoxSits) {
  struct Case {
    const char *name;
    std::string bytes;
    const char *box;
  };
  const std::string moov = box("moov", box("mvex", ""));
  const auto run = [](std::uint32_t samples) {
    return box("trun", be32(0) + be32(samples) + std::string(8, '\0'));
  };
  const Case cases[] = {
      {"a constant sample size over a billion samples",
       mp4_with(box("stsz", be32(0) + be32(4) + be32(1000000000))), "'stsz'"},
      {"a compact size table beyond the file",
       mp4_with(box("stz2", be32(0) + be32(16) + be32(50000000))), "'stz2'"},
      {"a fragment run beyond the file", moov + box("moof", box("traf", run(5000000))), "'trun'"},
      {"fragment runs that together pass the file",
       moov + box("moof", box("traf", run(200) + run(200) + run(200))) +
           box("mdat", std::string(300, '\0')),
       "'trun'"},
      {"a run inside udta", box("moov", box("udta", run(90000000))), "'trun'"},
      {"a run after a box whose size runs past its parent",
       box("moov", box("trak", be32(0xFFFFFFF0) + "junk")) + box("moof", run(90000000)), "'trun'"},
  };
  for (const auto &c : cases) {
    const Error e = check_mp4_sample_counts(write("bad.mp4", c.bytes));
    EXPECT_EQ(e.code, ErrorCode::BadMedia) << c.name;
    EXPECT_NE(e.detail.find(c.box), std::string::npos) << c.name << ": " << e.detail;
  }
}

// What the check cannot judge is left to libavformat: other formats, boxes
// cut short, garbage.
TEST_F(Mp4SampleCounts, WhatIsNotIsoBmffOrIsCutShortIsLeftToLibavformat) {
  EXPECT_FALSE(check_mp4_sample_counts(write("text.mp4", std::string(5000, 'x'))));
  EXPECT_FALSE(check_mp4_sample_counts(write("empty.mp4", "")));
  const std::string cut = mp4_with(box("stsz", be32(0) + be32(0) + be32(10) + std::string(40, 1)));
  EXPECT_FALSE(check_mp4_sample_counts(write("cut.mp4", cut.substr(0, 60))));
  EXPECT_FALSE(check_mp4_sample_counts(write("stsz_cut.mp4", cut.substr(0, cut.find("stsz") + 8))));
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
