// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/sse_parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace nemo::core {
namespace {

struct Ev {
  std::string event, data, id;
  bool operator==(const Ev &o) const { return event == o.event && data == o.data && id == o.id; }
};

std::ostream &operator<<(std::ostream &os, const Ev &e) {
  return os << "{event=" << e.event << " data=" << e.data << " id=" << e.id << "}";
}

struct Run {
  std::vector<Ev> events;
  int comment_checks = 0;
};

// Feeds chunks, then finish(); records the events and how many chunks saw a comment.
Run parse_chunks(const std::vector<std::string> &chunks, std::size_t cap = 0) {
  Run run;
  auto handler = [&](const SseEvent &e) { run.events.push_back({e.event, e.data, e.id}); };
  SseParser parser = cap ? SseParser(handler, cap) : SseParser(handler);
  for (const auto &c : chunks) {
    parser.feed(c);
    if (parser.saw_comment_since_last_check()) ++run.comment_checks;
  }
  parser.finish();
  if (parser.saw_comment_since_last_check()) ++run.comment_checks;
  return run;
}

std::vector<Ev> parse_whole(const std::string &s) {
  return parse_chunks({s}).events;
}

// Every two-chunk split and byte by byte give the same events as the whole stream.
void expect_split_invariant(const std::string &stream, const std::vector<Ev> &expected) {
  ASSERT_EQ(parse_whole(stream), expected) << "whole stream";
  for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
    const auto got = parse_chunks({stream.substr(0, cut), stream.substr(cut)}).events;
    ASSERT_EQ(got, expected) << "split at " << cut;
  }
  std::vector<std::string> bytes;
  for (const char c : stream) bytes.emplace_back(1, c);
  ASSERT_EQ(parse_chunks(bytes).events, expected) << "byte by byte";
  // Three chunks at every pair of cut points for short streams.
  if (stream.size() <= 80) {
    for (std::size_t a = 0; a <= stream.size(); ++a)
      for (std::size_t b = a; b <= stream.size(); ++b) {
        const auto got =
            parse_chunks({stream.substr(0, a), stream.substr(a, b - a), stream.substr(b)}).events;
        ASSERT_EQ(got, expected) << "cuts at " << a << "," << b;
      }
  }
}

TEST(SseParser, LfStreamAtEverySplitPoint) {
  expect_split_invariant("data: {\"a\":1}\n\ndata: second\n\n",
                         {{"", "{\"a\":1}", ""}, {"", "second", ""}});
}

// As ADK's servers write it: one `data: <json>\n\n` per event, no comments,
// no event names, the JS server's last event written by res.end().
TEST(SseParser, AdkEventsEndedByTwoLineFeedsAtEverySplitPoint) {
  const std::string stream =
      "data: {\"partial\":true,\"content\":{\"parts\":[{\"text\":\"Hi\"}]},"
      "\"timestamp\":1718200004123}\n\n"
      "data: {\"error\":\"Quota exceeded\"}\n\n";
  expect_split_invariant(
      stream,
      {{"", R"({"partial":true,"content":{"parts":[{"text":"Hi"}]},"timestamp":1718200004123})",
        ""},
       {"", R"({"error":"Quota exceeded"})", ""}});
}

TEST(SseParser, CrlfStreamIncludingSplitCrlf) {
  expect_split_invariant("event: msg\r\ndata: one\r\ndata: two\r\n\r\ndata: three\r\n\r\n",
                         {{"msg", "one\ntwo", ""}, {"", "three", ""}});
}

TEST(SseParser, BareCrLineEnds) {
  expect_split_invariant("data: a\rdata: b\r\rdata: c\r\r", {{"", "a\nb", ""}, {"", "c", ""}});
}

TEST(SseParser, MixedLineEndsCommentsIdsAndBom) {
  const std::string stream =
      "\xEF\xBB\xBF: hello\r\n"
      "id: 7\n"
      "event: update\r"
      "data:no-space\r\n"
      "data:  two spaces\n"
      "\n"
      ": heartbeat\n\n"
      "data: {\"type\":\"text\"}\r\n\r\n"
      "data: last without blank line";
  expect_split_invariant(stream, {{"update", "no-space\n two spaces", "7"},
                                  {"", "{\"type\":\"text\"}", "7"},
                                  {"", "last without blank line", "7"}});
}

TEST(SseParser, EmptyDataLineIsAnEventWithEmptyData) {
  expect_split_invariant("data:\n\ndata\n\n", {{"", "", ""}, {"", "", ""}});
}

