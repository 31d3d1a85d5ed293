// The prompt parser on many phrasings, in English and Chinese.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/prompt_parser.hpp"

#include <gtest/gtest.h>

#include <random>

#include "agent/text.hpp"

namespace nemo::agent {
namespace {

struct LengthCase {
  const char *prompt;
  std::int64_t ms;
};

class ParserLength : public ::testing::TestWithParam<LengthCase> {};

TEST_P(ParserLength, ReadsTheTotalLength) {
  const AgentRequest r = parse_prompt(GetParam().prompt);
  ASSERT_TRUE(r.duration_ms.has_value()) << GetParam().prompt;
  EXPECT_EQ(*r.duration_ms, GetParam().ms) << GetParam().prompt;
}

INSTANTIATE_TEST_SUITE_P(
    EnglishAndChinese, ParserLength,
    ::testing::Values(
        LengthCase{"turn these photos into a 30-second video with transitions and background music",
                   30000},
        LengthCase{"make a 30 second video", 30000}, LengthCase{"30s slideshow please", 30000},
        LengthCase{"make it 1 minute", 60000}, LengthCase{"make it 90 seconds", 90000},
        LengthCase{"1.5 minutes long", 90000}, LengthCase{"make it 20 seconds", 20000},
        LengthCase{"a minute long video", 60000}, LengthCase{"half a minute", 30000},
        LengthCase{"make it twenty seconds", 20000}, LengthCase{"a forty five second reel", 45000},
        LengthCase{"1 minute 30 seconds", 90000}, LengthCase{"2 min and 15 s", 135000},
        LengthCase{"animate this image into a 5-second video of the shoes in motion on a track",
                   5000},
        LengthCase{"turn this image into a 10-second animated video clip", 10000},
        LengthCase{"turn these images and script into a 60-second promo video with music", 60000},
        LengthCase{"做一个30秒的视频", 30000}, LengthCase{"改成1分钟", 60000},
        LengthCase{"半分钟就好", 30000}, LengthCase{"做成十秒的视频", 10000},
        LengthCase{"三十秒", 30000}, LengthCase{"1分30秒", 90000}, LengthCase{"一分半钟", 90000},
        LengthCase{"两分钟的视频", 120000}, LengthCase{"15秒钟", 15000},
        LengthCase{"with 1-second transitions, 40 seconds total", 40000}));

struct TransitionCase {
  const char *prompt;
  const char *type;  // "" when none expected
  std::int64_t ms;   // -1 when none expected
};

class ParserTransition : public ::testing::TestWithParam<TransitionCase> {};

TEST_P(ParserTransition, ReadsTypeAndLength) {
  const TransitionCase &c = GetParam();
  const AgentRequest r = parse_prompt(c.prompt);
  if (std::string(c.type).empty()) {
    EXPECT_FALSE(r.transition.has_value()) << c.prompt << " -> " << r.transition.value_or("");
  } else {
    ASSERT_TRUE(r.transition.has_value()) << c.prompt;
    EXPECT_EQ(*r.transition, c.type) << c.prompt;
  }
  if (c.ms < 0) {
    EXPECT_FALSE(r.transition_ms.has_value()) << c.prompt;
  } else {
    ASSERT_TRUE(r.transition_ms.has_value()) << c.prompt;
    EXPECT_EQ(*r.transition_ms, c.ms) << c.prompt;
  }
}

INSTANTIATE_TEST_SUITE_P(
    EnglishAndChinese, ParserTransition,
    ::testing::Values(
        TransitionCase{"use wipe transitions", "wiperight", -1},
        TransitionCase{"1-second transitions", "", 1000}, TransitionCase{"0.5s fades", "fade", 500},
        TransitionCase{"with crossfade transitions", "dissolve", -1},
        TransitionCase{"dissolve between photos", "dissolve", -1},
        TransitionCase{"slide transitions of 2 seconds", "slideleft", 2000},
        TransitionCase{"zoom transitions", "zoomin", -1},
        TransitionCase{"no transitions", "none", -1},
        TransitionCase{"without any transitions please", "none", -1},
        TransitionCase{"just hard cuts", "none", -1},
        TransitionCase{"fade out the music at the end", "", -1},
        TransitionCase{"用擦除转场", "wiperight", -1}, TransitionCase{"不要转场", "none", -1},
        TransitionCase{"转场1秒", "", 1000}, TransitionCase{"淡入淡出转场", "fade", -1},
        TransitionCase{"turn my photos into a smooth video slideshow with transitions and music",
                       "smooth", -1},
        TransitionCase{"cinematic 1.5-second transitions", "cinematic", 1500},
        TransitionCase{"wipe left, 1 second transitions", "wipeleft", 1000},
        TransitionCase{"用百叶窗转场，转场1秒", "blinds", 1000},
        TransitionCase{"a 30-second video with music: (transition: radial)", "radial", -1}));

struct AspectCase {
  const char *prompt;
  AspectRequest aspect;
};

class ParserAspect : public ::testing::TestWithParam<AspectCase> {};

TEST_P(ParserAspect, ReadsTheFormat) {
  EXPECT_EQ(parse_prompt(GetParam().prompt).aspect, GetParam().aspect) << GetParam().prompt;
}

INSTANTIATE_TEST_SUITE_P(
    EnglishAndChinese, ParserAspect,
    ::testing::Values(AspectCase{"make it vertical", AspectRequest::Portrait},
                      AspectCase{"portrait please", AspectRequest::Portrait},
                      AspectCase{"9:16 for TikTok", AspectRequest::Portrait},
                      AspectCase{"for Reels", AspectRequest::Portrait},
                      AspectCase{"YouTube Shorts", AspectRequest::Portrait},
                      AspectCase{"make it square", AspectRequest::Square},
                      AspectCase{"1:1", AspectRequest::Square},
                      AspectCase{"horizontal video", AspectRequest::Landscape},
                      AspectCase{"landscape 16:9", AspectRequest::Landscape},
                      AspectCase{"for YouTube", AspectRequest::Landscape},
                      AspectCase{"4:3 like old tv", AspectRequest::Classic},
                      AspectCase{"change it from vertical to square", AspectRequest::Square},
                      AspectCase{"use my portrait photos", AspectRequest::Keep},
                      AspectCase{"make it 20 seconds", AspectRequest::Keep},
                      AspectCase{"做成竖屏", AspectRequest::Portrait},
                      AspectCase{"改成正方形", AspectRequest::Square},
                      AspectCase{"横屏视频", AspectRequest::Landscape},
                      AspectCase{"做成9：16的", AspectRequest::Portrait}));

TEST(Parser, Resolution) {
  EXPECT_EQ(parse_prompt("export at 720p").resolution.value_or(0), 720);
  EXPECT_EQ(parse_prompt("1080p please").resolution.value_or(0), 1080);
  EXPECT_FALSE(parse_prompt("make it 20 seconds").resolution.has_value());
}

struct MotionCase {
  const char *prompt;
  const char *motion;
};

class ParserMotion : public ::testing::TestWithParam<MotionCase> {};

TEST_P(ParserMotion, ReadsTheMotion) {
  const AgentRequest r = parse_prompt(GetParam().prompt);
  ASSERT_TRUE(r.motion.has_value()) << GetParam().prompt;
  EXPECT_EQ(*r.motion, GetParam().motion) << GetParam().prompt;
}

INSTANTIATE_TEST_SUITE_P(
    EnglishAndChinese, ParserMotion,
    ::testing::Values(
        MotionCase{"animate this image", "animate"}, MotionCase{"shoes in motion", "animate"},
        MotionCase{"bring it to life", "animate"}, MotionCase{"make it moving", "animate"},
        MotionCase{"zoom in slowly", "zoom_in"}, MotionCase{"zoom out", "zoom_out"},
        MotionCase{"pan left", "pan_left"}, MotionCase{"pan right", "pan_right"},
        MotionCase{"pan up", "pan_up"}, MotionCase{"pan down over the photo", "pan_down"},
        MotionCase{"Ken Burns effect", "kenburns"}, MotionCase{"no motion please", "none"},
        MotionCase{"keep the photos static", "none"}, MotionCase{"让照片动起来", "animate"},
        MotionCase{"推近", "zoom_in"}, MotionCase{"拉远", "zoom_out"}));

TEST(Parser, PaceAndPerPictureTime) {
  EXPECT_EQ(parse_prompt("slower").pace.value_or(""), "slow");
  EXPECT_EQ(parse_prompt("make it faster").pace.value_or(""), "fast");
  EXPECT_EQ(parse_prompt("节奏快一点").pace.value_or(""), "fast");
  EXPECT_EQ(parse_prompt("慢一点").pace.value_or(""), "slow");
  EXPECT_FALSE(parse_prompt("slow motion please").pace.has_value());
  EXPECT_EQ(parse_prompt("3 seconds per photo").per_item_ms.value_or(0), 3000);
  EXPECT_EQ(parse_prompt("each photo for 2 seconds").per_item_ms.value_or(0), 2000);
  EXPECT_EQ(parse_prompt("每张2秒").per_item_ms.value_or(0), 2000);
  EXPECT_FALSE(parse_prompt("3 seconds per photo").duration_ms.has_value());
}

TEST(Parser, Fit) {
  EXPECT_EQ(parse_prompt("crop the photos to fill").fit.value_or(""), "crop");
  EXPECT_EQ(parse_prompt("letterbox them").fit.value_or(""), "pad");
  EXPECT_EQ(parse_prompt("don't crop my photos").fit.value_or(""), "pad");
  EXPECT_EQ(parse_prompt("use a blurred background").fit.value_or(""), "blur");
  EXPECT_EQ(parse_prompt("模糊背景").fit.value_or(""), "blur");
  EXPECT_FALSE(parse_prompt("make it 20 seconds").fit.has_value());
}

struct TitleCase {
  const char *prompt;
  const char *title;
};

class ParserTitle : public ::testing::TestWithParam<TitleCase> {};

TEST_P(ParserTitle, ReadsTheTitle) {
  const AgentRequest r = parse_prompt(GetParam().prompt);
  ASSERT_TRUE(r.title.has_value()) << GetParam().prompt;
  EXPECT_EQ(*r.title, GetParam().title);
}

INSTANTIATE_TEST_SUITE_P(
    EnglishAndChinese, ParserTitle,
    ::testing::Values(TitleCase{"add a title 'Summer'", "Summer"},
                      TitleCase{"add a title \"Summer in Rome\"", "Summer in Rome"},
                      TitleCase{"title it \u201CUrban Dreams\u201D", "Urban Dreams"},
                      TitleCase{"a video titled Summer Trip with music", "Summer Trip"},
                      TitleCase{"title: Best Shoes", "Best Shoes"},
                      TitleCase{"加标题「夏日时光」", "夏日时光"}, TitleCase{"标题：夏天", "夏天"},
                      TitleCase{"make a slideshow called Family 2024", "Family 2024"},
                      TitleCase{"add the title 'No Music Today'", "No Music Today"}));

TEST(Parser, QuotedTitleWordsAreNotRequests) {
  const AgentRequest r = parse_prompt("add the title 'No Music Today'");
  EXPECT_FALSE(r.no_music);
  EXPECT_FALSE(r.music);
}

TEST(Parser, RemovalsAndNegations) {
  EXPECT_TRUE(parse_prompt("remove the title").remove_title);
  EXPECT_FALSE(parse_prompt("remove the title").title.has_value());
  EXPECT_TRUE(parse_prompt("no title").remove_title);
  EXPECT_TRUE(parse_prompt("去掉标题").remove_title);
  EXPECT_TRUE(parse_prompt("no captions").remove_captions);
  EXPECT_TRUE(parse_prompt("remove the subtitles").remove_captions);
  EXPECT_TRUE(parse_prompt("不要字幕").remove_captions);
  EXPECT_TRUE(parse_prompt("no music").no_music);
  EXPECT_TRUE(parse_prompt("remove the music").no_music);
  EXPECT_TRUE(parse_prompt("remove the background music").no_music);
  EXPECT_TRUE(parse_prompt("不要音乐").no_music);
  EXPECT_FALSE(parse_prompt("remove the title and add music").no_music);
  EXPECT_TRUE(parse_prompt("remove the title and add music").music);
}

TEST(Parser, MusicVolume) {
  EXPECT_DOUBLE_EQ(parse_prompt("music at 35%").music_volume.value_or(-1), 0.35);
  EXPECT_DOUBLE_EQ(parse_prompt("set the music volume to 50 percent").music_volume.value_or(-1),
                   0.5);
  EXPECT_DOUBLE_EQ(parse_prompt("音乐 50%").music_volume.value_or(-1), 0.5);
  EXPECT_DOUBLE_EQ(parse_prompt("音乐音量百分之三十").music_volume.value_or(-1), 0.3);
  EXPECT_EQ(parse_prompt("quieter music").music_volume_step, -1);
  EXPECT_EQ(parse_prompt("make the music louder").music_volume_step, 1);
  EXPECT_EQ(parse_prompt("音乐小声一点").music_volume_step, -1);
  EXPECT_DOUBLE_EQ(parse_prompt("keep the clips' original sound at 20%").clip_volume.value_or(-1),
                   0.2);
  EXPECT_DOUBLE_EQ(parse_prompt("mute the clips").clip_volume.value_or(-1), 0.0);
  EXPECT_EQ(parse_prompt("fade the music out over 3 seconds").music_fade_out_ms.value_or(0), 3000);
  EXPECT_EQ(parse_prompt("2 second fade in").music_fade_in_ms.value_or(0), 2000);
  EXPECT_EQ(parse_prompt("fade in the music").music_fade_in_ms.value_or(0), -1);
}

TEST(Parser, ScriptAfterMarkerColonOrLines) {
  const AgentRequest a = parse_prompt(
      "turn these images and script into a 60-second promo video with music. Script: Meet the new "
      "runner. "
      "Light as air! Built for speed. Get yours today.");
  ASSERT_EQ(a.captions.size(), 4u);
  EXPECT_EQ(a.captions[0], "Meet the new runner.");
  EXPECT_EQ(a.captions[3], "Get yours today.");
  EXPECT_EQ(a.duration_ms.value_or(0), 60000);
  EXPECT_TRUE(a.music);

  const AgentRequest b = parse_prompt(
      "turn these images and script into a 60-second promo video with music:\nFresh coffee every "
      "morning\n"
      "Roasted in town\nVisit us at 5 Main St.");
  ASSERT_EQ(b.captions.size(), 3u);
  EXPECT_EQ(b.captions[1], "Roasted in town");

  const AgentRequest c = parse_prompt(
      "turn these images and script into a 60-second promo video with music: Big sale. Everything "
      "50% off. "
      "This weekend only.");
  ASSERT_EQ(c.captions.size(), 3u);
  EXPECT_FALSE(c.music_volume.has_value()) << "the script's 50% is not a volume";

  const AgentRequest zh = parse_prompt(
      "把这些图片和文案做成60秒的宣传视频，配上音乐。文案：新品上市。轻盈舒适！快来选购。");
  ASSERT_EQ(zh.captions.size(), 3u);
  EXPECT_EQ(zh.captions[1], "轻盈舒适！");
  EXPECT_EQ(zh.duration_ms.value_or(0), 60000);
}

TEST(Parser, MultiLineInstructionsAreNotAScript) {
  const AgentRequest r = parse_prompt("make it square\nuse wipe transitions");
  EXPECT_TRUE(r.captions.empty());
  EXPECT_EQ(r.aspect, AspectRequest::Square);
  EXPECT_EQ(r.transition.value_or(""), "wiperight");
}

TEST(Parser, TheDocksChoicesAreNotReadAsAScriptOrWords) {
  const AgentRequest r = parse_prompt(
      "turn these photos into a 20-second video with music (transition: slideup) "
      "(camera: tilt_down, strength 1.2)");
  EXPECT_TRUE(r.captions.empty()) << "a colon in the dock's choices starts no script";
  EXPECT_EQ(r.duration_ms, 20000);
  EXPECT_EQ(r.transition.value_or(""), "slideup");
  EXPECT_EQ(r.motion.value_or(""), "pan_down");
  EXPECT_EQ(r.motion_strength.value_or(0), 1.2);
}

TEST(Parser, CreateVersusEdit) {
  EXPECT_TRUE(parse_prompt("turn these photos into a 30-second video").create);
  EXPECT_TRUE(
      parse_prompt("turn my photos into a smooth video slideshow with transitions and music")
          .create);
  EXPECT_TRUE(parse_prompt("把这些照片做成视频").create);
  EXPECT_FALSE(parse_prompt("make it 20 seconds").create);
  EXPECT_FALSE(parse_prompt("use wipe transitions").create);
  EXPECT_FALSE(parse_prompt("add a title 'Summer'").create);
  EXPECT_TRUE(parse_prompt("animate this image into a 5-second video").single_picture);
  EXPECT_FALSE(parse_prompt("turn these photos into a video").single_picture);
}

struct UnsupportedCase {
  const char *prompt;
  const char *code;
};

class ParserUnsupported : public ::testing::TestWithParam<UnsupportedCase> {};

TEST_P(ParserUnsupported, IsReported) {
  const AgentRequest r = parse_prompt(GetParam().prompt);
  bool found = false;
  for (const auto &u : r.unsupported) found = found || u.code == GetParam().code;
  EXPECT_TRUE(found) << GetParam().prompt;
}

INSTANTIATE_TEST_SUITE_P(
    EnglishAndChinese, ParserUnsupported,
    ::testing::Values(
        UnsupportedCase{"add a dragon", "object"}, UnsupportedCase{"make it 4K", "resolution"},
        UnsupportedCase{"export in 2160p", "resolution"},
        UnsupportedCase{"change the weather", "scene"},
        UnsupportedCase{"use AI voice-over", "voice"}, UnsupportedCase{"add narration", "voice"},
        UnsupportedCase{"make it anime style", "style"}, UnsupportedCase{"slow motion", "speed"},
        UnsupportedCase{"remove the background", "scene"},
        UnsupportedCase{"add our logo", "overlay"},
        UnsupportedCase{"transcribe the audio into subtitles", "speech"},
        UnsupportedCase{"compose a song for it", "music_gen"},
        UnsupportedCase{"make it 20 minutes", "too_long"}, UnsupportedCase{"加一条龙", "object"},
        UnsupportedCase{"做成4K", "resolution"}, UnsupportedCase{"加配音", "voice"},
        UnsupportedCase{"render at 120 fps", "fps"}));

TEST(Parser, SupportedRequestsAreNotReportedAsUnsupported) {
  for (const char *p :
       {"turn these photos into a 30-second video with transitions and background music",
        "turn my photos into a smooth video slideshow with transitions and music",
        "add a title 'Summer'", "add background music", "add the new photos",
        "remove the background music", "add some motion", "add fade transitions", "make it 1080p",
        "add captions", "加背景音乐", "加一个标题「你好」"}) {
    EXPECT_TRUE(parse_prompt(p).unsupported.empty())
        << p << ": " << parse_prompt(p).unsupported.front().code;
  }
}

TEST(Parser, DescribedSceneForGeneratedMotion) {
  const AgentRequest r =
      parse_prompt("animate this image into a 5-second video of the shoes in motion on a track");
  EXPECT_NE(r.described_scene.find("shoes"), std::string::npos);
  EXPECT_TRUE(
      parse_prompt("turn this image into a 10-second animated video clip").described_scene.empty());
}

TEST(Parser, AnyBytesAreSafeAndTextsAreUtf8) {
  std::mt19937 rng(1234);
  const std::string alphabet[] = {"music", " ",        "title", "\"",     "'",      "\xE2\x80\x9C",
                                  ":",     "\n",       "30",    "s",      "%",      "\xFF",
                                  "\xC3",  "\xE4\xB8", "秒",    "分钟",   "标题",   "字幕：",
                                  "no",    "9:16",     ".",     "\x00",   "fade",   "in",
                                  "out",   "half",     "a",     "minute", "百分之", "十"};
  for (int round = 0; round < 3000; ++round) {
    std::string prompt;
    const int parts = static_cast<int>(rng() % 24);
    for (int i = 0; i < parts; ++i) {
      if (rng() % 4 == 0) {
        prompt += static_cast<char>(rng() % 256);
      } else {
        prompt += alphabet[rng() % (sizeof alphabet / sizeof alphabet[0])];
      }
    }
    const AgentRequest r = parse_prompt(prompt);
    EXPECT_TRUE(text::utf8_valid(r.title.value_or("")));
    for (const auto &c : r.captions) EXPECT_TRUE(text::utf8_valid(c));
    for (const auto &u : r.unsupported) EXPECT_TRUE(text::utf8_valid(u.what));
    EXPECT_TRUE(text::utf8_valid(r.described_scene));
  }
}

TEST(Parser, HugePromptIsCutNotRejected) {
  std::string prompt = "make it 20 seconds ";
  while (prompt.size() < 200000) prompt += "and more words ";
  EXPECT_EQ(parse_prompt(prompt).duration_ms.value_or(0), 20000);
}

}  // namespace
}  // namespace nemo::agent

namespace nemo::agent {
namespace {

TEST(Parser, AdversarialPromptsStayLinear) {
  // Many unclosed quotes and title words: must finish promptly (a hang would time the test out).
  std::string quotes, titles;
  while (quotes.size() < 60000) quotes += "\xE2\x80\x9C";
  while (titles.size() < 60000) titles += "title A";
  EXPECT_FALSE(parse_prompt(quotes).title.has_value());
  EXPECT_TRUE(parse_prompt(titles).title.has_value());
}

}  // namespace
}  // namespace nemo::agent

namespace nemo::agent {
namespace {

TEST(Parser, SpeedWordsNextToMotionAreAboutTheMotion) {
  const AgentRequest slow = parse_prompt("zoom out slowly on each photo");
  EXPECT_FALSE(slow.pace.has_value());
  EXPECT_EQ(slow.motion.value_or(""), "zoom_out");
  EXPECT_DOUBLE_EQ(slow.motion_strength.value_or(0), 0.5);
  const AgentRequest cuts = parse_prompt("a fast TikTok with quick cuts");
  EXPECT_EQ(cuts.pace.value_or(""), "fast");
  EXPECT_EQ(cuts.transition.value_or(""), "none");
}

}  // namespace
}  // namespace nemo::agent
