// The approval list with hooks of the test's own: refusals, the list,
// Approve / Reject / Approve all from a requester, approval off, the media
// folder, and the daily cap counted from ended jobs and kept across a restart.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/viewer_requests.hpp"

#include <gtest/gtest.h>

namespace nemo::obs {
namespace {

using namespace std::chrono_literals;
using core::ViewerRefusal;

struct Fixture {
  ViewerSettings settings;
  std::vector<ClipRequest> started;
  std::string day = "2026-12-04";
  std::string kept_day;
  double kept_credits = 0;
  bool service_up = true;
  std::vector<std::string> folder = {"/media/a.jpg", "/media/b.jpg"};
  std::vector<ViewerEvent> events;

  ViewerRequests::Hooks hooks() {
    ViewerRequests::Hooks h;
    h.settings = [this] { return settings; };
    h.generate = [this](const ClipRequest &r) {
      if (!service_up) return std::string();
      started.push_back(r);
      return "job-" + std::to_string(started.size());
    };
    h.today = [this] { return day; };
    h.fill_media = [this](const std::string &, ClipRequest &r) { r.images = folder; };
    h.load_spent = [this](std::string &d, double &c) {
      d = kept_day;
      c = kept_credits;
    };
    h.save_spent = [this](const std::string &d, double c) {
      kept_day = d;
      kept_credits = c;
    };
    h.now_unix_ms = [] { return std::int64_t{1764806400000}; };
    return h;
  }
};

ClipRequest from(const std::string &name, const std::string &prompt,
                 const std::string &platform = "twitch") {
  ClipRequest r;
  r.requester = {name, "", platform};
  r.prompt = prompt;
  r.images = {"/photos/1.jpg"};
  return r;
}

// A job that has ended, having spent `credits` (no requester: the streamer's).
JobSnapshot ended_job(const std::string &id, const std::string &viewer, double credits) {
  JobSnapshot job;
  job.id = id;
  if (!viewer.empty()) job.requester = {viewer, "", "twitch"};
  job.credits_spent = credits;
  return job;
}

TEST(ViewerRequests, ARequestWaitsForApprovalThenRuns) {
  Fixture f;
  ViewerRequests requests(f.hooks());
  requests.subscribe([&](const ViewerEvent &e) { f.events.push_back(e); });
  const auto t = ViewerRequests::Clock::now();
  const ViewerOutcome out = requests.submit(from("alice", "a sunset montage"), "twitch chat", t);
  ASSERT_TRUE(out.pending());
  EXPECT_EQ(out.request_id, "req-1");
  ASSERT_EQ(requests.pending().size(), 1u);
  EXPECT_EQ(requests.pending()[0].source, "twitch chat");
  EXPECT_TRUE(f.started.empty());
  ASSERT_FALSE(f.events.empty());
  EXPECT_EQ(f.events[0].kind, ViewerEvent::Kind::Pending);
  EXPECT_EQ(f.events[0].request.requester.name, "alice");

  const ViewerOutcome approved = requests.approve("req-1");
  EXPECT_EQ(approved.job_id, "job-1");
  ASSERT_EQ(f.started.size(), 1u);
  EXPECT_EQ(f.started[0].requester.name, "alice");
  EXPECT_EQ(f.started[0].request_id, "req-1");
  EXPECT_EQ(f.started[0].request_source, "twitch chat");
  EXPECT_TRUE(requests.pending().empty());
  // Approved once: a second approval finds nothing.
  EXPECT_TRUE(requests.approve("req-1").unavailable);
}

TEST(ViewerRequests, RejectDropsItAndTellsListeners) {
  Fixture f;
  ViewerRequests requests(f.hooks());
  requests.subscribe([&](const ViewerEvent &e) { f.events.push_back(e); });
  requests.submit(from("bob", "cats"), "chat");
  EXPECT_TRUE(requests.reject("req-1"));
  EXPECT_FALSE(requests.reject("req-1"));
  EXPECT_TRUE(requests.pending().empty());
  EXPECT_TRUE(f.started.empty());
  bool rejected = false;
  for (const auto &e : f.events) rejected |= e.kind == ViewerEvent::Kind::Rejected;
  EXPECT_TRUE(rejected);
}

TEST(ViewerRequests, ApproveAllFromOneRequesterLeavesTheOthers) {
  Fixture f;
  f.settings.cooldown_s = 0;
  f.settings.max_pending = 10;
  ViewerRequests requests(f.hooks());
  requests.submit(from("alice", "one"), "chat");
  requests.submit(from("bob", "two"), "chat");
  requests.submit(from("Alice", "three"), "chat");            // the same viewer: names ignore case
  requests.submit(from("alice", "four", "youtube"), "chat");  // another platform: someone else
  const auto jobs = requests.approve_all_from("req-3");
  EXPECT_EQ(jobs.size(), 2u);
  ASSERT_EQ(f.started.size(), 2u);
  EXPECT_EQ(f.started[0].prompt, "one");
  EXPECT_EQ(f.started[1].prompt, "three");
  ASSERT_EQ(requests.pending().size(), 2u);
  EXPECT_EQ(requests.pending()[0].clip.prompt, "two");
  EXPECT_EQ(requests.pending()[1].clip.prompt, "four");
}

TEST(ViewerRequests, EachLimitRefusesWithItsOwnReason) {
  Fixture f;
  f.settings.cooldown_s = 60;
  f.settings.max_pending = 2;
  f.settings.max_chars = 10;
  f.settings.blocked_words = "spam, 广告";
  ViewerRequests requests(f.hooks());
  const auto t = ViewerRequests::Clock::now();
  EXPECT_EQ(requests.submit(from("a", "this is far too long"), "chat", t).refusal,
            ViewerRefusal::TooLong);
  EXPECT_EQ(requests.submit(from("a", "spam it"), "chat", t).refusal, ViewerRefusal::BlockedWord);
  EXPECT_EQ(requests.submit(from("a", "做个广告"), "chat", t).refusal, ViewerRefusal::BlockedWord);
  EXPECT_EQ(requests.submit(from("a", ""), "chat", t).refusal, ViewerRefusal::EmptyPrompt);
  // A refused request starts no cooldown.
  EXPECT_TRUE(requests.submit(from("a", "cats"), "chat", t).pending());
  const auto again = requests.submit(from("a", "dogs"), "chat", t + 20s);
  EXPECT_EQ(again.refusal, ViewerRefusal::Cooldown);
  EXPECT_EQ(again.retry_after_s, 40);
  EXPECT_TRUE(requests.submit(from("b", "dogs"), "chat", t).pending());
  EXPECT_EQ(requests.submit(from("c", "fish"), "chat", t).refusal, ViewerRefusal::TooManyPending);
  f.settings.enabled = false;
  EXPECT_EQ(requests.submit(from("d", "fish"), "chat", t).refusal, ViewerRefusal::Off);
  EXPECT_EQ(requests.pending().size(), 2u);
}

TEST(ViewerRequests, ApprovalOffRunsAtOnce) {
  Fixture f;
  f.settings.approval = false;
  ViewerRequests requests(f.hooks());
  const auto out = requests.submit(from("alice", "sunset"), "chat");
  EXPECT_EQ(out.job_id, "job-1");
  EXPECT_FALSE(out.pending());
  EXPECT_TRUE(requests.pending().empty());
  ASSERT_EQ(f.started.size(), 1u);
}

TEST(ViewerRequests, WordsOnlyTakeTheViewerMediaFolder) {
  Fixture f;
  ViewerRequests requests(f.hooks());
  ClipRequest words = from("alice", "sunset");
  words.images.clear();
  // No folder chosen: nothing to make a video of.
  EXPECT_EQ(requests.submit(words, "chat").refusal, ViewerRefusal::NoMedia);
  f.settings.media_dir = "/media";
  ASSERT_TRUE(requests.submit(words, "chat").pending());
  EXPECT_EQ(requests.pending()[0].clip.images, f.folder);
  // An empty folder is no media either.
  f.folder.clear();
  f.settings.cooldown_s = 0;
  EXPECT_EQ(requests.submit(words, "chat").refusal, ViewerRefusal::NoMedia);
}

TEST(ViewerRequests, ADownServiceKeepsTheRequestWaiting) {
  Fixture f;
  ViewerRequests requests(f.hooks());
  requests.submit(from("alice", "sunset"), "chat");
  f.service_up = false;
  EXPECT_TRUE(requests.approve("req-1").unavailable);
  EXPECT_EQ(requests.pending().size(), 1u);
  f.service_up = true;
  EXPECT_EQ(requests.approve("req-1").job_id, "job-1");
}

TEST(ViewerRequests, DailyCapCountsEndedJobsAndSurvivesARestart) {
  Fixture f;
  f.settings.daily_credits = 2;
  f.settings.cooldown_s = 0;
  {
    ViewerRequests requests(f.hooks());
    requests.submit(from("alice", "one"), "chat");
    ASSERT_EQ(requests.approve("req-1").job_id, "job-1");
    const JobSnapshot ended = ended_job("job-1", "alice", 2);
    requests.job_ended(ended);
    requests.job_ended(ended);  // the same end heard twice counts once
    EXPECT_DOUBLE_EQ(requests.spent_today(), 2);
    EXPECT_EQ(f.kept_day, "2026-12-04");
    EXPECT_DOUBLE_EQ(f.kept_credits, 2);
    // The cap is spent: new requests are refused, waiting ones cannot be approved.
    EXPECT_EQ(requests.submit(from("bob", "two"), "chat").refusal, ViewerRefusal::DailyCap);
    // A streamer's own job (no requester) never counts.
    requests.job_ended(ended_job("job-9", "", 5));
    EXPECT_DOUBLE_EQ(requests.spent_today(), 2);
  }
  {
    // OBS restarted the same day: the cap is still spent (once loaded).
    ViewerRequests requests(f.hooks());
    requests.load();
    EXPECT_DOUBLE_EQ(requests.spent_today(), 2);
    EXPECT_EQ(requests.submit(from("bob", "two"), "chat").refusal, ViewerRefusal::DailyCap);
    // The next day it is not.
    f.day = "2026-12-05";
    EXPECT_TRUE(requests.submit(from("bob", "two"), "chat").pending());
  }
}

TEST(ViewerRequests, ApprovalIsRefusedOnceTheCapIsSpent) {
  Fixture f;
  f.settings.daily_credits = 1;
  f.settings.cooldown_s = 0;
  ViewerRequests requests(f.hooks());
  requests.submit(from("alice", "one"), "chat");
  requests.submit(from("bob", "two"), "chat");
  ASSERT_EQ(requests.approve("req-1").job_id, "job-1");
  requests.job_ended(ended_job("job-1", "alice", 1));
  EXPECT_EQ(requests.approve("req-2").refusal, ViewerRefusal::DailyCap);
  EXPECT_EQ(requests.pending().size(), 1u);  // still there, for tomorrow or a higher cap
}

TEST(ViewerRequests, UnsubscribedListenersHearNothing) {
  Fixture f;
  ViewerRequests requests(f.hooks());
  int heard = 0;
  const int token = requests.subscribe([&](const ViewerEvent &) { ++heard; });
  requests.submit(from("alice", "one"), "chat");
  const int before = heard;
  EXPECT_GT(before, 0);
  requests.unsubscribe(token);
  requests.reject("req-1");
  EXPECT_EQ(heard, before);
}

}  // namespace
}  // namespace nemo::obs
