// The client (core/) against the real offline backend (nemo-local): the same
// calls the CLI and the OBS module make, with real photos and music, checked
// by probing what comes back. nemo-local is started and stopped by
// core::LocalBackend, as the plugin does.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/api_client.hpp"
#include "core/draft.hpp"
#include "core/file_check.hpp"
#include "core/job.hpp"
#include "core/journal.hpp"
#include "core/local_backend.hpp"
#include "core/look_choice.hpp"
#include "core/result_notices.hpp"
#include "core/workflow.hpp"
#include "itest_support.hpp"
#include "render_test_util.hpp"

using namespace nemo::core;
namespace fs = std::filesystem;

namespace {

std::string media_dir() {
  const char *env = std::getenv("NEMO_TEST_MEDIA");
  return env && *env ? env : NEMO_DEFAULT_TEST_MEDIA;
}

std::vector<std::string> files_in(const std::string &sub, size_t count) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(fs::path(media_dir()) / sub, ec))
    out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  if (out.size() > count) out.resize(count);
  return out;
}

class ClientLocal : public ::testing::Test {
 protected:
  void SetUp() override {
    photos_ = files_in("photos", 5);
    music_ = files_in("music", 1);
    if (photos_.size() < 5 || music_.empty())
      GTEST_SKIP() << "no test media in " << media_dir() << ": run ci/fetch-test-media.sh";
    start_backend();
  }

  void start_backend() {
    LocalBackendOptions options;
    options.executable = NEMO_LOCAL_PATH;
    options.data_dir = dir_.file("backend");
    ASSERT_FALSE(backend_.start(options)) << "nemo-local did not start";
  }

  std::unique_ptr<ApiClient> client() {
    Config config = Config::resolve(backend_.url(), "", "en", dir_.file("client"));
    return std::make_unique<ApiClient>(std::move(config));
  }

  // Runs fn as a job and returns its error.
  Error run(const std::function<Error(JobContext &)> &fn, JobManager &jobs) {
    auto job = jobs.submit("t", [&](JobContext &ctx) { return JobResult{fn(ctx), {}}; });
    return job->wait().error;
  }

  // The five photos and `song`, one prompt, exported to <dir>/<name>.
  Error photos_and_song(const std::string &song, const std::string &prompt, const std::string &name,
                        GenerateOutcome &out) {
    auto api = client();
    GenerateRequest request;
    request.files = photos_;
    request.files.push_back(song);
    request.prompt = prompt;
    request.export_request.output_path = dir_.file(name);
    JobManager jobs;
    return run([&](JobContext &ctx) { return run_generate(*api, nullptr, request, ctx, out); },
               jobs);
  }

  nemo::test::TempDir dir_;
  LocalBackend backend_;
  std::vector<std::string> photos_, music_;
};

}  // namespace

TEST_F(ClientLocal, PhotosAndMusicBecomeTheAskedVideo) {
  auto api = client();
  Journal journal(Journal::journal_path(dir_.file("client")));
  GenerateRequest request;
  request.files = photos_;
  request.files.push_back(music_[0]);
  request.prompt = "turn these photos into a 6-second video with transitions and background music";
  request.export_request.output_path = dir_.file("out/clip.mp4");
  fs::create_directories(dir_.file("out"));
  GenerateOutcome out;
  JobManager jobs;
  ASSERT_FALSE(
      run([&](JobContext &ctx) { return run_generate(*api, &journal, request, ctx, out); }, jobs));

  EXPECT_EQ(out.uploads.size(), 6u);
  for (size_t i = 0; i < 5; ++i) EXPECT_GT(out.uploads[i].width, 0) << out.uploads[i].filename;
  EXPECT_NE(out.chat.timeline.find("Timeline ("), std::string::npos) << out.chat.timeline;
  EXPECT_NE(out.chat.timeline.find("BGM"), std::string::npos) << out.chat.timeline;
  const ProbeResult &p = out.exported.probe;
  EXPECT_EQ(p.video_codec, "h264");
  EXPECT_EQ(p.width, 1920);
  EXPECT_EQ(p.height, 1080);
  EXPECT_NEAR(p.duration_s, 6.0, 0.3);
  EXPECT_TRUE(p.has_audio);
  EXPECT_TRUE(fs::exists(dir_.file("out/clip.mp4")));
  EXPECT_FALSE(fs::exists(dir_.file("out/clip.mp4.part")));
  EXPECT_TRUE(journal.pending().empty());
}

