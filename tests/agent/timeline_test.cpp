// The timeline model: time allocation, layout rules, and draft round trips.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/timeline.hpp"

#include <gtest/gtest.h>

#include <numeric>

#include "agent_test_support.hpp"

namespace nemo::agent {
namespace {

using namespace nemo::agent::testing;

std::int64_t sum(const std::vector<std::int64_t> &v) {
  return std::accumulate(v.begin(), v.end(), std::int64_t{0});
}

TEST(Allocate, ProportionalAndExact) {
  const auto parts = allocate({1, 1, 2}, 10001, 1000, {});
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(sum(parts), 10001);
  EXPECT_NEAR(static_cast<double>(parts[2]), 2.0 * static_cast<double>(parts[0]), 2.0);
}

TEST(Allocate, LowerBoundTakesFromTheOthers) {
  const auto parts = allocate({1, 100}, 10000, 1000, {});
  EXPECT_EQ(parts[0], 1000);
  EXPECT_EQ(parts[1], 9000);
}

TEST(Allocate, UpperBoundGivesTheRestToOthers) {
  const auto parts =
      allocate({10, 1, 1}, 12000, 1000, {std::int64_t{3000}, std::nullopt, std::nullopt});
  EXPECT_EQ(parts[0], 3000);
  EXPECT_EQ(parts[1] + parts[2], 9000);
  EXPECT_EQ(sum(parts), 12000);
}

TEST(Allocate, WhenEveryPartIsCappedTheyExceedTheirCaps) {
  const auto parts = allocate({1, 1}, 10000, 1000, {std::int64_t{2000}, std::int64_t{2000}});
  EXPECT_EQ(sum(parts), 10000);
}

Plan photo_plan(int n) {
  Plan p;
  for (int i = 0; i < n; ++i) {
    PlanVisual v;
    v.src = "u/p" + std::to_string(i) + ".jpg";
    v.name = "p" + std::to_string(i) + ".jpg";
    v.width = 4000;
    v.height = 3000;
    p.visuals.push_back(v);
  }
  return p;
}

TEST(Layout, TransitionsOverlapAndTheLastEndsAtD) {
  Plan p = photo_plan(4);
  p.length_ms = 14000;
  p.transition_ms = 1000;
  const auto r = layout_draft(p);
  expect_valid_draft(r.draft);
  EXPECT_EQ(r.draft["d"], 14000);
  const json segs = video_segments(r.draft);
  EXPECT_EQ(segs[1]["s"].get<int>(), segs[0]["e"].get<int>() - 1000);
  EXPECT_FALSE(segs[3].contains("tr")) << "no transition out of the last picture";
  EXPECT_FALSE(r.extended);
}

TEST(Layout, TooShortShortensTransitionsThenExtends) {
  Plan p = photo_plan(5);
  p.transition_ms = 1000;
  p.length_ms = 6000;
  const auto shortened = layout_draft(p);
  EXPECT_TRUE(shortened.transitions_shortened);
  EXPECT_FALSE(shortened.extended);
  EXPECT_EQ(shortened.duration_ms, 6000);
  EXPECT_EQ(shortened.transition_ms, 250);
  expect_valid_draft(shortened.draft);
  p.length_ms = 3000;
  const auto extended = layout_draft(p);
  EXPECT_TRUE(extended.extended);
  EXPECT_EQ(extended.duration_ms, 5000);
  expect_valid_draft(extended.draft);
}

TEST(Layout, CaptionsCoverTheVideoAndAreMergedWhenTooMany) {
  Plan p = photo_plan(2);
  p.length_ms = 5000;
  for (int i = 0; i < 12; ++i) p.captions.push_back("Line " + std::to_string(i));
  const auto r = layout_draft(p);
  const json captions = text_segments(r.draft, "caption");
  EXPECT_EQ(captions.size(), 5u) << "at most one caption a second";
  EXPECT_EQ(captions.front()["s"], 0);
  EXPECT_EQ(captions.back()["e"], 5000);
  for (const auto &c : captions) EXPECT_GE(c["e"].get<int>() - c["s"].get<int>(), 1000);
  EXPECT_NE(captions[0]["text"].get<std::string>().find("Line 0 Line 1"), std::string::npos);
}

TEST(Layout, SinglePictureGetsOneContinuousMove) {
  Plan p = photo_plan(1);
  p.length_ms = 7000;
  const auto r = layout_draft(p);
  const json segs = video_segments(r.draft);
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0]["mo"]["type"], "kenburns");
  EXPECT_DOUBLE_EQ(segs[0]["mo"]["k"].get<double>(), 1.0);
}

TEST(Layout, RoundTripThroughTheDraftIsStable) {
  Plan p = photo_plan(3);
  p.visuals[1].kind = "video";
  p.visuals[1].source_ms = 9000;
  p.visuals[1].has_audio = true;
  p.width = 1080;
  p.height = 1920;
  p.pace = "fast";
  p.transition = "slide";
  p.motion = "zoom_out";
  p.motion_strength = 1.5;
  p.fit = "pad";
  p.title = "Hello";
  p.captions = {"One.", "Two."};
  p.music = PlanMusic{"u/m.mp3", "m.mp3", 60000, 0.45, 500, 2500};
  p.clip_volume = 0.2;
  const json first = layout_draft(p).draft;
  const json second = layout_draft(plan_from_draft(first)).draft;
  EXPECT_EQ(first, second);
}

TEST(Layout, AutoFit) {
  PlanVisual v;
  v.width = 3000;
  v.height = 4000;
  EXPECT_EQ(auto_fit(v, 1920, 1080), "blur");
  EXPECT_EQ(auto_fit(v, 1080, 1920), "crop");
  v.width = 4000;
  v.height = 3000;
  EXPECT_EQ(auto_fit(v, 1920, 1080), "crop") << "4:3 on 16:9 loses little";
  EXPECT_EQ(auto_fit(v, 1080, 1920), "blur");
  v.width = 0;
  EXPECT_EQ(auto_fit(v, 1920, 1080), "crop") << "unknown size";
}

TEST(PlanFromDraft, ToleratesAnything) {
  for (const json &j :
       {json(), json(3), json("x"), json::array(), json{{"m", 5}, {"t", json::object()}},
        json{{"m", {{"width", "wide"}, {"fps", -5}}},
             {"t", json::array({nullptr, 5, json{{"tt", "0"}}})}}}) {
    const Plan p = plan_from_draft(j);
    EXPECT_TRUE(p.visuals.empty());
    EXPECT_EQ(p.width, 1920);
  }
}

}  // namespace
}  // namespace nemo::agent
