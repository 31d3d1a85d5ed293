// protocol/looks: the transition catalogue and the camera moves' names.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "protocol/looks.hpp"

#include <gtest/gtest.h>

#include <set>

namespace nemo::protocol {
namespace {

TEST(Looks, TheCatalogueHasAtLeastTwentyDistinctTransitions) {
  const auto &names = transition_names();
  EXPECT_GE(names.size(), 20u);
  const std::set<std::string_view> distinct(names.begin(), names.end());
  EXPECT_EQ(distinct.size(), names.size());
  for (const auto name : names) {
    EXPECT_EQ(canonical_transition(name), std::string(name)) << name;
    EXPECT_TRUE(is_transition_choice(name)) << name;
    EXPECT_NE(name, "none");
    EXPECT_NE(name, "random");
  }
}

TEST(Looks, OlderShortNamesMapToTheirCatalogueName) {
  EXPECT_EQ(canonical_transition("wipe"), "wiperight");
  EXPECT_EQ(canonical_transition("slide"), "slideleft");
  EXPECT_EQ(canonical_transition("zoom"), "zoomin");
  EXPECT_EQ(canonical_transition("none"), "none");
  EXPECT_EQ(canonical_transition("Fade"), "");
  EXPECT_EQ(canonical_transition("sparkle"), "");
}

TEST(Looks, RandomAndStylesAreChoicesNotCatalogueNames) {
  for (const auto name : {"random", "smooth", "dynamic", "cinematic"}) {
    EXPECT_TRUE(is_transition_choice(name)) << name;
    EXPECT_EQ(canonical_transition(name), "") << name;
  }
  EXPECT_FALSE(is_transition_choice(""));
  EXPECT_FALSE(is_transition_choice("sparkle"));
}

TEST(Looks, CameraMovesIncludeDriftAndNone) {
  for (const auto name : {"none", "kenburns", "zoom_in", "zoom_out", "pan_left", "pan_right",
                          "pan_up", "pan_down", "drift"})
    EXPECT_TRUE(is_motion_name(name)) << name;
  EXPECT_FALSE(is_motion_name("auto"));
  EXPECT_FALSE(is_motion_name("push_in"));
}

TEST(Looks, BackgroundsAreNamedColoursOrHexInLowerCase) {
  EXPECT_EQ(kDefaultBackground, "#000000");
  EXPECT_EQ(canonical_background("black"), "#000000");
  EXPECT_EQ(canonical_background("white"), "#ffffff");
  EXPECT_EQ(canonical_background("gray"), canonical_background("grey"));
  EXPECT_EQ(canonical_background("#FF8800"), "#ff8800");
  EXPECT_EQ(canonical_background("12ab3C"), "#12ab3c");
  for (const auto name : background_colour_names()) {
    const std::string hex = canonical_background(name);
    EXPECT_EQ(hex.size(), 7u) << name;
    EXPECT_EQ(canonical_background(hex), hex) << name;
  }
  for (const auto bad : {"", "#", "#12345", "#1234567", "#gg0000", "transparent", "Black"})
    EXPECT_EQ(canonical_background(bad), "") << bad;
}

}  // namespace
}  // namespace nemo::protocol
