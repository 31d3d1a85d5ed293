// GenerationService without OBS: a host of the test's own (service_host.hpp)
// and the fake agent API on loopback. The job registry (ids, snapshots,
// statuses), listeners, cancellation, shutdown, and a whole generation that
// delivers its clip through the host, and one the agent fails after some text.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/generation_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/mp4_probe.hpp"
#include "fake_server.hpp"
#include "media_fixtures.hpp"

namespace nemo::obs {
namespace {
using nlohmann::json;
using test::FakeServer;
using test::RecordedRequest;
using test::Reply;
using namespace std::chrono_literals;

// Long enough for any job on a loaded machine; the tests wait for events, not for time.
constexpr auto kPatience = 60s;

const json kDraft = {
    {"d", 1000}, {"t", json::array({{{"tt", 0}, {"sg", json::array({{{"s", 0}, {"e", 1000}}})}}})}};

// What the service told its listener, in order.
class Recorder {
 public:
  void operator()(const ServiceEvent &event) {
    std::lock_guard<std::mutex> lock(mutex_);
    events_.push_back(event);
    changed_.notify_all();
  }
  template <class Pred>
  bool wait_until(Pred pred) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, kPatience, [&] { return pred(events_); });
  }
  // Waits for the job's JobCompleted or JobFailed event.
  bool wait_finished(const std::string &id) {
    return wait_until([&](const std::vector<ServiceEvent> &events) {
      for (const auto &e : events)
        if (e.job.id == id &&
            (e.kind == ServiceEvent::Kind::JobCompleted || e.kind == ServiceEvent::Kind::JobFailed))
          return true;
      return false;
    });
  }
  bool wait_phase(const std::string &id, const std::string &phase) {
    return wait_until([&](const std::vector<ServiceEvent> &events) {
      for (const auto &e : events)
        if (e.job.id == id && e.kind == ServiceEvent::Kind::JobProgress && e.job.phase == phase)
          return true;
      return false;
    });
  }
  std::vector<ServiceEvent> events() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return events_;
  }
  std::vector<ServiceEvent> of(const std::string &id) const {
    std::vector<ServiceEvent> out;
    for (const auto &e : events())
      if (e.job.id == id) out.push_back(e);
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<ServiceEvent> events_;
};

struct Placement {
  std::string clip_path, scene, source_name;
};

class GenerationServiceTest : public ::testing::Test {
 protected:
  GenerationServiceTest() {
    ServiceHost host;
    host.text = [this](const char *key) {
      const auto it = texts_.find(key);
      return it == texts_.end() ? std::string(key) : it->second;
    };
    host.settings = [this] {
      ResolvedSettings s;
      s.backend = Backend::Custom;
      s.api_base = server_.base_url();
      s.language = "en";
      s.output_dir = dir_.file("clips");
      s.after_render = AfterRender::CurrentScene;
      s.upload_limit_bytes = 500ull * 1024 * 1024;
      return s;
    };
    host.place_clip = [this](const std::string &clip, const std::string &scene,
                             const std::string &source,
                             std::function<void(const std::string &)> placed) {
      {
        std::lock_guard<std::mutex> lock(placements_mutex_);
        placements_.push_back({clip, scene, source});
      }
      placed(source.empty() ? "AI Video Clip" : source);
    };
    host.log = [](LogLevel, const std::string &) {};
    host.data_dir = dir_.file("client");
    host.local_backend_dir = dir_.file("local");
    service_ = std::make_unique<GenerationService>(std::move(host));
    token_ = service_->subscribe([this](const ServiceEvent &e) { recorder_(e); });
  }

