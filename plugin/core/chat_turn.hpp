// One chat turn's stream, as the client reads it: bytes of POST /run_sse go
// through the SSE parser and the event decoder; text is joined (partial
// chunks are new pieces, and the full event that repeats them, ADK's
// aggregate, is not shown again), tool calls become progress (a call sent
// twice, once partial and once in the aggregate, counts once), heartbeats
// keep the turn alive, and the turn's timers ("still working" every 2
// minutes, 10 minutes without an event, 15 minutes in all) run from tick()
// on the client's own clock, whether or not the server sends anything.
// An agent error ({"error"}, errorCode) ends the turn as a failure, text or
// no text; so the turn is over at an error or at turnComplete, and a stream
// that stays open after that is closed by tick() after Timings::stream_end_grace.
// ApiClient::chat() drives it over HTTP and handles a silent turn and a
// broken stream; this class does no I/O.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "core/api_client.hpp"
#include "core/chat_event.hpp"
#include "core/config.hpp"
#include "core/error.hpp"
#include "core/sse_parser.hpp"

namespace nemo::core {

class ChatTurn {
 public:
  using Clock = std::chrono::steady_clock;
  using Now = std::function<Clock::time_point()>;

  // `now` is the clock (steady_clock::now when empty; tests pass their own).
  ChatTurn(const ChatCallbacks &callbacks, const Timings &timings, Now now = {});

  void feed(std::string_view bytes);         // any chunking
  void feed_payload(std::string_view data);  // one event's data, not framed (a JSON answer)
  void finish();                             // the stream closed: the turn is over
  // Runs the timers; false once the transfer must end: timeout() says why, or
  // the turn had ended() and the stream stayed open past the grace.
  bool tick();

  const std::string &text() const { return text_; }
  bool has_text() const { return !text_.empty(); }
  // The agent reported an error in the stream (ADK {"error"} or errorCode).
  const std::string &agent_error() const { return agent_error_; }
  // The stream said the turn is over (an error, or turnComplete).
  bool ended() const { return ended_; }
  // Set when tick() ended the turn: a Timeout error with a clear detail.
  const Error &timeout() const { return timeout_; }
  std::uint64_t bytes() const { return bytes_; }
  std::uint64_t events() const { return events_; }

 private:
  void on_event(const SseEvent &event);
  void on_payload(std::string_view data);
  void on_chat_event(const ChatEvent &event, std::size_t &matched, bool &full_text);
  void append_full(const std::string &full, std::size_t &matched);
  bool seen_call(const ChatEvent &call);
  void end_turn();

  const ChatCallbacks &callbacks_;
  Timings timings_;
  Now now_;
  SseParser parser_;
  Clock::time_point start_;
  Clock::time_point last_activity_;  // last event that was not a heartbeat
  Clock::time_point next_still_working_;
  Clock::time_point ended_at_;
  std::string text_;
  std::string partial_;              // partial chunks since the last full text event
  bool after_tool_ = false;          // a tool event came since the last text
  std::set<std::string> call_ids_;   // tool calls reported, by id
  std::set<std::string> call_keys_;  // id-less tool calls reported since the last result
  std::string agent_error_;
  bool ended_ = false;
  Error timeout_;
  std::uint64_t bytes_ = 0;
  std::uint64_t events_ = 0;
};

}  // namespace nemo::core
