// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/gui_translator.hpp"

#include <gtest/gtest.h>

namespace nemo::core {
namespace {
using A = GuiAction;
using Actions = std::vector<GuiAction>;

TEST(GuiTranslator, PlainContentIsUntouched) {
  const char *text =
      "I added a fade between each photo and set the music to 35%. The video is 30s long.";
  const auto t = translate_gui(text);
  EXPECT_EQ(t.text, text);
  EXPECT_TRUE(t.actions.empty());
  EXPECT_TRUE(t.edits.empty());
  EXPECT_EQ(translate_gui("").text, "");
}

TEST(GuiTranslator, ExportButtonSentenceBecomesExport) {
  const auto t = translate_gui(
      "Your slideshow has 5 photos with fade transitions. Click the Export button to download it.");
  EXPECT_EQ(t.text, "Your slideshow has 5 photos with fade transitions.");
  EXPECT_EQ(t.actions, Actions{A::Export});
}

TEST(GuiTranslator, ClauseLevelStripKeepsContent) {
  auto t = translate_gui("Your video is ready, click Export to download it.");
  EXPECT_EQ(t.text, "Your video is ready.");
  EXPECT_EQ(t.actions, Actions{A::Export});
  t = translate_gui("When you are happy with it, click Export. The title reads \"Summer\".");
  EXPECT_EQ(t.text, "The title reads \"Summer\".");
  EXPECT_EQ(t.actions, Actions{A::Export});
}

TEST(GuiTranslator, OpenShowsState) {
  const auto t = translate_gui("Open the project panel to see all your clips. I trimmed clip 2.");
  EXPECT_EQ(t.text, "I trimmed clip 2.");
  EXPECT_EQ(t.actions, Actions{A::ShowState});
}

TEST(GuiTranslator, DragDropBecomesAnEdit) {
  const auto t =
      translate_gui("Drag the music file onto the audio track to add it. The photos are in order.");
  EXPECT_EQ(t.text, "The photos are in order.");
  EXPECT_EQ(t.actions, Actions{A::SendEdit});
  ASSERT_EQ(t.edits.size(), 1u);
  EXPECT_EQ(t.edits[0], "Drag the music file onto the audio track to add it.");
}

TEST(GuiTranslator, PreviewInTimeline) {
  const auto t = translate_gui("I made it 30 seconds long.\nYou can preview it in the timeline.\n");
  EXPECT_EQ(t.text, "I made it 30 seconds long.");
  EXPECT_EQ(t.actions, Actions{A::ShowTimeline});
}

TEST(GuiTranslator, CheckAccountShowsCredits) {
  const auto t =
      translate_gui("This needs more credits. Check your account billing page to top up.");
  EXPECT_EQ(t.text, "This needs more credits.");
  EXPECT_EQ(t.actions, Actions{A::ShowCredits});
}

TEST(GuiTranslator, SeveralActionsInOrderWithoutDuplicates) {
  const auto t = translate_gui(
      "Done! Preview in the timeline. Then click Export. Or press the export button again. "
      "Open the credits page to see your balance.");
  EXPECT_EQ(t.text, "Done!");
  EXPECT_EQ(t.actions, (Actions{A::ShowTimeline, A::Export, A::ShowCredits}));
}

TEST(GuiTranslator, Chinese) {
  auto t = translate_gui("视频已生成，点击导出按钮即可下载。背景音乐音量为35%。");
  EXPECT_EQ(t.text, "视频已生成。背景音乐音量为35%。");
  EXPECT_EQ(t.actions, Actions{A::Export});
  t = translate_gui("打开项目面板查看素材。我添加了淡入淡出转场。");
  EXPECT_EQ(t.text, "我添加了淡入淡出转场。");
  EXPECT_EQ(t.actions, Actions{A::ShowState});
  t = translate_gui("请把音乐拖拽到音轨上。");
  EXPECT_EQ(t.text, "");
  EXPECT_EQ(t.actions, Actions{A::SendEdit});
  EXPECT_EQ(t.edits.size(), 1u);
}

TEST(GuiTranslator, ContentWordsThatLookLikeGuiAreKept) {
  for (const char *text :
       {"I added a drop shadow to the title.", "The opening shot is 3 seconds.",
        "The exported video will be 1080p.", "Version 1.5 of the title is centered."}) {
    const auto t = translate_gui(text);
    EXPECT_EQ(t.text, text);
    EXPECT_TRUE(t.actions.empty()) << text;
  }
}

TEST(GuiTranslator, UnknownButtonIsStrippedWithoutAction) {
  const auto t = translate_gui("Click Apply to confirm. The clip now starts at 2s.");
  EXPECT_EQ(t.text, "The clip now starts at 2s.");
  EXPECT_TRUE(t.actions.empty());
}

TEST(GuiTranslator, KeepsLinesAndTimelineSummary) {
  const auto t = translate_gui(
      "Here is your edit:\nTimeline (2 tracks): 1. Video: 5 photos (0-30s) 2. BGM: summer.mp3 "
      "(0-30s, 35%)\nClick Export when ready.");
  EXPECT_EQ(
      t.text,
      "Here is your edit:\nTimeline (2 tracks): 1. Video: 5 photos (0-30s) 2. BGM: summer.mp3 "
      "(0-30s, 35%)");
  EXPECT_EQ(t.actions, Actions{A::Export});
}

TEST(GuiTranslator, TimelineSummaryIsKeptVerbatim) {
  const auto t = translate_gui(
      "I added your music. Timeline (2 tracks): 1. Video: Open house (0-10s) 2. BGM: Drop the "
      "beat.mp3 (0-10s, 80%)\nClick Export to download.");
  EXPECT_EQ(t.text,
            "I added your music. Timeline (2 tracks): 1. Video: Open house (0-10s) 2. BGM: Drop "
            "the beat.mp3 (0-10s, 80%)");
  EXPECT_EQ(t.actions, Actions{A::Export});
  const auto zh = translate_gui("已添加音乐。Timeline (1 track): 1. Video: 3 photos (0-9s)");
  EXPECT_EQ(zh.text, "已添加音乐。Timeline (1 track): 1. Video: 3 photos (0-9s)");
  EXPECT_TRUE(zh.actions.empty());
}

}  // namespace
}  // namespace nemo::core
