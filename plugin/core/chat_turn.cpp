// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/chat_turn.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>

#include "core/api_client_impl.hpp"
#include "core/draft.hpp"

namespace nemo::core {
namespace {
long long ms_of(std::chrono::steady_clock::duration d) {
  return static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}
}  // namespace

ChatTurn::ChatTurn(const ChatCallbacks &callbacks, const Timings &timings, Now now)
    : callbacks_(callbacks),
      timings_(timings),
      now_(now ? std::move(now) : Now([] { return Clock::now(); })),
      parser_([this](const SseEvent &e) { on_event(e); }),
      start_(now_()),
      last_activity_(start_),
      next_still_working_(start_ + timings.still_working_every) {}

void ChatTurn::feed(std::string_view bytes) {
  bytes_ += bytes.size();
  parser_.feed(bytes);
  parser_.saw_comment_since_last_check();  // comments are heartbeats: they keep nothing else alive
}

void ChatTurn::feed_payload(std::string_view data) {
  bytes_ += data.size();
  ++events_;
  on_payload(data);
}

void ChatTurn::finish() {
  parser_.finish();
  if (!partial_.empty()) {  // partial chunks that no full event repeated
    text_ += partial_;
    partial_.clear();
  }
}

void ChatTurn::end_turn() {
  if (ended_) return;
  ended_ = true;
  ended_at_ = now_();
}

bool ChatTurn::tick() {
  if (timeout_) return false;
  const auto now = now_();
  // Over by the stream's own word: no timer runs; a stream left open is closed after the grace.
  if (ended_) return now - ended_at_ < timings_.stream_end_grace;
  if (now - start_ >= timings_.turn_limit) {
    timeout_ =
        make_error(ErrorCode::Timeout, "the agent's turn went past its limit of " +
                                           std::to_string(timings_.turn_limit.count() / 1000) +
                                           " s; it was ended");
    return false;
  }
  if (now - last_activity_ >= timings_.heartbeat_only_limit) {
    timeout_ = make_error(ErrorCode::Timeout,
                          "the agent sent only heartbeats for " +
                              std::to_string(timings_.heartbeat_only_limit.count() / 1000) +
                              " s; the turn was ended");
    return false;
  }
  if (now >= next_still_working_) {
    // Once per tick at most: a clock that jumped far ahead says it once, not for every period.
    const auto every = std::max(timings_.still_working_every, Timings::ms(1));
    next_still_working_ += every * ((now - next_still_working_) / every + 1);
    if (callbacks_.on_still_working)
      callbacks_.on_still_working(std::chrono::milliseconds(ms_of(now - start_)));
  }
  return true;
}

void ChatTurn::on_event(const SseEvent &event) {
  ++events_;
  on_payload(event.data);
}

void ChatTurn::on_payload(std::string_view data) {
  if (ended_) return;       // after an error or turnComplete nothing more belongs to this turn
  std::size_t matched = 0;  // bytes of partial_ that this event's full text parts repeated
  bool full_text = false;
  for (const ChatEvent &e : decode_chat_event(data)) {
    on_chat_event(e, matched, full_text);
    if (e.turn_complete) end_turn();
    if (ended_) break;
  }
  // A full event closes the run of partial chunks before it (ADK's aggregate repeats them).
  if (full_text) partial_.clear();
}

void ChatTurn::append_full(const std::string &full, std::size_t &matched) {
  // The text of a full event usually repeats the partial chunks before it
  // (ADK's aggregate, possibly over several text parts): show only what they
  // did not. A full text that neither repeats nor extends them replaces them.
  std::string fresh = full;
  const std::string_view rest =
      std::string_view(partial_).substr(std::min(matched, partial_.size()));
  if (!rest.empty()) {
    if (full.size() <= rest.size() && rest.compare(0, full.size(), full) == 0) {
      fresh.clear();
      matched += full.size();
    } else if (full.compare(0, rest.size(), rest) == 0) {
      fresh = full.substr(rest.size());
      matched = partial_.size();
    }
  }
  if (after_tool_ && !text_.empty() && text_.back() != '\n') text_ += "\n";
  text_ += full;
  after_tool_ = false;
  if (!fresh.empty() && callbacks_.on_text) callbacks_.on_text(fresh);
}

bool ChatTurn::seen_call(const ChatEvent &call) {
  if (!call.id.empty()) return !call_ids_.insert(call.id).second;
  const std::string key =
      call.name + "\n" +
      call.payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return !call_keys_.insert(key).second;
}

void ChatTurn::on_chat_event(const ChatEvent &e, std::size_t &matched, bool &full_text) {
  using Kind = ChatEvent::Kind;
  switch (e.kind) {
    case Kind::Text:
      last_activity_ = now_();
      if (!e.text.empty()) {
        full_text = true;
        append_full(e.text, matched);
      }
      break;
    case Kind::PartialText:
      last_activity_ = now_();
      if (partial_.empty() && after_tool_ && !text_.empty() && text_.back() != '\n') {
        text_ += "\n";
        after_tool_ = false;
      }
      partial_ += e.text;
      if (!e.text.empty() && callbacks_.on_text) callbacks_.on_text(e.text);
      break;
    case Kind::Thought:
      last_activity_ = now_();
      break;
    case Kind::ToolCall:
      last_activity_ = now_();
      after_tool_ = true;
      // The same call again (from the partial event to ADK's aggregate): progress once.
      if (seen_call(e)) break;
      if (callbacks_.on_tool) callbacks_.on_tool(e.name, false);
      break;
    case Kind::ToolResult:
      last_activity_ = now_();
      after_tool_ = true;
      call_keys_.clear();  // a new model call may make the same id-less call again
      if (callbacks_.on_tool) callbacks_.on_tool(e.name, true);
      break;
    case Kind::Error:
      last_activity_ = now_();
      agent_error_ = e.text.empty() ? std::string("unknown agent error") : e.text;
      end_turn();
      break;
    case Kind::Ignored:
      // A real event the turn has no use for (a content-free one with finishReason, an
      // action-only one) is still the agent at work; malformed data is not.
      if (e.payload.is_object()) last_activity_ = now_();
      break;
    case Kind::Heartbeat:
      break;
  }
}

// ---------------------------------------------------------------- ApiClient::chat

namespace {
// Nothing reached the server: safe to report without recovery.
bool never_sent(const HttpResponse &r) {
  return r.status == 0 &&
         (r.curl_code == CURLE_COULDNT_CONNECT || r.curl_code == CURLE_COULDNT_RESOLVE_HOST ||
          r.curl_code == CURLE_COULDNT_RESOLVE_PROXY || r.curl_code == CURLE_SSL_CONNECT_ERROR);
}

bool is_json(const HttpResponse &r) {
  auto ct = r.header("content-type");
  return ct && ct->find("json") != std::string::npos;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The documented body (snake_case, the cloud and ADK Python), or ADK JS's
// camelCase one (which ADK Python accepts too).
std::string chat_body(const std::string &text, const std::string &sid, bool camel) {
  const nlohmann::json parts = nlohmann::json::array({{{"text", text}}});
  if (camel)
    return nlohmann::json{{"appName", "nemo_agent"},
                          {"userId", "me"},
                          {"sessionId", sid},
                          {"newMessage", {{"role", "user"}, {"parts", parts}}}}
        .dump();
  return nlohmann::json{{"app_name", "nemo_agent"},
                        {"user_id", "me"},
                        {"session_id", sid},
                        {"new_message", {{"parts", parts}}}}
      .dump();
}

// The backend read none of the body's fields: ADK JS, given snake_case, looks
// up the session `undefined` (404 "Session not found: undefined"); a strict
// server answers 422 about missing fields. The message was not run.
bool body_not_read(const ApiAnswer &a) {
  const std::string said = lower(a.env.message + "\n" + a.http.body);
  if (a.http.status == 404)
    return said.find("session not found: undefined") != std::string::npos ||
           said.find("session not found: null") != std::string::npos;
  if (a.http.status == 422)
    return said.find("missing") != std::string::npos || said.find("required") != std::string::npos;
  return false;
}

// The agent's own words, capped (whole UTF-8 characters).
std::string capped(std::string text, std::size_t max_bytes = 1000) {
  if (text.size() <= max_bytes) return text;
  std::size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  text.resize(n);
  return text + "...";
}
}  // namespace

Error ApiClient::chat(const std::string &text, const ChatCallbacks &callbacks,
                      const CancelToken &cancel, ChatResult *out) {
  try {
    ChatResult local;
    ChatResult &result = out ? *out : local;
    result = ChatResult{};
    Impl &im = *impl_;
    const Timings &t = im.config.timings;

    // The state before the turn, to describe a silent turn or a broken one.
    nlohmann::json before;
    if (Error e = state(before, cancel)) {
      if (e.code == ErrorCode::Cancelled || e.code == ErrorCode::Auth ||
          e.code == ErrorCode::Session || e.code == ErrorCode::RateLimited)
        return e;
      before = nullptr;  // unknown: a silent turn then reports the whole state as the change
    }

    ChatTurn turn(callbacks, t);
    ApiCall call;
    call.method = "POST";
    call.needs_session = true;
    call.accept = "text/event-stream";
    call.path = [](const std::string &) { return std::string("/run_sse"); };
    call.customize = [&turn](HttpRequest &req) {
      req.total_timeout = std::chrono::milliseconds(0);  // the turn's own limits apply
      req.low_speed_time = std::chrono::milliseconds(0);
      req.stream_if = [](const HttpResponse &head) {
        return head.status >= 200 && head.status < 300 && !is_json(head);
      };
      req.on_data = [&turn](std::string_view chunk) {
        turn.feed(chunk);
        return true;
      };
      req.on_tick = [&turn] { return turn.tick(); };
    };

    // snake_case for the cloud; a custom backend that read none of it (ADK JS)
    // gets the other form once, and the form that worked is remembered for it.
    bool camel = im.chat_camel_case();
    bool other_form_tried = false;
    ApiAnswer answer;
    Error err;
    for (;;) {
      call.json_body = [text, camel](const std::string &sid) {
        return chat_body(text, sid, camel);
      };
      err = im.perform(call, answer, cancel);
      if (err && err.code != ErrorCode::Cancelled && !other_form_tried && !im.is_cloud() &&
          body_not_read(answer)) {
        other_form_tried = true;
        camel = !camel;
        continue;
      }
      break;
    }
    if (other_form_tried && answer.http.status >= 200 && answer.http.status < 300)
      im.remember_chat_camel_case(camel);

    if (turn.timeout()) return turn.timeout();
    if (err.code == ErrorCode::Cancelled) {
      if (cancel.cancelled() || !turn.ended()) return err;
      err = {};  // the turn was over and the stream stayed open: the client closed it
    }
    // A JSON answer instead of a stream: one event's data ({"error"} is the agent's failure).
    if (!err && answer.http.streamed == 0 && !answer.http.body.empty() && answer.env.json)
      turn.feed_payload(answer.http.body);

    const bool broken =
        err && err.code == ErrorCode::Network && !never_sent(answer.http) &&
        (answer.http.status == 0 || (answer.http.status >= 200 && answer.http.status < 300));
    if (err && !broken) return err;

    turn.finish();
    result.text = turn.text();
    // The agent failed: with or without text before it, the turn is a failure
    // (nothing was sent again; the session and its draft stay as they are).
    if (!turn.agent_error().empty())
      return make_error(ErrorCode::AgentFailed, im.scrub(capped(turn.agent_error())));

    if (!broken) {
      if (!result.text.empty()) return {};
      // A silent turn: describe what changed.
      result.silent = true;
      nlohmann::json after;
      if (Error e = state(after, cancel)) return e;
      result.state_after = after;
      result.change_summary = summarize_change(before, after);
      return {};
    }

    // The stream broke. Never re-send the message: read the state instead.
    result.recovered = true;
    auto delay = t.recovery_first;
    for (int reads = 0; reads < t.recovery_reads; ++reads) {
      if (Error e = im.wait(delay, cancel)) return e;
      delay = t.recovery_every;
      nlohmann::json after;
      if (Error e = state(after, cancel)) {
        if (e.code == ErrorCode::Cancelled) return e;
        continue;  // counts as an unchanged read
      }
      const std::string summary = summarize_change(before, after);
      if (!summary.empty()) {
        result.state_after = after;
        result.change_summary = summary;
        result.silent = result.text.empty();
        return {};
      }
    }
    if (!result.text.empty()) return {};  // what arrived before the break is the answer
    return make_error(ErrorCode::Network,
                      "the connection to the agent broke (" + im.scrub(err.detail) +
                          "); the state did not change in " + std::to_string(t.recovery_reads) +
                          " reads; the message was not sent again");
  } catch (const std::exception &e) {
    return make_error(ErrorCode::Internal, e.what());
  }
}

}  // namespace nemo::core
