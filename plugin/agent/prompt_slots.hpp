// The prompt parser's slots: one function a thing a prompt can ask for
// (its scope, lengths, canvas, transitions, pace, motion, beat, fit, title,
// captions, music, what cannot be done), each reading the instruction and
// filling its part of the AgentRequest. parse_prompt (prompt_parser.cpp)
// calls them in the order below; some read what an earlier one found.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "agent/prompt_parser.hpp"
#include "agent/prompt_tokenizer.hpp"

namespace nemo::agent::prompt {

// The instruction as the slots read it (the script and quoted text taken out).
struct Instruction {
  explicit Instruction(std::string text);
  std::string raw;    // as written
  std::string lower;  // ASCII lower-cased
  Words w;            // lower's English words, '-' and '_' read as spaces
};

// The value of the dock's "(KEY: VALUE)" (KEY "transition", "camera" or "background"),
// trimmed; nullopt when the prompt has none. `lower` is Instruction::lower.
std::optional<std::string> dock_choice(const std::string &lower, std::string_view key);
// Takes every "(transition: ...)", "(camera: ...)" and "(background: ...)" out of `prompt` (so
// that no other rule reads them, a script's colon rule say) and returns them.
std::string take_dock_choices(std::string &prompt);

// Quoted text: the title (or a caption when it follows "caption"). Returns
// `instruction` with the quotes blanked out, so that their words are not
// read as requests.
std::string take_quotes(const std::string &instruction, AgentRequest &r);

void parse_scope(const Instruction &in, AgentRequest &r);        // create single_picture add_media
void parse_lengths(const Instruction &in, AgentRequest &r);      // duration per_item transition_ms
                                                                 // music fades
void parse_length_step(const Instruction &in, AgentRequest &r);  // length_step
void parse_aspect(const Instruction &in, AgentRequest &r);       // aspect
void parse_resolution(const Instruction &in, AgentRequest &r);   // resolution
void parse_fps(const Instruction &in, AgentRequest &r);          // fps, or unsupported "fps"
void parse_transitions(const Instruction &in, AgentRequest &r);  // transition(s_mentioned)
void parse_pace(const Instruction &in, AgentRequest &r);         // pace
void parse_motion(const Instruction &in, AgentRequest &r);       // motion
void parse_motion_strength(const Instruction &in, AgentRequest &r);  // motion_strength
void parse_scene(const Instruction &in, AgentRequest &r);            // described_scene
void parse_beat(const Instruction &in, AgentRequest &r);             // beat_cuts fit_music
void parse_fit(const Instruction &in, AgentRequest &r);         // fit (not "fit ... to the music")
void parse_background(const Instruction &in, AgentRequest &r);  // background
void parse_title(const Instruction &in, AgentRequest &r);  // title remove_title title_without_text
void parse_captions(const Instruction &in,
                    AgentRequest &r);                      // remove_captions captions_without_text
void parse_music(const Instruction &in, AgentRequest &r);  // music no_music (clip_volume 0: silent)
void parse_volume(const Instruction &in, AgentRequest &r);       // music_volume(_step) clip_volume
void parse_music_fades(const Instruction &in, AgentRequest &r);  // music_fade_in/out_ms
void parse_clip_sound(const Instruction &in, AgentRequest &r);   // clip_volume
void parse_unsupported(const Instruction &in, AgentRequest &r);  // unsupported
// The limits: a duration over 10 minutes is unsupported ("too_long"); the lengths clamped.
void apply_limits(AgentRequest &r);
// At least one thing was recognised.
bool understood(const AgentRequest &r);

}  // namespace nemo::agent::prompt
