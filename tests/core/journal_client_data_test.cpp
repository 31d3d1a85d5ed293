// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/journal.hpp"

using namespace nemo::core;
namespace fs = std::filesystem;

TEST(JournalClientData, SurvivesARestartAsGiven) {
  const fs::path dir = fs::temp_directory_path() / ("nemo-jcd-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  {
    Journal journal(Journal::journal_path(dir.string()));
    RenderRecord r;
    r.render_id = "render_1_abc";
    r.client_data = {{"job_id", "job-7"}, {"scene", "Live"}, {"source_name", "AI Video Clip"}};
    ASSERT_FALSE(journal.upsert(r));
    ASSERT_FALSE(journal.update_phase("render_1_abc", RenderPhase::Rendering));
  }
  Journal reopened(Journal::journal_path(dir.string()));
  auto found = reopened.find("render_1_abc");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->client_data.value("job_id", ""), "job-7");
  EXPECT_EQ(found->client_data.value("source_name", ""), "AI Video Clip");
  EXPECT_EQ(found->phase, RenderPhase::Rendering);
  fs::remove_all(dir);
}

TEST(JournalClientData, ANonObjectIsIgnored) {
  auto r = RenderRecord::from_json({{"render_id", "r"}, {"client_data", "oops"}});
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->client_data.is_object());
  EXPECT_TRUE(r->client_data.empty());
}
