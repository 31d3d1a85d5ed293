// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/agent.hpp"

#include <cmath>

#include "agent/draft_builder.hpp"
#include "agent/prompt_parser.hpp"
#include "agent/reply.hpp"
#include "agent/text.hpp"

namespace nemo::agent {
namespace {

using nlohmann::json;

bool reply_in_chinese(const AgentRequest &r, std::string_view prompt, std::string_view language) {
  if (r.chinese) return true;
  for (const char c : prompt) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return false;  // written in English
  }
  return language.substr(0, 2) == "zh";
}

const char *tool_name(const std::string &code) {
  struct Row {
    const char *code, *tool;
  };
  static const Row rows[] = {{"duration", "set_duration"},
                             {"aspect", "set_aspect"},
                             {"fps", "set_fps"},
                             {"pace", "set_pace"},
                             {"per_item", "set_picture_length"},
                             {"transition", "set_transition"},
                             {"transition_ms", "set_transition"},
                             {"motion", "set_motion"},
                             {"motion_strength", "set_motion"},
                             {"fit", "set_fit"},
                             {"background", "set_background"},
                             {"add_title", "add_title"},
                             {"change_title", "add_title"},
                             {"remove_title", "remove_title"},
                             {"add_captions", "add_captions"},
                             {"remove_captions", "remove_captions"},
                             {"add_music", "add_music"},
                             {"remove_music", "remove_music"},
                             {"music_volume", "set_music"},
                             {"music_fade_in", "set_music"},
                             {"music_fade_out", "set_music"},
                             {"clip_volume", "set_clip_volume"},
                             {"beat", "cut_on_beat"},
                             {"fit_music", "set_duration"},
                             {"add_media", "add_media"}};
  for (const Row &row : rows) {
    if (code == row.code) return row.tool;
  }
  return "edit_timeline";
}

std::size_t segment_count(const json &draft) {
  std::size_t n = 0;
  for (const auto &track : draft["t"]) n += track["sg"].size();
  return n;
}

std::vector<ToolCall> tool_calls_for(const BuildOutcome &o) {
  std::vector<ToolCall> calls;
  const json ok = json{{"ok", true}};
  if (o.created) {
    const Plan &p = o.plan;
    calls.push_back(ToolCall{"build_timeline",
                             json{{"pictures", p.visuals.size()},
                                  {"duration_ms", o.layout.duration_ms},
                                  {"width", p.width},
                                  {"height", p.height},
                                  {"transition", p.transition},
                                  {"transition_ms", o.layout.transition_ms},
                                  {"motion", p.motion},
                                  {"fit", p.fit}},
                             json{{"ok", true},
                                  {"d", o.layout.duration_ms},
                                  {"tracks", o.layout.draft["t"].size()},
                                  {"segments", segment_count(o.layout.draft)}}});
    if (p.width != 1920 || p.height != 1080) {
      calls.push_back(ToolCall{"set_aspect", json{{"width", p.width}, {"height", p.height}}, ok});
    }
    if (p.music) {
      calls.push_back(ToolCall{"add_music",
                               json{{"name", p.music->name},
                                    {"volume", p.music->volume},
                                    {"fade_in_ms", p.music->fade_in_ms},
                                    {"fade_out_ms", p.music->fade_out_ms}},
                               ok});
    }
    if (o.layout.cuts_on_beat > 0) {
      calls.push_back(ToolCall{"cut_on_beat",
                               json{{"bpm", std::lround(p.music->beats.bpm)},
                                    {"cuts", o.layout.cuts},
                                    {"on_beat", o.layout.cuts_on_beat}},
                               ok});
    }
    if (p.title) calls.push_back(ToolCall{"add_title", json{{"text", *p.title}}, ok});
    if (!p.captions.empty())
      calls.push_back(ToolCall{"add_captions", json{{"count", p.captions.size()}}, ok});
  } else {
    for (const auto &ch : o.changes) calls.push_back(ToolCall{tool_name(ch.code), ch.args, ok});
  }
  if (o.music_missing) {
    calls.push_back(
        ToolCall{"add_music", json::object(), json{{"ok", false}, {"error", "no music uploaded"}}});
  }
  return calls;
}

}  // namespace

AgentReply run_agent(const json &current_draft, const std::vector<MediaRef> &media,
                     std::string_view prompt, std::string_view language) {
  AgentReply reply;
  const AgentRequest request = parse_prompt(prompt);
  const bool zh = reply_in_chinese(request, prompt, language);
  BuildOutcome outcome = build_draft(current_draft, media, request);
  for (const auto &u : outcome.unsupported) reply.unsupported.push_back(u.code + ": " + u.what);

  if (outcome.problem != BuildOutcome::Problem::None) {
    reply.text = compose_problem_reply(outcome, zh);
    reply.draft = current_draft;
    return reply;
  }
  if (!outcome.created && outcome.changes.empty()) {
    outcome.layout.draft = current_draft;  // nothing applied: the draft stays exactly as it was
  }
  reply.changed = outcome.layout.draft != current_draft;
  reply.draft = outcome.layout.draft;
  reply.text = compose_reply(outcome, request, zh);
  if (reply.changed || outcome.music_missing) reply.tool_calls = tool_calls_for(outcome);
  return reply;
}

}  // namespace nemo::agent
