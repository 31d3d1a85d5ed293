// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/intent_router.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace nemo::core {
namespace {

void expect_routes(Intent expected, const std::vector<const char *> &messages) {
  for (const char *m : messages)
    EXPECT_EQ(route_intent(m), expected) << "\"" << m << "\" -> " << intent_name(route_intent(m));
}

TEST(IntentRouter, ExportEnglishAndChinese) {
  expect_routes(Intent::Export, {"export", "Export", "EXPORT!", "export 1080p MP4", "download",
                                 "Download it please", "send me the video", "Send me the video.",
                                 "can you send me the video?", "exporting now?", "导出", "导出视频",
                                 "请导出1080p", "下载视频"});
}

TEST(IntentRouter, CreditsEnglishAndChinese) {
  expect_routes(Intent::Credits,
                {"credits", "How many credits do I have?", "balance", "what's my credit balance",
                 "积分", "我的积分还有多少", "余额", "查询余额"});
}

TEST(IntentRouter, StatusEnglishAndChinese) {
  expect_routes(Intent::Status, {"status", "Status?", "show tracks", "Show tracks please",
                                 "what's the status of the export", "状态", "查看状态"});
}

TEST(IntentRouter, UploadEnglishAndChinese) {
  expect_routes(Intent::Upload, {"upload", "Upload", "I want to upload", "上传", "上传文件"});
}

TEST(IntentRouter, EverythingElseIsChat) {
  expect_routes(Intent::Chat,
                {"", "   ", "turn these photos into a 30-second video with transitions and music",
                 "add background music", "make it faster", "hello", "你好",
                 "把这些照片做成30秒的视频", "加上背景音乐"});
}

TEST(IntentRouter, EnglishKeywordsNeedWordBoundaries) {
  expect_routes(Intent::Chat,
                {"the exporter looks nice", "downloaded is the wrong word", "reuploaded clips",
                 "statusbar", "creditsroll style", "imbalanced colors", "rebalance the colors"});
}

TEST(IntentRouter, EditRequestsMentioningAKeywordStayChat) {
  // Export never goes to the agent: routing these to export would lose the edit.
  expect_routes(Intent::Chat,
                {"make a video I can download later", "create a slideshow and export it",
                 "upload these and turn them into a video", "add a title that says status update",
                 "put the credits at the end", "把照片做成视频然后导出", "添加字幕后导出"});
}

TEST(IntentRouter, NegationsStayChat) {
  expect_routes(Intent::Chat,
                {"don't export yet", "do not download", "not yet export", "先不要导出", "别导出"});
}

TEST(IntentRouter, PriorityWhenSeveralKeywords) {
  EXPECT_EQ(route_intent("export status"), Intent::Status);
  EXPECT_EQ(route_intent("credits balance status"), Intent::Status);
  EXPECT_EQ(route_intent("download credits"), Intent::Credits);
  EXPECT_EQ(route_intent("upload and export"), Intent::Export);
}

TEST(IntentRouter, Names) {
  EXPECT_STREQ(intent_name(Intent::Export), "export");
  EXPECT_STREQ(intent_name(Intent::Chat), "chat");
}

}  // namespace
}  // namespace nemo::core