  // Serves a real MP4 and, once the agent was asked something, a draft.
  void serve_media() {
    const std::string mp4 = dir_.file("served.mp4");
    ASSERT_TRUE(
        test::ffmpeg("-f lavfi -i testsrc2=size=160x120:rate=10:duration=1 -c:v libx264 "
                     "-preset ultrafast -pix_fmt yuv420p " +
                     mp4));
    png_ = dir_.file("p.png");
    ASSERT_TRUE(test::ffmpeg("-f lavfi -i testsrc2=size=64x48 -frames:v 1 " + png_));
    auto bytes = std::make_shared<const std::string>(test::read_all(mp4));
    server_.on("GET", "/files/.*",
               [bytes](const RecordedRequest &, int) { return Reply::file(bytes); });
    server_.on(
        "GET", "/api/state/nemo_agent/me/[^/]+/latest", [this](const RecordedRequest &, int) {
          const bool chatted = server_.count("POST", "/run_sse") > 0;
          return Reply::ok({{"state", {{"draft", chatted ? kDraft : json{{"t", json::array()}}}}}});
        });
  }
  // Renders never finish (until cancelled).
  void renders_forever() {
    server_.on("GET", "/api/render/proxy/lambda/[^/]+", [](const RecordedRequest &, int) {
      return Reply::success({{"status", "processing"}, {"progress", 10}});
    });
  }
  // Waits until the backend was asked about a render (it is journaled by then).
  bool wait_render_polled() {
    const auto until = std::chrono::steady_clock::now() + kPatience;
    while (server_.count("GET", "/api/render/proxy/lambda/[^/]+") == 0)
      if (std::chrono::steady_clock::now() > until || !server_.pause(10ms)) return false;
    return true;
  }
  std::vector<Placement> placements() {
    std::lock_guard<std::mutex> lock(placements_mutex_);
    return placements_;
  }
  ClipRequest request(const std::string &prompt = "make a video") const {
    ClipRequest r;
    r.images = {png_};
    r.prompt = prompt;
    r.origin = "test";
    return r;
  }

  // The host's words for a few keys (the others are the keys themselves).
  const std::map<std::string, std::string> texts_{
      {"Error.AgentFailed", "The video agent reported an error: %1"}};
  FakeServer server_;
  test::TempDir dir_;
  std::string png_;
  Recorder recorder_;
  std::mutex placements_mutex_;
  std::vector<Placement> placements_;
  std::unique_ptr<GenerationService> service_;
  int token_ = 0;
};

TEST_F(GenerationServiceTest, AGenerateDeliversTheProbedClipThroughTheHost) {
  serve_media();
  const std::string id = service_->generate(request());
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(recorder_.wait_finished(id));

  const auto snapshot = service_->job(id);
  ASSERT_TRUE(snapshot);
  EXPECT_EQ(snapshot->status, JobStatus::Completed) << snapshot->message;
  EXPECT_EQ(snapshot->source_name, "AI Video Clip");
  EXPECT_EQ(snapshot->prompt, "make a video");
  EXPECT_GT(snapshot->clip_duration_s, 0.5);
  EXPECT_EQ(snapshot->message, "Service.Completed");  // the host's words

  const auto placed = placements();
  ASSERT_EQ(placed.size(), 1u);
  EXPECT_EQ(placed[0].clip_path, snapshot->clip_path);
  EXPECT_EQ(placed[0].scene, "");  // the settings: the current scene
  EXPECT_EQ(std::filesystem::path(placed[0].clip_path).parent_path(), dir_.file("clips"));
  core::ProbeResult probe;
  EXPECT_FALSE(core::probe_mp4(placed[0].clip_path, probe));
  EXPECT_EQ(probe.width, 160);
  EXPECT_EQ(server_.count("POST", "/api/upload-video/nemo_agent/me/[^/]+"), 1);
}

TEST_F(GenerationServiceTest, TheLookChosenInTheDockOrRequestReachesTheAgentAfterThePrompt) {
  serve_media();
  ClipRequest r = request("make a video with fades");
  r.look.transition = "radial";
  r.look.motion = "pan_left";
  r.look.motion_strength = 1.5;
  const std::string id = service_->generate(r);
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(recorder_.wait_finished(id));
  const auto turns = server_.requests("POST", "/run_sse");
  ASSERT_EQ(turns.size(), 1u);
  EXPECT_NE(turns[0].body.find("make a video with fades (transition: radial) (camera: pan_left, "
                               "strength 1.5)"),
            std::string::npos)
      << turns[0].body;
  EXPECT_EQ(service_->job(id)->prompt, "make a video with fades") << "the history keeps the words";
}