// Music as Linux keeps it (Ogg Vorbis, made from the real MP3 by ffmpeg) and a
// real photo saved as TIFF by ImageMagick: neither is a type the backend
// takes, both are converted on the client and used.
TEST_F(ClientLocal, OggMusicAndATiffPhotoAreConvertedAndUsed) {
  const std::string ogg = dir_.file("music.ogg");
  const std::string tiff = dir_.file("photo.tiff");
  ASSERT_EQ(std::system(("ffmpeg -nostdin -loglevel error -y -i '" + music_[0] +
                         "' -t 20 -c:a libvorbis '" + ogg + "'")
                            .c_str()),
            0);
  ASSERT_EQ(std::system(("convert '" + photos_[0] + "' '" + tiff + "'").c_str()), 0);
  auto api = client();
  Journal journal(Journal::journal_path(dir_.file("client")));
  GenerateRequest request;
  request.files = {tiff, photos_[1], photos_[2], ogg};
  request.prompt = "turn these photos into a 6-second video with transitions and background music";
  request.export_request.output_path = dir_.file("out/clip.mp4");
  fs::create_directories(dir_.file("out"));
  GenerateOutcome out;
  JobManager jobs;
  std::mutex phases_mutex;
  std::vector<std::string> phases;
  JobCallbacks callbacks;
  callbacks.on_progress = [&](const JobProgress &p) {
    std::lock_guard<std::mutex> lock(phases_mutex);
    phases.push_back(p.phase);
  };
  auto job = jobs.submit(
      "t",
      [&](JobContext &ctx) {
        return JobResult{run_generate(*api, &journal, request, ctx, out), {}};
      },
      callbacks);
  const JobResult result = job->wait();
  ASSERT_FALSE(result.error) << result.error.detail;
  std::lock_guard<std::mutex> lock(phases_mutex);
  EXPECT_NE(std::find(phases.begin(), phases.end(), kPhaseConverting), phases.end());

  ASSERT_EQ(out.converted.size(), 2u);
  EXPECT_EQ(out.converted[0].original, tiff);
  EXPECT_EQ(out.converted[1].original, ogg);
  ASSERT_EQ(out.uploads.size(), 4u);
  EXPECT_EQ(out.uploads[0].filename, "photo.png");
  EXPECT_GT(out.uploads[0].width, 0);
  EXPECT_EQ(out.uploads[3].filename, "music.m4a");
  EXPECT_NE(out.chat.timeline.find("BGM"), std::string::npos) << out.chat.timeline;
  EXPECT_TRUE(out.exported.has_music);
  EXPECT_TRUE(out.notices.empty());
  EXPECT_TRUE(out.exported.probe.has_audio);
  EXPECT_NEAR(out.exported.probe.duration_s, 6.0, 0.3);
  // The originals are where they were, unchanged in type.
  EXPECT_EQ(check_upload_file(ogg, 0).sniffed_ext, "ogg");
  EXPECT_EQ(check_upload_file(tiff, 0).sniffed_ext, "tiff");
}

// Music asked for and none given: the result says so, not only the transcript.
TEST_F(ClientLocal, MusicAskedForButNotGivenIsSaidInTheResult) {
  auto api = client();
  GenerateRequest request;
  request.files = {photos_[0], photos_[1]};
  request.prompt = "make a 4-second video of these photos with background music";
  request.export_request.output_path = dir_.file("out/clip.mp4");
  fs::create_directories(dir_.file("out"));
  GenerateOutcome out;
  JobManager jobs;
  ASSERT_FALSE(
      run([&](JobContext &ctx) { return run_generate(*api, nullptr, request, ctx, out); }, jobs));
  EXPECT_FALSE(out.exported.has_music);
  ASSERT_EQ(out.notices.size(), 1u);
  EXPECT_EQ(out.notices[0], kNoticeNoMusic);
  const auto j = out.to_json();
  EXPECT_EQ(j["notices"][0]["key"], kNoticeNoMusic);

  GenerateOutcome quiet;
  request.prompt = "make a 4-second video of these photos";
  request.export_request.output_path = dir_.file("out/clip2.mp4");
  ASSERT_FALSE(
      run([&](JobContext &ctx) { return run_generate(*api, nullptr, request, ctx, quiet); }, jobs));
  EXPECT_TRUE(quiet.notices.empty());
}

