// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/gui_translator.hpp"

#include <algorithm>
#include <initializer_list>

#include "core/text_match.hpp"

namespace nemo::core {
namespace {
using text::any_phrase;
using text::contains;
using text::contains_any;
using text::has_phrase;
using text::Words;

bool starts_with_any(std::string_view lower, Words words) {
  for (const auto w : words)
    if (lower.rfind(w, 0) == 0 &&
        (lower.size() == w.size() || lower[w.size()] == ' ' || lower[w.size()] == ','))
      return true;
  return false;
}

// The action a clicked/pressed thing stands for.
GuiAction target_action(std::string_view lower) {
  if (any_phrase(lower, {"export", "download", "render"}) || contains_any(lower, {"导出", "下载"}))
    return GuiAction::Export;
  if (any_phrase(lower, {"credits", "credit", "account", "billing", "balance", "top up"}) ||
      contains_any(lower, {"积分", "账户", "账号", "余额", "充值"}))
    return GuiAction::ShowCredits;
  if (any_phrase(lower, {"timeline", "preview", "play"}) ||
      contains_any(lower, {"时间线", "预览", "播放"}))
    return GuiAction::ShowTimeline;
  return GuiAction::None;
}

// What a clause instructs, or None when it is content. `is_gui` says whether it
// is a GUI instruction at all (a click on an unknown button is one, with no action).
GuiAction classify(std::string_view clause, bool &is_gui, bool &is_edit) {
  is_gui = false;
  is_edit = false;
  const std::string lower = text::ascii_lower(text::trim(clause));
  // Drag and drop: the edit is sent to the agent as a message.
  if (any_phrase(lower, {"drag", "dragging", "drop the", "drop it", "drop them", "drop your",
                         "drop this", "drop onto", "drop into", "drop on"}) ||
      contains_any(lower, {"拖拽", "拖动", "拖到", "拖放", "拖入"})) {
    is_gui = is_edit = true;
    return GuiAction::SendEdit;
  }
  // Preview in the timeline.
  if (any_phrase(lower,
                 {"preview in timeline", "preview in the timeline", "preview it in the timeline",
                  "preview on the timeline", "in the timeline preview", "timeline preview",
                  "preview panel", "preview window"}) ||
      contains_any(lower, {"在时间线", "时间线中预览", "时间线上预览", "预览窗口"})) {
    is_gui = true;
    return GuiAction::ShowTimeline;
  }
  // Account and billing pages.
  if (any_phrase(lower, {"check your account", "check account", "check your billing",
                         "billing page", "account page", "account settings", "check billing"}) ||
      contains_any(lower, {"查看账户", "查看账号", "账户页面", "查看余额", "查看积分"})) {
    is_gui = true;
    return GuiAction::ShowCredits;
  }
  // Buttons and clicks.
  const bool click =
      any_phrase(lower, {"click", "clicking", "tap", "press", "hit the", "select the", "button"}) ||
      contains_any(lower, {"点击", "单击", "按钮", "点一下"});
  if (click) {
    is_gui = true;
    return target_action(lower);
  }
  // Imperative "Export ..." / "you can now export" / 导出视频.
  if (starts_with_any(lower, {"export", "download"}) ||
      any_phrase(lower, {"you can export", "you can now export", "ready to export",
                         "you can download", "you can now download"}) ||
      contains_any(lower, {"可以导出", "即可导出", "请导出", "可以下载"})) {
    is_gui = true;
    return GuiAction::Export;
  }
  // Open a panel or page: show the state.
  if (starts_with_any(lower, {"open"}) ||
      any_phrase(lower, {"open the", "open your", "go to the", "navigate to"}) ||
      contains_any(lower, {"打开", "进入"})) {
    is_gui = true;
    const GuiAction target = target_action(lower);
    return target == GuiAction::None ? GuiAction::ShowState : target;
  }
  return GuiAction::None;
}

// A clause that only makes sense with the instruction that followed it
// ("When you are happy, click Export").
bool is_dangling(std::string_view clause) {
  const std::string lower = text::ascii_lower(text::trim(clause));
  return starts_with_any(lower, {"when", "once", "if", "after", "then", "and", "to", "simply",
                                 "just", "now", "next", "finally"}) ||
         contains_any(lower, {"满意后", "如果", "然后", "之后", "完成后", "当"});
}

struct Piece {
  std::string text;  // the clause with its trailing separator
  std::string sep;   // the separator itself
};

// Splits at sentence ends and clause separators, keeping them with the piece.
std::vector<Piece> split_pieces(std::string_view s, bool clauses) {
  static constexpr std::string_view kSentenceEnds[] = {".", "!", "?", "\n", "。", "！", "？", "；"};
  static constexpr std::string_view kClauseSeps[] = {", ", "; ", " - ", " — ", "，", "、"};
  std::vector<Piece> out;
  std::size_t start = 0, i = 0;
  while (i < s.size()) {
    std::size_t len = 0;
    for (const auto end : kSentenceEnds)
      if (s.substr(i, end.size()) == end) {
        // "1.5s", "v1.2": a dot inside a number is no sentence end.
        if (end == "." && i + 1 < s.size() && s[i + 1] != ' ' && s[i + 1] != '\n') continue;
        len = end.size();
        break;
      }
    if (len == 0 && clauses)
      for (const auto sep : kClauseSeps)
        if (s.substr(i, sep.size()) == sep) {
          len = sep.size();
          break;
        }
    if (len == 0) {
      ++i;
      continue;
    }
    std::size_t end = i + len;
    while (end < s.size() && s[end] == ' ') ++end;  // keep the following spaces with the piece
    out.push_back({std::string(s.substr(start, end - start)), std::string(s.substr(i, len))});
    start = i = end;
  }
  if (start < s.size()) out.push_back({std::string(s.substr(start)), std::string()});
  return out;
}

void add_action(std::vector<GuiAction> &actions, GuiAction a) {
  if (a == GuiAction::None) return;
  if (std::find(actions.begin(), actions.end(), a) == actions.end()) actions.push_back(a);
}

// Clause text without its trailing separator and spaces.
std::string_view body(const Piece &p) {
  std::string_view v = p.text;
  v = text::trim(v);
  if (!p.sep.empty() && v.size() >= text::trim(p.sep).size()) {
    const std::string_view sep = text::trim(p.sep);
    if (!sep.empty() && v.substr(v.size() - sep.size()) == sep) v.remove_suffix(sep.size());
  }
  return text::trim(v);
}

// The sentence with its GUI clauses removed ("" if nothing of content is left).
std::string translate_sentence(const Piece &sentence, Translated &out) {
  std::vector<Piece> clauses = split_pieces(sentence.text, true);
  std::vector<bool> keep(clauses.size(), true);
  bool any_gui = false;
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    bool is_gui = false, is_edit = false;
    const GuiAction a = classify(clauses[i].text, is_gui, is_edit);
    if (!is_gui) continue;
    any_gui = true;
    keep[i] = false;
    add_action(out.actions, a);
    if (is_edit) out.edits.emplace_back(text::trim(sentence.text));
  }
  if (!any_gui) return sentence.text;
  // Clauses that only led into a removed instruction go with it.
  for (std::size_t i = 0; i + 1 < clauses.size(); ++i)
    if (keep[i] && !keep[i + 1] && is_dangling(clauses[i].text)) keep[i] = false;
  for (std::size_t i = 1; i < clauses.size(); ++i)
    if (keep[i] && !keep[i - 1] && is_dangling(clauses[i].text)) keep[i] = false;
  std::string kept;
  std::size_t last = clauses.size();
  for (std::size_t i = 0; i < clauses.size(); ++i)
    if (keep[i]) last = i;
  if (last == clauses.size()) return {};
  for (std::size_t i = 0; i <= last; ++i)
    if (keep[i]) kept += i == last ? std::string(body(clauses[i])) : clauses[i].text;
  // End it like the sentence ended (or with the last clause's separator if it was a sentence end).
  const std::string_view end = text::trim(sentence.sep);
  kept += end.empty() || end == "\n" ? "." : std::string(end);
  if (!sentence.text.empty() && (sentence.text.back() == ' ' || sentence.sep == "\n"))
    kept += sentence.sep == "\n" ? "\n" : " ";
  return kept;
}
}  // namespace