TEST_F(GenerationServiceTest, AViewersJobSaysWhoAskedAndWhatItSpent) {
  serve_media();
  // The balance drops by 3 once the agent has been asked.
  server_.on("GET", "/api/credits/balance/simple", [this](const RecordedRequest &, int) {
    const double available = server_.count("POST", "/run_sse") > 0 ? 97 : 100;
    return Reply::ok({{"available", available}, {"frozen", 0}, {"total", 100}});
  });
  ClipRequest viewer = request("a sunset");
  viewer.requester = {"alice", "1001", "twitch"};
  viewer.request_source = "twitch chat";
  viewer.request_id = "req-7";
  const std::string id = service_->generate(viewer);
  ASSERT_TRUE(recorder_.wait_finished(id));
  const auto events = recorder_.of(id);
  ASSERT_FALSE(events.empty());
  const JobSnapshot &done = events.back().job;
  EXPECT_EQ(events.back().kind, ServiceEvent::Kind::JobCompleted);
  EXPECT_EQ(done.requester.name, "alice");
  EXPECT_EQ(done.requester.platform, "twitch");
  EXPECT_EQ(done.request_source, "twitch chat");
  EXPECT_EQ(done.request_id, "req-7");
  EXPECT_DOUBLE_EQ(done.credits_spent, 3);
  // Every event of the job says who asked.
  for (const auto &e : events) EXPECT_EQ(e.job.requester.id, "1001");

  // The streamer's own job measures nothing.
  const std::string own = service_->generate(request());
  ASSERT_TRUE(recorder_.wait_finished(own));
  EXPECT_LT(service_->job(own)->credits_spent, 0);
  EXPECT_TRUE(service_->job(own)->requester.empty());
}

TEST_F(GenerationServiceTest, AJobsEventsComeInOrderAndEndWithItsCompletion) {
  serve_media();
  const std::string id = service_->generate(request());
  ASSERT_TRUE(recorder_.wait_finished(id));
  const auto events = recorder_.of(id);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().kind, ServiceEvent::Kind::JobCompleted);
  // The phases, in the pipeline's order (a phase may repeat with its percent).
  std::vector<std::string> phases;
  for (const auto &e : events) {
    if (e.kind != ServiceEvent::Kind::JobProgress) continue;
    EXPECT_EQ(e.job.status, JobStatus::Running);
    if (phases.empty() || phases.back() != e.job.phase) phases.push_back(e.job.phase);
  }
  const std::vector<std::string> expected = {"connecting", "uploading",   "agent",
                                             "rendering",  "downloading", "probing"};
  EXPECT_EQ(phases, expected);
  // The agent's words were heard before the job completed.
  bool agent_text = false;
  for (const auto &e : recorder_.events()) {
    if (e.kind == ServiceEvent::Kind::AgentText && e.text == "Done.") agent_text = true;
    if (e.job.id == id && e.kind == ServiceEvent::Kind::JobCompleted) break;
  }
  EXPECT_TRUE(agent_text);
}

