// The workflows of the product documents, at 16:9, 9:16 and 1:1, with photos
// and with clips: the draft the agent makes.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include "agent/agent.hpp"
#include "agent_test_support.hpp"

namespace nemo::agent {
namespace {

using namespace nemo::agent::testing;

struct Canvas {
  const char *suffix;
  int width, height;
};

class Workflow : public ::testing::TestWithParam<Canvas> {
 protected:
  std::string prompt(const std::string &base) const { return base + GetParam().suffix; }
  void expect_canvas(const json &draft) const {
    EXPECT_EQ(draft["m"]["width"], GetParam().width);
    EXPECT_EQ(draft["m"]["height"], GetParam().height);
  }
};

void expect_transitions_everywhere(const json &segs) {
  for (std::size_t i = 0; i + 1 < segs.size(); ++i) {
    EXPECT_NE(segs[i]["tr"]["type"], "none") << "between picture " << i + 1 << " and " << i + 2;
    EXPECT_GT(segs[i]["tr"]["d"].get<int>(), 0);
  }
}

void expect_music_under_all(const json &draft, double volume) {
  const auto music = tracks_of(draft, 1);
  ASSERT_EQ(music.size(), 1u);
  const json &seg = music.front()["sg"][0];
  EXPECT_EQ(seg["src"], "https://cdn.local/u/summer.mp3");
  EXPECT_EQ(seg["s"], 0);
  EXPECT_EQ(seg["e"], draft["d"]);
  EXPECT_DOUBLE_EQ(seg["vol"].get<double>(), volume);
  EXPECT_GE(seg["fo"].get<int>(), 1500) << "faded out at the end";
  EXPECT_LE(seg["fo"].get<int>(), 3000);
}

void expect_continuous_motion(const json &seg) {
  ASSERT_TRUE(seg.contains("mo"));
  EXPECT_NE(seg["mo"]["type"], "none");
  EXPECT_GE(seg["mo"]["k"].get<double>(), 0.9) << "clearly moving, not a near-still";
}

TEST_P(Workflow, FivePhotosAndMusicThirtySeconds) {
  const auto reply = run_agent(
      json(), photos_and_music(5),
      prompt("turn these photos into a 30-second video with transitions and background music"),
      "en");
  ASSERT_TRUE(reply.changed);
  expect_valid_draft(reply.draft);
  EXPECT_EQ(reply.draft["d"], 30000);
  expect_canvas(reply.draft);
  const json segs = video_segments(reply.draft);
  ASSERT_EQ(segs.size(), 5u);
  expect_transitions_everywhere(segs);
  expect_music_under_all(reply.draft, 0.8);
  EXPECT_TRUE(reply.unsupported.empty());
  EXPECT_NE(reply.text.find("30-second"), std::string::npos) << reply.text;
  EXPECT_NE(reply.text.find(
                "Timeline (2 tracks): 1. Video: 5 photos (0-30s) 2. BGM: summer.mp3 (0-30s, 80%)"),
            std::string::npos)
      << reply.text;
}

TEST_P(Workflow, SmoothSlideshowWithTransitionsAndMusic) {
  const auto reply = run_agent(
      json(), photos_and_music(5),
      prompt("turn my photos into a smooth video slideshow with transitions and music"), "en");
  expect_valid_draft(reply.draft);
  expect_canvas(reply.draft);
  const json segs = video_segments(reply.draft);
  ASSERT_EQ(segs.size(), 5u);
  expect_transitions_everywhere(segs);
  expect_music_under_all(reply.draft, 0.8);
  const auto d = reply.draft["d"].get<int>();
  EXPECT_GE(d, 5 * 3000) << "about 3-4 s a photo";
  EXPECT_LE(d, 5 * 4000 + 4 * 1200);
}

TEST_P(Workflow, ImagesAndScriptPromo) {
  const std::string script =
      "Meet the new Trail Runner. Light as air. Grip that holds on any ground. Built to last a "
      "thousand miles. "
      "Get yours today!";
  const auto reply =
      run_agent(json(), photos_and_music(5),
                prompt("turn these images and script into a 60-second promo video with music") +
                    ": " + script,
                "en");
  expect_valid_draft(reply.draft);
  expect_canvas(reply.draft);
  EXPECT_EQ(reply.draft["d"], 60000);
  ASSERT_EQ(video_segments(reply.draft).size(), 5u);
  expect_music_under_all(reply.draft, 0.8);
  const json captions = text_segments(reply.draft, "caption");
  ASSERT_EQ(captions.size(), 5u);
  EXPECT_EQ(captions[0]["text"], "Meet the new Trail Runner.");
  EXPECT_EQ(captions[0]["s"], 0);
  EXPECT_EQ(captions[4]["e"], 60000) << "the captions cover the whole video";
  for (std::size_t i = 1; i < captions.size(); ++i)
    EXPECT_EQ(captions[i]["s"], captions[i - 1]["e"]);
  // Timed by length: the longest line shows longer than the shortest one.
  const auto len = [&](std::size_t i) {
    return captions[i]["e"].get<int>() - captions[i]["s"].get<int>();
  };
  EXPECT_GT(len(3), len(1));
}

TEST_P(Workflow, ScriptOnFollowingLines) {
  const auto reply =
      run_agent(json(), photos_and_music(5),
                prompt("turn these images and script into a 60-second promo video with music") +
                    "\nFresh coffee every morning\nRoasted here in town\nOpen 7 days a week",
                "en");
  expect_valid_draft(reply.draft);
  EXPECT_EQ(text_segments(reply.draft, "caption").size(), 3u);
  EXPECT_EQ(reply.draft["d"], 60000);
}

TEST_P(Workflow, AnimateOnePhotoFiveSeconds) {
  const auto reply = run_agent(
      json(), {photo(1)},
      prompt("animate this image into a 5-second video of the shoes in motion on a track"), "en");
  expect_valid_draft(reply.draft);
  expect_canvas(reply.draft);
  EXPECT_EQ(reply.draft["d"], 5000);
  const json segs = video_segments(reply.draft);
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0]["s"], 0);
  EXPECT_EQ(segs[0]["e"], 5000) << "one move over the whole length";
  expect_continuous_motion(segs[0]);
  // It cannot generate the described scene and says so instead of pretending.
  ASSERT_FALSE(reply.unsupported.empty());
  EXPECT_NE(reply.text.find("camera move"), std::string::npos) << reply.text;
}

