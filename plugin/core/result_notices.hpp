// What a finished generation says beside the clip itself, as locale keys, so
// that the dock, the vendor answer and nemo-clip say it plainly in the result
// and not only in the agent's words: "Notice.NoMusic" when the prompt asked
// for music and the exported draft has none (none was given, or none could
// be used).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace nemo::core {

inline constexpr const char *kNoticeNoMusic = "Notice.NoMusic";

// "with music", "add a song", "配乐", ...; not "no music", "without music", "不要音乐".
bool prompt_asks_for_music(std::string_view prompt);
// An audio track with at least one segment.
bool draft_has_music(const nlohmann::json &draft);
// The notices of a generation whose exported draft has (or has not) music.
std::vector<std::string> generation_notices(std::string_view prompt, bool has_music);
// The English text of a notice (for nemo-clip and logs).
std::string notice_text(const std::string &key);

}  // namespace nemo::core
