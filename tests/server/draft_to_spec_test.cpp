// draft_to_spec on valid drafts (the agent's) and on hostile ones.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/draft_to_spec.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "agent/agent.hpp"
#include "agent_test_support.hpp"

namespace nemo::server {
namespace {

using namespace nemo::agent::testing;
using agent::MediaRef;
using agent::run_agent;
using render::Fit;
using render::Motion;
using render::TextOverlay;
using render::Transition;

std::string local(const std::string &src) {
  return "/data/" + src.substr(src.rfind('/') + 1);
}

std::optional<std::string> convert(const json &draft, render::RenderSpec &spec) {
  return draft_to_spec(draft, local, spec);
}

json agent_draft() {
  std::vector<MediaRef> media = {photo(1), clip(1, 40.0), photo(2, 3000, 4000), song()};
  const auto reply = run_agent(
      json(), media,
      "turn these into a 30-second video with wipe transitions, the title 'Go', music at 60%. "
      "Script: One. Two two. Three three three.",
      "en");
  return reply.draft;
}

TEST(DraftToSpec, MapsTheAgentsDraft) {
  const json draft = agent_draft();
  render::RenderSpec spec;
  const auto error = convert(draft, spec);
  ASSERT_FALSE(error.has_value()) << *error;
  EXPECT_EQ(spec.canvas.width, 1920);
  EXPECT_EQ(spec.canvas.height, 1080);
  EXPECT_EQ(spec.canvas.fps, 30);
  EXPECT_EQ(spec.duration_ms, 30000);
  ASSERT_EQ(spec.visuals.size(), 3u);
  EXPECT_EQ(spec.visuals[0].path, "/data/photo1.jpg");
  EXPECT_FALSE(spec.visuals[0].is_video);
  EXPECT_EQ(spec.visuals[0].start_ms, 0);
  EXPECT_EQ(spec.visuals[0].fit, Fit::Crop);
  EXPECT_NE(spec.visuals[0].motion.type, Motion::Type::None);
  EXPECT_EQ(spec.visuals[0].transition_out.type, Transition::Type::WipeRight);
  EXPECT_GT(spec.visuals[0].transition_out.duration_ms, 0);
  EXPECT_EQ(spec.visuals[1].start_ms,
            spec.visuals[0].end_ms - spec.visuals[0].transition_out.duration_ms);
  EXPECT_TRUE(spec.visuals[1].is_video);
  EXPECT_EQ(spec.visuals[1].path, "/data/clip1.mp4");
  EXPECT_GT(spec.visuals[1].source_in_ms, 0) << "trimmed around the middle";
  EXPECT_EQ(spec.visuals[2].fit, Fit::Smart) << "portrait photo on a landscape canvas";
  EXPECT_EQ(spec.visuals[2].end_ms, 30000);
  EXPECT_EQ(spec.visuals[2].transition_out.type, Transition::Type::None);

  ASSERT_EQ(spec.texts.size(), 4u);
  EXPECT_EQ(spec.texts[0].text, "Go");
  EXPECT_EQ(spec.texts[0].role, TextOverlay::Role::Title);
  EXPECT_EQ(spec.texts[0].position, TextOverlay::Position::Center);
  EXPECT_EQ(spec.texts[1].role, TextOverlay::Role::Caption);
  EXPECT_EQ(spec.texts[1].position, TextOverlay::Position::Bottom);
  EXPECT_EQ(spec.texts[3].end_ms, 30000);

  ASSERT_EQ(spec.audio.size(), 2u) << "the music and the clip's own sound";
  const auto music =
      std::find_if(spec.audio.begin(), spec.audio.end(),
                   [](const render::AudioClip &a) { return a.path == "/data/summer.mp3"; });
  ASSERT_NE(music, spec.audio.end());
  EXPECT_DOUBLE_EQ(music->volume, 0.6);
  EXPECT_EQ(music->start_ms, 0);
  EXPECT_EQ(music->end_ms, 30000);
  EXPECT_EQ(music->fade_out_ms, 2000);
  const auto sound =
      std::find_if(spec.audio.begin(), spec.audio.end(),
                   [](const render::AudioClip &a) { return a.path == "/data/clip1.mp4"; });
  ASSERT_NE(sound, spec.audio.end());
  EXPECT_DOUBLE_EQ(sound->volume, 0.3);
  EXPECT_EQ(sound->start_ms, spec.visuals[1].start_ms);
  EXPECT_EQ(sound->source_in_ms, spec.visuals[1].source_in_ms);
  EXPECT_EQ(sound->fade_in_ms, spec.visuals[0].transition_out.duration_ms);
}

TEST(DraftToSpec, UnknownKeysAndTrackTypesAreIgnored) {
  json draft = agent_draft();
  draft["zz"] = {{"a", 1}};
  draft["m"]["future"] = "x";
  draft["t"][0]["sg"][0]["glow"] = 3;
  draft["t"][0]["extra"] = json::array();
  draft["t"].push_back(json{{"tt", 3}, {"sg", json::array({json{{"weird", true}}})}});
  render::RenderSpec spec;
  const auto error = convert(draft, spec);
  EXPECT_FALSE(error.has_value()) << error.value_or("");
  EXPECT_EQ(spec.visuals.size(), 3u);
}

TEST(DraftToSpec, UnknownMediaIsNamed) {
  const json draft = agent_draft();
  render::RenderSpec spec;
  const auto error = draft_to_spec(
      draft,
      [](const std::string &src) {
        return src.find("photo2") != std::string::npos ? "" : local(src);
      },
      spec);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("photo2.jpg"), std::string::npos) << *error;
  const auto thrown = draft_to_spec(
      draft, [](const std::string &) -> std::string { throw std::runtime_error("disk"); }, spec);
  ASSERT_TRUE(thrown.has_value());
  EXPECT_NE(thrown->find("media not found"), std::string::npos) << *thrown;
}

json simple_draft() {
  return json{
      {"d", 6000},
      {"m", {{"width", 1280}, {"height", 720}, {"fps", 25}}},
      {"t",
       json::array(
           {json{{"tt", 0},
                 {"sg", json::array({json{{"id", "v1"},
                                          {"s", 0},
                                          {"e", 3500},
                                          {"src", "u/a.jpg"},
                                          {"k", "image"},
                                          {"tr", {{"type", "fade"}, {"d", 1000}}}},
                                     json{{"id", "v2"},
                                          {"s", 2500},
                                          {"e", 6000},
                                          {"src", "u/b.jpg"},
                                          {"k", "image"}}})}},
            json{{"tt", 1}, {"sg", json::array({json{{"s", 0}, {"e", 6000}, {"src", "u/m.mp3"}}})}},
            json{{"tt", 7},
                 {"sg", json::array(
                            {json{{"s", 0}, {"e", 2000}, {"text", "Hi"}, {"role", "title"}}})}}})}};
}

TEST(DraftToSpec, MinimalDraftAndDefaults) {
  render::RenderSpec spec;
  const auto error = convert(simple_draft(), spec);
  ASSERT_FALSE(error.has_value()) << *error;
  EXPECT_EQ(spec.canvas.width, 1280);
  EXPECT_EQ(spec.canvas.fps, 25);
  EXPECT_EQ(spec.visuals[0].fit, Fit::Crop);
  EXPECT_EQ(spec.visuals[0].motion.type, Motion::Type::None);
  EXPECT_EQ(spec.visuals[0].transition_out.type, Transition::Type::Fade);
  ASSERT_EQ(spec.audio.size(), 1u);
  EXPECT_DOUBLE_EQ(spec.audio[0].volume, 1.0);
  EXPECT_TRUE(spec.audio[0].loop);
  EXPECT_EQ(spec.texts[0].position, TextOverlay::Position::Center);
}

TEST(DraftToSpec, TheBackgroundIsBlackUnlessTheDraftNamesOne) {
  render::RenderSpec spec;
  ASSERT_FALSE(convert(simple_draft(), spec).has_value());
  EXPECT_TRUE(spec.background == (render::Rgb{0, 0, 0}));
  json draft = simple_draft();
  draft["m"]["background"] = "#FF8800";
  const auto error = convert(draft, spec);
  ASSERT_FALSE(error.has_value()) << *error;
  EXPECT_TRUE(spec.background == (render::Rgb{255, 136, 0}));
}

struct Hostile {
  const char *name;
  std::function<void(json &)> mutate;
  const char *expect;  // a piece of the message
};

class DraftToSpecHostile : public ::testing::TestWithParam<Hostile> {};

TEST_P(DraftToSpecHostile, IsRejectedWithAClearMessage) {
  json draft = simple_draft();
  GetParam().mutate(draft);
  render::RenderSpec spec;
  std::optional<std::string> error;
  EXPECT_NO_THROW(error = convert(draft, spec));
  ASSERT_TRUE(error.has_value()) << GetParam().name;
  EXPECT_NE(error->find(GetParam().expect), std::string::npos) << GetParam().name << ": " << *error;
}

json &seg(json &d, int track, int i) {
  return d["t"][track]["sg"][i];
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, DraftToSpecHostile,
    ::testing::Values(
        Hostile{"not an object", [](json &d) { d = json::array(); }, "not a JSON object"},
        Hostile{"no duration", [](json &d) { d.erase("d"); }, "no duration"},
        Hostile{"duration text", [](json &d) { d["d"] = "6000"; }, "`d` must be a number"},
        Hostile{"negative duration", [](json &d) { d["d"] = -5; }, "between"},
        Hostile{"too long", [](json &d) { d["d"] = 3600000; }, "between"},
        Hostile{"NaN duration", [](json &d) { d["d"] = std::numeric_limits<double>::quiet_NaN(); }, "between"},
        Hostile{"tracks not array", [](json &d) { d["t"] = "x"; }, "`t`"},
        Hostile{"track not object", [](json &d) { d["t"][0] = 5; }, "track 1: not an object"},
        Hostile{"no track type", [](json &d) { d["t"][0].erase("tt"); }, "`tt`"},
        Hostile{"segments not array", [](json &d) { d["t"][0]["sg"] = json::object(); }, "`sg`"},
        Hostile{"segment not object", [](json &d) { seg(d, 0, 0) = "v"; }, "segment 1: not an object"},
        Hostile{"end before start", [](json &d) { seg(d, 2, 0)["e"] = 0; }, "before it starts"},
        Hostile{"end after the video", [](json &d) { seg(d, 1, 0)["e"] = 7000; }, "between"},
        Hostile{"odd width", [](json &d) { d["m"]["width"] = 1281; }, "even"},
        Hostile{"tiny canvas", [](json &d) { d["m"]["height"] = 10; }, "between 64 and 4096"},
        Hostile{"huge canvas", [](json &d) { d["m"]["width"] = 10000; }, "between 64 and 4096"},
        Hostile{"zero fps", [](json &d) { d["m"]["fps"] = 0; }, "`fps`"},
        Hostile{"m not object", [](json &d) { d["m"] = 3; }, "`m`"},
        Hostile{"unknown fit", [](json &d) { seg(d, 0, 0)["fit"] = "stretch"; }, "unknown fit 'stretch'"},
        Hostile{"bad background", [](json &d) { d["m"]["background"] = "transparent"; }, "`m.background`"},
        Hostile{"background number", [](json &d) { d["m"]["background"] = 0; }, "`m.background`"},
        Hostile{"unknown motion", [](json &d) { seg(d, 0, 0)["mo"] = {{"type", "spin"}}; }, "unknown motion"},
        Hostile{"motion too strong", [](json &d) { seg(d, 0, 0)["mo"] = {{"type", "zoom_in"}, {"k", 9}}; }, "`k`"},
        Hostile{"unknown transition", [](json &d) { seg(d, 0, 0)["tr"]["type"] = "cube"; }, "unknown transition"},
        Hostile{"transition longer than a picture",
                [](json &d) {
                  seg(d, 0, 0)["tr"]["d"] = 4000;
                  seg(d, 0, 1)["s"] = -500;
                },
                "between"},
        Hostile{"gap between pictures", [](json &d) { seg(d, 0, 1)["s"] = 3000; }, "must start at 2500"},
        Hostile{"last picture short", [](json &d) { seg(d, 0, 1)["e"] = 5000; }, "the video at 6000"},
        Hostile{"first not at zero",
                [](json &d) {
                  seg(d, 0, 0)["s"] = 500;
                },
                "start at 0"},
        Hostile{"no pictures", [](json &d) { d["t"][0]["sg"] = json::array(); }, "no pictures"},
        Hostile{"two video tracks", [](json &d) { d["t"].push_back(d["t"][0]); }, "only one video track"},
        Hostile{"no src", [](json &d) { seg(d, 0, 0).erase("src"); }, "no media"},
        Hostile{"src number", [](json &d) { seg(d, 0, 0)["src"] = 5; }, "`src` must be a string"},
        Hostile{"src huge", [](json &d) { seg(d, 0, 0)["src"] = std::string(10000, 'a'); }, "too long"},
        Hostile{"kind unknown", [](json &d) { seg(d, 0, 0)["k"] = "gif"; }, "`k`"},
        Hostile{"volume too high", [](json &d) { seg(d, 1, 0)["vol"] = 3; }, "`vol`"},
        Hostile{"fades too long",
                [](json &d) {
                  seg(d, 1, 0)["fi"] = 4000;
                  seg(d, 1, 0)["fo"] = 4000;
                },
                "fades"},
        Hostile{"loop not bool", [](json &d) { seg(d, 1, 0)["loop"] = "yes"; }, "`loop`"},
        Hostile{"text not utf8", [](json &d) { seg(d, 2, 0)["text"] = std::string("bad \xC3\x28"); }, "UTF-8"},
        Hostile{"text too long", [](json &d) { seg(d, 2, 0)["text"] = std::string(5000, 'x'); }, "too long"},
        Hostile{"text empty", [](json &d) { seg(d, 2, 0)["text"] = "   "; }, "empty"},
        Hostile{"text number", [](json &d) { seg(d, 2, 0)["text"] = 5; }, "`text`"},
        Hostile{"role unknown", [](json &d) { seg(d, 2, 0)["role"] = "credits"; }, "unknown text role"},
        Hostile{"position unknown", [](json &d) { seg(d, 2, 0)["pos"] = "left"; }, "unknown text position"},
        Hostile{"too many tracks",
                [](json &d) {
                  for (int i = 0; i < 40; ++i) d["t"].push_back(json{{"tt", 9}});
                },
                "too many tracks"},
        Hostile{"too many segments",
                [](json &d) {
                  json many = json::array();
                  for (int i = 0; i < 2100; ++i) many.push_back(json{{"s", 0}, {"e", 10}, {"text", "x"}});
                  d["t"][2]["sg"] = many;
                },
                "too many segments"}),
    [](const ::testing::TestParamInfo<Hostile> &param_info) {
      std::string name;
      for (const char c : std::string(param_info.param.name)) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
      return name;
    });

// Random damage to a valid draft never throws; it converts or says why not.
TEST(DraftToSpecFuzz, RandomMutationsNeverThrow) {
  std::mt19937 rng(42);
  const json base = agent_draft();
  const json values[] = {json(nullptr),   json(-1),
                         json(0),         json(1e300),
                         json("x"),       json::array(),
                         json::object(),  json(true),
                         json(2.5),       json(std::numeric_limits<double>::infinity()),
                         json(INT64_MIN), json(UINT64_MAX)};
  int converted = 0;
  for (int round = 0; round < 1500; ++round) {
    json draft = base;
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      // Walk down to a random node and replace it.
      json *node = &draft;
      while ((node->is_object() || node->is_array()) && !node->empty() && rng() % 4 != 0) {
        auto it = node->begin();
        std::advance(it, static_cast<long>(rng() % node->size()));
        node = &*it;
      }
      *node = values[rng() % (sizeof values / sizeof values[0])];
    }
    render::RenderSpec spec;
    std::optional<std::string> error;
    ASSERT_NO_THROW(error = convert(draft, spec)) << draft.dump();
    if (!error) ++converted;
  }
  EXPECT_LT(converted, 1500) << "most damage is caught";
}

}  // namespace
}  // namespace nemo::server
