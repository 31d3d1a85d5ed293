// Issue #5, load: the real nemo-local with 2 render workers and 50 client
// threads, each with its own anonymous token and session (one uploaded
// picture), doing 200 jobs in all; a job is what a streamer's edit is: a chat
// turn over SSE, the state read, a render submitted, polled to the end and
// downloaded. Asserts that every job completes, no render is lost or
// duplicated (the client's view and the server's state agree), and that
// nemo-local's open file descriptors and memory do not grow with the number of
// jobs: both are sampled at quiet points (no request in flight) after a
// warm-up of 20 jobs, after 100 and after 200. Prints the figures.
//
// The renders are the cheapest honest ones: the agent's real 1-second draft
// at 10 fps, whose canvas the client shrinks to 128x72 (DRAFT.md's `m`
// keys; the smallest canvas is 64), so that the test measures the server
// (queue, sessions, SSE, transfers), not x264.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/api_client.hpp"
#include "core/local_backend.hpp"
#include "media_fixtures.hpp"

namespace fs = std::filesystem;
using namespace nemo::core;
using Clock = std::chrono::steady_clock;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

constexpr int kClients = 50;
constexpr int kWorkers = 2;
// 200 jobs; NEMO_LOAD_JOBS makes a longer run (to watch memory over more jobs).
const int kJobs = [] {
  const char *env = std::getenv("NEMO_LOAD_JOBS");
  return env && std::atoi(env) >= 40 ? std::atoi(env) : 200;
}();
const int kPerClient = (kJobs + kClients - 1) / kClients;
// Samples after the warm-up, the middle and the end.
const int kPhaseEnds[] = {20, kJobs / 2, kJobs};

struct FdCount {
  int total = 0;
  int sockets = 0;
};

FdCount count_fds(pid_t pid) {
  FdCount c;
  std::error_code ec;
  for (const auto &e : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    ++c.total;
    const auto target = fs::read_symlink(e.path(), ec);
    if (!ec && target.string().rfind("socket:", 0) == 0) ++c.sockets;
  }
  return c;
}

// What nemo-local has open, for a failure's message.
std::string open_fds(pid_t pid) {
  std::string out;
  std::error_code ec;
  for (const auto &e : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
    const auto target = fs::read_symlink(e.path(), ec);
    out += "\n  " + e.path().filename().string() + " -> " + (ec ? "(closed)" : target.string());
  }
  return out;
}

long rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

struct Sample {
  int jobs = 0;
  FdCount fds;
  long rss_kib = 0;
};

struct JobRecord {
  int client = 0;
  std::string render_id;
  std::string session_id;
  std::uint64_t bytes = 0;
  double seconds = 0;
  std::string error;  // "" when the job completed
};

std::string describe(const Error &e) {
  return std::string(error_name(e.code)) + ": " + e.detail;
}

// Hands out job tickets phase by phase: run(n) lets the clients take tickets
// up to n and returns once all of them are done (no request in flight).
class Phases {
 public:
  // Blocks a client until it gets a ticket; -1 when everything is done.
  int take() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      if (next_ < limit_) return next_++;
      if (limit_ >= kJobs) return -1;
      cv_.wait(lock);
    }
  }
  void done() {
    std::lock_guard<std::mutex> lock(mu_);
    ++done_;
    cv_.notify_all();
  }
  bool run_until(int n, std::chrono::seconds cap) {
    std::unique_lock<std::mutex> lock(mu_);
    limit_ = n;
    cv_.notify_all();
    return cv_.wait_for(lock, cap, [&] { return done_ >= n; });
  }
  void abort() {
    std::lock_guard<std::mutex> lock(mu_);
    limit_ = kJobs;
    next_ = kJobs;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int next_ = 0, limit_ = 0, done_ = 0;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(i, v.size() - 1)];
}

