// Incremental Server-Sent Events parser (the stream of POST /run_sse).
// Feed it bytes as they arrive, at any chunk boundary; it calls the handler once
// per complete event. Follows the WHATWG event-stream rules: CR, LF or CRLF end
// a line (a CRLF split across two chunks counts once), "data:" lines join with
// '\n', "event:" and "id:" fields, lines starting with ':' are comments (the
// server's heartbeats), a leading UTF-8 BOM is skipped. Two deliberate
// leniencies: finish() dispatches an event the stream ended without a blank line
// for, and an event that has an "event:" field but no data is still dispatched.
// A line longer than the cap is dropped whole (counted in dropped_lines()) so a
// hostile or broken stream cannot grow memory without bound.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace nemo::core {

struct SseEvent {
  std::string event;  // "" when the event had no "event:" field
  std::string data;   // data lines joined with '\n'
  std::string id;     // the last event id seen on the stream ("" if none)
};

class SseParser {
 public:
  using Handler = std::function<void(const SseEvent &)>;
  static constexpr std::size_t kDefaultMaxLineBytes = 4 * 1024 * 1024;

  explicit SseParser(Handler on_event);
  SseParser(Handler on_event, std::size_t max_line_bytes);

  void feed(
      std::string_view bytes);  // any chunk boundary; CR, LF, CRLF (CRLF split across chunks too)
  void finish();                // stream closed: dispatch a pending event that had no blank line
  bool saw_comment_since_last_check();  // ':' comment lines count as heartbeats

  // Lines dropped because they (or the event's data) went past the cap.
  std::uint64_t dropped_lines() const { return dropped_lines_; }
  // Events dispatched so far.
  std::uint64_t events_dispatched() const { return events_; }
  // Forget everything (a new stream); the last event id is kept, as a reconnect would send it.
  void reset();

 private:
  void consume(std::string_view bytes);
  void process_line(std::string_view line);
  void dispatch();

  Handler on_event_;
  std::size_t max_line_bytes_;
  std::string line_;       // the unfinished line carried over from the last chunk
  std::string bom_probe_;  // the first bytes of the stream while they may still be a BOM
  bool bom_done_ = false;  // the start of the stream has been checked for a BOM
  bool skip_lf_ = false;   // the last chunk ended with CR: a leading LF belongs to it
  bool overflow_ = false;  // the current line went past the cap: drop it up to its end
  bool saw_comment_ = false;
  // The event being assembled.
  std::string data_;
  std::string event_;
  std::string last_id_;
  bool has_data_ = false;
  bool has_event_ = false;
  std::uint64_t dropped_lines_ = 0;
  std::uint64_t events_ = 0;
};

}  // namespace nemo::core
