// The generate pipeline (core/workflow) against the fake server: phases in
// order, the journal across a cancelled run and its resume, an empty timeline,
// a damaged download; a chat turn with its uploads (each file once a session),
// its typed still-working notice, and the status. Media are made with the ffmpeg CLI at test time.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <mutex>

#include "core/api_client.hpp"
#include "core/job.hpp"
#include "core/journal.hpp"
#include "core/workflow.hpp"
#include "itest_support.hpp"

namespace nemo::core {
namespace {
using nlohmann::json;
using test::FakeServer;
using test::RecordedRequest;
using test::Reply;

const json kDraft = {
    {"d", 2000},
    {"m", {{"width", 320}, {"height", 240}}},
    {"t",
     json::array({{{"tt", 0},
                   {"m", {{"name", "1 photo"}}},
                   {"sg", json::array({{{"s", 0}, {"e", 2000}, {"src", "x"}, {"zz", 1}}})}}})}};

// A small real MP4 and PNG, made once.
struct Media {
  test::TempDir dir;
  std::shared_ptr<const std::string> mp4;
  std::string png;
  Media() {
    const std::string mp4_path = dir.file("out.mp4");
    png = dir.file("photo.png");
    const int a = std::system(("ffmpeg -nostdin -loglevel error -y -f lavfi -i "
                               "testsrc2=size=320x240:rate=25:duration=1 -c:v libx264 -preset "
                               "ultrafast -pix_fmt yuv420p " +
                               mp4_path + " >/dev/null 2>&1")
                                  .c_str());
    const int b = std::system(("ffmpeg -nostdin -loglevel error -y -f lavfi -i "
                               "testsrc2=size=64x48 -frames:v 1 " +
                               png + " >/dev/null 2>&1")
                                  .c_str());
    if (a == 0 && b == 0) mp4 = std::make_shared<const std::string>(test::read_file(mp4_path));
  }
};
const Media &media() {
  static const Media m;
  return m;
}

// The server's state holds a draft once a chat turn happened.
void serve_draft_after_chat(FakeServer &server) {
  server.on(
      "GET", "/api/state/nemo_agent/me/[^/]+/latest", [&server](const RecordedRequest &, int) {
        const bool chatted = server.count("POST", "/run_sse") > 0;
        return Reply::ok({{"state", {{"draft", chatted ? kDraft : json{{"t", json::array()}}}}}});
      });
  auto mp4 = media().mp4;
  server.on("GET", "/files/.*", [mp4](const RecordedRequest &, int) { return Reply::file(mp4); });
}

struct Recorder {
  std::mutex mutex;
  std::vector<std::string> phases;
  std::vector<std::string> texts;
  std::vector<JobNotice> notices;
  JobCallbacks callbacks() {
    JobCallbacks cb;
    cb.on_progress = [this](const JobProgress &p) {
      std::lock_guard<std::mutex> lock(mutex);
      if (phases.empty() || phases.back() != p.phase) phases.push_back(p.phase);
    };
    cb.on_text = [this](const std::string &t) {
      std::lock_guard<std::mutex> lock(mutex);
      texts.push_back(t);
    };
    cb.on_notice = [this](const JobNotice &n) {
      std::lock_guard<std::mutex> lock(mutex);
      notices.push_back(n);
    };
    return cb;
  }
};

TEST(WorkflowITest, GenerateRunsEveryPhaseAndJournalsTheRender) {
  ASSERT_TRUE(media().mp4) << "ffmpeg could not make the test media";
  FakeServer server;
  serve_draft_after_chat(server);
  server.on("POST", "/run_sse", [](const RecordedRequest &, int) {
    return Reply::sse(
        {R"({"content":{"parts":[{"text":"Made a 2 s video. Click the Export button to download it."}]}})"});
  });
  test::TempDir dir;
  ApiClient api(test::config_for(server, dir.path()));
  Journal journal(Journal::journal_path(dir.path()));
  GenerateRequest req;
  req.files = {media().png};
  req.prompt = "turn this photo into a video";
  req.export_request.output_path = dir.file("result.mp4");
  Recorder rec;
  JobManager jobs;
  GenerateOutcome outcome;
  auto job = jobs.submit(
      "generate",
      [&](JobContext &ctx) {
        return JobResult{run_generate(api, &journal, req, ctx, outcome), {}};
      },
      rec.callbacks());
  const JobResult r = job->wait();
  ASSERT_FALSE(r.error) << r.error.detail;
  EXPECT_EQ(rec.phases,
            (std::vector<std::string>{kPhaseConnecting, kPhaseUploading, kPhaseAgent,
                                      kPhaseRendering, kPhaseDownloading, kPhaseProbing}));
  ASSERT_FALSE(rec.texts.empty());
  EXPECT_EQ(rec.texts[0], "Made a 2 s video.");  // GUI instruction stripped
  EXPECT_EQ(outcome.chat.reply.actions, std::vector<GuiAction>{GuiAction::Export});
  EXPECT_EQ(outcome.exported.probe.width, 320);
  EXPECT_EQ(outcome.exported.timeline, "Timeline (1 track): 1. Video: 1 photo (0-2s)");
  EXPECT_TRUE(std::filesystem::exists(dir.file("result.mp4")));
  ASSERT_EQ(outcome.uploads.size(), 1u);
  // The draft went back exactly as received.
  const auto submits = server.requests("POST", "/api/render/proxy/lambda");
  ASSERT_EQ(submits.size(), 1u);
  EXPECT_EQ(submits[0].json()["draft"], kDraft);
  const auto entry = journal.find(outcome.exported.render_id);
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->phase, RenderPhase::Done);
  EXPECT_EQ(entry->prompt, "turn this photo into a video");
  EXPECT_TRUE(journal.pending().empty());
  EXPECT_EQ(outcome.to_json()["probe"]["width"], 320);
}

// Runs `fn` as a job with rec's callbacks; its error.
Error run_as_job(Recorder &rec, const std::function<Error(JobContext &)> &fn) {
  JobManager jobs;
  auto job = jobs.submit(
      "op",
      [&](JobContext &ctx) {
        return JobResult{fn(ctx), {}};
      },
      rec.callbacks());
  return job->wait().error;
}

TEST(WorkflowITest, AConversationUploadsEachFileOncePerSession) {
  ASSERT_TRUE(media().mp4);
  FakeServer server;
  serve_draft_after_chat(server);
  test::TempDir dir;
  ApiClient api(test::config_for(server, dir.path()));
  SessionUploads uploaded;
  ChatRequest req;
  req.prompt = "use this photo";
  req.files = {media().png};
  req.uploaded = &uploaded;
  Recorder rec;
  ChatOutcome first;
  ASSERT_FALSE(run_as_job(rec, [&](JobContext &ctx) { return run_chat(api, req, ctx, first); }));
  EXPECT_EQ(first.uploads.size(), 1u);
  EXPECT_EQ(uploaded.session_id, api.session_id());
  EXPECT_TRUE(first.export_ready());  // the draft has a segment now
  EXPECT_EQ(rec.phases, (std::vector<std::string>{kPhaseUploading, kPhaseAgent}));

  ChatOutcome second;
  req.prompt = "make it longer";
  ASSERT_FALSE(run_as_job(rec, [&](JobContext &ctx) { return run_chat(api, req, ctx, second); }));
  EXPECT_TRUE(second.uploads.empty());
  EXPECT_EQ(server.count("POST", "/api/upload-video/nemo_agent/me/[^/]+"), 1);

  // A new session: what the old one had is uploaded again.
  ASSERT_FALSE(api.create_session());
  ChatOutcome third;
  ASSERT_FALSE(run_as_job(rec, [&](JobContext &ctx) { return run_chat(api, req, ctx, third); }));
  EXPECT_EQ(third.uploads.size(), 1u);
  EXPECT_EQ(server.count("POST", "/api/upload-video/nemo_agent/me/[^/]+"), 2);
  EXPECT_EQ(uploaded.session_id, api.session_id());
}

TEST(WorkflowITest, ALongTurnSaysStillWorkingAsATypedNoticeNotAsText) {
  FakeServer server;
  Reply slow =
      Reply::sse({R"({"content":{"role":"model","parts":[{"text":"Done."}]},"partial":false})"});
  slow.chunks.insert(slow.chunks.begin(), {": keep-alive\n\n", std::chrono::milliseconds(350)});
  server.script("POST", "/run_sse", {slow});
  test::TempDir dir;
  ApiClient api(test::config_for(server, dir.path()));  // still_working_every: 100 ms
  ChatRequest req;
  req.prompt = "add a title";
  Recorder rec;
  ChatOutcome out;
  ASSERT_FALSE(run_as_job(rec, [&](JobContext &ctx) { return run_chat(api, req, ctx, out); }));
  ASSERT_FALSE(rec.notices.empty());
  EXPECT_EQ(rec.notices[0].kind, JobNotice::Kind::StillWorking);
  EXPECT_GT(rec.notices[0].elapsed.count(), 0);
  EXPECT_EQ(rec.texts, std::vector<std::string>{"Done."});  // the agent's words only
}

TEST(WorkflowITest, StatusSummarizesTheSessionsDraft) {
  FakeServer server;
  server.on("GET", "/api/state/nemo_agent/me/[^/]+/latest", [](const RecordedRequest &, int) {
    return Reply::ok({{"state", {{"draft", kDraft}}}});
  });
  test::TempDir dir;
  ApiClient api(test::config_for(server, dir.path()));
  Recorder rec;
  StatusOutcome status;
  ASSERT_FALSE(run_as_job(rec, [&](JobContext &ctx) { return run_status(api, ctx, status); }));
  EXPECT_EQ(status.session_id, api.session_id());
  EXPECT_FALSE(status.session_id.empty());
  EXPECT_TRUE(status.exportable);
  EXPECT_EQ(status.draft, kDraft);
  EXPECT_EQ(status.timeline, "Timeline (1 track): 1. Video: 1 photo (0-2s)");
  Credits credits;
  ASSERT_FALSE(run_as_job(rec, [&](JobContext &ctx) { return run_credits(api, ctx, credits); }));
  EXPECT_EQ(credits.available, 100);
}

TEST(WorkflowITest, CancelWhileRenderingKeepsTheJournalEntryAndResumeFinishesIt) {
  ASSERT_TRUE(media().mp4);
  FakeServer server;
  serve_draft_after_chat(server);
  std::atomic<bool> render_done{false};
  server.on("GET", "/api/render/proxy/lambda/[^/]+", [&](const RecordedRequest &rec, int) {
    const std::string id = rec.path.substr(rec.path.rfind('/') + 1);
    if (!render_done) return Reply::success({{"status", "processing"}, {"progress", 40}});
    return Reply::success({{"status", "completed"},
                           {"progress", 100},
                           {"outputUrl", server.base_url() + "/files/" + id + ".mp4"}});
  });
  test::TempDir dir;
  const std::string out_path = dir.file("later.mp4");
  {
    ApiClient api(test::config_for(server, dir.path()));
    Journal journal(Journal::journal_path(dir.path()));
    GenerateRequest req;
    req.prompt = "make a video";
    req.files = {media().png};
    req.export_request.output_path = out_path;
    JobManager jobs;
    GenerateOutcome outcome;
    auto job = jobs.submit("generate", [&](JobContext &ctx) {
      return JobResult{run_generate(api, &journal, req, ctx, outcome), {}};
    });
    // Cancel once the render is under way (the journal has it).
    while (journal.pending().empty() && !job->finished())
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    job->cancel();
    EXPECT_EQ(job->wait().error.code, ErrorCode::Cancelled);
    EXPECT_EQ(job->state(), JobState::Cancelled);
    EXPECT_FALSE(std::filesystem::exists(out_path));
  }  // the client goes away

  // A new client finds the render in the journal and finishes it.
  render_done = true;
  ApiClient api(test::config_for(server, dir.path()));
  Journal journal(Journal::journal_path(dir.path()));
  const auto pending = journal.pending();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].phase, RenderPhase::Rendering);
  EXPECT_EQ(pending[0].output_path, out_path);
  JobManager jobs;
  ExportOutcome out;
  auto job = jobs.submit("resume", [&](JobContext &ctx) {
    return JobResult{resume_render(api, journal, pending[0], ctx, out), {}};
  });
  const JobResult r = job->wait();
  ASSERT_FALSE(r.error) << r.error.detail;
  EXPECT_TRUE(std::filesystem::exists(out_path));
  EXPECT_EQ(out.probe.width, 320);
  EXPECT_TRUE(journal.pending().empty());
  // Submitted once: resume never re-submits.
  EXPECT_EQ(server.count("POST", "/api/render/proxy/lambda"), 1);
}