TEST_F(GenerationServiceTest, TheRegistryKeepsEveryJobNewestFirstUntilRemoved) {
  const std::string first = service_->submit_prompt("add a title", {});
  ASSERT_TRUE(recorder_.wait_finished(first));
  const std::string second = service_->submit_prompt("make it square", {});
  ASSERT_TRUE(recorder_.wait_finished(second));
  EXPECT_NE(first, second);

  const auto jobs = service_->jobs();
  ASSERT_EQ(jobs.size(), 2u);
  EXPECT_EQ(jobs[0].id, second);
  EXPECT_EQ(jobs[1].id, first);
  EXPECT_EQ(jobs[0].prompt, "make it square");
  EXPECT_EQ(jobs[0].status, JobStatus::Completed);
  EXPECT_STREQ(job_status_name(jobs[1].status), "completed");
  EXPECT_FALSE(service_->job("job-unknown"));
  EXPECT_FALSE(service_->cancel(first));  // finished: nothing to cancel

  EXPECT_TRUE(service_->remove_job(first, false));
  EXPECT_FALSE(service_->job(first));
  EXPECT_FALSE(service_->remove_job(first, false));
  ASSERT_EQ(service_->jobs().size(), 1u);
  // One session for the conversation: the second turn reused it.
  EXPECT_EQ(server_.count("POST", "/api/tasks/me/with-session/nemo_agent"), 1);
}

TEST_F(GenerationServiceTest, AConversationUploadsEachFileOnce) {
  serve_media();
  const std::string first = service_->submit_prompt("use this photo", {png_});
  ASSERT_TRUE(recorder_.wait_finished(first));
  const std::string second = service_->submit_prompt("and make it longer", {png_});
  ASSERT_TRUE(recorder_.wait_finished(second));
  EXPECT_EQ(service_->job(second)->status, JobStatus::Completed);
  EXPECT_EQ(server_.count("POST", "/api/upload-video/nemo_agent/me/[^/]+"), 1);
  // The draft became exportable: the dock is told.
  bool export_ready = false;
  for (const auto &e : recorder_.events())
    if (e.kind == ServiceEvent::Kind::ExportReady) export_ready = true;
  EXPECT_TRUE(export_ready);
}

TEST_F(GenerationServiceTest, AnUnsubscribedListenerHearsNothingMore) {
  Recorder other;
  const int token = service_->subscribe([&other](const ServiceEvent &e) { other(e); });
  EXPECT_NE(token, token_);
  service_->refresh_credits();
  ASSERT_TRUE(other.wait_until([](const std::vector<ServiceEvent> &events) {
    return !events.empty() && events.back().kind == ServiceEvent::Kind::Credits;
  }));
  EXPECT_EQ(other.events().back().text, "Service.CreditsLine");  // the host's words, filled in
  EXPECT_TRUE(service_->credits().known);
  EXPECT_EQ(service_->credits().available, 100);

  service_->unsubscribe(token);
  const std::size_t heard = other.events().size();
  const std::string id = service_->submit_prompt("add a title", {});
  ASSERT_TRUE(recorder_.wait_finished(id));  // the remaining listener heard it all
  EXPECT_EQ(other.events().size(), heard);
  service_->unsubscribe(token);  // twice: nothing happens
}

TEST_F(GenerationServiceTest, AListenerMayUnsubscribeItselfFromItsOwnCall) {
  std::atomic<int> calls{0};
  std::atomic<int> token{0};
  token = service_->subscribe([&](const ServiceEvent &) {
    ++calls;
    service_->unsubscribe(token);
  });
  const std::string id = service_->submit_prompt("add a title", {});
  ASSERT_TRUE(recorder_.wait_finished(id));
  EXPECT_EQ(calls, 1);
}

TEST_F(GenerationServiceTest, ACancelledGenerationEndsCancelledAndDeliversNothing) {
  serve_media();
  renders_forever();
  const std::string id = service_->generate(request());
  ASSERT_TRUE(wait_render_polled());
  ASSERT_TRUE(service_->cancel(id));
  ASSERT_TRUE(recorder_.wait_finished(id));

  const auto snapshot = service_->job(id);
  ASSERT_TRUE(snapshot);
  EXPECT_EQ(snapshot->status, JobStatus::Cancelled);
  EXPECT_EQ(recorder_.of(id).back().kind, ServiceEvent::Kind::JobFailed);
  EXPECT_TRUE(placements().empty());
  EXPECT_FALSE(service_->cancel(id));
  // A Cancel pressed by the streamer cancels the render on the backend too.
  EXPECT_EQ(server_.count("POST", "/api/render/proxy/lambda/[^/]+/cancel"), 1);
}

