// The agent writes as if the user had its web GUI ("click the Export button",
// "drag the clip onto the timeline", 点击导出). translate_gui() strips those
// instructions and returns what they meant as actions the client performs (the
// OBS dock lights the matching buttons; the CLI runs them or says how). What the
// text says about the content is kept word for word.
//   click X / 点击 X -> the action X names (export, credits, timeline, ...)
//   open X / 打开 -> ShowState          drag / drop / 拖拽 -> SendEdit
//   preview in (the) timeline / 在时间线预览 -> ShowTimeline
//   Export button / 导出按钮 -> Export   check account / billing / 查看账户 -> ShowCredits
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace nemo::core {

enum class GuiAction { None, Export, ShowState, ShowTimeline, ShowCredits, SendEdit };
struct Translated {
  std::string text;                // the agent's text without the GUI instructions
  std::vector<GuiAction> actions;  // in order of first mention, no duplicates, never None
  std::vector<std::string> edits;  // SendEdit: the stripped drag/drop instructions, as said
};
Translated translate_gui(std::string_view agent_text);

// "export", "show_state", "show_timeline", "show_credits", "send_edit", "none".
const char *gui_action_name(GuiAction action);

}  // namespace nemo::core