TEST_F(ClientLocal, AnIterativeEditChangesTheNextExport) {
  auto api = client();
  JobManager jobs;
  UploadResult uploaded;
  ChatOutcome first, second;
  ExportOutcome clip;
  ASSERT_FALSE(run(
      [&](JobContext &ctx) {
        if (Error e = api->create_session(nullptr, ctx.cancel_token())) return e;
        if (Error e = upload_step(*api, {photos_[0], photos_[1]}, ctx, uploaded)) return e;
        if (Error e = chat_step(*api, "make a 4-second slideshow with fades", ctx, first)) return e;
        if (Error e = chat_step(*api, "make it square", ctx, second)) return e;
        ExportRequest r;
        r.output_path = dir_.file("square.mp4");
        return export_step(*api, nullptr, r, ctx, clip);
      },
      jobs));
  EXPECT_TRUE(first.exportable);
  EXPECT_EQ(clip.probe.width, 1080);
  EXPECT_EQ(clip.probe.height, 1080);
  EXPECT_NEAR(clip.probe.duration_s, 4.0, 0.3);
}

// The choices a client makes besides its words (nemo-clip's --transition and
// --motion, the dock's menus, the vendor request) reach the real agent's draft
// and the render.
TEST_F(ClientLocal, AChosenTransitionAndCameraMoveReachTheDraft) {
  auto api = client();
  GenerateRequest request;
  request.files = {photos_[0], photos_[1], photos_[2]};
  LookChoice look;
  look.transition = "circleopen";
  look.motion = "tilt_up";
  look.motion_strength = 1.5;
  request.prompt = with_look_choice("make a 4-second slideshow with fades", look);
  request.export_request.output_path = dir_.file("look.mp4");
  GenerateOutcome out;
  nlohmann::json state;
  JobManager jobs;
  ASSERT_FALSE(run(
      [&](JobContext &ctx) {
        if (Error e = run_generate(*api, nullptr, request, ctx, out)) return e;
        return api->state(state, ctx.cancel_token());
      },
      jobs));
  EXPECT_NEAR(out.exported.probe.duration_s, 4.0, 0.3);
  const std::string dump = state.dump();
  ASSERT_NE(dump.find("\"tt\":0"), std::string::npos) << dump.substr(0, 400);
  int cuts = 0, moves = 0;
  std::function<void(const nlohmann::json &)> walk = [&](const nlohmann::json &j) {
    if (j.is_object()) {
      if (j.contains("tr") && j["tr"].is_object()) {
        EXPECT_EQ(j["tr"].value("type", ""), "circleopen")
            << "the chosen look, not the words' fade";
        ++cuts;
      }
      if (j.contains("mo") && j["mo"].is_object()) {
        EXPECT_EQ(j["mo"].value("type", ""), "pan_up");
        EXPECT_DOUBLE_EQ(j["mo"].value("k", 0.0), 1.5);
        ++moves;
      }
    }
    if (j.is_structured())
      for (const auto &child : j) walk(child);
  };
  walk(state);
  EXPECT_EQ(cuts, 2);
  EXPECT_EQ(moves, 3);
}

TEST_F(ClientLocal, ALostSessionIsReplacedOnce) {
  auto api = client();
  ASSERT_FALSE(api->create_session());
  const std::string first = api->session_id();
  api->set_session_id("session-that-does-not-exist");
  nlohmann::json state;
  // 1002 from the real backend: a new session, and the call succeeds.
  ASSERT_FALSE(api->state(state));
  EXPECT_NE(api->session_id(), "session-that-does-not-exist");
  EXPECT_NE(api->session_id(), first);
}