// Issue #14 in the dock: the agent streams some text, then an error. The job
// fails with the agent's words in the message, nothing is rendered or placed,
// the partial text is not shown as an answer, and the next prompt works in the
// same session.
TEST_F(GenerationServiceTest, AnAgentErrorAfterPartialTextFailsTheJobWithTheAgentsWords) {
  serve_media();
  server_.script(
      "POST", "/run_sse",
      {Reply::sse({R"({"content":{"role":"model","parts":[{"text":"Your video"}]},"partial":true})",
                   R"({"content":{"role":"model","parts":[{"text":" is ready."}]},"partial":true})",
                   R"({"error":"the model is overloaded"})"}),
       Reply::sse({R"({"content":{"role":"model","parts":[{"text":"Square now."}]}})"})});
  const std::string id = service_->generate(request());
  ASSERT_TRUE(recorder_.wait_finished(id));
  const auto failed = service_->job(id);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, JobStatus::Failed) << failed->message;
  EXPECT_EQ(failed->error_key, "Error.AgentFailed");
  EXPECT_EQ(failed->message, "The video agent reported an error: the model is overloaded");
  EXPECT_EQ(recorder_.of(id).back().kind, ServiceEvent::Kind::JobFailed);
  for (const auto &e : recorder_.events())  // any job's, in case the text has no job id
    if (e.kind == ServiceEvent::Kind::AgentText) {
      EXPECT_EQ(e.text.find("is ready"), std::string::npos) << e.text;
    }
  EXPECT_TRUE(placements().empty());
  EXPECT_EQ(server_.count("POST", "/api/render/proxy/lambda"), 0);

  const std::string next = service_->submit_prompt("make it square", {});
  ASSERT_TRUE(recorder_.wait_finished(next));
  const auto answered = service_->job(next);
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->status, JobStatus::Completed) << answered->message;
  EXPECT_EQ(server_.count("POST", "/run_sse"), 2);
  EXPECT_EQ(server_.count("POST", "/api/tasks/me/with-session/nemo_agent"), 1);  // same session
}

TEST_F(GenerationServiceTest, ACancelledChatTurnEndsCancelled) {
  Reply held = Reply::sse({});
  held.hold = 60s;
  server_.script("POST", "/run_sse", {held});
  const std::string id = service_->submit_prompt("add a title", {});
  ASSERT_TRUE(recorder_.wait_phase(id, "agent"));
  ASSERT_TRUE(service_->cancel(id));
  ASSERT_TRUE(recorder_.wait_finished(id));
  EXPECT_EQ(service_->job(id)->status, JobStatus::Cancelled);
}

TEST_F(GenerationServiceTest, ShutdownWithJobsInFlightIsBoundedAndSilentAfterwards) {
  serve_media();
  Reply held = Reply::sse({});
  held.hold = 60s;
  server_.script("POST", "/run_sse", {held});
  std::atomic<bool> returned{false};
  std::atomic<int> late_calls{0};
  service_->subscribe([&](const ServiceEvent &) {
    if (returned) ++late_calls;
  });
  const std::string chat = service_->submit_prompt("add a title", {});
  const std::string generation = service_->generate(request());
  ASSERT_FALSE(generation.empty());
  // Both turns are held by the agent (every run_sse answers `held`).
  ASSERT_TRUE(recorder_.wait_phase(chat, "agent"));
  ASSERT_TRUE(recorder_.wait_phase(generation, "agent"));

  const auto t0 = std::chrono::steady_clock::now();
  service_->shutdown();
  returned = true;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 10s);  // OBS wants 3 s; generous here

  // Nothing runs any more: no new job, no event, no delivery.
  EXPECT_TRUE(service_->generate(request()).empty());
  service_->refresh_credits();
  service_->shutdown();  // twice: nothing happens
  service_.reset();
  EXPECT_EQ(late_calls, 0);
  EXPECT_TRUE(placements().empty());
}

}  // namespace
}  // namespace nemo::obs
