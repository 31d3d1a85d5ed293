// SPDX-License-Identifier: GPL-2.0-or-later
// POST /run_sse: one chat turn as an SSE stream of ADK events. The agent runs
// on its own thread while the stream sends `: heartbeat` comments; its result
// is applied to the session whether or not the client is still there (a
// client never re-sends a turn). One turn at a time per session: a second one
// is refused with an error event.
#include <httplib.h>

#include <atomic>
#include <future>
#include <optional>

#include "agent/draft_builder.hpp"
#include "protocol/draft.hpp"
#include "protocol/utf8.hpp"
#include "server/envelope.hpp"
#include "server/ids.hpp"
#include "server/local_server.hpp"
#include "server/request_log.hpp"
#include "server/session_store.hpp"
#include "server/sse_events.hpp"
#include "server/text_util.hpp"
#include "server/token_store.hpp"

namespace nemo::server {

namespace {
constexpr std::size_t kChunkBytes = 48;

void send_sse_error(httplib::Response &res, const std::string &error_code,
                    const std::string &message) {
  const AdkEventBuilder events("e-" + random_uuid(), static_cast<double>(system_now_ms()) / 1000.0);
  res.status = 200;
  res.set_header("Cache-Control", "no-cache");
  res.set_content(sse_frame(events.error(error_code, message)), "text/event-stream");
}
}  // namespace

struct LocalServer::Turn {
  std::string session_id;
  std::string user_id;
  std::string prompt;
  std::string language;
  nlohmann::json draft;
  std::vector<MediaRef> media;
  struct Music {
    std::size_t index;  // in media
    std::string path, sha256;
  };
  std::vector<Music> music;         // the audio files, whose beats the turn finds
  std::atomic<bool> cancel{false};  // the client left, or the server stops
  bool charged = false;
  bool ended = false;  // the session takes turns again
};

void LocalServer::handle_run_sse(const httplib::Request &req, httplib::Response &res) {
  auto user = authenticate(req, res);
  if (!user) return;
  const auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded() && !protocol::is_valid_utf8(req.body)) {
    send_sse_error(res, "INVALID_UTF8", "the message is not valid UTF-8 text");
    return;
  }
  if (!body.is_object()) {
    send_error(res, 400, code::kBadRequest, "the body is not a JSON object");
    return;
  }
  auto session = owned_session(protocol::string_at(body, "session_id"), *user, res);
  if (!session) return;

  std::string prompt;
  const nlohmann::json message = body.value("new_message", nlohmann::json::object());
  const nlohmann::json parts =
      message.is_object() ? message.value("parts", nlohmann::json::array()) : nlohmann::json();
  if (parts.is_array()) {
    for (const auto &part : parts) {
      const nlohmann::json text = part.is_object() ? part.value("text", nlohmann::json()) : nullptr;
      if (!text.is_string()) continue;
      if (!prompt.empty()) prompt += "\n";
      prompt += text.get<std::string>();
    }
  }
  if (prompt.size() > options_.max_prompt_bytes) {
    send_sse_error(res, "PROMPT_TOO_LARGE",
                   "the message is too long (" + std::to_string(prompt.size()) +
                       " bytes; at most " + std::to_string(options_.max_prompt_bytes) + ")");
    return;
  }
  if (!protocol::is_valid_utf8(prompt)) {
    send_sse_error(res, "INVALID_UTF8", "the message is not valid UTF-8 text");
    return;
  }
  if (prompt.find_first_not_of(" \t\r\n") == std::string::npos) {
    send_sse_error(res, "EMPTY_MESSAGE", "the message is empty");
    return;
  }
  if (!sessions_->try_begin_turn(session->session_id)) {
    send_sse_error(res, "TURN_IN_PROGRESS",
                   "another message is still being answered in this session; wait for it to "
                   "finish, then send again");
    return;
  }
  if (!tokens_->reserve(*user, options_.chat_turn_cost)) {
    sessions_->end_turn(session->session_id);
    const CreditBalance b = tokens_->balance(*user);
    send_error(res, 403, code::kOutOfCredits, "out of credits",
               {{"available", b.available}, {"total", b.total}, {"user_id", *user}});
    return;
  }

