// The beats of a song found once (server/beat_cache): in memory, on disk across
// restarts, never kept under a name that is not a content hash; and a chat
// turn with an uploaded click track whose cuts land on its clicks.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/beat_cache.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "agent_test_support.hpp"
#include "render_test_util.hpp"
#include "server/real_backend.hpp"
#include "server_harness.hpp"

namespace nemo::server::testing {
namespace {

namespace fs = std::filesystem;
namespace rt = nemo::render::test;

const std::string kHash(64, 'a');  // the cache trusts the hash it is given

// A click every 500 ms from 250 ms (120 BPM), 30 s.
std::string clicks(const rt::TempDir &dir) {
  const std::string path = dir.file("clicks.wav");
  EXPECT_TRUE(rt::make_clicks(path, 500, 250, 0, 30));
  return path;
}

// A signed-in session holding `files` (name, bytes).
std::string session_with(ServerHarness &h,
                         const std::vector<std::pair<std::string, std::string>> &files) {
  h.login();
  const std::string sid = h.new_session();
  int status = 0;
  const auto up = h.upload(sid, files, &status);
  EXPECT_EQ(status, 200) << up.dump();
  return sid;
}

TEST(BeatCache, ASongIsAnalysedOnceThenReadFromMemory) {
  if (!rt::have_ffmpeg()) GTEST_SKIP() << "no ffmpeg CLI";
  rt::TempDir dir;
  const std::string song = clicks(dir);
  BeatCache cache(dir.file("beats"));
  const agent::MusicBeats first = cache.get(song, kHash);
  EXPECT_EQ(cache.analysed(), 1u);
  EXPECT_NEAR(first.bpm, 120.0, 2.0);
  ASSERT_GE(first.beats_ms.size(), 50u);
  const agent::MusicBeats again = cache.get(song, kHash);
  EXPECT_EQ(cache.analysed(), 1u) << "the second ask is answered from memory";
  EXPECT_EQ(again.beats_ms, first.beats_ms);
  EXPECT_EQ(again.bar_phase, first.bar_phase);
}

TEST(BeatCache, TheDiskCopyOutlivesTheProcess) {
  if (!rt::have_ffmpeg()) GTEST_SKIP() << "no ffmpeg CLI";
  rt::TempDir dir;
  const std::string song = clicks(dir);
  agent::MusicBeats first;
  {
    BeatCache cache(dir.file("beats"));
    first = cache.get(song, kHash);
  }
  const std::string file = dir.file("beats/" + kHash + ".json");
  ASSERT_TRUE(fs::exists(file));
  std::ifstream in(file);
  const auto j = nlohmann::json::parse(in, nullptr, false);
  ASSERT_FALSE(j.is_discarded());
  EXPECT_EQ(j["beats_ms"].size(), first.beats_ms.size());

  // A new cache (nemo-local restarted) reads it: the song is not even opened.
  fs::remove(song);
  BeatCache restarted(dir.file("beats"));
  const agent::MusicBeats read = restarted.get(song, kHash);
  EXPECT_EQ(restarted.analysed(), 0u);
  EXPECT_EQ(read.beats_ms, first.beats_ms);
  EXPECT_DOUBLE_EQ(read.bpm, first.bpm);
}

TEST(BeatCache, ADamagedCopyIsAnalysedAgainAndABadHashIsNeverKept) {
  if (!rt::have_ffmpeg()) GTEST_SKIP() << "no ffmpeg CLI";
  rt::TempDir dir;
  const std::string song = clicks(dir);
  fs::create_directories(dir.file("beats"));
  rt::write_file(dir.file("beats/" + kHash + ".json"), R"({"v":2,"bpm":120,"bar_phase":0,
      "beats_ms":[500,250]})");  // not increasing
  BeatCache cache(dir.file("beats"));
  EXPECT_GE(cache.get(song, kHash).beats_ms.size(), 50u);
  EXPECT_EQ(cache.analysed(), 1u);

