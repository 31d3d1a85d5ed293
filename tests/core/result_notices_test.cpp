// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/result_notices.hpp"

#include <gtest/gtest.h>

namespace nemo::core {
namespace {
using nlohmann::json;

TEST(ResultNotices, APromptAsksForMusicInEnglishAndChinese) {
  for (const char *p :
       {"turn these photos into a 30-second video with transitions and music", "Add some BGM",
        "put a song under it", "用这些照片做一个带背景音乐的视频", "加上配乐"})
    EXPECT_TRUE(prompt_asks_for_music(p)) << p;
  for (const char *p :
       {"a 30-second video with transitions", "no music please", "make it without music",
        "不要音乐，只要转场", "musical-free? no: musicals", "fine-tune the transitions"})
    EXPECT_FALSE(prompt_asks_for_music(p)) << p;
}

TEST(ResultNotices, NoMusicIsNotedOnlyWhenAskedAndMissing) {
  EXPECT_EQ(generation_notices("with music", false), std::vector<std::string>{kNoticeNoMusic});
  EXPECT_TRUE(generation_notices("with music", true).empty());
  EXPECT_TRUE(generation_notices("just the photos", false).empty());
  EXPECT_NE(notice_text(kNoticeNoMusic).find("no music"), std::string::npos);
}

TEST(ResultNotices, ADraftHasMusicWhenAnAudioTrackHasASegment) {
  const json video = {{"tt", 0}, {"sg", json::array({{{"id", "a"}}})}};
  const json empty_audio = {{"tt", 1}, {"sg", json::array()}};
  const json audio = {{"tt", 1}, {"sg", json::array({{{"id", "m"}}})}};
  EXPECT_FALSE(draft_has_music(json{{"t", json::array({video})}}));
  EXPECT_FALSE(draft_has_music(json{{"t", json::array({video, empty_audio})}}));
  EXPECT_TRUE(draft_has_music(json{{"t", json::array({video, audio})}}));
}

}  // namespace
}  // namespace nemo::core
