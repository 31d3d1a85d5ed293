// One chat turn's stream, as the client reads it: bytes of POST /run_sse go
// through the SSE parser and the event decoder; text is joined (partial
// chunks that a later full event repeats are not doubled), tool calls become
// progress, heartbeats keep the turn alive, and the turn's timers ("still
// working" every 2 minutes, 10 minutes of heartbeats alone, 15 minutes in
// all) run from tick(). ApiClient::chat() drives it over HTTP and handles a
// silent turn and a broken stream; this class does no I/O.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
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

  ChatTurn(const ChatCallbacks &callbacks, const Timings &timings);

  void feed(std::string_view bytes);  // any chunking
  void finish();                      // the stream closed: the turn is over
  // Runs the timers; false once the turn must end (then timeout() says why).
  bool tick();

  const std::string &text() const { return text_; }
  bool has_text() const { return !text_.empty(); }
  // The agent reported an error in the stream (ADK {"error"} or errorCode).
  const std::string &agent_error() const { return agent_error_; }
  // Set when tick() ended the turn: a Timeout error with a clear detail.
  const Error &timeout() const { return timeout_; }
  std::uint64_t bytes() const { return bytes_; }
  std::uint64_t events() const { return events_; }

 private:
  void on_event(const SseEvent &event);
  void on_chat_event(const ChatEvent &event);
  void append_full(const std::string &full);

  const ChatCallbacks &callbacks_;
  Timings timings_;
  SseParser parser_;
  Clock::time_point start_;
  Clock::time_point last_activity_;  // last event that was not a heartbeat
  Clock::time_point next_still_working_;
  std::string text_;
  std::string partial_;      // partial chunks since the last full text event
  bool after_tool_ = false;  // a tool event came since the last text
  std::string agent_error_;
  Error timeout_;
  std::uint64_t bytes_ = 0;
  std::uint64_t events_ = 0;
};

}  // namespace nemo::core