  for (const std::string &bad :
       {std::string(), std::string("../../etc/passwd"), std::string(64, 'G')}) {
    const auto before = cache.analysed();
    EXPECT_GE(cache.get(song, bad).beats_ms.size(), 50u);
    EXPECT_EQ(cache.analysed(), before + 1) << "'" << bad << "' is analysed every time";
  }
  std::size_t files = 0;
  for (const auto &e : fs::directory_iterator(dir.file("beats"))) {
    ++files;
    EXPECT_EQ(e.path().filename().string(), kHash + ".json");
  }
  EXPECT_EQ(files, 1u);
}

TEST(BeatCache, MusicWithoutABeatIsKeptAndAnUnreadableFileIsNot) {
  if (!rt::have_ffmpeg()) GTEST_SKIP() << "no ffmpeg CLI";
  rt::TempDir dir;
  const std::string tone = dir.file("tone.wav");
  ASSERT_TRUE(rt::ffmpeg("-f lavfi -i sine=f=440:r=48000 -t 10 -c:a pcm_s16le \"" + tone + "\""));
  BeatCache cache(dir.file("beats"));
  EXPECT_TRUE(cache.get(tone, kHash).beats_ms.empty());
  EXPECT_TRUE(cache.get(tone, kHash).beats_ms.empty());
  EXPECT_EQ(cache.analysed(), 1u) << "no beat is an answer, kept";

  const std::string other(64, 'b');
  rt::write_file(dir.file("broken.mp3"), std::string(4000, 'x'));
  EXPECT_TRUE(cache.get(dir.file("broken.mp3"), other).beats_ms.empty());
  EXPECT_TRUE(cache.get(dir.file("broken.mp3"), other).beats_ms.empty());
  EXPECT_EQ(cache.analysed(), 3u) << "an unreadable file is tried again";
  EXPECT_FALSE(fs::exists(dir.file("beats/" + other + ".json")));
}

TEST(BeatCache, ACancelledAnalysisGivesNoBeatsAndIsNotKept) {
  if (!rt::have_ffmpeg()) GTEST_SKIP() << "no ffmpeg CLI";
  rt::TempDir dir;
  const std::string song = clicks(dir);
  std::atomic<bool> cancel{true};
  BeatCache cache(dir.file("beats"));
  EXPECT_TRUE(cache.get(song, kHash, &cancel).beats_ms.empty());
  EXPECT_FALSE(fs::exists(dir.file("beats/" + kHash + ".json"))) << "a cancelled grid was kept";
  cancel = false;
  EXPECT_GE(cache.get(song, kHash, &cancel).beats_ms.size(), 50u) << "asked again, analysed";
  EXPECT_EQ(cache.analysed(), 2u);
}

// A client that leaves while its turn analyses a new song: the analysis
// stops, no draft is made without the beats, no credit is spent, and the
// session takes the next turn.
TEST(ServerBeats, AClientThatLeavesCancelsTheAnalysis) {
  if (!rt::have_ffmpeg()) GTEST_SKIP() << "no ffmpeg CLI";
  rt::TempDir media;
  const std::string song = clicks(media);
  ServerOptions o;
  o.data_dir = media.file("backend");
  o.heartbeat_interval = std::chrono::milliseconds(50);
  o.credits = 10;
  struct Seen {
    std::atomic<int> calls{0};
    std::atomic<bool> cancelled{false};
  };
  auto seen = std::make_shared<Seen>();
  ServerHarness h(
      [&o, seen] {
        Backend b = make_real_backend(o);
        b.beats = [seen](const std::string &, const std::string &,
                         const std::atomic<bool> &cancel) {
          if (seen->calls++ == 0) {  // the first turn's song takes "long"
            wait_until([&cancel] { return cancel.load(); }, 10);
            seen->cancelled = cancel.load();
          }
          return MusicBeats{};
        };
        return b;
      },
      o);
  const std::string sid = session_with(h, {{"a.bmp", bmp_bytes(64, 48, 1)},
                                           {"b.bmp", bmp_bytes(64, 48, 2)},
                                           {"clicks.wav", rt::read_file(song)}});
  const auto credits = h.get_json("/api/credits/balance/simple")["data"];

  // The client reads the first heartbeat and hangs up.
  auto c = h.client();
  httplib::Request req;
  req.method = "POST";
  req.path = "/run_sse";
  req.headers = h.auth();
  req.set_header("Accept", "text/event-stream");
  req.set_header("Content-Type", "application/json");
  req.body = nlohmann::json{{"app_name", "nemo_agent"},
                            {"user_id", "me"},
                            {"session_id", sid},
                            {"new_message", {{"parts", {{{"text", "make a video with music"}}}}}}}
                 .dump();
  req.content_receiver = [](const char *, std::size_t, std::uint64_t, std::uint64_t) {
    return false;
  };
  c.send(req);
  ASSERT_TRUE(wait_until([&seen] { return seen->cancelled.load(); }, 15))
      << "the analysis never saw the client leave";

  // Nothing changed, and the next turn is taken.
  const auto state = h.get_json("/api/state/nemo_agent/me/" + sid + "/latest");
  EXPECT_TRUE(agent::testing::video_segments(state["data"]["state"]["draft"]).empty())
      << "a draft was made without the beats: " << state.dump();
  ASSERT_TRUE(wait_until([&] {
    const auto events = sse_data_events(h.chat(sid, "make a video with music"));
    return !events.empty() && !events.back().contains("errorCode");
  })) << "the session stayed busy";
  EXPECT_EQ(seen->calls.load(), 2);
  const auto after = h.get_json("/api/credits/balance/simple")["data"];
  EXPECT_EQ(after["available"].get<double>(), credits["available"].get<double>() - o.chat_turn_cost)
      << "only the finished turn is charged: " << credits.dump() << " -> " << after.dump();
}

TEST(ServerBeats, AChatTurnWithAClickTrackCutsOnItsClicks) {
  if (!rt::have_ffmpeg()) GTEST_SKIP() << "no ffmpeg CLI";
  rt::TempDir media;
  const std::string song = clicks(media);
  ServerOptions o;
  o.data_dir = media.file("backend");  // where the real backend keeps its beat cache
  ServerHarness h([&o] { return make_real_backend(o); }, o);
  const std::string sid = session_with(h, {{"a.bmp", bmp_bytes(64, 48, 1)},
                                           {"b.bmp", bmp_bytes(64, 48, 2)},
                                           {"c.bmp", bmp_bytes(64, 48, 3)},
                                           {"clicks.wav", rt::read_file(song)}});
  const auto events =
      sse_data_events(h.chat(sid, "turn these photos into a video with music, cut on the beat"));
  ASSERT_FALSE(events.empty());
  EXPECT_FALSE(events.back().contains("errorCode")) << events.back().dump();

  const auto state = h.get_json("/api/state/nemo_agent/me/" + sid + "/latest");
  const nlohmann::json draft = state["data"]["state"]["draft"];
  const auto segs = agent::testing::video_segments(draft);
  ASSERT_EQ(segs.size(), 3u) << draft.dump();
  // Every cut's midpoint within one frame (30 fps) of a click, the end too.
  for (std::size_t i = 0; i + 1 < segs.size(); ++i) {
    const auto d = segs[i].contains("tr") ? segs[i]["tr"]["d"].get<std::int64_t>() : 0;
    const double mid = static_cast<double>(segs[i]["e"].get<std::int64_t>() - (d - d / 2));
    const double click = 250 + 500 * std::round((mid - 250) / 500);
    EXPECT_LE(std::abs(mid - click), 1000.0 / 30) << "cut " << i << " at " << mid;
  }
  const double end = draft["d"].get<double>();
  EXPECT_LE(std::abs(end - (250 + 500 * std::round((end - 250) / 500))), 1000.0 / 30) << end;
  // The grid was kept on disk under the upload's content hash.
  std::size_t kept = 0;
  for (const auto &e : fs::directory_iterator(o.data_dir + "/cache/beats")) {
    EXPECT_EQ(e.path().extension(), ".json");
    ++kept;
  }
  EXPECT_EQ(kept, 1u);
}

// Of several songs in a session, only the one a new video takes (the first)
// is analysed: the others would cost seconds each for nothing.
TEST(ServerBeats, OnlyTheSongTheAgentMayUseIsAnalysed) {
  if (!rt::have_ffmpeg()) GTEST_SKIP() << "no ffmpeg CLI";
  rt::TempDir media;
  const std::string song = clicks(media);
  const std::string other = media.file("other.wav");
  ASSERT_TRUE(rt::make_clicks(other, 400, 100, 0, 20));
  ServerOptions o;
  o.data_dir = media.file("backend");
  auto asked = std::make_shared<std::vector<std::string>>();
  ServerHarness h(
      [&o, asked] {
        Backend b = make_real_backend(o);
        BeatFn real = b.beats;
        b.beats = [real, asked](const std::string &path, const std::string &sha256,
                                const std::atomic<bool> &cancel) {
          asked->push_back(path);
          return real(path, sha256, cancel);
        };
        return b;
      },
      o);
  const std::string sid = session_with(h, {{"a.bmp", bmp_bytes(64, 48, 1)},
                                           {"b.bmp", bmp_bytes(64, 48, 2)},
                                           {"clicks.wav", rt::read_file(song)},
                                           {"other.wav", rt::read_file(other)}});
  const auto events = sse_data_events(h.chat(sid, "make a video with music, cut on the beat"));
  ASSERT_FALSE(events.empty());
  EXPECT_FALSE(events.back().contains("errorCode")) << events.back().dump();
  ASSERT_EQ(asked->size(), 1u) << "songs analysed: " << asked->size();
  EXPECT_EQ(rt::read_file(asked->front()), rt::read_file(song)) << "not the first song";
}

}  // namespace
}  // namespace nemo::server::testing
