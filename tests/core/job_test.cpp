// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/job.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace nemo::core {
namespace {
using namespace std::chrono_literals;

// A job that runs until cancelled, waking on the token.
JobResult wait_for_cancel(JobContext &ctx) {
  ctx.progress("waiting", 0);
  while (!ctx.cancel_token().wait_for(10s)) {
  }
  return {make_error(ErrorCode::Cancelled), {}};
}

TEST(Job, SucceedsWithValueProgressAndText) {
  JobManager manager;
  std::vector<std::string> phases;
  std::vector<std::string> texts;
  std::atomic<int> finished{0};
  JobCallbacks cb;
  cb.on_progress = [&](const JobProgress &p) { phases.push_back(p.phase); };
  cb.on_text = [&](const std::string &t) { texts.push_back(t); };
  cb.on_finished = [&](JobState s, const JobResult &) {
    if (s == JobState::Succeeded) ++finished;
  };
  auto job = manager.submit(
      "demo",
      [](JobContext &ctx) {
        ctx.progress("uploading", 50);
        ctx.progress("uploading", 150);  // clamped
        ctx.text("hello");
        ctx.progress("probing");
        return JobResult{{}, nlohmann::json{{"answer", 42}}};
      },
      cb);
  const JobResult r = job->wait();
  EXPECT_FALSE(r.error);
  EXPECT_EQ(r.value.at("answer"), 42);
  EXPECT_EQ(job->state(), JobState::Succeeded);
  EXPECT_EQ(finished.load(), 1);
  EXPECT_EQ(phases, (std::vector<std::string>{"uploading", "uploading", "probing"}));
  EXPECT_EQ(texts, std::vector<std::string>{"hello"});
  EXPECT_EQ(job->progress().phase, "probing");
  EXPECT_EQ(job->progress().percent, -1);

  // Events: progress in a row merged (uploading 50 and 100 -> 100), text, progress, finished.
  const auto events = job->take_events();
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].type, JobEvent::Type::Progress);
  EXPECT_EQ(events[0].progress.percent, 100);
  EXPECT_EQ(events[1].type, JobEvent::Type::Text);
  EXPECT_EQ(events[1].text, "hello");
  EXPECT_EQ(events[2].progress.phase, "probing");
  EXPECT_EQ(events[3].type, JobEvent::Type::Finished);
  EXPECT_EQ(events[3].state, JobState::Succeeded);
  EXPECT_TRUE(job->take_events().empty());
}

TEST(Job, NoticesAreTypedEventsAndCallbacks) {
  JobManager manager;
  std::vector<JobNotice> heard;
  JobCallbacks cb;
  cb.on_notice = [&](const JobNotice &n) { heard.push_back(n); };
  auto job = manager.submit(
      "turn",
      [](JobContext &ctx) {
        ctx.notice({JobNotice::Kind::StillWorking, 120s});
        return JobResult{};
      },
      cb);
  ASSERT_FALSE(job->wait().error);
  ASSERT_EQ(heard.size(), 1u);
  EXPECT_EQ(heard[0].kind, JobNotice::Kind::StillWorking);
  EXPECT_EQ(heard[0].elapsed, 120s);
  const auto events = job->take_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, JobEvent::Type::Notice);
  EXPECT_EQ(events[0].notice.kind, JobNotice::Kind::StillWorking);
  EXPECT_EQ(events[1].type, JobEvent::Type::Finished);
}

TEST(Job, FailureAndExceptionsBecomeFailed) {
  JobManager manager;
  auto failing = manager.submit("fail", [](JobContext &) {
    return JobResult{make_error(ErrorCode::Network, "down"), {}};
  });
  auto throwing =
      manager.submit("throw", [](JobContext &) -> JobResult { throw std::runtime_error("boom"); });
  EXPECT_EQ(failing->wait().error.code, ErrorCode::Network);
  EXPECT_EQ(failing->state(), JobState::Failed);
  const JobResult r = throwing->wait();
  EXPECT_EQ(r.error.code, ErrorCode::Internal);
  EXPECT_NE(r.error.detail.find("boom"), std::string::npos);
  EXPECT_EQ(throwing->state(), JobState::Failed);
}

