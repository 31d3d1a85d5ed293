// SSE parsing throughput (MB/s of stream bytes) at several chunk sizes, and the
// decoding of the events' JSON on top.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <benchmark/benchmark.h>

#include <string>

#include "core/chat_event.hpp"
#include "core/sse_parser.hpp"

namespace {

// About 4 MB of a typical agent stream: partial text, tool calls, heartbeats, CRLF.
const std::string &stream() {
  static const std::string s = [] {
    std::string out;
    int i = 0;
    while (out.size() < 4u * 1024 * 1024) {
      out += ": heartbeat\r\n\r\n";
      out += "data: {\"id\":\"e" + std::to_string(i) +
             "\",\"author\":\"nemo_agent\",\"partial\":true,\"content\":{\"role\":\"model\","
             "\"parts\":[{\"text\":\"I placed the five photos with a fade between each one and "
             "set the music to 35 percent. \"}]}}\r\n\r\n";
      out +=
          "data: {\"content\":{\"parts\":[{\"functionCall\":{\"id\":\"c1\",\"name\":"
          "\"add_bgm\",\"args\":{\"volume\":0.35}}}]}}\n\n";
      out += "data: {\"type\":\"text\",\n";
      out += "data: \"content\":\"multi-line event\"}\n\n";
      ++i;
    }
    return out;
  }();
  return s;
}

void BM_SseParse(benchmark::State &state) {
  const std::string &s = stream();
  const auto chunk = static_cast<std::size_t>(state.range(0));
  std::size_t events = 0;
  for (auto _ : state) {
    nemo::core::SseParser parser([&](const nemo::core::SseEvent &e) {
      const char *data = e.data.data();
      benchmark::DoNotOptimize(data);
      ++events;
    });
    for (std::size_t pos = 0; pos < s.size(); pos += chunk)
      parser.feed(std::string_view(s).substr(pos, chunk));
    parser.finish();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.size()));
  state.counters["events"] = static_cast<double>(events / state.iterations());
}
BENCHMARK(BM_SseParse)->Arg(1)->Arg(64)->Arg(1500)->Arg(16384)->Unit(benchmark::kMillisecond);

void BM_SseParseAndDecode(benchmark::State &state) {
  const std::string &s = stream();
  for (auto _ : state) {
    std::size_t texts = 0;
    nemo::core::SseParser parser([&](const nemo::core::SseEvent &e) {
      for (const auto &ev : nemo::core::decode_chat_event(e.data))
        texts += ev.kind == nemo::core::ChatEvent::Kind::PartialText;
    });
    for (std::size_t pos = 0; pos < s.size(); pos += 16384)
      parser.feed(std::string_view(s).substr(pos, 16384));
    parser.finish();
    benchmark::DoNotOptimize(texts);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * s.size()));
}
BENCHMARK(BM_SseParseAndDecode)->Unit(benchmark::kMillisecond);

}  // namespace
