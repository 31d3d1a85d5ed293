// Iterative edits: each applies only what is asked and keeps everything else.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include "agent/agent.hpp"
#include "agent_test_support.hpp"

namespace nemo::agent {
namespace {

using namespace nemo::agent::testing;

// What a user would notice about a draft.
json shape(const json &draft) {
  json s;
  s["d"] = draft["d"];
  s["size"] = std::to_string(draft["m"]["width"].get<int>()) + "x" +
              std::to_string(draft["m"]["height"].get<int>());
  const json segs = video_segments(draft);
  s["pictures"] = segs.size();
  json transitions = json::array(), motion = json::array(), sources = json::array();
  for (const auto &seg : segs) {
    if (seg.contains("tr")) transitions.push_back(seg["tr"]["type"]);
    motion.push_back(seg["mo"]["type"]);
    sources.push_back(seg["src"]);
  }
  s["transitions"] = transitions;
  s["transition_ms"] = segs.size() > 1 ? segs[0]["tr"]["d"] : json(0);
  s["motion"] = motion;
  s["sources"] = sources;
  const auto music = tracks_of(draft, 1);
  s["music"] = music.empty() ? json(nullptr) : music[0]["sg"][0]["vol"];
  const json titles = text_segments(draft, "title");
  s["title"] = titles.empty() ? json(nullptr) : titles[0]["text"];
  s["captions"] = text_segments(draft, "caption").size();
  return s;
}

class Edits : public ::testing::Test {
 protected:
  void SetUp() override {
    media_ = photos_and_music(5);
    const auto first = run_agent(
        json(), media_,
        "turn these photos into a 30-second video with transitions and background music", "en");
    base_ = first.draft;
    ASSERT_EQ(base_["d"], 30000);
  }
  AgentReply edit(const json &draft, const std::string &prompt,
                  const std::string &language = "en") {
    auto reply = run_agent(draft, media_, prompt, language);
    expect_valid_draft(reply.draft);
    return reply;
  }
  std::vector<MediaRef> media_;
  json base_;
};

TEST_F(Edits, Length) {
  const auto r = edit(base_, "make it 20 seconds");
  json expected = shape(base_);
  expected["d"] = 20000;
  EXPECT_EQ(shape(r.draft), expected);
  EXPECT_TRUE(r.changed);
  EXPECT_NE(r.text.find("20 seconds"), std::string::npos) << r.text;
  ASSERT_FALSE(r.tool_calls.empty());
  EXPECT_EQ(r.tool_calls[0].name, "set_duration");
  EXPECT_EQ(tracks_of(r.draft, 1)[0]["sg"][0]["e"], 20000) << "the music follows the new length";
}

TEST_F(Edits, Transitions) {
  const auto r = edit(base_, "use wipe transitions");
  json expected = shape(base_);
  expected["transitions"] = json::array({"wiperight", "wiperight", "wiperight", "wiperight"});
  EXPECT_EQ(shape(r.draft), expected);
}

TEST_F(Edits, TransitionLength) {
  const auto r = edit(base_, "1.5-second transitions");
  json expected = shape(base_);
  expected["transition_ms"] = 1500;
  EXPECT_EQ(shape(r.draft), expected);
}

TEST_F(Edits, Square) {
  const auto r = edit(base_, "make it square");
  json expected = shape(base_);
  expected["size"] = "1080x1080";
  EXPECT_EQ(shape(r.draft), expected);
  EXPECT_EQ(r.tool_calls.at(0).name, "set_aspect");
}

TEST_F(Edits, TitleAddedThenRemoved) {
  const auto added = edit(base_, "add a title 'Summer'");
  json expected = shape(base_);
  expected["title"] = "Summer";
  EXPECT_EQ(shape(added.draft), expected);
  const json title = text_segments(added.draft, "title")[0];
  EXPECT_EQ(title["s"], 0);
  EXPECT_EQ(title["e"], 3000);
  EXPECT_NE(added.text.find("Title: \"Summer\" (0-3s)"), std::string::npos) << added.text;

  const auto removed = edit(added.draft, "remove the title");
  EXPECT_EQ(shape(removed.draft), shape(base_));
  EXPECT_EQ(removed.draft, base_) << "add then remove gives back the same draft";
}

TEST_F(Edits, MusicVolumeAndQuieter) {
  const auto half = edit(base_, "music at 50%");
  json expected = shape(base_);
  expected["music"] = 0.5;
  EXPECT_EQ(shape(half.draft), expected);
  const auto quieter = edit(half.draft, "quieter music");
  EXPECT_LT(shape(quieter.draft)["music"].get<double>(), 0.5);
  const auto zh = edit(base_, "音乐 35%", "zh");
  EXPECT_DOUBLE_EQ(shape(zh.draft)["music"].get<double>(), 0.35);
  EXPECT_NE(zh.text.find("已修改"), std::string::npos) << zh.text;
}

TEST_F(Edits, SlowerKeepsAnAskedLengthButLengthensTransitions) {
  const auto r = edit(base_, "slower");
  EXPECT_EQ(r.draft["d"], 30000);
  EXPECT_GT(shape(r.draft)["transition_ms"].get<int>(), shape(base_)["transition_ms"].get<int>());
  EXPECT_EQ(r.draft["m"]["pace"], "slow");
}

TEST_F(Edits, SlowerLengthensAnAutomaticLength) {
  const auto automatic = run_agent(json(), media_, "make a slideshow with music", "en");
  const auto r = edit(automatic.draft, "slower");
  EXPECT_GT(r.draft["d"].get<int>(), automatic.draft["d"].get<int>());
  const auto faster = edit(automatic.draft, "faster");
  EXPECT_LT(faster.draft["d"].get<int>(), automatic.draft["d"].get<int>());
}

TEST_F(Edits, NoMusicThenMusicAgain) {
  const auto none = edit(base_, "no music");
  json expected = shape(base_);
  expected["music"] = nullptr;
  EXPECT_EQ(shape(none.draft), expected);
  EXPECT_TRUE(tracks_of(none.draft, 1).empty());
  const auto zh = edit(base_, "不要音乐", "zh");
  EXPECT_TRUE(tracks_of(zh.draft, 1).empty());
  const auto again = edit(none.draft, "add the music back");
  EXPECT_EQ(shape(again.draft), shape(base_));
}

TEST_F(Edits, MotionAndFit) {
  const auto r = edit(base_, "zoom in on every photo");
  json expected = shape(base_);
  expected["motion"] = json::array({"zoom_in", "zoom_in", "zoom_in", "zoom_in", "zoom_in"});
  EXPECT_EQ(shape(r.draft), expected);
  const auto still = edit(base_, "no motion");
  for (const auto &seg : video_segments(still.draft)) EXPECT_EQ(seg["mo"]["type"], "none");
  const auto pad = edit(base_, "letterbox the photos");
  for (const auto &seg : video_segments(pad.draft)) EXPECT_EQ(seg["fit"], "pad");
  EXPECT_EQ(shape(pad.draft), shape(base_));
}

TEST_F(Edits, CameraMovesByNameAndStrengthAreChangedByLaterEdits) {
  // The dock's choices (camera and transition) on a new video.
  const auto made = edit(json(),
                         "turn these photos into a 30-second video (transition: circleopen) "
                         "(camera: pan_left, strength 1.5)");
  for (const auto &seg : video_segments(made.draft)) {
    EXPECT_EQ(seg["mo"]["type"], "pan_left");
    EXPECT_DOUBLE_EQ(seg["mo"]["k"].get<double>(), 1.5);
    if (seg.contains("tr")) {
      EXPECT_EQ(seg["tr"]["type"], "circleopen");
    }
  }
  EXPECT_NE(made.text.find("circle-open transitions"), std::string::npos) << made.text;
  // Words in a later edit change the move; the transition stays.
  const auto drift = edit(made.draft, "use a slow drift instead");
  for (const auto &seg : video_segments(drift.draft)) {
    EXPECT_EQ(seg["mo"]["type"], "drift");
    if (seg.contains("tr")) {
      EXPECT_EQ(seg["tr"]["type"], "circleopen");
    }
  }
  EXPECT_NE(drift.text.find("slow drift"), std::string::npos) << drift.text;
  const auto zh = edit(drift.draft, "镜头向上平移，力度0.5", "zh");
  for (const auto &seg : video_segments(zh.draft)) {
    EXPECT_EQ(seg["mo"]["type"], "pan_up");
    EXPECT_DOUBLE_EQ(seg["mo"]["k"].get<double>(), 0.5);
  }
  const auto cinematic = edit(zh.draft, "make the transitions cinematic");
  EXPECT_EQ(cinematic.draft["m"]["transition"], "cinematic");
  EXPECT_NE(cinematic.text.find("cinematic ("), std::string::npos) << cinematic.text;
}

TEST_F(Edits, TheBackgroundColourIsKeptAndChangedByLaterEdits) {
  EXPECT_FALSE(base_["m"].contains("background")) << "black unless asked";
  const auto white = edit(base_, "put the photos on a white background");
  EXPECT_EQ(white.draft["m"]["background"], "#ffffff");
  EXPECT_EQ(shape(white.draft), shape(base_)) << "nothing else changes";
  EXPECT_NE(white.text.find("set the background to white"), std::string::npos) << white.text;
  const auto later = edit(white.draft, "make it 20 seconds");
  EXPECT_EQ(later.draft["m"]["background"], "#ffffff") << "a later edit keeps it";
  const auto zh = edit(later.draft, "背景改成黑色", "zh");
  EXPECT_FALSE(zh.draft["m"].contains("background")) << "black is the default again";
  EXPECT_NE(zh.text.find("背景改为黑色"), std::string::npos) << zh.text;
  const auto dock = edit(zh.draft, "letterbox the photos (background: #ff8800)");
  EXPECT_EQ(dock.draft["m"]["background"], "#ff8800");
  EXPECT_NE(dock.text.find("#ff8800 bars"), std::string::npos) << dock.text;
}

TEST_F(Edits, WipesInsteadAndNoCameraMoves) {
  const auto r = edit(base_, "use wipes instead and no camera moves");
  for (const auto &seg : video_segments(r.draft)) {
    EXPECT_EQ(seg["mo"]["type"], "none");
    if (seg.contains("tr")) {
      EXPECT_EQ(seg["tr"]["type"], "wiperight");
    }
  }
}

TEST_F(Edits, ChineseFormatAndTitle) {
  const auto r = edit(base_, "改成竖屏，加标题「夏天」", "zh");
  json expected = shape(base_);
  expected["size"] = "1080x1920";
  expected["title"] = "夏天";
  EXPECT_EQ(shape(r.draft), expected);
  const auto removed = edit(r.draft, "去掉标题", "zh");
  EXPECT_TRUE(text_segments(removed.draft, "title").empty());
}

TEST_F(Edits, CaptionsReplacedAndRemoved) {
  const auto with = edit(base_, "captions: First line. Second line. Third line.");
  EXPECT_EQ(shape(with.draft)["captions"], 3);
  EXPECT_EQ(with.draft["d"], 30000);
  const auto without = edit(with.draft, "no captions");
  EXPECT_EQ(shape(without.draft), shape(base_));
}

TEST_F(Edits, AddNewMedia) {
  media_.push_back(photo(6));
  media_.push_back(clip(7, 6.0));
  const auto r = edit(base_, "add the new photos and clips");
  EXPECT_EQ(shape(r.draft)["pictures"], 7);
  EXPECT_EQ(r.draft["d"], 30000) << "the asked length stays";
}

TEST_F(Edits, NothingUnderstoodChangesNothing) {
  const auto r = run_agent(base_, media_, "hello there", "en");
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.draft, base_);
  EXPECT_TRUE(r.tool_calls.empty());
  EXPECT_NE(r.text.find("Timeline (2 tracks)"), std::string::npos);
}

TEST_F(Edits, UnsupportedIsSaidAndNothingChanges) {
  for (const char *p : {"add a dragon", "make it 4K", "change the weather", "use AI voice-over"}) {
    const auto r = run_agent(base_, media_, p, "en");
    EXPECT_FALSE(r.changed) << p;
    EXPECT_EQ(r.draft, base_) << p;
    ASSERT_FALSE(r.unsupported.empty()) << p;
    EXPECT_NE(r.text.find("I can't"), std::string::npos) << p << ": " << r.text;
  }
  const auto zh = run_agent(base_, media_, "加一条龙", "zh");
  EXPECT_FALSE(zh.changed);
  EXPECT_NE(zh.text.find("我不能添加"), std::string::npos) << zh.text;
}

TEST_F(Edits, SupportedPartIsAppliedUnsupportedPartIsSaid) {
  const auto r = run_agent(base_, media_, "make it 4K and use wipe transitions", "en");
  EXPECT_TRUE(r.changed);
  EXPECT_EQ(shape(r.draft)["transitions"][0], "wiperight");
  EXPECT_EQ(r.draft["m"]["width"], 1920);
  ASSERT_EQ(r.unsupported.size(), 1u);
  EXPECT_NE(r.text.find("wipe"), std::string::npos);
  EXPECT_NE(r.text.find("4K"), std::string::npos);
}

TEST_F(Edits, MalformedCurrentDraftIsTreatedAsEmpty) {
  for (const json &bad :
       {json("garbage"), json::array({1, 2}), json{{"t", 5}}, json{{"t", json::array({"x"})}},
        json{{"d", -3},
             {"t", json::array({json{{"tt", 0}, {"sg", json::array({json{{"src", 7}}})}}})}}}) {
    const auto r = run_agent(bad, media_, "make it 20 seconds", "en");
    expect_valid_draft(r.draft);
    EXPECT_EQ(r.draft["d"], 20000);
    EXPECT_EQ(video_segments(r.draft).size(), 5u);
  }
}

TEST(EditsWithoutMusic, AskingForMusicWithoutUploadSaysSoPlainly) {
  const auto base = run_agent(json(), photos(3), "make a slideshow", "en");
  const auto r = run_agent(base.draft, photos(3), "add background music", "en");
  EXPECT_FALSE(r.changed);
  EXPECT_TRUE(tracks_of(r.draft, 1).empty()) << "no invented music";
  EXPECT_NE(r.text.find("no music file has been uploaded"), std::string::npos) << r.text;
  bool reported = false;
  for (const auto &call : r.tool_calls)
    reported = reported || (call.name == "add_music" && call.response["ok"] == false);
  EXPECT_TRUE(reported);
  const auto created =
      run_agent(json(), photos(3), "turn these photos into a video with music", "en");
  EXPECT_TRUE(created.changed);
  EXPECT_TRUE(tracks_of(created.draft, 1).empty());
  EXPECT_NE(created.text.find("no music file has been uploaded"), std::string::npos)
      << created.text;
  const auto zh = run_agent(json(), photos(3), "把照片做成视频，加背景音乐", "zh");
  EXPECT_NE(zh.text.find("还没有上传音乐文件"), std::string::npos) << zh.text;
}

TEST(EditsWithoutMedia, AsksForMedia) {
  const auto r = run_agent(json(), {}, "turn these photos into a 30-second video", "en");
  EXPECT_FALSE(r.changed);
  EXPECT_EQ(r.draft, json());
  EXPECT_NE(r.text.find("upload photos, video clips or music"), std::string::npos) << r.text;
  const auto zh = run_agent(json(), {}, "做一个视频", "zh");
  EXPECT_NE(zh.text.find("请先上传照片"), std::string::npos) << zh.text;
  const auto music_only = run_agent(json(), {song()}, "make a video with my music", "en");
  EXPECT_FALSE(music_only.changed);
  EXPECT_NE(music_only.text.find("no photos or video clips"), std::string::npos) << music_only.text;
}

TEST(EditsWithClips, MusicLowersTheClipsAndRemovingItRestoresThem) {
  const std::vector<MediaRef> media = {clip(1, 8.0), photo(1), song()};
  const auto r = run_agent(json(), media, "make a video with music", "en");
  EXPECT_DOUBLE_EQ(video_segments(r.draft)[0]["vol"].get<double>(), 0.3);
  const auto none = run_agent(r.draft, media, "remove the music", "en");
  EXPECT_DOUBLE_EQ(video_segments(none.draft)[0]["vol"].get<double>(), 1.0);
  const auto muted = run_agent(r.draft, media, "mute the clips", "en");
  EXPECT_DOUBLE_EQ(video_segments(muted.draft)[0]["vol"].get<double>(), 0.0);
  const auto kept =
      run_agent(json(), media, "make a video with music and keep the original sound", "en");
  EXPECT_DOUBLE_EQ(video_segments(kept.draft)[0]["vol"].get<double>(), 1.0);
}

}  // namespace
}  // namespace nemo::agent