// Issue #14: the agent's stream sends text, then an error. The draft is there
// (the server has one after any chat turn), yet nothing is exported: the turn failed.
TEST(WorkflowITest, AnAgentErrorAfterPartialTextExportsNothing) {
  ASSERT_TRUE(media().mp4) << "ffmpeg could not make the test media";
  FakeServer server;
  serve_draft_after_chat(server);
  server.script(
      "POST", "/run_sse",
      {Reply::sse({R"({"content":{"role":"model","parts":[{"text":"Your video"}]},"partial":true})",
                   R"({"content":{"role":"model","parts":[{"text":" is ready."}]},"partial":true})",
                   R"({"error":"the model is overloaded"})"}),
       Reply::sse({R"({"content":{"role":"model","parts":[{"text":"Square now."}]}})"})});
  test::TempDir dir;
  ApiClient api(test::config_for(server, dir.path()));
  Journal journal(Journal::journal_path(dir.path()));
  GenerateRequest req;
  req.files = {media().png};
  req.prompt = "turn this photo into a video";
  req.export_request.output_path = dir.file("result.mp4");
  Recorder rec;
  JobManager jobs;
  GenerateOutcome outcome;
  auto job = jobs.submit(
      "generate",
      [&](JobContext &ctx) {
        return JobResult{run_generate(api, &journal, req, ctx, outcome), {}};
      },
      rec.callbacks());
  const JobResult r = job->wait();
  EXPECT_EQ(r.error.key, "Error.AgentFailed") << r.error.detail;
  EXPECT_EQ(r.error.detail, "the model is overloaded");
  EXPECT_EQ(server.count("POST", "/api/render/proxy/lambda"), 0);
  EXPECT_FALSE(std::filesystem::exists(dir.file("result.mp4")));
  EXPECT_TRUE(journal.pending().empty());
  for (const auto &t : rec.texts) EXPECT_EQ(t.find("is ready"), std::string::npos) << t;
  EXPECT_EQ(api.session_id(), "sess_1");  // kept: the next prompt goes on in it

  // The session's draft is still there, and a later turn works in the same session.
  StatusOutcome status;
  ASSERT_FALSE(run_as_job(rec, [&](JobContext &ctx) { return run_status(api, ctx, status); }));
  EXPECT_TRUE(status.exportable) << status.timeline;
  EXPECT_EQ(status.session_id, "sess_1");
  ChatRequest next;
  next.prompt = "make it square";
  ChatOutcome chatted;
  ASSERT_FALSE(run_as_job(rec, [&](JobContext &ctx) { return run_chat(api, next, ctx, chatted); }));
  EXPECT_EQ(chatted.reply.text, "Square now.");
  EXPECT_EQ(chatted.session_id, "sess_1");
  EXPECT_TRUE(chatted.exportable);
  EXPECT_EQ(server.count("POST", "/run_sse"), 2);  // the failed message was not sent again
  EXPECT_EQ(server.count("POST", "/api/render/proxy/lambda"), 0);
}

