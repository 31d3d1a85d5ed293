// The scope slot: a new video from the media, this one picture only, or the
// media not yet in the draft added.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/prompt_chinese.hpp"
#include "agent/prompt_slots.hpp"
#include "agent/prompt_words.hpp"

namespace nemo::agent::prompt {

void parse_scope(const Instruction &in, AgentRequest &r) {
  const Words &w = in.w;
  r.create = w.any(words::create.en) || contains(in.raw, words::create.zh);
  r.single_picture =
      (w.any(words::single_picture.en) || contains(in.raw, words::single_picture.zh)) &&
      !w.any(words::plural_pictures.en);
  r.add_media = w.any(words::add_media.en) || contains(in.raw, words::add_media.zh);
  for (const std::string_view kind : words::media_kind.en) {
    for (const std::size_t i : w.find(kind)) {
      if (i >= 1 && one_of(w.near(i, i - 1), words::add_verb.en)) r.add_media = true;
    }
  }
}

}  // namespace nemo::agent::prompt
