// Prompt -> a structured request: what the user asked for, in English or
// Chinese, before anything is applied. Accepts any bytes (ill-formed UTF-8 is
// repaired first); every text it returns is well-formed UTF-8.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nemo::agent {

enum class AspectRequest {
  Keep,
  Landscape,
  Portrait,
  Square,
  Classic /*4:3*/,
  Tall /*3:4*/,
  Feed /*4:5*/
};

// Something asked for that nemo-local cannot do. `code` picks the sentence the
// reply uses (see reply.cpp); `what` is the user's words for it.
struct UnsupportedAsk {
  std::string code;  // resolution fps voice object scene style speed enhance overlay speech
                     // music_gen too_long
  std::string what;
};

struct AgentRequest {
  bool chinese = false;  // the prompt is written in Chinese
  bool create = false;   // asks for a (new) video from the media ("turn these photos into...")
  bool single_picture = false;  // "this image": the most recently uploaded picture only
  bool add_media = false;       // "add the new photos": append media not yet in the draft
  bool understood = false;      // at least one thing below was recognised

  std::optional<std::int64_t> duration_ms;  // total length
  int length_step = 0;                      // "shorter" -1, "longer" +1
  std::optional<std::int64_t> per_item_ms;  // "3 seconds per photo"
  AspectRequest aspect = AspectRequest::Keep;
  std::optional<int> resolution;  // 720 or 1080 (the short side)
  std::optional<int> fps;

  std::optional<std::string> transition;  // a catalogue name, none, random or a style
  std::optional<std::int64_t> transition_ms;
  bool transitions_mentioned = false;  // "with transitions" (no type given)
  std::optional<std::string> pace;     // slow normal fast

  std::optional<std::string>
      motion;  // animate (builder decides) none kenburns zoom_in zoom_out pan_*
  std::optional<double> motion_strength;
  std::string
      described_scene;  // "video of the shoes in motion on a track": content it cannot generate

  std::optional<bool> beat_cuts;  // "cut on the beat" true, "don't cut on the beat" false
  bool fit_music = false;         // "as long as the song"

  std::optional<std::string> fit;         // crop pad blur
  std::optional<std::string> background;  // "#rrggbb": under transparency, in a pad's bars

  std::optional<std::string> title;
  bool remove_title = false;
  bool title_without_text = false;  // "add a title" with no text
  std::vector<std::string> captions;
  bool remove_captions = false;
  bool captions_without_text = false;

  bool music = false;     // music asked for
  bool no_music = false;  // "no music", "remove the music"
  std::optional<double> music_volume;
  int music_volume_step = 0;                      // "quieter" -1, "louder" +1
  std::optional<std::int64_t> music_fade_in_ms;   // -1: on, default length
  std::optional<std::int64_t> music_fade_out_ms;  // -1: on, default length
  std::optional<double> clip_volume;              // the clips' own sound

  std::vector<UnsupportedAsk> unsupported;
};

// Any bytes; prompts longer than 64 KiB are cut (never an error).
AgentRequest parse_prompt(std::string_view prompt);

// Script text -> caption lines: one per line, long lines split into sentences;
// each trimmed, at most `max_captions` of at most 200 code points
// (prompt_script.cpp).
std::vector<std::string> split_script(std::string_view script, std::size_t max_captions = 60);

}  // namespace nemo::agent