TEST(WorkflowITest, EmptyTimelineIsNotExported) {
  FakeServer server;  // default state: no tracks
  test::TempDir dir;
  ApiClient api(test::config_for(server, dir.path()));
  JobManager jobs;
  ExportOutcome out;
  ExportRequest req;
  req.output_path = dir.file("x.mp4");
  auto job = jobs.submit("export", [&](JobContext &ctx) {
    return JobResult{export_step(api, nullptr, req, ctx, out), {}};
  });
  const JobResult r = job->wait();
  EXPECT_EQ(r.error.code, ErrorCode::RenderFailed);
  EXPECT_NE(r.error.detail.find("nothing to export"), std::string::npos);
  EXPECT_EQ(server.count("POST", "/api/render/proxy/lambda"), 0);
}

TEST(WorkflowITest, DamagedDownloadIsBadMediaAndNothingIsDelivered) {
  FakeServer server;
  server.on("GET", "/api/state/nemo_agent/me/[^/]+/latest", [](const RecordedRequest &, int) {
    return Reply::ok({{"state", {{"draft", kDraft}}}});
  });
  // The default /files/ answer is "fake video bytes": not an MP4.
  test::TempDir dir;
  ApiClient api(test::config_for(server, dir.path()));
  Journal journal(Journal::journal_path(dir.path()));
  JobManager jobs;
  ExportOutcome out;
  ExportRequest req;
  req.output_path = dir.file("bad.mp4");
  auto job = jobs.submit("export", [&](JobContext &ctx) {
    return JobResult{export_step(api, &journal, req, ctx, out), {}};
  });
  const JobResult r = job->wait();
  EXPECT_EQ(r.error.code, ErrorCode::BadMedia) << r.error.detail;
  EXPECT_FALSE(std::filesystem::exists(dir.file("bad.mp4")));
  EXPECT_TRUE(journal.pending().empty());  // marked failed: resume will not retry it
  ASSERT_FALSE(out.render_id.empty());
  EXPECT_EQ(journal.find(out.render_id)->phase, RenderPhase::Failed);
}

}  // namespace
}  // namespace nemo::core
