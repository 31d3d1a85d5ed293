// nemo-local's agent: the prompt parser, the script splitter and whole agent
// turns (a fresh draft, then the same prompt again on the draft it made, as an
// edit), and draft_to_spec on what it made. Input: a prompt, or a draft (JSON)
// and a prompt separated by a NUL byte. Everything the agent says and every
// text the parser returns must be well-formed UTF-8.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "agent/agent.hpp"
#include "agent/prompt_parser.hpp"
#include "fuzz_targets.hpp"
#include "protocol/utf8.hpp"
#include "render/render_spec.hpp"
#include "server/draft_to_spec.hpp"
#include "server/text_util.hpp"

namespace nemo::fuzz {
namespace {
// 120 BPM over the whole song: the fuzzed prompts meet the beat cuts too.
agent::MusicBeats song_beats() {
  agent::MusicBeats b;
  b.bpm = 120;
  b.bar_phase = 1;
  for (std::int64_t ms = 250; ms < 95000; ms += 500) b.beats_ms.push_back(ms);
  return b;
}

const std::vector<agent::MediaRef> &session_media() {
  static const std::vector<agent::MediaRef> media = {
      {"f1",
       "beach.jpg",
       "http://127.0.0.1:1/media/s/f1/beach.jpg",
       "image",
       4032,
       3024,
       0,
       false,
       {}},
      {"f2",
       "city.png",
       "http://127.0.0.1:1/media/s/f2/city.png",
       "image",
       1080,
       1920,
       0,
       false,
       {}},
      {"f3",
       "clip.mp4",
       "http://127.0.0.1:1/media/s/f3/clip.mp4",
       "video",
       1920,
       1080,
       7.5,
       true,
       {}},
      {"f4", "song.mp3", "http://127.0.0.1:1/media/s/f4/song.mp3", "audio", 0, 0, 95.0, false,
       song_beats()},
      {"f5",
       "dog.heic",
       "http://127.0.0.1:1/media/s/f5/dog.heic",
       "image",
       3024,
       4032,
       0,
       false,
       {}},
  };
  return media;
}

void check_request(const agent::AgentRequest &r) {
  if (r.title) NEMO_FUZZ_CHECK(protocol::is_valid_utf8(*r.title));
  for (const auto &c : r.captions) NEMO_FUZZ_CHECK(protocol::is_valid_utf8(c));
  NEMO_FUZZ_CHECK(protocol::is_valid_utf8(r.described_scene));
  for (const auto &u : r.unsupported) NEMO_FUZZ_CHECK(protocol::is_valid_utf8(u.what));
}

void check_reply(const agent::AgentReply &reply) {
  NEMO_FUZZ_CHECK(protocol::is_valid_utf8(reply.text));
  NEMO_FUZZ_CHECK(!reply.text.empty());
  // The draft goes out as JSON text: it must serialize.
  (void)reply.draft.dump();
  render::RenderSpec spec;
  (void)server::draft_to_spec(
      reply.draft, [](const std::string &url) { return "/nonexistent" + url; }, spec);
}
}  // namespace

int agent_prompt(const std::uint8_t *data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char *>(data), size);
  nlohmann::json draft;
  std::string_view prompt = input;
  if (const std::size_t nul = input.find('\0'); nul != std::string_view::npos) {
    const std::string_view text = input.substr(0, nul);
    draft = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (draft.is_discarded()) draft = nullptr;
    prompt = input.substr(nul + 1);
  }

  check_request(agent::parse_prompt(prompt));
  for (const std::string &line : agent::split_script(prompt, 8)) {
    NEMO_FUZZ_CHECK(protocol::is_valid_utf8(line));
  }
  NEMO_FUZZ_CHECK(agent::split_script(prompt, 8).size() <= 8);

  const std::string_view language = size % 2 ? "zh" : "en";
  const agent::AgentReply first = agent::run_agent(draft, session_media(), prompt, language);
  check_reply(first);
  const agent::AgentReply second = agent::run_agent(first.draft, session_media(), prompt, language);
  check_reply(second);
  return 0;
}

}  // namespace nemo::fuzz
