// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/draft.hpp"

#include <gtest/gtest.h>

namespace nemo::core {
namespace {
using nlohmann::json;

json example_draft() {
  return json::parse(R"({
    "d": 10000,
    "m": {"title": "Urban Dreams", "width": 1920, "height": 1080, "fps": 30, "fit": "blur"},
    "t": [
      {"tt": 0, "d": 10000, "m": {"name": "city timelapse"},
       "sg": [{"id": "v1", "s": 0, "e": 10000, "n": "city.mp4", "k": "video", "src": "u1"}]},
      {"tt": 1, "d": 10000, "m": {"name": "Lo-fi"},
       "sg": [{"id": "a1", "s": 0, "e": 10000, "src": "u2", "vol": 0.35, "fi": 500}]},
      {"tt": 7, "d": 3000, "m": {"name": "Title"},
       "sg": [{"id": "x1", "s": 0, "e": 3000, "text": "Urban Dreams", "role": "title"}]}
    ],
    "future_key": {"anything": [1, 2, 3]}
  })");
}

TEST(Draft, SummaryMatchesTheDocumentedExampleExactly) {
  EXPECT_EQ(timeline_summary(example_draft()),
            "Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) "
            "3. Title: \"Urban Dreams\" (0-3s)");
}

TEST(Draft, SummaryOfDraftMdExampleWithDerivedNames) {
  json d = json::parse(R"({"d":30000,"t":[
    {"tt":0,"d":30000,"sg":[{"s":0,"e":6000,"k":"image"},{"s":5500,"e":12000,"k":"image"},
      {"s":11500,"e":18000,"k":"image"},{"s":17500,"e":24000,"k":"image"},{"s":23500,"e":30000,"k":"image"}]},
    {"tt":1,"d":30000,"sg":[{"s":0,"e":30000,"n":"summer.mp3","vol":0.35}]},
    {"tt":7,"d":3000,"m":{"name":"Title"},"sg":[{"s":0,"e":3000,"text":"My trip","role":"title"}]}]})");
  EXPECT_EQ(timeline_summary(d),
            "Timeline (3 tracks): 1. Video: 5 photos (0-30s) 2. BGM: summer.mp3 (0-30s, 35%) "
            "3. Title: \"My trip\" (0-3s)");
}

TEST(Draft, SummaryAcceptsStateWrappers) {
  const std::string expected = timeline_summary(example_draft());
  EXPECT_EQ(timeline_summary(json{{"draft", example_draft()}}), expected);
  EXPECT_EQ(timeline_summary(json{{"state", {{"draft", example_draft()}}}}), expected);
}

TEST(Draft, SummaryCaptionsExtentFallbackAndVolumeDefault) {
  json d = json::parse(R"({"t":[
    {"tt":7,"sg":[{"s":1000,"e":2500,"text":"a","role":"caption"},{"s":3000,"e":4000,"text":"b","role":"caption"}]},
    {"tt":1,"d":4000,"m":{"name":"beat"},"sg":[{"src":"x"}]},
    {"tt":0,"d":2000,"sg":[]}]})");
  EXPECT_EQ(timeline_summary(d),
            "Timeline (3 tracks): 1. Captions: 2 captions (1-4s) 2. BGM: beat (0-4s, 100%) "
            "3. Video: 0 photos (0-2s)");
}

TEST(Draft, SummaryMixedVideoAndSingularTrack) {
  json d = json::parse(R"({"t":[{"tt":0,"sg":[{"s":0,"e":2000,"k":"image"},
      {"s":2000,"e":5250,"k":"video"},{"s":5250,"e":7000,"k":"video"}]}]})");
  EXPECT_EQ(timeline_summary(d), "Timeline (1 track): 1. Video: 1 photo, 2 clips (0-7s)");
}

TEST(Draft, SummaryNeverBreaksOnOddInput) {
  EXPECT_EQ(timeline_summary(json()), "Timeline (0 tracks): empty");
  EXPECT_EQ(timeline_summary(json::parse(R"({"t":"x"})")), "Timeline (0 tracks): empty");
  json odd = json::parse(R"({"t":[1,null,{"tt":"0","sg":{"no":1}},
      {"tt":1,"sg":[{"s":"0","e":"2500","vol":"x"}]},{"tt":42,"sg":[{}],"m":7}]})");
  EXPECT_EQ(timeline_summary(odd),
            "Timeline (3 tracks): 1. Video: 0 photos (0-0s) 2. BGM: 1 clip (0-2.5s, 100%) "
            "3. Track: 1 segment (0-0s)");
}

