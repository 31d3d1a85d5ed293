// The timeline model: time allocation, layout rules, and draft round trips.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/timeline.hpp"

#include <gtest/gtest.h>

#include <map>
#include <numeric>
#include <set>

#include "agent_test_support.hpp"
#include "protocol/looks.hpp"

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

std::vector<std::string> cut_looks(const json &draft) {
  std::vector<std::string> out;
  for (const auto &seg : video_segments(draft)) {
    if (seg.contains("tr")) out.push_back(seg["tr"]["type"].get<std::string>());
  }
  return out;
}

TEST(Layout, RandomTransitionsDifferAtEachCutAndAreTheSameForTheSameDraft) {
  Plan p = photo_plan(12);
  p.transition = "random";
  const auto looks = cut_looks(layout_draft(p).draft);
  ASSERT_EQ(looks.size(), 11u);
  std::set<std::string> distinct(looks.begin(), looks.end());
  EXPECT_GE(distinct.size(), 5u) << "random draws from the whole catalogue";
  for (std::size_t i = 0; i < looks.size(); ++i) {
    EXPECT_FALSE(protocol::canonical_transition(looks[i]).empty()) << looks[i];
    if (i > 0) {
      EXPECT_NE(looks[i], looks[i - 1]) << "never the same look twice in a row";
    }
  }
  EXPECT_EQ(cut_looks(layout_draft(p).draft), looks) << "the same draft, the same looks";
  const json first = layout_draft(p).draft;
  EXPECT_EQ(first["m"]["transition"], "random") << "the draft keeps the choice";
  EXPECT_EQ(layout_draft(plan_from_draft(first)).draft, first);
}

TEST(Layout, StylesPickFittingLooks) {
  const std::map<std::string, std::set<std::string>> pools = {
      {"smooth", {"dissolve", "fade", "smoothleft", "smoothright", "smoothup", "smoothdown"}},
      {"dynamic",
       {"slideleft", "zoomin", "pixelize", "coverleft", "wipeup", "radial", "slideright",
        "slideup"}},
      {"cinematic", {"fadeblack", "dissolve", "horzopen", "circleopen", "fade", "clouds"}}};
  for (const auto &[style, pool] : pools) {
    Plan p = photo_plan(8);
    p.transition = style;
    const json draft = layout_draft(p).draft;
    const auto looks = cut_looks(draft);
    ASSERT_EQ(looks.size(), 7u);
    for (std::size_t i = 0; i < looks.size(); ++i) {
      EXPECT_TRUE(pool.count(looks[i])) << style << ": " << looks[i];
      if (i > 0) {
        EXPECT_NE(looks[i], looks[i - 1]) << style;
      }
    }
    EXPECT_GE(std::set<std::string>(looks.begin(), looks.end()).size(), 2u) << style;
    EXPECT_EQ(draft["m"]["transition"], style);
    EXPECT_EQ(plan_from_draft(draft).transition, style);
  }
}

TEST(Layout, ATransitionTakesAtMostHalfOfTheShorterVisualsTime) {
  // Six photos in 12 s: about 2 s each, so a transition takes less than 1 s, though 1.5 s
  // was asked.
  Plan p = photo_plan(6);
  p.length_ms = 12000;
  p.transition_ms = 1500;
  const auto r = layout_draft(p);
  EXPECT_TRUE(r.transitions_shortened);
  EXPECT_LT(r.transition_ms, 1000);
  EXPECT_GE(r.transition_ms, 500);
  const json segs = video_segments(r.draft);
  const auto d = static_cast<double>(r.transition_ms);
  for (std::size_t i = 0; i < segs.size(); ++i) {
    // A visual's time: from the middle of the cut into it to the middle of the cut out.
    const double from = segs[i]["s"].get<double>() + (i > 0 ? d / 2 : 0);
    const double to = segs[i]["e"].get<double>() - (i + 1 < segs.size() ? d / 2 : 0);
    EXPECT_LE(d, (to - from) / 2 + 1) << "visual " << i;
  }
  // With room, the asked length stays.
  p.length_ms = 30000;
  const auto roomy = layout_draft(p);
  EXPECT_FALSE(roomy.transitions_shortened);
  EXPECT_EQ(roomy.transition_ms, 1500);
}

TEST(Layout, EveryCameraMoveReachesTheDraftAndComesBack) {
  for (const std::string_view move : protocol::motion_names()) {
    Plan p = photo_plan(3);
    p.motion = std::string(move);
    p.motion_strength = 1.5;
    const json draft = layout_draft(p).draft;
    for (const auto &seg : video_segments(draft)) {
      EXPECT_EQ(seg["mo"]["type"], move);
      EXPECT_DOUBLE_EQ(seg["mo"]["k"].get<double>(), move == "none" ? 0.0 : 1.5);
    }
    const Plan back = plan_from_draft(draft);
    EXPECT_EQ(back.motion, move);
    EXPECT_DOUBLE_EQ(back.motion_strength, 1.5);
  }
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
  p.transition = "slideleft";
  p.motion = "zoom_out";
  p.motion_strength = 1.5;
  p.fit = "pad";
  p.title = "Hello";
  p.captions = {"One.", "Two."};
  p.music = PlanMusic{"u/m.mp3", "m.mp3", 60000, 0.45, 500, 2500, {}};
  p.clip_volume = 0.2;
  const json first = layout_draft(p).draft;
  const json second = layout_draft(plan_from_draft(first)).draft;
  EXPECT_EQ(first, second);
}

TEST(Layout, AutoFit) {
  PlanVisual v;
  v.width = 3000;
  v.height = 4000;
  EXPECT_EQ(auto_fit(v, 1920, 1080), "smart");
  EXPECT_EQ(auto_fit(v, 1080, 1920), "crop");
  v.width = 4000;
  v.height = 3000;
  EXPECT_EQ(auto_fit(v, 1920, 1080), "crop") << "4:3 on 16:9 loses little";
  EXPECT_EQ(auto_fit(v, 1080, 1920), "smart");
  v.kind = "video";
  EXPECT_EQ(auto_fit(v, 1080, 1920), "blur") << "a clip is not framed";
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
