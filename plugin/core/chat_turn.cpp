// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/chat_turn.hpp"

#include <curl/curl.h>

#include <algorithm>

#include "core/api_client_impl.hpp"
#include "core/draft.hpp"

namespace nemo::core {
namespace {
long long ms_of(std::chrono::steady_clock::duration d) {
  return static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(d).count());
}
}  // namespace

ChatTurn::ChatTurn(const ChatCallbacks &callbacks, const Timings &timings)
    : callbacks_(callbacks),
      timings_(timings),
      parser_([this](const SseEvent &e) { on_event(e); }),
      start_(Clock::now()),
      last_activity_(start_),
      next_still_working_(start_ + timings.still_working_every) {}

void ChatTurn::feed(std::string_view bytes) {
  bytes_ += bytes.size();
  parser_.feed(bytes);
  parser_.saw_comment_since_last_check();  // comments are heartbeats: they keep nothing else alive
}

void ChatTurn::finish() {
  parser_.finish();
  if (!partial_.empty()) {  // partial chunks that no full event repeated
    text_ += partial_;
    partial_.clear();
  }
}

bool ChatTurn::tick() {
  if (timeout_) return false;
  const auto now = Clock::now();
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
    next_still_working_ += timings_.still_working_every;
    if (callbacks_.on_still_working)
      callbacks_.on_still_working(std::chrono::milliseconds(ms_of(now - start_)));
  }
  return true;
}

void ChatTurn::on_event(const SseEvent &event) {
  ++events_;
  for (const ChatEvent &e : decode_chat_event(event.data)) on_chat_event(e);
}

void ChatTurn::append_full(const std::string &full) {
  std::string fresh = full;
  if (!partial_.empty() && full.compare(0, partial_.size(), partial_) == 0)
    fresh = full.substr(partial_.size());  // the chunks were shown already
  else if (!partial_.empty())
    fresh = full;  // a full event that does not extend the chunks: it replaces them
  if (after_tool_ && !text_.empty() && text_.back() != '\n') text_ += "\n";
  text_ += full;
  partial_.clear();
  after_tool_ = false;
  if (!fresh.empty() && callbacks_.on_text) callbacks_.on_text(fresh);
}

void ChatTurn::on_chat_event(const ChatEvent &e) {
  using Kind = ChatEvent::Kind;
  switch (e.kind) {
    case Kind::Text:
      last_activity_ = Clock::now();
      if (!e.text.empty()) append_full(e.text);
      break;
    case Kind::PartialText:
      last_activity_ = Clock::now();
      if (partial_.empty() && after_tool_ && !text_.empty() && text_.back() != '\n') {
        text_ += "\n";
        after_tool_ = false;
      }
      partial_ += e.text;
      if (!e.text.empty() && callbacks_.on_text) callbacks_.on_text(e.text);
      break;
    case Kind::Thought:
      last_activity_ = Clock::now();
      break;
    case Kind::ToolCall:
    case Kind::ToolResult:
      last_activity_ = Clock::now();
      after_tool_ = true;
      if (callbacks_.on_tool) callbacks_.on_tool(e.name, e.kind == Kind::ToolResult);
      break;
    case Kind::Error:
      last_activity_ = Clock::now();
      agent_error_ = e.text.empty() ? std::string("unknown agent error") : e.text;
      break;
    case Kind::Heartbeat:
    case Kind::Ignored:
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
    call.json_body = [text](const std::string &sid) {
      return nlohmann::json{{"app_name", "nemo_agent"},
                            {"user_id", "me"},
                            {"session_id", sid},
                            {"new_message", {{"parts", nlohmann::json::array({{{"text", text}}})}}}}
          .dump();
    };
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

    ApiAnswer answer;
    Error err = im.perform(call, answer, cancel);
    if (turn.timeout()) return turn.timeout();
    if (err.code == ErrorCode::Cancelled) return err;

    const bool broken =
        err && err.code == ErrorCode::Network && !never_sent(answer.http) &&
        (answer.http.status == 0 || (answer.http.status >= 200 && answer.http.status < 300));
    if (err && !broken) return err;

    if (!broken) {
      turn.finish();
      result.text = turn.text();
      if (!turn.agent_error().empty() && result.text.empty())
        return make_error(ErrorCode::Protocol,
                          im.scrub("the agent reported an error: " + turn.agent_error()));
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
    turn.finish();
    result.text = turn.text();
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
