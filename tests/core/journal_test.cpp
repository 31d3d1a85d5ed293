// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/journal.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "media_fixtures.hpp"

namespace nemo::core {
namespace {

RenderRecord record(const std::string &id) {
  RenderRecord r;
  r.render_id = id;
  r.session_id = "sess_1";
  r.backend = "http://127.0.0.1:1234";
  r.output_path = "/tmp/out " + id + ".mp4";
  r.prompt = "turn these photos into a video, 30 秒";
  return r;
}

TEST(Journal, MissingFileIsEmpty) {
  test::TempDir dir;
  Journal journal(Journal::journal_path(dir.path()));
  std::vector<RenderRecord> all;
  EXPECT_FALSE(journal.load(all));
  EXPECT_TRUE(all.empty());
  EXPECT_TRUE(journal.pending().empty());
}

TEST(Journal, PersistsAcrossInstancesAndUpdates) {
  test::TempDir dir;
  const std::string path = Journal::journal_path(dir.path() + "/nested");
  {
    Journal journal(path);
    ASSERT_FALSE(journal.upsert(record("render_1")));
    ASSERT_FALSE(journal.upsert(record("render_2")));
    ASSERT_FALSE(journal.update_phase("render_1", RenderPhase::Rendering));
    ASSERT_FALSE(journal.update_phase("render_2", RenderPhase::Done, "http://x/y.mp4"));
    EXPECT_EQ(journal.update_phase("nope", RenderPhase::Done).code, ErrorCode::Internal);
  }
  Journal reopened(path);  // a restarted client
  const auto pending = reopened.pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].render_id, "render_1");
  EXPECT_EQ(pending[0].phase, RenderPhase::Rendering);
  EXPECT_EQ(pending[0].session_id, "sess_1");
  EXPECT_EQ(pending[0].prompt, "turn these photos into a video, 30 秒");
  EXPECT_EQ(pending[0].output_path, "/tmp/out render_1.mp4");
  EXPECT_GT(pending[0].created_ms, 0);
  const auto done = reopened.find("render_2");
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->phase, RenderPhase::Done);
  EXPECT_EQ(done->output_url, "http://x/y.mp4");
  ASSERT_FALSE(reopened.remove("render_1"));
  EXPECT_TRUE(reopened.pending().empty());
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));  // nothing left half-written
}

TEST(Journal, UpsertReplacesSameId) {
  test::TempDir dir;
  Journal journal(Journal::journal_path(dir.path()));
  RenderRecord r = record("render_1");
  ASSERT_FALSE(journal.upsert(r));
  const std::int64_t created = journal.find("render_1")->created_ms;
  r.created_ms = created;
  r.output_path = "/elsewhere.mp4";
  ASSERT_FALSE(journal.upsert(r));
  std::vector<RenderRecord> all;
  ASSERT_FALSE(journal.load(all));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].output_path, "/elsewhere.mp4");
  EXPECT_EQ(all[0].created_ms, created);
}

TEST(Journal, DamagedFileIsSetAsideNotFatal) {
  test::TempDir dir;
  const std::string path = Journal::journal_path(dir.path());
  test::write_all(path, "{ this is not json");
  Journal journal(path);
  std::vector<RenderRecord> all;
  EXPECT_FALSE(journal.load(all));
  EXPECT_TRUE(all.empty());
  EXPECT_TRUE(std::filesystem::exists(path + ".bad"));
  ASSERT_FALSE(journal.upsert(record("render_9")));
  EXPECT_EQ(journal.pending().size(), 1u);
}

TEST(Journal, UnknownAndBrokenEntriesAreSkipped) {
  test::TempDir dir;
  const std::string path = Journal::journal_path(dir.path());
  test::write_all(path, R"({"version":1,"renders":[
      {"render_id":"a","state":"downloading","future":true},
      {"no_id":1}, 7, {"render_id":"b","state":"weird"}]})");
  Journal journal(path);
  const auto pending = journal.pending();
  ASSERT_EQ(pending.size(), 2u);
  EXPECT_EQ(pending[0].phase, RenderPhase::Downloading);
  EXPECT_EQ(pending[1].phase, RenderPhase::Submitted);
}

TEST(Journal, ConcurrentWritersLoseNothing) {
  test::TempDir dir;
  const std::string path = Journal::journal_path(dir.path());
  // Two Journal objects on one file stand for two processes (the flock is per open file).
  Journal a(path), b(path);
  std::thread ta([&] {
    for (int i = 0; i < 20; ++i) ASSERT_FALSE(a.upsert(record("a" + std::to_string(i))));
  });
  std::thread tb([&] {
    for (int i = 0; i < 20; ++i) ASSERT_FALSE(b.upsert(record("b" + std::to_string(i))));
  });
  ta.join();
  tb.join();
  EXPECT_EQ(a.pending().size(), 40u);
}

TEST(Journal, PruneDropsOldFinishedOnly) {
  test::TempDir dir;
  Journal journal(Journal::journal_path(dir.path()));
  ASSERT_FALSE(journal.upsert(record("old_done")));
  ASSERT_FALSE(journal.update_phase("old_done", RenderPhase::Done));
  ASSERT_FALSE(journal.upsert(record("pending")));
  ASSERT_FALSE(journal.prune(-1000));  // everything finished counts as old
  std::vector<RenderRecord> all;
  ASSERT_FALSE(journal.load(all));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].render_id, "pending");
}

}  // namespace
}  // namespace nemo::core
