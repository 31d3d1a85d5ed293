// SseParser: the stream cut into arbitrary chunks must give exactly the events
// (and dropped-line count) that the same bytes give in one piece, and no event
// carries data past the line cap. The first two bytes choose the cap and the
// chunk sizes; the rest is the stream.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <string>
#include <string_view>
#include <vector>

#include "core/sse_parser.hpp"
#include "fuzz_targets.hpp"

namespace nemo::fuzz {
namespace {
struct Run {
  std::vector<core::SseEvent> events;
  std::uint64_t dropped = 0;
  bool comment = false;
};

bool same(const core::SseEvent &a, const core::SseEvent &b) {
  return a.event == b.event && a.data == b.data && a.id == b.id;
}
}  // namespace

int sse_parser(const std::uint8_t *data, std::size_t size) {
  if (size < 2) return 0;
  // A small cap (16..4111 bytes) so that the overflow path is reached too.
  const std::size_t cap = 16 + (static_cast<std::size_t>(data[0]) << 4);
  std::uint32_t seed = data[1] | 1u;
  const std::string_view stream(reinterpret_cast<const char *>(data + 2), size - 2);

  Run whole;
  {
    core::SseParser parser([&](const core::SseEvent &e) { whole.events.push_back(e); }, cap);
    parser.feed(stream);
    parser.finish();
    whole.dropped = parser.dropped_lines();
    whole.comment = parser.saw_comment_since_last_check();
    NEMO_FUZZ_CHECK(parser.events_dispatched() == whole.events.size());
  }

  Run split;
  {
    core::SseParser parser([&](const core::SseEvent &e) { split.events.push_back(e); }, cap);
    std::size_t pos = 0;
    while (pos < stream.size()) {
      seed = seed * 1103515245u + 12345u;  // chunk sizes 0..16 (empty chunks too)
      const std::size_t n = (seed >> 16) % 17;
      parser.feed(stream.substr(pos, n));
      pos += n;
      if (((seed >> 8) & 7) == 0) split.comment |= parser.saw_comment_since_last_check();
    }
    parser.finish();
    split.dropped = parser.dropped_lines();
    split.comment |= parser.saw_comment_since_last_check();
    parser.finish();  // a second finish dispatches nothing new
    NEMO_FUZZ_CHECK(parser.events_dispatched() == split.events.size());
  }

  NEMO_FUZZ_CHECK(whole.events.size() == split.events.size());
  for (std::size_t i = 0; i < whole.events.size(); ++i) {
    NEMO_FUZZ_CHECK(same(whole.events[i], split.events[i]));
    NEMO_FUZZ_CHECK(whole.events[i].data.size() <= cap);
  }
  NEMO_FUZZ_CHECK(whole.dropped == split.dropped);
  NEMO_FUZZ_CHECK(whole.comment == split.comment);
  return 0;
}

}  // namespace nemo::fuzz