TEST_F(ClientLocal, ARenderLeftByAClosedClientIsResumedByTheNextOne) {
  auto api = client();
  Journal journal(Journal::journal_path(dir_.file("client")));
  JobManager jobs;
  UploadResult uploaded;
  ChatOutcome chat;
  ASSERT_FALSE(run(
      [&](JobContext &ctx) {
        if (Error e = api->create_session(nullptr, ctx.cancel_token())) return e;
        if (Error e = upload_step(*api, {photos_[2]}, ctx, uploaded)) return e;
        return chat_step(*api, "animate this image into a 3-second clip", ctx, chat);
      },
      jobs));
  // The client submits and is closed while the backend renders.
  ASSERT_TRUE(chat.exportable);
  std::string render_id;
  nlohmann::json state;
  ASSERT_FALSE(api->state(state));
  ASSERT_FALSE(api->submit_render(extract_draft(state), render_id));
  RenderRecord record;
  record.render_id = render_id;
  record.session_id = api->session_id();
  record.backend = "local";
  record.output_path = dir_.file("resumed.mp4");
  ASSERT_FALSE(journal.upsert(record));
  api.reset();

  // A new client (as after a restart) finds it in the journal and finishes it.
  auto next = client();
  auto pending = journal.pending();
  ASSERT_EQ(pending.size(), 1u);
  ExportOutcome clip;
  ASSERT_FALSE(run(
      [&](JobContext &ctx) { return resume_render(*next, journal, pending[0], ctx, clip); }, jobs));
  EXPECT_NEAR(clip.probe.duration_s, 3.0, 0.3);
  EXPECT_TRUE(journal.pending().empty());
  EXPECT_TRUE(fs::exists(dir_.file("resumed.mp4")));
}

namespace {

// The times (ms) of the hard cuts in `mp4` at `fps`: the first frame of each
// new picture, found where the luma of two frames in a row differs a lot (the
// photos do not move: "no camera moves").
std::vector<double> hard_cuts_ms(const std::string &mp4, double fps) {
  const auto frames = nemo::render::test::decode_frames(mp4);
  std::vector<double> out;
  for (std::size_t i = 1; i < frames.size(); ++i) {
    if (nemo::render::test::luma_diff(frames[i - 1], frames[i]) > 8)
      out.push_back(static_cast<double>(i) * 1000.0 / fps);
  }
  return out;
}

// The beats nemo-local found (its cache, <data>/cache/beats/<sha256>.json).
std::vector<std::int64_t> cached_beats(const std::string &backend_dir) {
  std::vector<std::int64_t> out;
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(backend_dir + "/cache/beats", ec)) {
    std::ifstream in(e.path());
    const auto j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_object() && j.contains("beats_ms"))
      out = j["beats_ms"].get<std::vector<std::int64_t>>();
  }
  return out;
}

}  // namespace

// Photos and a click track with known beats, "cut on the beat": every hard
// cut of the rendered MP4 is within one frame of a click.
TEST_F(ClientLocal, CutsOnTheBeatOfAClickTrackLandWithinOneFrameOfAClick) {
  const std::string clicks = dir_.file("clicks.wav");
  ASSERT_TRUE(nemo::render::test::make_clicks(clicks, 500, 250, 0, 60));  // 120 BPM
  GenerateOutcome out;
  ASSERT_FALSE(photos_and_song(clicks,
                               "turn these photos into a 720p video with music, cut on the beat, "
                               "no transitions, no camera moves",
                               "beats.mp4", out));
  EXPECT_NE(out.chat.reply.text.find("on the beat"), std::string::npos) << out.chat.reply.text;
  const double fps = out.exported.probe.fps > 0 ? out.exported.probe.fps : 30;
  const auto cuts = hard_cuts_ms(dir_.file("beats.mp4"), fps);
  ASSERT_EQ(cuts.size(), photos_.size() - 1) << "one hard cut between two photos";
  for (const double t : cuts) {
    const double click = 250 + 500 * std::round((t - 250) / 500);
    EXPECT_LE(std::abs(t - click), 1000.0 / fps) << "cut at " << t << " ms, click at " << click;
  }
}

// The same with real music: the cuts land on the beats nemo-local found in it.
TEST_F(ClientLocal, CutsOnTheBeatOfRealMusicLandOnItsBeats) {
  GenerateOutcome out;
  ASSERT_FALSE(photos_and_song(
      music_[0],
      "turn these photos into a 720p video with music, 卡点, no transitions, no camera moves",
      "music.mp4", out));
  const auto beats = cached_beats(dir_.file("backend"));
  ASSERT_GE(beats.size(), 100u) << "the song's beats are cached";
  const double fps = out.exported.probe.fps > 0 ? out.exported.probe.fps : 30;
  const auto cuts = hard_cuts_ms(dir_.file("music.mp4"), fps);
  ASSERT_EQ(cuts.size(), photos_.size() - 1);
  for (const double t : cuts) {
    double nearest = 1e9;
    for (const auto b : beats) nearest = std::min(nearest, std::abs(t - static_cast<double>(b)));
    EXPECT_LE(nearest, 1000.0 / fps) << "cut at " << t << " ms";
  }
}
