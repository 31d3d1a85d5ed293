// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/prompt_parser.hpp"

#include <algorithm>

#include "agent/prompt_script.hpp"
#include "agent/prompt_slots.hpp"
#include "agent/text.hpp"
#include "protocol/limits.hpp"

namespace nemo::agent {
namespace prompt {
namespace {

std::string words_text(std::string lower) {
  std::replace(lower.begin(), lower.end(), '-', ' ');
  std::replace(lower.begin(), lower.end(), '_', ' ');
  return lower;
}

}  // namespace

Instruction::Instruction(std::string text)
    : raw(std::move(text)), lower(text::ascii_lower(raw)), w(words_text(lower)) {}

void apply_limits(AgentRequest &r) {
  if (r.duration_ms && *r.duration_ms > 600000) {
    r.unsupported.push_back(UnsupportedAsk{"too_long", text::seconds(*r.duration_ms) + " s"});
    r.duration_ms.reset();
  }
  if (r.duration_ms) r.duration_ms = std::max<std::int64_t>(*r.duration_ms, 1000);
  if (r.per_item_ms) r.per_item_ms = std::clamp<std::int64_t>(*r.per_item_ms, 1000, 60000);
  if (r.transition_ms) r.transition_ms = std::clamp<std::int64_t>(*r.transition_ms, 0, 3000);
  for (auto *fade : {&r.music_fade_in_ms, &r.music_fade_out_ms}) {
    if (*fade && **fade >= 0) *fade = std::min<std::int64_t>(**fade, 30000);
  }
}

bool understood(const AgentRequest &r) {
  return r.create || r.add_media || r.duration_ms || r.length_step != 0 || r.per_item_ms ||
         r.aspect != AspectRequest::Keep || r.resolution || r.fps || r.transition ||
         r.transition_ms || r.transitions_mentioned || r.pace || r.motion || r.motion_strength ||
         r.beat_cuts || r.fit_music || r.fit || r.background || r.title || r.remove_title ||
         r.title_without_text || !r.captions.empty() || r.remove_captions ||
         r.captions_without_text || r.music || r.no_music || r.music_volume ||
         r.music_volume_step != 0 || r.music_fade_in_ms || r.music_fade_out_ms || r.clip_volume;
}

}  // namespace prompt

AgentRequest parse_prompt(std::string_view prompt_bytes) {
  AgentRequest r;
  const std::string raw_all = text::utf8_sanitize(
      prompt_bytes.substr(0, std::min(prompt_bytes.size(), protocol::kMaxPromptBytes)));
  r.chinese = text::has_cjk(raw_all);

  std::string rest = raw_all;
  const std::string dock_choices = prompt::take_dock_choices(rest);
  std::string instruction, script;
  prompt::split_instruction(rest, instruction, script);
  if (!script.empty()) r.captions = split_script(script);
  const prompt::Instruction in(prompt::take_quotes(instruction, r) + " " + dock_choices);

  // In this order: some slots read what an earlier one found.
  for (const auto parse : {prompt::parse_scope,       prompt::parse_lengths,
                           prompt::parse_length_step, prompt::parse_aspect,
                           prompt::parse_resolution,  prompt::parse_fps,
                           prompt::parse_transitions, prompt::parse_pace,
                           prompt::parse_motion,      prompt::parse_motion_strength,
                           prompt::parse_scene,       prompt::parse_beat,
                           prompt::parse_fit,         prompt::parse_background,
                           prompt::parse_title,       prompt::parse_captions,
                           prompt::parse_music,       prompt::parse_volume,
                           prompt::parse_music_fades, prompt::parse_clip_sound,
                           prompt::parse_unsupported}) {
    parse(in, r);
  }
  prompt::apply_limits(r);
  r.understood = prompt::understood(r);
  return r;
}

}  // namespace nemo::agent