TEST(Draft, Exportable) {
  EXPECT_TRUE(draft_exportable(example_draft()));
  EXPECT_TRUE(draft_exportable(json{{"state", {{"draft", example_draft()}}}}));
  EXPECT_FALSE(draft_exportable(json()));
  EXPECT_FALSE(draft_exportable(json::object()));
  EXPECT_FALSE(draft_exportable(json::parse(R"({"t":[]})")));
  EXPECT_FALSE(draft_exportable(json::parse(R"({"t":[{"tt":0,"sg":[]},{"tt":1}]})")));
  EXPECT_FALSE(draft_exportable(json::parse(R"({"t":[{"tt":0,"sg":"x"}]})")));
  EXPECT_TRUE(draft_exportable(json::parse(R"({"t":[{"tt":0,"sg":[]},{"tt":7,"sg":[{}]}]})")));
}

TEST(Draft, NoChangeGivesEmptyString) {
  EXPECT_EQ(summarize_change(example_draft(), example_draft()), "");
  EXPECT_EQ(summarize_change(json{{"state", {{"draft", example_draft()}}}}, example_draft()), "");
  EXPECT_EQ(change_report(example_draft(), example_draft()), "");
}

TEST(Draft, ChangeDurationAndSize) {
  json after = example_draft();
  after["d"] = 30000;
  after["m"]["width"] = 1080;
  after["m"]["height"] = 1920;
  const std::string s = summarize_change(example_draft(), after);
  EXPECT_NE(s.find("Duration changed from 10s to 30s."), std::string::npos) << s;
  EXPECT_NE(s.find("Size changed from 1920x1080 (16:9) to 1080x1920 (9:16)."), std::string::npos)
      << s;
}

TEST(Draft, ChangeTracksAddedAndRemoved) {
  json before = example_draft();
  json after = example_draft();
  after["t"].erase(1);  // music removed
  after["t"].push_back(json::parse(
      R"({"tt":7,"sg":[{"s":0,"e":2000,"text":"hi","role":"caption"},{"s":2000,"e":4000,"text":"yo","role":"caption"}]})"));
  const std::string s = summarize_change(before, after);
  EXPECT_NE(s.find("Removed BGM: Lo-fi (0-10s, 35%)."), std::string::npos) << s;
  EXPECT_NE(s.find("Added Captions: 2 captions (0-4s)."), std::string::npos) << s;
  EXPECT_EQ(s.find("Title"), std::string::npos) << s;  // the title did not change
}

TEST(Draft, ChangeVolumeTitleTextAndTransitions) {
  json after = example_draft();
  after["t"][1]["sg"][0]["vol"] = 0.6;
  after["t"][2]["sg"][0]["text"] = "Night City";
  after["t"][0]["sg"][0]["tr"] = {{"type", "fade"}, {"d", 500}};
  const std::string s = summarize_change(example_draft(), after);
  EXPECT_NE(s.find("Music volume changed from 35% to 60%."), std::string::npos) << s;
  EXPECT_NE(s.find("Title text changed from \"Urban Dreams\" to \"Night City\"."),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("Transitions: 1 fade (was none)."), std::string::npos) << s;
}

TEST(Draft, ChangeOnlyInOpaqueKeysIsStillReported) {
  json after = example_draft();
  after["t"][0]["sg"][0]["mo"] = {{"type", "kenburns"}};
  EXPECT_EQ(summarize_change(example_draft(), after), "The timeline was updated.");
}

TEST(Draft, ChangeFromNothing) {
  const std::string s = summarize_change(json(), example_draft());
  EXPECT_NE(s.find("Added Video: city timelapse (0-10s)."), std::string::npos) << s;
  const std::string report = change_report(json(), example_draft());
  EXPECT_NE(report.find("\nTimeline (3 tracks): "), std::string::npos) << report;
}

TEST(Draft, FormatSeconds) {
  EXPECT_EQ(format_seconds(0), "0");
  EXPECT_EQ(format_seconds(10000), "10");
  EXPECT_EQ(format_seconds(2500), "2.5");
  EXPECT_EQ(format_seconds(2549), "2.5");
  EXPECT_EQ(format_seconds(2999.9), "3");
  EXPECT_EQ(format_seconds(-0.01), "0");
}

}  // namespace
}  // namespace nemo::core
