// The look choices a client sends with a prompt (core/look_choice.hpp): what
// is accepted, what is refused with which words, and the words the agent
// reads.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/look_choice.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "protocol/looks.hpp"

namespace nemo::core {
namespace {

LookChoice look(std::string transition, std::string motion = {}, double k = -1) {
  LookChoice c;
  c.transition = std::move(transition);
  c.motion = std::move(motion);
  c.motion_strength = k;
  return c;
}

TEST(LookChoice, EveryCatalogueNameStyleAndMoveIsAccepted) {
  for (const auto name : protocol::transition_names())
    EXPECT_EQ(look_choice_problem(look(std::string(name))), "") << name;
  for (const char *choice :
       {"", "auto", "none", "random", "smooth", "dynamic", "cinematic", "wipe"})
    EXPECT_EQ(look_choice_problem(look(choice)), "") << choice;
  for (const auto move : camera_moves())
    EXPECT_EQ(look_choice_problem(look("", std::string(move), 1.5)), "") << move;
  EXPECT_EQ(camera_moves().size(), 9u);
}

TEST(LookChoice, UnknownNamesAndStrengthsAreRefusedSayingWhatIsAllowed) {
  const std::string t = look_choice_problem(look("sparkles"));
  EXPECT_NE(t.find("unknown transition \"sparkles\""), std::string::npos) << t;
  EXPECT_NE(t.find("circleopen"), std::string::npos) << t;
  const std::string m = look_choice_problem(look("", "zoom_in_fast"));
  EXPECT_NE(m.find("unknown camera move"), std::string::npos) << m;
  EXPECT_NE(m.find("tilt_up"), std::string::npos) << m;
  EXPECT_NE(look_choice_problem(look("", "pan_left", 2.5)), "");
  EXPECT_NE(look_choice_problem(look("", "pan_left", std::nan(""))), "");
  EXPECT_EQ(look_choice_problem(look("", "pan_left", 0)), "");
}

TEST(LookChoice, ThePromptCarriesTheChoiceInTheAgentsWords) {
  EXPECT_EQ(with_look_choice("make a video", LookChoice{}), "make a video");
  EXPECT_EQ(with_look_choice("make a video", look("auto", "auto")), "make a video");
  EXPECT_EQ(with_look_choice("make a video", look("circleopen")),
            "make a video (transition: circleopen)");
  EXPECT_EQ(with_look_choice("v", look("random", "tilt_up", 1.5)),
            "v (transition: random) (camera: tilt_up, strength 1.5)");
  EXPECT_EQ(with_look_choice("v", look("", "still", 1.5)), "v (camera: still)");
  EXPECT_EQ(with_look_choice("v", look("", "", 0.5)), "v (camera: auto, strength 0.5)");
  EXPECT_EQ(with_look_choice("v", look("sparkles", "drift")), "v")
      << "an invalid choice adds nothing";
}

TEST(LookChoice, TheBackgroundIsANamedColourOrHexAndReachesTheAgentAsHex) {
  LookChoice c;
  for (const char *ok : {"", "auto", "white", "gray", "#FF8800", "12ab3c"}) {
    c.background = ok;
    EXPECT_EQ(look_choice_problem(c), "") << ok;
  }
  c.background = "transparent";
  const std::string p = look_choice_problem(c);
  EXPECT_NE(p.find("unknown background colour \"transparent\""), std::string::npos) << p;
  EXPECT_NE(p.find("white"), std::string::npos) << p;
  EXPECT_EQ(with_look_choice("v", c), "v") << "an invalid choice adds nothing";
  c.background = "White";
  EXPECT_NE(look_choice_problem(c), "") << "names are lower case, as the menus send them";
  c.background = "white";
  EXPECT_FALSE(c.empty());
  EXPECT_EQ(with_look_choice("v", c), "v (background: #ffffff)");
  LookChoice both = look("fade");
  both.background = "#FF8800";
  EXPECT_EQ(with_look_choice("v", both), "v (transition: fade) (background: #ff8800)");
  c.background = "auto";
  EXPECT_TRUE(c.empty());
}

}  // namespace
}  // namespace nemo::core