Translated translate_gui(std::string_view agent_text) {
  Translated out;
  std::string result;
  // A timeline summary ("Timeline (3 tracks): 1. Video: ...") is data, not prose:
  // it is kept verbatim to the end of its line (a track could be named "Drop the beat").
  std::string_view rest = agent_text;
  while (!rest.empty()) {
    std::size_t summary = rest.find("Timeline (");
    while (summary != std::string_view::npos &&
           rest.substr(summary, 40).find(" track") == std::string_view::npos)
      summary = rest.find("Timeline (", summary + 1);
    const std::string_view prose = rest.substr(0, summary);
    for (const Piece &sentence : split_pieces(prose, false))
      result += translate_sentence(sentence, out);
    if (summary == std::string_view::npos) break;
    const std::size_t eol = rest.find('\n', summary);
    if (!result.empty() && std::string_view(".!?:;,").find(result.back()) != std::string_view::npos)
      result += ' ';  // the space the removed instruction took along
    result +=
        std::string(rest.substr(summary, eol == std::string_view::npos ? eol : eol + 1 - summary));
    rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
  }
  // Tidy what removal left: trailing spaces on lines, runs of blank lines.
  std::string tidy;
  for (std::size_t i = 0; i < result.size(); ++i) {
    const char c = result[i];
    if (c == '\n') {
      while (!tidy.empty() && tidy.back() == ' ') tidy.pop_back();
      if (tidy.size() >= 2 && tidy[tidy.size() - 1] == '\n' && tidy[tidy.size() - 2] == '\n')
        continue;
    }
    tidy.push_back(c);
  }
  out.text = std::string(text::trim(tidy));
  return out;
}

const char *gui_action_name(GuiAction action) {
  switch (action) {
    case GuiAction::None:
      return "none";
    case GuiAction::Export:
      return "export";
    case GuiAction::ShowState:
      return "show_state";
    case GuiAction::ShowTimeline:
      return "show_timeline";
    case GuiAction::ShowCredits:
      return "show_credits";
    case GuiAction::SendEdit:
      return "send_edit";
  }
  return "none";
}

}  // namespace nemo::core
