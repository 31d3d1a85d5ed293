// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/result_notices.hpp"

#include "core/draft.hpp"
#include "core/text_match.hpp"

namespace nemo::core {

bool prompt_asks_for_music(std::string_view prompt) {
  const std::string lower = text::ascii_lower(prompt);
  if (text::any_phrase(lower, {"no music", "without music", "without any music", "no bgm",
                               "without bgm", "no soundtrack", "no song", "mute", "silent",
                               "remove the music", "remove music"}) ||
      text::contains_any(prompt, {"不要音乐", "无音乐", "不需要音乐", "去掉音乐", "不要配乐",
                                  "不要背景音乐", "静音", "无声"}))
    return false;
  return text::any_phrase(lower,
                          {"music", "bgm", "song", "songs", "soundtrack", "backing track"}) ||
         text::contains_any(prompt, {"音乐", "配乐", "背景乐", "歌曲", "BGM"});
}

bool draft_has_music(const nlohmann::json &draft) {
  const nlohmann::json d = extract_draft(draft);  // tracks_of returns a reference into it
  for (const auto &track : protocol::tracks_of(d))
    if (protocol::track_type(track) == kTrackAudio && !protocol::segments_of(track).empty())
      return true;
  return false;
}

std::vector<std::string> generation_notices(std::string_view prompt, bool has_music) {
  std::vector<std::string> out;
  if (!has_music && prompt_asks_for_music(prompt)) out.push_back(kNoticeNoMusic);
  return out;
}

std::string notice_text(const std::string &key) {
  if (key == kNoticeNoMusic)
    return "The video has no music: the prompt asked for it, but no music file was given or "
           "none could be used.";
  return key;
}

}  // namespace nemo::core