namespace nemo::agent {
namespace {

using namespace nemo::agent::testing;

TEST(EditsRebuild, AskingAgainForTheSameMediaKeepsEarlierChoices) {
  const auto media = photos_and_music(4);
  const auto first = run_agent(json(), media, "turn these photos into a 20-second video", "en");
  const auto titled =
      run_agent(first.draft, media, "add a title 'Trip' and use wipe transitions", "en");
  const auto again =
      run_agent(titled.draft, media, "turn these photos into a 30-second video", "en");
  EXPECT_EQ(again.draft["d"], 30000);
  EXPECT_EQ(text_segments(again.draft, "title").size(), 1u);
  EXPECT_EQ(video_segments(again.draft)[0]["tr"]["type"], "wiperight");
  EXPECT_EQ(again.text.rfind("I made a 30-second", 0), 0u) << again.text;
}

TEST(EditsRebuild, NewUploadsMakeANewTimeline) {
  auto media = photos_and_music(2);
  const auto first =
      run_agent(json(), media, "turn these photos into a video with the title 'A'", "en");
  media.push_back(photo(3));
  const auto again = run_agent(first.draft, media, "turn these photos into a video", "en");
  EXPECT_EQ(video_segments(again.draft).size(), 3u);
  EXPECT_TRUE(text_segments(again.draft, "title").empty()) << "a new video starts fresh";
}

TEST(EditsRebuild, TurnItVerticalIsAnEdit) {
  const auto media = photos_and_music(3);
  const auto first = run_agent(json(), media, "make a slideshow titled 'Hi'", "en");
  const auto r = run_agent(first.draft, media, "turn it vertical", "en");
  EXPECT_EQ(r.draft["m"]["height"], 1920);
  EXPECT_EQ(text_segments(r.draft, "title").size(), 1u);
  EXPECT_EQ(r.text.rfind("I changed the format", 0), 0u) << r.text;
}

}  // namespace
}  // namespace nemo::agent