class Load : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    photo_ = dir_.file("photo.jpg");
    ASSERT_TRUE(nemo::test::ffmpeg("-f lavfi -i testsrc=size=320x180:rate=1 -frames:v 1 " + photo_))
        << "ffmpeg could not make the test picture";
    LocalBackendOptions o;
    // NEMO_LOCAL_BINARY: another build of it (a sanitizer one, or a wrapper
    // running it under valgrind).
    const char *binary = std::getenv("NEMO_LOCAL_BINARY");
    o.executable = binary && *binary ? binary : NEMO_LOCAL_PATH;
    o.start_timeout = std::chrono::seconds(60);
    o.data_dir = dir_.file("backend");
    o.workers = kWorkers;
    o.nice = 0;  // the client threads run at the same priority
    ASSERT_FALSE(backend_.start(o)) << "nemo-local did not start";
    pid_ = static_cast<pid_t>(backend_.pid());
  }

  std::unique_ptr<ApiClient> make_client(int i) {
    Config c = Config::resolve(backend_.url(), "", "en", dir_.file("c" + std::to_string(i)));
    c.timings.first_poll = std::chrono::milliseconds(200);
    c.timings.min_poll = std::chrono::milliseconds(200);
    c.timings.poll_cap = std::chrono::milliseconds(1000);
    c.timings.request_timeout = std::chrono::milliseconds(120000);
    c.timings.render_limit = std::chrono::milliseconds(300000);
    return std::make_unique<ApiClient>(std::move(c));
  }

  // One job on a client whose session has the picture.
  JobRecord job(ApiClient &api, int client, int ticket) {
    JobRecord r;
    r.client = client;
    r.session_id = api.session_id();
    const auto t0 = Clock::now();
    const auto fail = [&](const char *step, const Error &e) {
      r.error = std::string(step) + " " + describe(e);
      return r;
    };
    ChatResult said;
    const std::string prompt = ticket % 2 ? "make a 1-second video at 10 fps with a fade"
                                          : "make a 1-second video at 10 fps";
    if (Error e = api.chat(prompt, {}, CancelToken::none(), &said)) return fail("chat", e);
    nlohmann::json state;
    if (Error e = api.state(state)) return fail("state", e);
    nlohmann::json draft = state.value("draft", nlohmann::json::object());
    if (!draft.contains("m") || !draft["m"].is_object()) {
      r.error = "the agent made no draft: " + said.text;
      return r;
    }
    draft["m"]["width"] = 128;
    draft["m"]["height"] = 72;
    if (Error e = api.submit_render(draft, r.render_id)) return fail("submit", e);
    RenderStatus st;
    if (Error e = api.wait_render(r.render_id, st)) return fail("render", e);
    DownloadResult got;
    const std::string dest = dir_.file("out/" + r.render_id + ".mp4");
    if (Error e = api.download(r.render_id, st.output_url, dest, &got)) return fail("download", e);
    r.bytes = got.bytes;
    if (r.bytes == 0 || (st.size != 0 && st.size != r.bytes)) {
      r.error = "download size " + std::to_string(r.bytes) + " vs " + std::to_string(st.size);
    }
    fs::remove(dest);  // the disk stays small; the size was checked
    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return r;
  }

  // Waits (bounded) until nemo-local holds no client connection: its socket
  // count is back to the idle one (the listening socket). Then the fewest
  // descriptors over half a second: the client has its last answer a moment
  // before the server's thread is done with that request's files, so a file
  // can still be open at the first look (seen: one entry gone by the time its
  // link was read). A leaked descriptor stays, and shows in every look.
  FdCount quiet_fds(int idle_sockets) {
    FdCount c = count_fds(pid_);
    for (int i = 0; i < 200 && c.sockets > idle_sockets; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      c = count_fds(pid_);
    }
    for (int i = 0; i < 10; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      const FdCount again = count_fds(pid_);
      if (again.total < c.total) c = again;
    }
    return c;
  }

  nemo::test::TempDir dir_;
  LocalBackend backend_;
  std::string photo_;
  pid_t pid_ = -1;
};

