// Request + media + current draft -> the new draft. Applies only what the
// request asks for and keeps everything else of the current draft.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "agent/agent.hpp"
#include "agent/prompt_parser.hpp"
#include "agent/timeline.hpp"

namespace nemo::agent {

// One thing the agent did. `code`: build aspect fps pace duration per_item transition
// transition_ms motion motion_strength fit background add_title change_title remove_title
// add_captions remove_captions add_music remove_music music_volume music_fade_in music_fade_out
// clip_volume add_media.
struct Change {
  std::string code;
  nlohmann::json args;
};

struct BuildOutcome {
  enum class Problem { None, NoMedia, NoVisuals };
  Problem problem = Problem::None;  // nothing could be built
  bool created = false;             // a new timeline from the media (else: an edit)
  Plan plan;
  LayoutResult layout;  // valid unless `problem`
  std::vector<Change> changes;
  bool music_missing = false;       // music asked for, none uploaded: none added
  bool title_needs_text = false;    // "add a title" without its text
  bool captions_need_text = false;  // "add captions" without a script
  std::vector<UnsupportedAsk> unsupported;
};

BuildOutcome build_draft(const nlohmann::json &current_draft, const std::vector<MediaRef> &media,
                         const AgentRequest &request);

// The media (indices into `media`) build_draft may use as music: the
// draft's music, and the first audio file (which a new video takes). Only
// their beats are needed (a song's analysis costs seconds on its first turn).
std::vector<std::size_t> music_candidates(const nlohmann::json &current_draft,
                                          const std::vector<MediaRef> &media);

// The canvas a request asks for, given the current one.
void target_canvas(const AgentRequest &request, int current_w, int current_h, int &w, int &h);

}  // namespace nemo::agent
