// The client's readers of server answers: the envelope of every endpoint, one
// SSE data payload of a chat turn, and the draft (exportable, timeline summary,
// change report). The input is up to two bodies separated by a NUL byte: the
// state before and after a turn. None of these may throw, and a draft compared
// with itself has no change.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/chat_event.hpp"
#include "core/draft.hpp"
#include "core/envelope.hpp"
#include "fuzz_targets.hpp"

namespace nemo::fuzz {
namespace {
void read_one(std::string_view body) {
  const core::Envelope env = core::parse_envelope(body);
  NEMO_FUZZ_CHECK(env.json || !env.has_code);
  for (const core::ChatEvent &e : core::decode_chat_event(body)) {
    NEMO_FUZZ_CHECK(core::chat_event_kind_name(e.kind) != nullptr);
  }
}

nlohmann::json parse(std::string_view text) {
  return nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
}
}  // namespace

int envelope_draft(const std::uint8_t *data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char *>(data), size);
  const std::size_t nul = input.find('\0');
  const std::string_view first = input.substr(0, nul);
  const std::string_view second =
      nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);

  read_one(first);
  if (!second.empty()) read_one(second);

  const nlohmann::json before = parse(first);
  if (before.is_discarded()) return 0;
  const nlohmann::json after = second.empty() ? before : parse(second);
  if (after.is_discarded()) return 0;

  for (const nlohmann::json *j : {&before, &after}) {
    const nlohmann::json draft = core::extract_draft(*j);
    (void)core::draft_exportable(*j);
    (void)core::timeline_summary(*j);
    if (!draft.is_null()) {
      (void)core::draft_exportable(draft);
      (void)core::timeline_summary(draft);
    }
    NEMO_FUZZ_CHECK(core::summarize_change(*j, *j).empty());
    NEMO_FUZZ_CHECK(core::change_report(*j, *j).empty());
  }
  const std::string change = core::summarize_change(before, after);
  const std::string report = core::change_report(before, after);
  NEMO_FUZZ_CHECK(change.empty() == report.empty());
  return 0;
}

}  // namespace nemo::fuzz
