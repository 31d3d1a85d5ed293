// The text a prompt carries besides its instruction: the script (caption
// lines after "Script:", a colon or the first line) and quoted text.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nemo::agent::prompt {

// The lower-cased text names a script or captions ("script", "字幕"...) / a video ("video",
// "视频"...).
bool has_script_word(std::string_view lower);
bool has_video_word(std::string_view lower);

// Splits `raw` into the instruction and the script (captions) it carries.
void split_instruction(const std::string &raw, std::string &instruction, std::string &script);

struct Quote {
  std::size_t begin, end;  // the whole quote, marks included
  std::string inner;
};
// The quotes of `s` (“”, 「」, 『』, 《》, ‘’, "" and ''), each at most 120 code points on one
// line.
std::vector<Quote> find_quotes(const std::string &s);

// `s` on one line, at most `max_code_points` code points.
std::string clean_text(std::string_view s, std::size_t max_code_points);

}  // namespace nemo::agent::prompt