TEST(SseParser, BlankLinesAloneDispatchNothing) {
  expect_split_invariant("\n\n\r\n\r\r\n", {});
  expect_split_invariant(": only a comment\n\n", {});
}

TEST(SseParser, EventFieldWithoutDataStillDispatched) {
  expect_split_invariant("event: ping\n\n", {{"ping", "", ""}});
}

TEST(SseParser, UnknownFieldsAndRetryIgnored) {
  expect_split_invariant("retry: 1000\nfoo: bar\ndata: x\n\n", {{"", "x", ""}});
}

TEST(SseParser, IdPersistsAndCanBeReset) {
  expect_split_invariant("id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\n",
                         {{"", "a", "1"}, {"", "b", "1"}, {"", "c", ""}});
}

TEST(SseParser, BomOnlyAtStreamStart) {
  // A BOM in the middle is content, not skipped.
  const std::string bom = "\xEF\xBB\xBF";
  expect_split_invariant("data: x" + bom + "\n\n", {{"", "x" + bom, ""}});
  // A partial BOM prefix at the start that is not a BOM is kept.
  expect_split_invariant(
      "\xEF"
      "data: x\n\n",
      {});  // "\xEFdata" is an unknown field
  expect_split_invariant(bom + "data: y\n\n", {{"", "y", ""}});
}

TEST(SseParser, FinishWithoutAnythingPending) {
  EXPECT_TRUE(parse_whole("").empty());
  EXPECT_TRUE(parse_whole("data: a\n\n").size() == 1);
}

TEST(SseParser, CommentsCountAsHeartbeats) {
  std::vector<SseEvent> events;
  SseParser parser([&](const SseEvent &e) { events.push_back(e); });
  EXPECT_FALSE(parser.saw_comment_since_last_check());
  parser.feed(": ping\n");
  EXPECT_TRUE(parser.saw_comment_since_last_check());
  EXPECT_FALSE(parser.saw_comment_since_last_check());  // reset by the check
  parser.feed("data: x\n\n");
  EXPECT_FALSE(parser.saw_comment_since_last_check());
  parser.feed(":");  // unfinished comment line: not seen yet
  EXPECT_FALSE(parser.saw_comment_since_last_check());
  parser.feed("\r");
  EXPECT_TRUE(parser.saw_comment_since_last_check());
  EXPECT_EQ(events.size(), 1u);
}

TEST(SseParser, LongLineIsDroppedAndParsingContinues) {
  const std::size_t cap = 64;
  const std::string huge(1000, 'x');
  const std::string stream = "data: " + huge + "\n\ndata: ok\n\n";
  for (const std::size_t chunk : {1u, 7u, 100u, 2000u}) {
    std::vector<std::string> chunks;
    for (std::size_t i = 0; i < stream.size(); i += chunk)
      chunks.push_back(stream.substr(i, chunk));
    std::vector<Ev> got;
    SseParser parser([&](const SseEvent &e) { got.push_back({e.event, e.data, e.id}); }, cap);
    for (const auto &c : chunks) parser.feed(c);
    parser.finish();
    ASSERT_EQ(got, (std::vector<Ev>{{"", "ok", ""}})) << "chunk " << chunk;
    EXPECT_EQ(parser.dropped_lines(), 1u);
  }
}

TEST(SseParser, ManyDataLinesAreCappedTogether) {
  std::string stream;
  for (int i = 0; i < 100; ++i) stream += "data: 0123456789\n";
  stream += "\n";
  std::vector<Ev> got;
  SseParser parser([&](const SseEvent &e) { got.push_back({e.event, e.data, e.id}); }, 100);
  parser.feed(stream);
  parser.finish();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_LE(got[0].data.size(), 100u);
  EXPECT_GT(parser.dropped_lines(), 0u);
}

TEST(SseParser, UnfinishedLongLineAtFinishIsDropped) {
  std::vector<Ev> got;
  SseParser parser([&](const SseEvent &e) { got.push_back({e.event, e.data, e.id}); }, 16);
  parser.feed("data: ");
  parser.feed(std::string(100, 'y'));
  parser.finish();
  EXPECT_TRUE(got.empty());
  EXPECT_EQ(parser.dropped_lines(), 1u);
}

TEST(SseParser, Utf8DataPassesThrough) {
  expect_split_invariant("data: {\"text\":\"你好，视频\"}\r\n\r\n",
                         {{"", "{\"text\":\"你好，视频\"}", ""}});
}

}  // namespace
}  // namespace nemo::core
