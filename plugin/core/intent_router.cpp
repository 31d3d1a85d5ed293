// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/intent_router.hpp"

#include <initializer_list>
#include <string>

#include "core/text_match.hpp"

namespace nemo::core {
namespace {
using text::any_phrase;
using text::contains;
using text::contains_any;
using text::has_phrase;

using text::Words;

// Words that make the message an editing request (it goes to the agent).
bool asks_for_edit(std::string_view lower) {
  const Words kEnglish = {
      "make",        "create",   "turn",    "add",     "generate", "edit",     "change",
      "convert",     "put",      "replace", "remove",  "insert",   "apply",    "cut",
      "trim",        "animate",  "build",   "produce", "combine",  "merge",    "slideshow",
      "shorten",     "lengthen", "speed",   "slow",    "fade",     "crop",     "resize",
      "rotate",      "mute",     "louder",  "quieter", "caption",  "captions", "transition",
      "transitions", "music"};
  const Words kChinese = {"制作", "做成", "做一个", "生成", "添加", "加上", "加入",
                          "改成", "修改", "换成",   "替换", "删除", "剪",   "创建",
                          "合成", "转场", "字幕",   "音乐", "把"};
  return any_phrase(lower, kEnglish) || contains_any(lower, kChinese);
}

bool negated(std::string_view lower) {
  return any_phrase(lower, {"don't", "dont", "do not", "not yet", "never", "no need", "without",
                            "later", "stop"}) ||
         contains_any(lower, {"不要", "别", "先不", "暂时不", "不用", "稍后", "以后"});
}
}  // namespace

Intent route_intent(std::string_view user_text) {
  const std::string lower = text::ascii_lower(text::trim(user_text));
  if (lower.empty()) return Intent::Chat;

  const bool status = any_phrase(lower, {"status", "show tracks", "show the tracks",
                                         "show timeline", "show the timeline", "list tracks"}) ||
                      contains_any(lower, {"状态", "查看轨道", "显示轨道"});
  const bool credits =
      any_phrase(lower, {"credits", "credit", "balance"}) || contains_any(lower, {"积分", "余额"});
  const bool exporting =
      any_phrase(lower,
                 {"export", "exports", "exporting", "download", "downloading", "send me the video",
                  "send me the mp4", "send the video", "give me the video", "send it to me"}) ||
      contains_any(lower, {"导出", "下载", "发给我"});
  const bool upload =
      any_phrase(lower, {"upload", "uploads", "uploading"}) || contains_any(lower, {"上传"});
  if (!status && !credits && !exporting && !upload) return Intent::Chat;
  // A keyword inside an editing request or a negation belongs to the agent.
  if (asks_for_edit(lower) || negated(lower)) return Intent::Chat;
  if (status) return Intent::Status;
  if (credits) return Intent::Credits;
  if (exporting) return Intent::Export;
  return Intent::Upload;
}

const char *intent_name(Intent intent) {
  switch (intent) {
    case Intent::Export:
      return "export";
    case Intent::Credits:
      return "credits";
    case Intent::Status:
      return "status";
    case Intent::Upload:
      return "upload";
    case Intent::Chat:
      return "chat";
  }
  return "chat";
}

}  // namespace nemo::core
