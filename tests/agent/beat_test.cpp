// Cuts on the beat (DRAFT.md, "Beats"): the beat helpers (agent/beat_cuts)
// and the agent with music whose beats are known: cuts and the end on the
// beat, "cut on the beat" / 卡点 / "don't cut on the beat", "fit the length to
// the music", and nothing changes without music.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <algorithm>

#include "agent/agent.hpp"
#include "agent/beat_cuts.hpp"
#include "agent/draft_builder.hpp"
#include "agent/prompt_parser.hpp"
#include "agent_test_support.hpp"

namespace nemo::agent {
namespace {

using namespace nemo::agent::testing;

// A steady grid: a beat every `period` ms from `first`, for `seconds`; the
// downbeats from beat number `phase`.
MusicBeats grid(std::int64_t period, std::int64_t first, double seconds, int phase = 0) {
  MusicBeats b;
  b.bpm = 60000.0 / static_cast<double>(period);
  b.bar_phase = phase;
  for (std::int64_t t = first; t < static_cast<std::int64_t>(seconds * 1000); t += period)
    b.beats_ms.push_back(t);
  return b;
}

MediaRef beat_song(double seconds, std::int64_t period = 500, std::int64_t first = 250,
                   int phase = 0) {
  MediaRef m = song(seconds);
  m.beats = grid(period, first, seconds, phase);
  return m;
}

bool on_grid(std::int64_t ms, std::int64_t period, std::int64_t first) {
  return ms >= first && (ms - first) % period == 0;
}

// The midpoints of the draft's cuts (where one picture gives way to the next).
std::vector<std::int64_t> cut_midpoints(const json &draft) {
  std::vector<std::int64_t> out;
  const json segs = video_segments(draft);
  for (std::size_t i = 0; i + 1 < segs.size(); ++i) {
    const auto d = segs[i]["tr"]["d"].get<std::int64_t>();
    out.push_back(segs[i]["e"].get<std::int64_t>() - (d - d / 2));
  }
  return out;
}

TEST(BeatCuts, VideoBeatsLoopWithTheMusicAndKnowTheirBars) {
  const MusicBeats b = grid(500, 250, 4.0, 1);  // 250 .. 3750: 8 beats
  const auto beats = video_beats(b, 4000, 9000);
  ASSERT_EQ(beats.size(), 18u);  // two loops of 8, then 8250 and 8750
  EXPECT_EQ(beats[0].ms, 250);
  EXPECT_EQ(beats[8].ms, 4250);  // the music starts again at 4 s
  EXPECT_EQ(beats.back().ms, 8750);
  EXPECT_EQ(beats[1].rank, 2);  // beat 1 (the phase) starts a phrase
  EXPECT_EQ(beats[5].rank, 1);  // 4 beats later: a bar
  EXPECT_EQ(beats[2].rank, 0);
  EXPECT_TRUE(video_beats(MusicBeats{}, 4000, 9000).empty());
  // Unknown length: no loop, the beats as they are.
  EXPECT_EQ(video_beats(b, 0, 60000).size(), 8u);
  EXPECT_EQ(beat_period(beats), 500);
}

TEST(BeatCuts, AnEndGoesToTheNearestPhraseThenBarThenBeat) {
  const auto beats = video_beats(grid(500, 0, 120.0), 120000, 120000);
  // Phrases every 8 s (16 beats from 0; beat 0 at 0 ms is not a beat: <= 0).
  EXPECT_EQ(end_on_beat(beats, 23000, 5000, 600000), 24000);
  // Only bars (every 2 s) within reach of a short length: 15% of 6.9 s.
  EXPECT_EQ(end_on_beat(beats, 6900, 5000, 600000), 6000);
  // The lowest allowed wins over the nearest.
  EXPECT_EQ(end_on_beat(beats, 23000, 23500, 600000), 24000);
  EXPECT_EQ(end_on_beat(beats, 9100, 9100, 600000), 10000);
  // No beat near: unchanged.
  EXPECT_EQ(end_on_beat({}, 23000, 5000, 600000), 23000);
}

TEST(BeatCuts, CutsMoveOntoBeatsWithinTheRules) {
  const auto beats = video_beats(grid(500, 250, 60.0), 60000, 60000);
  std::vector<std::int64_t> mids = {4100, 8300, 12420, 16600};
  CutRules rules{20000, 800, 1000, std::vector<std::optional<std::int64_t>>(5)};
  EXPECT_EQ(snap_cuts(mids, beats, rules), 4u);
  for (const auto m : mids) EXPECT_TRUE(on_grid(m, 500, 250)) << m;
  // A bar start (beats 0, 4, 8... from 250 ms: 250, 2250, 4250...) is taken
  // over a beat up to half a beat closer.
  EXPECT_EQ(mids[0], 4250);
  EXPECT_EQ(mids[1], 8250);
  // Too tight to move: each visual must show alone for 1 s and be 2d long.
  std::vector<std::int64_t> tight = {1400, 3200};
  CutRules tight_rules{4600, 800, 1000, std::vector<std::optional<std::int64_t>>(3)};
  snap_cuts(tight, beats, tight_rules);
  EXPECT_GE(tight[0], 1000 + 400);
  EXPECT_GE(tight[1] - tight[0], 1800);
  EXPECT_GE(4600 - tight[1], 1000 + 400);
  // A clip is never stretched past its length.
  std::vector<std::int64_t> clip_mids = {3000};
  CutRules clip_rules{8000, 0, 1000, {std::int64_t{3100}, std::nullopt}};
  snap_cuts(clip_mids, beats, clip_rules);
  EXPECT_LE(clip_mids[0], 3100);
}

TEST(BeatPrompt, BeatAndMusicLengthAreUnderstood) {
  for (const char *p : {"cut on the beat", "make the cuts to the beat of the song",
                        "beat-synced slideshow", "把这些照片做成卡点视频", "踩点剪辑"}) {
    const AgentRequest r = parse_prompt(p);
    EXPECT_EQ(r.beat_cuts, std::optional<bool>(true)) << p;
    EXPECT_TRUE(r.understood) << p;
  }
  for (const char *p : {"don't cut on the beat", "no beat sync", "ignore the beat", "不要卡点"}) {
    EXPECT_EQ(parse_prompt(p).beat_cuts, std::optional<bool>(false)) << p;
  }
  for (const char *p :
       {"fit the length to the music", "make it as long as the song", "和音乐一样长", "用整首歌"}) {
    const AgentRequest r = parse_prompt(p);
    EXPECT_TRUE(r.fit_music) << p;
    EXPECT_FALSE(r.fit.has_value()) << p << ": the length, not the pictures' fit";
  }
  EXPECT_EQ(parse_prompt("fit the whole photo, as long as the music").fit, "pad");
  EXPECT_FALSE(parse_prompt("turn these photos into a video").beat_cuts.has_value());
}

TEST(BeatAgent, WithMusicEveryCutAndTheEndAreOnTheBeat) {
  auto media = photos(5);
  media.push_back(beat_song(95.0));
  const AgentReply r =
      run_agent(json(), media, "turn these photos into a video with transitions and music", "en");
  expect_valid_draft(r.draft);
  const auto mids = cut_midpoints(r.draft);
  ASSERT_EQ(mids.size(), 4u);
  for (const auto m : mids) EXPECT_TRUE(on_grid(m, 500, 250)) << m;
  // The automatic length (about 20 s for five photos) ends on a downbeat:
  // no phrase end (every 16 beats from 250 ms) is within 15% of it, a bar
  // end (every 4 beats) is.
  const auto d = r.draft["d"].get<std::int64_t>();
  EXPECT_TRUE(on_grid(d, 2000, 250)) << d;
  EXPECT_NE(r.text.find("on the beat of the music (120 BPM)"), std::string::npos) << r.text;
}

TEST(BeatAgent, AnAskedLengthIsKeptAndTheCutsStillLandOnBeats) {
  auto media = photos(5);
  media.push_back(beat_song(95.0, 461, 100));  // 130 BPM
  const AgentReply r = run_agent(
      json(), media, "turn these photos into a 30-second video with music, cut on the beat", "en");
  expect_valid_draft(r.draft);
  EXPECT_EQ(r.draft["d"], 30000);
  EXPECT_EQ(r.draft["m"]["beat"], "on");
  for (const auto m : cut_midpoints(r.draft)) EXPECT_TRUE(on_grid(m, 461, 100)) << m;
  // Hard cuts too: the cut is the segment's end.
  const AgentReply hard = run_agent(r.draft, media, "no transitions", "en");
  expect_valid_draft(hard.draft);
  for (const auto m : cut_midpoints(hard.draft)) EXPECT_TRUE(on_grid(m, 461, 100)) << m;
}

TEST(BeatAgent, ChineseBeatSyncAndMusicLength) {
  auto media = photos(4);
  media.push_back(beat_song(47.3));
  const AgentReply r = run_agent(json(), media, "把这些照片做成卡点视频，和音乐一样长", "zh");
  expect_valid_draft(r.draft);
  EXPECT_EQ(r.draft["d"], 47300);
  EXPECT_EQ(r.draft["m"]["length"], "music");
  for (const auto m : cut_midpoints(r.draft)) EXPECT_TRUE(on_grid(m, 500, 250)) << m;
  EXPECT_NE(r.text.find("卡点剪辑（120 BPM）"), std::string::npos) << r.text;
  // A length asked later replaces the music's.
  const AgentReply shorter = run_agent(r.draft, media, "做成20秒", "zh");
  EXPECT_EQ(shorter.draft["d"], 20000);
  EXPECT_EQ(shorter.draft["m"]["length"], "set");
}

TEST(BeatAgent, FitToTheMusicFollowsTheSongWhenItChanges) {
  auto media = photos(3);
  media.push_back(beat_song(31.5));
  const AgentReply r = run_agent(json(), media, "make a video with music", "en");
  const AgentReply fit = run_agent(r.draft, media, "fit the length to the music", "en");
  expect_valid_draft(fit.draft);
  EXPECT_EQ(fit.draft["d"], 31500);
  EXPECT_NE(fit.text.find("as long as the music (31.5 s)"), std::string::npos) << fit.text;
  // Another edit keeps the music's length.
  const AgentReply faster = run_agent(fit.draft, media, "faster pace", "en");
  EXPECT_EQ(faster.draft["d"], 31500);
}

TEST(BeatAgent, OffMeansTheEvenLayoutAndOnComesBack) {
  auto media = photos(5);
  media.push_back(beat_song(95.0));
  auto plain_media = photos(5);
  plain_media.push_back(song(95.0));
  const std::string ask = "turn these photos into a 30-second video with music";
  const json even = run_agent(json(), plain_media, ask, "en").draft;
  const json beat = run_agent(json(), media, ask, "en").draft;
  EXPECT_NE(video_segments(even), video_segments(beat));
  const AgentReply off = run_agent(beat, media, "don't cut on the beat", "en");
  EXPECT_EQ(off.draft["m"]["beat"], "off");
  EXPECT_EQ(video_segments(off.draft), video_segments(even));
  EXPECT_NE(off.text.find("evenly"), std::string::npos) << off.text;
  const AgentReply on = run_agent(off.draft, media, "cut on the beat", "en");
  EXPECT_EQ(video_segments(on.draft), video_segments(beat));
}

TEST(BeatAgent, WithoutMusicNothingChanges) {
  const auto media = photos(5);
  const AgentReply plain = run_agent(json(), media, "turn these photos into a video", "en");
  const AgentReply beat =
      run_agent(json(), media, "turn these photos into a video, cut on the beat", "en");
  EXPECT_EQ(video_segments(plain.draft), video_segments(beat.draft));
  EXPECT_EQ(plain.draft["d"], beat.draft["d"]);
  EXPECT_NE(beat.text.find("on the beat once there is music"), std::string::npos) << beat.text;
  // Music without a steady beat: even cuts, and the reply says why.
  auto drone = photos(5);
  drone.push_back(song(95.0));
  const AgentReply none = run_agent(json(), drone, "video with music, cut on the beat", "en");
  EXPECT_NE(none.text.find("no steady beat"), std::string::npos) << none.text;
}

TEST(BeatAgent, ClipsAreNotStretchedToReachABeat) {
  std::vector<MediaRef> media = {photo(1), clip(2, 3.1), photo(3), clip(4, 2.2)};
  media.push_back(beat_song(60.0, 700, 350));
  const AgentReply r = run_agent(json(), media, "make a video with music", "en");
  expect_valid_draft(r.draft);
  for (const auto &seg : video_segments(r.draft)) {
    if (seg["k"] == "video") {
      EXPECT_LE(seg["e"].get<int>() - seg["s"].get<int>(), seg["sd"].get<int>());
    }
  }
}

// Only the songs the agent may use need their beats (a song's first analysis
// takes seconds): the first one uploaded (a new video's), and the draft's.
TEST(BeatCuts, OnlyTheFirstSongAndTheDraftsOwnNeedTheirBeats) {
  std::vector<MediaRef> media = photos(3);
  EXPECT_TRUE(music_candidates(json(), media).empty()) << "no music, nothing to analyse";
  MediaRef first = song(60, "first.mp3");
  MediaRef second = song(60, "second.mp3");
  MediaRef third = song(60, "third.mp3");
  second.id = "aud2";
  third.id = "aud3";
  media.push_back(first);
  media.push_back(second);
  media.push_back(third);
  EXPECT_EQ(music_candidates(json(), media), (std::vector<std::size_t>{3}));

  // A draft made when only the third song was there keeps it as its music.
  std::vector<MediaRef> earlier = photos(3);
  earlier.push_back(third);
  const AgentReply r = run_agent(json(), earlier, "make a video with music", "en");
  ASSERT_TRUE(r.changed);
  EXPECT_EQ(music_candidates(r.draft, media), (std::vector<std::size_t>{3, 5}));
  // An edit of it still uses the third song: its beats are the ones asked for.
  MediaRef beats_third = third;
  beats_third.beats = grid(500, 250, 60);
  media[5] = beats_third;
  const AgentReply edit = run_agent(r.draft, media, "cut on the beat", "en");
  const auto cuts = cut_midpoints(edit.draft);
  ASSERT_FALSE(cuts.empty());
  for (const std::int64_t ms : cuts) EXPECT_TRUE(on_grid(ms, 500, 250)) << ms;
}

}  // namespace
}  // namespace nemo::agent