TEST_P(Workflow, OneImageTenSecondAnimatedClip) {
  const auto reply = run_agent(
      json(), {photo(1)}, prompt("turn this image into a 10-second animated video clip"), "en");
  expect_valid_draft(reply.draft);
  expect_canvas(reply.draft);
  EXPECT_EQ(reply.draft["d"], 10000);
  const json segs = video_segments(reply.draft);
  ASSERT_EQ(segs.size(), 1u);
  expect_continuous_motion(segs[0]);
  EXPECT_TRUE(reply.unsupported.empty());
}

TEST_P(Workflow, PhotosAndClipsTrimmedAndFitted) {
  std::vector<MediaRef> media = {photo(1), clip(1, 20.0), photo(2, 1080, 1920), clip(2, 3.0),
                                 photo(3)};
  media.push_back(song());
  const auto reply = run_agent(
      json(), media,
      prompt("turn these photos and clips into a 30-second video with transitions and music"),
      "en");
  expect_valid_draft(reply.draft);
  expect_canvas(reply.draft);
  EXPECT_EQ(reply.draft["d"], 30000);
  const json segs = video_segments(reply.draft);
  ASSERT_EQ(segs.size(), 5u);
  expect_transitions_everywhere(segs);
  for (const auto &seg : segs) {
    if (seg["k"] != "video") continue;
    const int slot = seg["e"].get<int>() - seg["s"].get<int>();
    const int source = seg["sd"].get<int>();
    EXPECT_LE(slot, source) << seg["n"] << ": no clip is stretched while photos can take the time";
    EXPECT_GE(seg["ss"].get<int>(), 0);
    EXPECT_LE(seg["ss"].get<int>() + slot, source) << "the used part lies inside the clip";
    EXPECT_TRUE(seg["au"].get<bool>());
    EXPECT_DOUBLE_EQ(seg["vol"].get<double>(), 0.3) << "clip sound lowered under the music";
  }
  EXPECT_EQ(segs[1]["sd"], 20000);
  EXPECT_GT(segs[1]["ss"].get<int>(), 0) << "a long clip is trimmed around its middle";
  EXPECT_LT(segs[1]["e"].get<int>() - segs[1]["s"].get<int>(), 20000)
      << "the long clip is trimmed to fit 30 s";
  EXPECT_LE(segs[3]["e"].get<int>() - segs[3]["s"].get<int>(), 3000)
      << "the short clip is never stretched";
  expect_music_under_all(reply.draft, 0.8);
}