  auto turn = std::make_shared<Turn>();
  turn->session_id = session->session_id;
  turn->user_id = *user;
  turn->prompt = std::move(prompt);
  turn->language = session->language;
  turn->draft = session->draft;
  const std::string base = request_base_url(req);
  std::vector<Turn::Music> songs;  // every audio file, by its index in turn->media
  for (const auto &m : session->media) {
    MediaRef ref;
    ref.id = m.file_id;
    ref.name = m.filename;
    ref.url = base + m.url_path;
    ref.kind = m.file_type;
    ref.width = m.width;
    ref.height = m.height;
    ref.duration_s = m.duration;
    ref.has_audio = m.has_audio;
    if (m.file_type == "audio" && backend_.beats) {
      songs.push_back(Turn::Music{turn->media.size(),
                                  sessions_->media_file(session->session_id, m.file_id), m.hash});
    }
    turn->media.push_back(std::move(ref));
  }
  // Only the songs the agent may use get their beats found.
  for (const std::size_t index : agent::music_candidates(turn->draft, turn->media)) {
    for (const Turn::Music &song : songs)
      if (song.index == index) turn->music.push_back(song);
  }

  res.status = 200;
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider(
      "text/event-stream",
      [this, turn](std::size_t, httplib::DataSink &sink) {
        // An exception must not leave this provider: httplib runs it outside
        // its handler's try, so it would end the whole server.
        try {
          run_turn(*turn, sink);
        } catch (const std::exception &e) {
          if (log_) log_->message(std::string("internal error in a chat turn: ") + e.what());
        }
        sink.done();
        return true;
      },
      [this, turn](bool) {
        if (!turn->charged) tokens_->release(turn->user_id, options_.chat_turn_cost);
        if (!turn->ended) sessions_->end_turn(turn->session_id);
      });
}

void LocalServer::run_turn(Turn &turn, httplib::DataSink &sink) {
  const AdkEventBuilder events("e-" + random_uuid(),
                               static_cast<double>(options_.clock()) / 1000.0);
  bool connected = true;
  const auto send = [&](const std::string &bytes) {
    if (connected) connected = sink.write(bytes.data(), bytes.size());
  };
  send(kSseHeartbeat);  // headers and a first byte go out at once

  AgentFn agent = backend_.agent;
  BeatFn beats = backend_.beats;
  auto future =
      std::async(std::launch::async, [agent, beats, &turn]() -> std::optional<AgentReply> {
        // The music's beats first (cached: a song is analysed once), then the agent.
        for (const auto &m : turn.music) {
          if (!m.path.empty()) turn.media[m.index].beats = beats(m.path, m.sha256, turn.cancel);
          if (turn.cancel) return std::nullopt;  // beats cut short: no draft made without them
        }
        return agent(turn.draft, turn.media, turn.prompt, turn.language);
      });
  while (future.wait_for(options_.heartbeat_interval) == std::future_status::timeout) {
    send(kSseHeartbeat);
    if (!connected || stopping_) turn.cancel = true;
  }
  std::optional<AgentReply> reply;
  try {
    reply = future.get();
  } catch (const std::exception &e) {
    if (log_) log_->message(std::string("agent failed: ") + e.what());
    send(sse_frame(events.error("AGENT_FAILED", "the agent could not answer this message")));
    return;
  }
  if (!reply) {
    // Nobody is waiting for this turn: the session and credits stay as they were.
    if (log_) log_->message("a chat turn was cancelled while it analysed the music");
    return;
  }
  AgentReply result = std::move(*reply);

  const std::int64_t now = options_.clock();
  sessions_->update(turn.session_id, [&](Session &s) {
    if (result.changed && !result.draft.is_null()) s.draft = result.draft;
    s.history.push_back({{"role", "user"}, {"text", turn.prompt}, {"ts", now}});
    s.history.push_back({{"role", "model"}, {"text", result.text}, {"ts", now}});
  });
  tokens_->commit(turn.user_id, options_.chat_turn_cost);
  turn.charged = true;
  // The session is up to date: the next turn may start as soon as this one's
  // events are out (not only when httplib lets go of the response).
  sessions_->end_turn(turn.session_id);
  turn.ended = true;

  for (const auto &event : turn_events(events, result, kChunkBytes)) send(sse_frame(event));
}

}  // namespace nemo::server