TEST(Job, CancelStopsAWaitingJob) {
  JobManager manager;
  auto job = manager.submit("wait", wait_for_cancel);
  while (job->progress().phase != "waiting") std::this_thread::sleep_for(1ms);
  EXPECT_FALSE(job->wait_for(20ms));
  job->cancel();
  ASSERT_TRUE(job->wait_for(5s));  // bounded only to keep a broken build from hanging
  EXPECT_EQ(job->state(), JobState::Cancelled);
  EXPECT_EQ(job->result().error.code, ErrorCode::Cancelled);
}

TEST(Job, ErrorAfterCancelCountsAsCancelled) {
  JobManager manager;
  auto job = manager.submit("net", [](JobContext &ctx) {
    ctx.progress("started");
    ctx.cancel_token().wait_for(10s);
    return JobResult{make_error(ErrorCode::Network, "aborted by callback"), {}};
  });
  job->cancel();
  EXPECT_EQ(job->wait().error.code, ErrorCode::Cancelled);
  EXPECT_EQ(job->state(), JobState::Cancelled);
}

TEST(Job, SuccessDespiteLateCancelStaysSucceeded) {
  JobManager manager;
  auto job = manager.submit("quick", [](JobContext &ctx) {
    ctx.progress("started");
    ctx.cancel_token().wait_for(10s);
    return JobResult{};  // the work was done anyway
  });
  while (job->progress().phase != "started") std::this_thread::sleep_for(1ms);
  job->cancel();
  EXPECT_EQ(job->wait().error.code, ErrorCode::Ok);
  EXPECT_EQ(job->state(), JobState::Succeeded);
}

TEST(JobManager, DestructorCancelsAndJoinsEverything) {
  std::atomic<int> ended{0};
  std::vector<std::shared_ptr<Job>> jobs;
  {
    JobManager manager;
    for (int i = 0; i < 8; ++i)
      jobs.push_back(manager.submit("w", [&ended](JobContext &ctx) {
        JobResult r = wait_for_cancel(ctx);
        ++ended;
        return r;
      }));
    EXPECT_EQ(manager.running(), 8u);
    for (const auto &j : jobs)  // all inside their function, not cancelled before the start
      while (j->progress().phase != "waiting") std::this_thread::sleep_for(1ms);
  }  // joins: every thread has returned when this line is passed
  EXPECT_EQ(ended.load(), 8);
  for (const auto &j : jobs) EXPECT_EQ(j->state(), JobState::Cancelled);
}

TEST(JobManager, ReapFindAndCancelAll) {
  JobManager manager;
  auto quick = manager.submit("q", [](JobContext &) { return JobResult{}; });
  auto slow = manager.submit("s", wait_for_cancel);
  quick->wait();
  EXPECT_EQ(manager.find(slow->id()), slow);
  manager.reap();
  EXPECT_EQ(manager.find(quick->id()), nullptr);
  EXPECT_EQ(manager.jobs().size(), 1u);
  manager.cancel_all();
  EXPECT_EQ(slow->wait().error.code, ErrorCode::Cancelled);
  EXPECT_NE(quick->id(), slow->id());
}

TEST(JobManager, SubmitAfterShutdownIsCancelledWithoutRunning) {
  JobManager manager;
  manager.shutdown();
  std::atomic<bool> ran{false};
  auto job = manager.submit("late", [&](JobContext &) {
    ran = true;
    return JobResult{};
  });
  EXPECT_EQ(job->state(), JobState::Cancelled);
  EXPECT_FALSE(ran.load());
}

TEST(Job, EventQueueIsBounded) {
  JobManager manager;
  auto job = manager.submit("chatty", [](JobContext &ctx) {
    for (int i = 0; i < 3000; ++i) ctx.text("line " + std::to_string(i));
    return JobResult{};
  });
  job->wait();
  const auto events = job->take_events();
  EXPECT_LE(events.size(), Job::kMaxQueuedEvents);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().type, JobEvent::Type::Finished);
  EXPECT_EQ(events[events.size() - 2].text, "line 2999");  // the newest are kept
}

}  // namespace
}  // namespace nemo::core