INSTANTIATE_TEST_SUITE_P(Formats, Workflow,
                         ::testing::Values(Canvas{"", 1920, 1080},
                                           Canvas{" for TikTok, 9:16", 1080, 1920},
                                           Canvas{", square 1:1", 1080, 1080}),
                         [](const ::testing::TestParamInfo<Canvas> &param_info) {
                           return std::string(
                               param_info.param.width > param_info.param.height   ? "Landscape"
                               : param_info.param.width < param_info.param.height ? "Portrait"
                                                                                  : "Square");
                         });

TEST(WorkflowDefaults, PortraitPhotosOnLandscapeAreSmartFitOthersCropped) {
  const auto reply =
      run_agent(json(), {photo(1, 4000, 3000), photo(2, 3000, 4000), photo(3, 1920, 1080)},
                "make a slideshow", "en");
  const json segs = video_segments(reply.draft);
  ASSERT_EQ(segs.size(), 3u);
  EXPECT_EQ(segs[0]["fit"], "crop");
  EXPECT_EQ(segs[1]["fit"], "smart");  // the renderer crops around faces, else blur-pads
  EXPECT_EQ(segs[2]["fit"], "crop");
  // On a 9:16 canvas the landscape pictures are the ones that would lose most.
  const auto vertical = run_agent(reply.draft, {}, "make it vertical", "en");
  const json vsegs = video_segments(vertical.draft);
  EXPECT_EQ(vsegs[0]["fit"], "smart");
  EXPECT_EQ(vsegs[1]["fit"], "crop");
}

TEST(WorkflowDefaults, LengthFromPhotosAndPaceWithinBounds) {
  const auto normal = run_agent(json(), photos(5), "make a slideshow", "en");
  const auto slow = run_agent(json(), photos(5), "make a slow slideshow", "en");
  const auto fast = run_agent(json(), photos(5), "make a fast slideshow", "en");
  EXPECT_LT(fast.draft["d"].get<int>(), normal.draft["d"].get<int>());
  EXPECT_LT(normal.draft["d"].get<int>(), slow.draft["d"].get<int>());
  const auto one = run_agent(json(), photos(1), "make a video", "en");
  EXPECT_EQ(one.draft["d"], 5000) << "at least 5 s";
  const auto many = run_agent(json(), photos(60), "make a slideshow", "en");
  EXPECT_EQ(many.draft["d"], 120000) << "at most 120 s when no length is asked";
  expect_valid_draft(many.draft);
}

TEST(WorkflowDefaults, ClipsAloneKeepTheirLengthAndFullSound) {
  const auto reply = run_agent(json(), {clip(1, 8.0), clip(2, 6.5)}, "put my clips together", "en");
  expect_valid_draft(reply.draft);
  const json segs = video_segments(reply.draft);
  ASSERT_EQ(segs.size(), 2u);
  EXPECT_EQ(segs[0]["e"].get<int>() - segs[0]["s"].get<int>(), 8000);
  EXPECT_EQ(segs[1]["e"].get<int>() - segs[1]["s"].get<int>(), 6500);
  EXPECT_DOUBLE_EQ(segs[0]["vol"].get<double>(), 1.0)
      << "no music: the clips' sound at full volume";
}

TEST(WorkflowDefaults, ShortClipLoopsWhenNothingElseCanTakeTheTime) {
  const auto reply = run_agent(json(), {clip(1, 3.0)}, "make a 12-second video", "en");
  expect_valid_draft(reply.draft);
  const json segs = video_segments(reply.draft);
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0]["e"], 12000);
  EXPECT_EQ(segs[0]["ss"], 0);
}

