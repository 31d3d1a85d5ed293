// What the agent says: the summary format, languages, honesty.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/reply.hpp"

#include <gtest/gtest.h>

#include "agent/agent.hpp"
#include "agent_test_support.hpp"
#include "protocol/draft.hpp"

namespace nemo::agent {
namespace {

using namespace nemo::agent::testing;

TEST(Summary, AspectLabels) {
  EXPECT_EQ(aspect_label(1920, 1080), "16:9");
  EXPECT_EQ(aspect_label(720, 1280), "9:16");
  EXPECT_EQ(aspect_label(1080, 1080), "1:1");
  EXPECT_EQ(aspect_label(1000, 600), "1000x600");
}

TEST(Reply, ShortAndSaysWhatItMade) {
  const auto r = run_agent(
      json(), photos_and_music(5),
      "turn these photos into a 30-second video with transitions and background music", "en");
  const std::string first_line = r.text.substr(0, r.text.find('\n'));
  EXPECT_EQ(first_line.rfind(
                "I made a 30-second 16:9 slideshow of your 5 photos with fade transitions", 0),
            0u)
      << r.text;
  EXPECT_NE(first_line.find("your music (summer.mp3) at 80%, fading out at the end."),
            std::string::npos)
      << r.text;
  EXPECT_LT(first_line.size(), 300u);
}

TEST(Reply, EndsWithTheTimelineSummaryTheClientPrints) {
  // The agent's summary is the protocol's: what nemo-local says and what the
  // plugin prints for the same draft cannot drift apart.
  const auto made = run_agent(json(), photos_and_music(5),
                              "30 seconds with a title \"Beach day\" and captions", "en");
  const auto edited = run_agent(made.draft, photos_and_music(5), "make it 9:16, no music", "en");
  const auto zh = run_agent(json(), photos_and_music(3), "做一个15秒的视频", "zh");
  for (const AgentReply *r : {&made, &edited, &zh}) {
    ASSERT_TRUE(r->changed) << r->text;
    const std::string summary = protocol::timeline_summary(r->draft);
    ASSERT_GE(r->text.size(), summary.size() + 2);
    EXPECT_EQ(r->text.substr(r->text.size() - summary.size() - 2), "\n\n" + summary) << r->text;
  }
}

TEST(Reply, LanguageFollowsThePrompt) {
  const auto zh = run_agent(json(), photos(2), "做一个视频", "en");
  EXPECT_NE(zh.text.find("我用你的2张照片"), std::string::npos) << zh.text;
  const auto en = run_agent(json(), photos(2), "make a video", "zh");
  EXPECT_EQ(en.text.rfind("I made", 0), 0u) << en.text;
  const auto neutral = run_agent(json(), photos(2), "🙂", "zh");
  EXPECT_NE(neutral.text.find("我用你的"), std::string::npos) << "no words: the session language";
}

TEST(Reply, UnsupportedSentencesInBothLanguages) {
  for (const char *code :
       {"resolution", "fps", "voice", "object", "scene", "style", "speed", "enhance", "overlay",
        "speech", "music_gen", "too_long", "generate_motion"}) {
    const UnsupportedAsk ask{code, "x"};
    EXPECT_EQ(unsupported_sentence(ask, false).rfind("I can't", 0), 0u) << code;
    EXPECT_NE(unsupported_sentence(ask, true).find("不"), std::string::npos) << code;
  }
}

TEST(Reply, InvalidUtf8PromptNeverBreaksTheReply) {
  const auto r =
      run_agent(json(), photos(2), std::string("title '\xFF\xFE bad' make a \xC3 video 30s"), "en");
  EXPECT_NO_THROW((void)r.draft.dump());
  EXPECT_NO_THROW((void)json(r.text).dump());
  for (const auto &call : r.tool_calls) EXPECT_NO_THROW((void)call.args.dump());
}

TEST(Reply, MediaNamesAreSanitized) {
  MediaRef m = photo(1);
  m.name = std::string("bad\xFF\nname.jpg");
  const auto r = run_agent(json(), {m}, "make a video", "en");
  EXPECT_NO_THROW((void)r.draft.dump());
  EXPECT_EQ(r.text.find('\xFF'), std::string::npos);
}

}  // namespace
}  // namespace nemo::agent
