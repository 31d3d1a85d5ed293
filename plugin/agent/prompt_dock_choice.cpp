// The dock's choices, appended to a prompt as "(transition: NAME)" or
// "(camera: MOVE, strength K)" or "(background: COLOUR)": read before, and
// instead of, the words.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/prompt_slots.hpp"
#include "agent/text.hpp"

namespace nemo::agent::prompt {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string take_dock_choices(std::string &prompt) {
  std::string taken;
  for (const std::string_view key : {std::string_view("(transition:"), std::string_view("(camera:"),
                                     std::string_view("(background:")}) {
    for (;;) {
      const std::string lower = text::ascii_lower(prompt);
      const std::size_t at = lower.find(key);
      if (at == std::string::npos) break;
      const std::size_t close = prompt.find(')', at);
      if (close == std::string::npos) break;
      taken += (taken.empty() ? "" : " ") + prompt.substr(at, close + 1 - at);
      prompt.erase(at, close + 1 - at);
    }
  }
  return taken;
}

std::optional<std::string> dock_choice(const std::string &lower, std::string_view key) {
  const std::string open = "(" + std::string(key) + ":";
  const std::size_t at = lower.rfind(open);
  if (at == std::string::npos) return std::nullopt;
  const std::size_t from = at + open.size();
  const std::size_t close = lower.find(')', from);
  if (close == std::string::npos) return std::nullopt;
  return std::string(trim(std::string_view(lower).substr(from, close - from)));
}

}  // namespace nemo::agent::prompt