TEST(WorkflowDefaults, TooShortForAllPhotosIsExtendedAndSaid) {
  const auto reply = run_agent(json(), photos(12), "make a 5-second video", "en");
  expect_valid_draft(reply.draft);
  EXPECT_GE(reply.draft["d"].get<int>(), 12000);
  EXPECT_NE(reply.text.find("at least a second each"), std::string::npos) << reply.text;
}

TEST(WorkflowDefaults, ThisImagePicksTheLatestPicture) {
  const auto reply = run_agent(json(), photos(3), "animate this image into a 6-second clip", "en");
  const json segs = video_segments(reply.draft);
  ASSERT_EQ(segs.size(), 1u);
  EXPECT_EQ(segs[0]["n"], "photo3.jpg");
}

TEST(WorkflowDefaults, ChinesePromptGetsChineseReply) {
  const auto reply = run_agent(json(), photos_and_music(5),
                               "把这些照片做成30秒的竖屏视频，带转场和背景音乐", "zh");
  expect_valid_draft(reply.draft);
  EXPECT_EQ(reply.draft["d"], 30000);
  EXPECT_EQ(reply.draft["m"]["height"], 1920);
  EXPECT_NE(reply.text.find("我用你的5张照片做了一个30秒的9:16"), std::string::npos) << reply.text;
  EXPECT_NE(reply.text.find("Timeline (2 tracks)"), std::string::npos);
}

TEST(WorkflowDefaults, SevenTwentyPScalesTheCanvas) {
  EXPECT_EQ(run_agent(json(), photos(2), "make a 720p video", "en").draft["m"]["width"], 1280);
  const auto v = run_agent(json(), photos(2), "make a vertical 720p video", "en");
  EXPECT_EQ(v.draft["m"]["width"], 720);
  EXPECT_EQ(v.draft["m"]["height"], 1280);
  const auto s = run_agent(json(), photos(2), "make a square video in 720p", "en");
  EXPECT_EQ(s.draft["m"]["width"], 720);
  EXPECT_EQ(s.draft["m"]["height"], 720);
}

TEST(WorkflowDefaults, DeterministicOutput) {
  std::vector<MediaRef> media = {photo(1), clip(1, 12.5), photo(2, 3000, 4000), song()};
  const char *prompt =
      "turn these into a 45-second vertical video with wipe transitions, title 'Go', and music at "
      "60%";
  const auto a = run_agent(json(), media, prompt, "en");
  const auto b = run_agent(json(), media, prompt, "en");
  EXPECT_EQ(a.draft.dump(), b.draft.dump());
  EXPECT_EQ(a.text, b.text);
  ASSERT_EQ(a.tool_calls.size(), b.tool_calls.size());
  for (std::size_t i = 0; i < a.tool_calls.size(); ++i) {
    EXPECT_EQ(a.tool_calls[i].name, b.tool_calls[i].name);
    EXPECT_EQ(a.tool_calls[i].args, b.tool_calls[i].args);
  }
  // And re-running the same prompt on its own result changes nothing but stays identical.
  const auto c = run_agent(a.draft, media, prompt, "en");
  EXPECT_EQ(c.draft.dump(), a.draft.dump());
}

TEST(WorkflowDefaults, ToolCallsDescribeTheBuild) {
  const auto reply = run_agent(json(), photos_and_music(3),
                               "turn these photos into a 20-second vertical video "
                               "with music and the title 'Hi'",
                               "en");
  std::vector<std::string> names;
  for (const auto &call : reply.tool_calls) names.push_back(call.name);
  ASSERT_FALSE(names.empty());
  EXPECT_EQ(names[0], "build_timeline");
  EXPECT_EQ(reply.tool_calls[0].args["duration_ms"], 20000);
  EXPECT_EQ(reply.tool_calls[0].response["d"], 20000);
  EXPECT_NE(std::find(names.begin(), names.end(), "set_aspect"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "add_music"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "add_title"), names.end());
}

}  // namespace
}  // namespace nemo::agent
