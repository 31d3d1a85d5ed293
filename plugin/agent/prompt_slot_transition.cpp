// The transitions slot: whether transitions are mentioned, and which kind
// (fade dissolve wipe slide zoom, or none: "no transitions", "hard cuts").
// SPDX-License-Identifier: GPL-2.0-or-later
#include <algorithm>
#include <vector>

#include "agent/prompt_chinese.hpp"
#include "agent/prompt_slots.hpp"
#include "agent/prompt_words.hpp"

namespace nemo::agent::prompt {
namespace {

struct Kind {
  std::size_t pos;
  std::string type;
};

// Every kind of transition mentioned, where (a "none" at 0 when they are negated).
std::vector<Kind> transition_kinds(const Instruction &in) {
  const Words &w = in.w;
  std::vector<Kind> kinds;
  const auto note = [&](std::size_t pos, const char *type) {
    if (pos != npos) kinds.push_back(Kind{pos, type});
  };
  for (const std::string_view f : words::fade_transition.en) {
    for (const std::size_t i : w.find(f)) {
      if (one_of(w.near(i, i + 1), words::not_a_fade_transition_next.en) || w.negated(i)) continue;
      if (i >= 1 && one_of(w.near(i, i - 1), words::not_a_fade_transition_prev.en)) continue;
      note(w.token(i).pos, "fade");
    }
  }
  note(w.last_positive(words::dissolve.en), "dissolve");
  note(w.last_positive(words::wipe.en), "wipe");
  note(w.last_positive(words::slide.en), "slide");
  note(w.last_positive(words::zoom_transition.en), "zoom");
  note(w.last_positive(words::hard_cut.en), "none");
  if (w.any_negated(words::transition_negatable.en)) note(0, "none");
  const auto zh = [&](const WordList &list, const char *type) {
    for (const auto word : list.zh) {
      const std::size_t p = in.raw.rfind(word);
      if (p != npos && !chinese_negated(in.raw, p)) note(p, type);
    }
  };
  zh(words::fade_transition, "fade");
  zh(words::dissolve, "dissolve");
  zh(words::wipe, "wipe");
  zh(words::slide, "slide");
  zh(words::zoom_transition, "zoom");
  if (chinese_find(in.raw, words::transition_negatable.zh).negative ||
      contains(in.raw, words::hard_cut.zh))
    note(0, "none");
  return kinds;
}

}  // namespace

void parse_transitions(const Instruction &in, AgentRequest &r) {
  r.transitions_mentioned =
      in.w.any(words::transition_noun.en) || contains(in.raw, words::transition_noun.zh);
  const std::vector<Kind> kinds = transition_kinds(in);
  if (!kinds.empty()) {
    // A negation ("no transitions") wins; otherwise the last mentioned type.
    const bool none =
        std::any_of(kinds.begin(), kinds.end(), [](const Kind &k) { return k.type == "none"; });
    r.transition =
        none ? std::string("none")
             : std::max_element(kinds.begin(), kinds.end(), [](const Kind &a, const Kind &b) {
                 return a.pos < b.pos;
               })->type;
  }
  if (in.w.any(words::smooth.en) || contains(in.raw, words::smooth.zh)) {
    if (!r.transition) r.transition = "dissolve";
    r.transitions_mentioned = true;
  }
}

}  // namespace nemo::agent::prompt
