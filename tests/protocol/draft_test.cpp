// protocol/draft: reading a draft without trusting it, and the timeline
// summary both the client and the offline backend print.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "protocol/draft.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace nemo::protocol {
namespace {
using nlohmann::json;

TEST(Draft, ReadsNumbersStringsAndArraysWithoutTrustingTypes) {
  const json j = {{"n", 2.5}, {"s", "7"}, {"bad", "7x"}, {"name", "a"}, {"t", "not an array"}};
  EXPECT_EQ(number_at(j, "n"), 2.5);
  EXPECT_EQ(number_at(j, "s"), 7.0) << "a numeric string counts";
  EXPECT_TRUE(std::isnan(number_at(j, "bad")));
  EXPECT_TRUE(std::isnan(number_at(j, "missing")));
  EXPECT_EQ(string_at(j, "name"), "a");
  EXPECT_EQ(string_at(j, "n"), "");
  EXPECT_TRUE(tracks_of(j).empty());
  EXPECT_TRUE(member(json::array(), "x").is_null());
  int i = 0;
  EXPECT_FALSE(as_int(1e300, i));
  EXPECT_FALSE(as_int(std::nan(""), i));
  EXPECT_EQ(track_type(json{{"tt", 7}}), kTrackText);
  EXPECT_EQ(track_type(json{{"tt", "x"}}), -1);
}

TEST(Draft, ExtractFindsTheDraftInAStateAnswer) {
  const json draft = {{"t", json::array()}};
  EXPECT_EQ(extract_draft(json{{"data", {{"state", {{"draft", draft}}}}}}), draft);
  EXPECT_EQ(extract_draft(json{{"draft", draft}}), draft);
  EXPECT_EQ(extract_draft(draft), draft);
  EXPECT_TRUE(extract_draft(json{{"other", 1}}).is_null());
}

TEST(Draft, SummaryNamesEachTrack) {
  const json draft = {
      {"t",
       {{{"tt", kTrackVideo},
         {"sg",
          {{{"s", 0}, {"e", 6000}, {"k", "image"}, {"tr", {{"type", "fade"}}}},
           {{"s", 6000}, {"e", 12000}, {"k", "image"}}}}},
        {{"tt", kTrackAudio}, {"sg", {{{"s", 0}, {"e", 12000}, {"n", "song.mp3"}, {"vol", 0.8}}}}},
        {{"tt", kTrackText},
         {"sg", {{{"s", 0}, {"e", 2500}, {"text", "Beach day"}, {"role", "title"}}}}}}}};
  EXPECT_EQ(timeline_summary(draft),
            "Timeline (3 tracks): 1. Video: 2 photos (0-12s) 2. BGM: song.mp3 (0-12s, 80%) "
            "3. Title: \"Beach day\" (0-2.5s)");
  EXPECT_TRUE(draft_exportable(draft));
  EXPECT_EQ(timeline_summary(json::object()), "Timeline (0 tracks): empty");
  EXPECT_FALSE(draft_exportable(json{{"t", {{{"tt", 0}, {"sg", json::array()}}}}}));
}

TEST(Draft, SummaryOfTheDocumentedExample) {
  const json draft = {
      {"d", 10000},
      {"t",
       json::array(
           {json{{"tt", 0},
                 {"d", 10000},
                 {"m", {{"name", "city timelapse"}}},
                 {"sg", json::array({json{{"s", 0}, {"e", 10000}, {"k", "video"}}})}},
            json{{"tt", 1},
                 {"d", 10000},
                 {"m", {{"name", "Lo-fi"}}},
                 {"sg", json::array({json{{"s", 0}, {"e", 10000}, {"vol", 0.35}}})}},
            json{{"tt", 7},
                 {"d", 3000},
                 {"sg",
                  json::array({json{
                      {"s", 0}, {"e", 3000}, {"text", "Urban Dreams"}, {"role", "title"}}})}}})}};
  EXPECT_EQ(timeline_summary(draft),
            "Timeline (3 tracks): 1. Video: city timelapse (0-10s) 2. BGM: Lo-fi (0-10s, 35%) 3. "
            "Title: \"Urban Dreams\" "
            "(0-3s)");
}

TEST(Draft, SummaryOfCaptionsFractionsAndMalformedTracks) {
  const json draft = {
      {"t",
       json::array({json{
           {"tt", 7},
           {"sg",
            json::array({json{{"s", 0}, {"e", 2500}, {"text", "a"}, {"role", "caption"}},
                         json{{"s", 2500}, {"e", 7250}, {"text", "b"}, {"role", "caption"}}})}}})}};
  EXPECT_EQ(timeline_summary(draft), "Timeline (1 track): 1. Captions: 2 captions (0-7.3s)");
  EXPECT_EQ(timeline_summary(json()), "Timeline (0 tracks): empty");
  // A track that is not an object is no track; one with a bad type and no
  // segments is an unknown track with nothing on it.
  EXPECT_EQ(timeline_summary(json{{"t", json::array({5, json{{"tt", "x"}, {"sg", 3}}})}}),
            "Timeline (1 track): 1. Track: 0 segments (0-0s)");
}

TEST(Draft, SecondsAreWrittenToATenth) {
  EXPECT_EQ(format_seconds(10000), "10");
  EXPECT_EQ(format_seconds(2549), "2.5");
  EXPECT_EQ(format_seconds(-1), "0");
  EXPECT_EQ(format_seconds(std::nan("")), "0");
}

}  // namespace
}  // namespace nemo::protocol