TEST_F(Load, FiftySessionsTwoHundredJobsOnTwoWorkers) {
  fs::create_directories(dir_.file("out"));
  const FdCount idle = count_fds(pid_);
  const long rss_start = rss_kib(pid_);

  // Every client: its own token and session, one picture.
  std::vector<std::unique_ptr<ApiClient>> clients;
  for (int i = 0; i < kClients; ++i) clients.push_back(make_client(i));
  std::mutex mu;
  std::vector<JobRecord> records;
  std::vector<std::string> setup_errors;
  Phases phases;
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      ApiClient &api = *clients[i];
      UploadResult up;
      Error e = api.create_session();
      if (!e) e = api.upload_files({photo_}, up);
      if (e) {
        std::lock_guard<std::mutex> lock(mu);
        setup_errors.push_back("client " + std::to_string(i) + ": " + describe(e));
      }
      ++ready;
      // At most its share of the jobs, so that every session works.
      int ticket = 0;
      for (int n = 0; !e && n < kPerClient && (ticket = phases.take()) >= 0; ++n) {
        JobRecord r = job(api, i, ticket);
        {
          std::lock_guard<std::mutex> lock(mu);
          records.push_back(std::move(r));
        }
        phases.done();
      }
    });
  }
  while (ready.load() < kClients) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(setup_errors.empty()) << setup_errors.front();

  const auto t_start = Clock::now();
  std::vector<Sample> samples;
  double warm_seconds = 0;
  for (const int end : kPhaseEnds) {
    if (!phases.run_until(end, std::chrono::seconds(600))) {
      phases.abort();
      for (auto &t : threads) t.join();
      FAIL() << "the jobs up to " << end << " did not finish in 600 s";
    }
    if (end == kPhaseEnds[0])
      warm_seconds = std::chrono::duration<double>(Clock::now() - t_start).count();
    Sample s;
    s.jobs = end;
    s.fds = quiet_fds(idle.sockets);
    s.rss_kib = rss_kib(pid_);
    samples.push_back(s);
  }
  const double total_seconds = std::chrono::duration<double>(Clock::now() - t_start).count();
  for (auto &t : threads) t.join();

  // All complete, none lost or duplicated.
  ASSERT_EQ(records.size(), static_cast<std::size_t>(kJobs));
  std::set<std::string> ids;
  std::map<std::string, std::set<std::string>> per_session;
  std::vector<double> latencies;
  int failed = 0;
  for (const auto &r : records) {
    if (!r.error.empty()) {
      if (++failed <= 5) ADD_FAILURE() << "client " << r.client << ": " << r.error;
      continue;
    }
    EXPECT_TRUE(ids.insert(r.render_id).second) << "render id twice: " << r.render_id;
    per_session[r.session_id].insert(r.render_id);
    latencies.push_back(r.seconds);
  }
  EXPECT_EQ(failed, 0) << failed << " of " << kJobs << " jobs failed";
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kJobs));
  // Each session did at most its share, so (with 200 jobs) all 50 worked.
  EXPECT_GE(per_session.size(), static_cast<std::size_t>((kJobs + kPerClient - 1) / kPerClient));
  for (const auto &[sid, renders] : per_session) {
    EXPECT_LE(renders.size(), static_cast<std::size_t>(kPerClient)) << sid;
  }
  // The server's view: every session lists exactly its renders, all completed.
  std::size_t server_completed = 0;
  for (int i = 0; i < kClients; ++i) {
    nlohmann::json state;
    ASSERT_FALSE(clients[i]->state(state)) << "state of client " << i;
    std::set<std::string> listed;
    for (const auto &g : state.value("generated_media", nlohmann::json::array())) {
      listed.insert(g.value("render_id", ""));
      EXPECT_EQ(g.value("status", ""), "completed") << g.dump();
      server_completed += g.value("status", "") == "completed";
    }
    EXPECT_EQ(listed, per_session[clients[i]->session_id()]) << "client " << i;
  }
  EXPECT_EQ(server_completed, static_cast<std::size_t>(kJobs));

  // The figures.
  const Sample &warm = samples[0], &mid = samples[1], &end = samples[2];
  const double jobs_per_s = (kJobs - warm.jobs) / (total_seconds - warm_seconds);
  std::printf("load: %d clients, %d jobs, %d render workers, %.1f s (%.1f s after warm-up)\n",
              kClients, kJobs, kWorkers, total_seconds, total_seconds - warm_seconds);
  std::printf("load: %.2f jobs/s after warm-up; job latency p50 %.2f s, p95 %.2f s, max %.2f s\n",
              jobs_per_s, percentile(latencies, 0.5), percentile(latencies, 0.95),
              percentile(latencies, 1.0));
  std::printf("load: fds (sockets) idle %d (%d)", idle.total, idle.sockets);
  for (const auto &s : samples)
    std::printf(", after %d jobs %d (%d)", s.jobs, s.fds.total, s.fds.sockets);
  std::printf("\nload: VmRSS idle %ld KiB", rss_start);
  for (const auto &s : samples) std::printf(", after %d jobs %ld KiB", s.jobs, s.rss_kib);
  std::printf("\nload: RSS growth %+ld KiB over jobs %d-%d, %+ld KiB over jobs %d-%d\n",
              mid.rss_kib - warm.rss_kib, warm.jobs, mid.jobs, end.rss_kib - mid.rss_kib, mid.jobs,
              end.jobs);

  std::uintmax_t json_bytes = 0, json_files = 0;
  for (const auto &e : fs::recursive_directory_iterator(dir_.file("backend"))) {
    if (e.is_regular_file() && e.path().extension() == ".json") {
      json_bytes += e.file_size();
      ++json_files;
    }
  }
  std::printf("load: nemo-local's records: %ju JSON files, %ju KiB (%.1f KiB a job)\n", json_files,
              json_bytes / 1024, static_cast<double>(json_bytes) / 1024.0 / kJobs);

  // No descriptor growth: at a quiet point nemo-local holds what it held
  // after the warm-up. +2 allows for a descriptor a library opens once on
  // first use (none was seen; a leak per job would be +80 and +180).
  EXPECT_LE(mid.fds.total, warm.fds.total + 2);
  EXPECT_LE(end.fds.total, warm.fds.total + 2) << "open now:" << open_fds(pid_);
  EXPECT_EQ(end.fds.sockets, idle.sockets) << "client connections left open:" << open_fds(pid_);

  // No memory growth with the jobs: the 100 jobs from 100 to 200 may add no
  // more than the 80 from 20 to 100 did (a per-job leak grows 1.25x as much
  // there), plus 8 MiB for the bookkeeping that rightly grows with the
  // jobs (records and drafts, kept for the sessions' state: a few KiB a job)
  // and the allocator's arenas settling.
  // Not under AddressSanitizer: its quarantine holds freed memory (up to
  // 256 MiB), so RSS says nothing there (LeakSanitizer does the job).
  const long first = std::max(0L, mid.rss_kib - warm.rss_kib);
  const long second = end.rss_kib - mid.rss_kib;
  // And no more than 256 KiB a job over jobs 20-200 in all (the records it
  // keeps are ~2 KiB a job on disk; measured: 70-80 KiB a job).
  if (!kAddressSanitizer) {
    EXPECT_LE(second, first + 8 * 1024) << "VmRSS keeps growing with the jobs";
    EXPECT_LE(end.rss_kib - warm.rss_kib, 256L * (end.jobs - warm.jobs))
        << "VmRSS grew more than 256 KiB a job";
  }
  backend_.stop(std::chrono::seconds(60));  // a clean exit (a sanitizer's report) takes its time
}

}  // namespace
