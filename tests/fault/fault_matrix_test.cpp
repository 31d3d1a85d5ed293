// The fault matrix of issue #5: every fault of the FaultProxy at every phase
// of the generate workflow (auth, session, upload, chat, state, export
// submit, poll, download), the real client (plugin/core) against the real
// nemo-local with real photos. Each case asserts: no crash; the faulted step
// ends within its configured timeout + 1 s (plus the protocol's retry wait and
// the step's own work); the message the user sees (a localized key); the
// session and its draft intact; nothing partial in the output folder; the
// recovery plugin/protocol/PROTOCOL.md asks for ("Errors": 1001 re-auth, 1002
// new session, 429 one retry; "Download": resumed).
//
// One nemo-local and one proxy per process, shared by its cases (they run
// one after another). Phases after the chat reuse one prepared session with
// one finished render, so only export-submit cases render. Every case writes
// its row to NEMO_FAULT_RESULTS; FaultMatrix.Table prints them all as one
// table (ctest runs it after the shards; see CMakeLists.txt).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/api_client.hpp"
#include "core/draft.hpp"
#include "core/job.hpp"
#include "core/journal.hpp"
#include "core/local_backend.hpp"
#include "core/workflow.hpp"
#include "fault_proxy.hpp"

using namespace nemo::core;
using nemo::test::Fault;
using nemo::test::FaultProxy;
using nemo::test::FaultRule;
namespace fs = std::filesystem;
using ms = std::chrono::milliseconds;

namespace {

// ---------------------------------------------------------------- the axes

enum class Phase { Auth, Session, Upload, Chat, State, Submit, Poll, Download };

struct PhaseInfo {
  Phase phase;
  const char *name;
  const char *method;
  const char *regex;
};

const std::vector<PhaseInfo> &phases() {
  static const std::vector<PhaseInfo> all = {
      {Phase::Auth, "auth", "POST", "/api/auth/anonymous-token"},
      {Phase::Session, "session", "POST", "/api/tasks/me/with-session/nemo_agent"},
      {Phase::Upload, "upload", "POST", "/api/upload-video/.*"},
      {Phase::Chat, "chat", "POST", "/run_sse"},
      {Phase::State, "state", "GET", "/api/state/.*"},
      {Phase::Submit, "export submit", "POST", "/api/render/proxy/lambda"},
      {Phase::Poll, "poll", "GET", "/api/render/proxy/lambda/[^/]+"},
      {Phase::Download, "download", "GET", "/(output/.*|api/render/proxy/[^/]+/download)"},
  };
  return all;
}

const std::vector<Fault> &faults() {
  static const std::vector<Fault> all = {
      Fault::None,          Fault::DropRequest,  Fault::DropResponse,
      Fault::Stall,         Fault::Drip,         Fault::Http500,
      Fault::Http502,       Fault::Http503,      Fault::RateLimited,
      Fault::Envelope1001,  Fault::Envelope1002, Fault::Envelope2001,
      Fault::MalformedJson, Fault::SseCut,       Fault::DuplicateId,
      Fault::RenderFailed,  Fault::FlipBytes,    Fault::TruncateMoov,
      Fault::NotMp4,        Fault::RedirectFile, Fault::RedirectForeign,
      Fault::Oversize,
  };
  return all;
}

const PhaseInfo &info(Phase p) {
  return phases()[static_cast<std::size_t>(p)];
}

// Why a pair means nothing ("" when it is meaningful).
std::string not_applicable(Fault f, Phase p) {
  const bool video = p == Phase::Download;
  switch (f) {
    case Fault::DuplicateId:
      return p == Phase::Submit ? "" : "n/a: only a render submit carries an id the client chose";
    case Fault::RenderFailed:
      return p == Phase::Submit || p == Phase::Poll ? ""
                                                    : "n/a: only render answers carry a status";
    case Fault::FlipBytes:
    case Fault::TruncateMoov:
    case Fault::NotMp4:
      return video ? "" : "n/a: no video in this answer (malformed JSON covers it)";
    case Fault::SseCut:
      return p == Phase::Chat ? "" : "n/a: not a stream (drop response cuts this body)";
    case Fault::MalformedJson:
      return video ? "n/a: the answer is video bytes (not an MP4 covers it)" : "";
    default:
      return "";
  }
}

// ---------------------------------------------------------------- settings
// Short enough that a stall resolves in seconds, long enough that a loaded CI
// machine (nemo-local inspecting an upload, a token answer) is not a stall.

constexpr ms kRequestTimeout{4000};
constexpr ms kTurnStall{3000};  // heartbeat_only_limit: a turn with no events
constexpr ms kTransferStall{3000};
constexpr int kRetryAfterS = 1;
constexpr ms kStall{8000};  // longer than every client timeout: the client must give up first

Timings fault_timings() {
  Timings t;
  t.connect_timeout = ms(2000);
  t.request_timeout = kRequestTimeout;
  t.transfer_stall = kTransferStall;
  t.rate_limit_wait = ms(300);
  t.max_retry_after = ms(2000);
  t.still_working_every = ms(500);
  t.heartbeat_only_limit = kTurnStall;
  t.turn_limit = ms(8000);
  t.recovery_first = ms(200);
  t.recovery_every = ms(200);
  t.recovery_reads = 3;
  t.first_poll = ms(100);
  t.min_poll = ms(50);
  t.poll_cap = ms(300);
  t.render_limit = ms(60000);
  t.download_resumes = 3;
  return t;
}

constexpr std::uint64_t kDownloadLimit = 64ull << 20;

// The configured timeout that bounds one faulted request of a phase, and the
// time the step needs for its own work on a loaded machine (a render for
// export submit).
ms phase_timeout(Phase p) {
  switch (p) {
    case Phase::Chat:
      return kTurnStall + ms(200 + 3 * 200);  // the stall limit, then the recovery reads
    case Phase::Upload:                       // no total timeout: the stall watch alone
    case Phase::Download:
      return kTransferStall;
    default:
      return kRequestTimeout;
  }
}

ms phase_work(Phase p) {
  switch (p) {
    case Phase::Chat:
      return ms(3000);
    case Phase::Upload:
      return ms(2000);
    default:
      return ms(1500);
  }
}

// ---------------------------------------------------------------- environment

std::string env_or(const char *name, const std::string &fallback) {
  const char *v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

std::string media_dir() {
  return env_or("NEMO_TEST_MEDIA", NEMO_DEFAULT_TEST_MEDIA);
}
std::string results_dir() {
  return env_or("NEMO_FAULT_RESULTS", NEMO_FAULT_RESULTS_DEFAULT);
}

std::string first_photo() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(fs::path(media_dir()) / "photos", ec))
    out.push_back(e.path().string());
  std::sort(out.begin(), out.end());
  return out.empty() ? std::string() : out.front();
}

// Keys the UI can show: every Error.* line of data/locale/en-US.ini.
const std::map<std::string, std::string> &ui_messages() {
  static const std::map<std::string, std::string> keys = [] {
    std::map<std::string, std::string> m;
    std::ifstream in(std::string(NEMO_SOURCE_DIR) + "/data/locale/en-US.ini");
    for (std::string line; std::getline(in, line);) {
      const auto eq = line.find('=');
      if (eq != std::string::npos) m[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return m;
  }();
  return keys;
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "nemo-fault-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data()) ? pattern : std::string();
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  std::string file(const std::string &name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

Config client_config(const std::string &base, const std::string &data_dir) {
  Config c = Config::resolve(base, "", "en", data_dir);
  c.base_url = base;
  c.token.clear();
  c.timings = fault_timings();
  c.download_limit = kDownloadLimit;
  return c;
}

Error run_job(const std::function<Error(JobContext &)> &fn) {
  JobManager jobs;
  auto job = jobs.submit("fault", [&](JobContext &ctx) { return JobResult{fn(ctx), {}}; });
  return job->wait().error;
}

std::string replace_origin(std::string text, const std::string &from, const std::string &to) {
  for (auto p = text.find(from); p != std::string::npos; p = text.find(from, p + to.size()))
    text.replace(p, from.size(), to);
  return text;
}

nlohmann::json draft_of(const nlohmann::json &state) {
  return extract_draft(state);
}

// One nemo-local, one proxy, and a prepared session with a finished render.
class Backend {
 public:
  static Backend &get() {
    static Backend b;
    return b;
  }

  std::string error;  // why it could not start ("" when ready)
  std::string photo;
  LocalBackend local;
  std::unique_ptr<FaultProxy> proxy;
  TempDir dir;

  // The prepared session (after one chat turn) and its render.
  bool prepared = false;
  std::string golden_auth_dir;  // a client data dir holding the token
  std::string session_id;
  nlohmann::json draft;
  std::string render_id;

  bool prepare() {
    if (prepared) return true;
    if (!error.empty()) return false;
    golden_auth_dir = dir.file("golden");
    ApiClient api(client_config(proxy->base_url(), golden_auth_dir));
    ChatOutcome chat;
    UploadResult up;
    Error e = run_job([&](JobContext &ctx) {
      if (Error step = api.ensure_token(ctx.cancel_token())) return step;
      if (Error step = api.create_session(nullptr, ctx.cancel_token())) return step;
      if (Error step = upload_step(api, {photo}, ctx, up)) return step;
      return chat_step(api, kPrompt, ctx, chat);
    });
    nlohmann::json state;
    if (!e) e = api.state(state);
    if (!e) e = api.submit_render(draft_of(state), render_id);
    RenderStatus status;
    if (!e) e = api.wait_render(render_id, status);
    if (e) {
      error = "preparing the shared session failed: " + e.key + " " + e.detail;
      return false;
    }
    session_id = api.session_id();
    draft = draft_of(state);
    prepared = true;
    return true;
  }

  static constexpr const char *kPrompt = "turn this photo into a 2-second clip";

 private:
  Backend() {
    photo = first_photo();
    if (photo.empty()) {
      error = "no test media in " + media_dir() + ": run ci/fetch-test-media.sh";
      return;
    }
    LocalBackendOptions options;
    options.executable = env_or("NEMO_LOCAL", NEMO_LOCAL_PATH);
    options.data_dir = dir.file("backend");
    if (Error e = local.start(options)) {
      error = "nemo-local did not start: " + e.detail;
      return;
    }
    const std::string url = local.url();  // http://127.0.0.1:PORT
    const int port = std::stoi(url.substr(url.rfind(':') + 1));
    proxy = std::make_unique<FaultProxy>("127.0.0.1", port);
  }
};

// ---------------------------------------------------------------- one case

struct Row {
  std::string phase, fault, outcome, seconds, intact, partial;
};

std::string fmt_seconds(ms d) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(1) << static_cast<double>(d.count()) / 1000.0;
  return s.str();
}

void write_row(Phase p, Fault f, const Row &row) {
  std::error_code ec;
  fs::create_directories(results_dir(), ec);
  const std::string name = "row-" + std::to_string(static_cast<int>(p)) + "-" +
                           std::to_string(static_cast<int>(f)) + ".tsv";
  std::ofstream out(results_dir() + "/" + name, std::ios::trunc);
  out << row.phase << '\t' << row.fault << '\t' << row.outcome << '\t' << row.seconds << '\t'
      << row.intact << '\t' << row.partial << '\n';
}

// Files left in the output folder that are not the delivered video.
std::string partial_files(const std::string &out_dir, const std::string &final_name) {
  std::string found;
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(out_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name == final_name) continue;
    found += (found.empty() ? "" : ",") + name;
  }
  return found;
}

struct Case {
  Phase phase;
  Fault fault;
};

std::string case_name(const ::testing::TestParamInfo<Case> &info_) {
  std::string n = std::string(info(info_.param.phase).name) + "_" +
                  std::string(nemo::test::fault_name(info_.param.fault));
  for (auto &c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

std::vector<Case> all_cases() {
  std::vector<Case> out;
  for (const auto &p : phases())
    for (Fault f : faults()) out.push_back({p.phase, f});
  return out;
}

class FaultMatrix : public ::testing::TestWithParam<Case> {};

TEST_P(FaultMatrix, Case) {
  const Phase phase = GetParam().phase;
  const Fault fault = GetParam().fault;
  const PhaseInfo &pi = info(phase);
  Row row{pi.name, std::string(nemo::test::fault_name(fault)), "", "-", "-", "-"};

  const std::string why = not_applicable(fault, phase);
  if (!why.empty()) {
    row.outcome = why;
    write_row(phase, fault, row);
    return;  // listed in the matrix with its reason
  }
  Backend &b = Backend::get();
  if (!b.error.empty()) GTEST_SKIP() << b.error;
  const bool after_chat = phase >= Phase::State;
  if (after_chat) {
    ASSERT_TRUE(b.prepare()) << b.error;
  }
  FaultProxy &proxy = *b.proxy;
  proxy.clear_rules();

  TempDir dir;
  const std::string data_dir = dir.file("client");
  if (after_chat) fs::copy(b.golden_auth_dir, data_dir, fs::copy_options::recursive);
  const std::string out_dir = dir.file("out");
  fs::create_directories(out_dir);
  const std::string out_file = out_dir + "/clip.mp4";
  ApiClient api(client_config(proxy.base_url(), data_dir));
  Journal journal(Journal::journal_path(data_dir));

  FaultRule rule;
  rule.method = pi.method;
  rule.path_regex = pi.regex;
  rule.fault = fault;
  rule.duration = fault == Fault::Drip ? ms(50) : kStall;
  rule.retry_after_s = kRetryAfterS;
  rule.oversize_bytes = phase == Phase::Download ? kDownloadLimit * 16 : 64ull << 20;

  // Steps before the phase run clean; the rule goes in right before it.
  std::string session_before;
  nlohmann::json draft_before;
  Error err;
  ms took{0};
  bool rendered = false;
  std::string submitted;
  UploadResult up;
  ChatOutcome chat;
  err = run_job([&](JobContext &ctx) -> Error {
    const CancelToken &cancel = ctx.cancel_token();
    auto faulted = [&](const std::function<Error()> &step) {
      proxy.add_rule(rule);
      const auto start = std::chrono::steady_clock::now();
      Error e = step();
      took = std::chrono::duration_cast<ms>(std::chrono::steady_clock::now() - start);
      return e;
    };
    if (phase == Phase::Auth) return faulted([&] { return api.ensure_token(cancel); });
    if (after_chat) {
      api.set_session_id(b.session_id);
      session_before = b.session_id;
      draft_before = b.draft;
    } else {
      if (Error e = api.ensure_token(cancel)) return e;
      if (phase == Phase::Session)
        return faulted([&] { return api.create_session(nullptr, cancel); });
      if (Error e = api.create_session(nullptr, cancel)) return e;
      session_before = api.session_id();
      nlohmann::json state;
      if (Error e = api.state(state, cancel)) return e;
      draft_before = draft_of(state);
      if (phase == Phase::Upload)
        return faulted([&] { return upload_step(api, {b.photo}, ctx, up); });
      if (Error e = upload_step(api, {b.photo}, ctx, up)) return e;
      return faulted([&] { return chat_step(api, Backend::kPrompt, ctx, chat); });
    }
    if (phase == Phase::State) {
      nlohmann::json state;
      return faulted([&] { return api.state(state, cancel); });
    }
    if (phase == Phase::Submit) {
      // export_step's first half (state, submit); the render is then cancelled so
      // the suite renders once per process (poll and download finish that one).
      nlohmann::json state;
      if (Error e = api.state(state, cancel)) return e;
      std::string render_id;
      Error e = faulted([&] { return api.submit_render(draft_of(state), render_id, cancel); });
      if (!e) {
        submitted = render_id;
        api.cancel_render(render_id);
      }
      return e;
    }
    // Poll and download: finish the prepared render, as a restarted client does.
    rendered = true;
    RenderRecord record;
    record.render_id = b.render_id;
    record.session_id = b.session_id;
    record.backend = "local";
    record.output_path = out_file;
    record.phase = RenderPhase::Rendering;
    if (Error e = journal.upsert(record)) return e;
    ExportOutcome exported;
    return faulted([&] { return resume_render(api, journal, record, ctx, exported); });
  });
  const auto seen = proxy.requests();
  proxy.clear_rules();

  // The fault was injected where asked.
  const bool injected =
      std::any_of(seen.begin(), seen.end(), [&](const auto &r) { return r.fault == fault; });
  if (fault != Fault::None) {
    EXPECT_TRUE(injected) << "the phase's request never came: " << err.key << " " << err.detail;
  }

  // Outcome and the message the user sees.
  const bool recovered = !err;
  row.outcome = recovered ? (fault == Fault::None ? "ok" : "recovered") : err.key;
  if (!recovered) {
    EXPECT_EQ(ui_messages().count(err.key), 1u) << "no user message for " << err.key;
    EXPECT_EQ(err.detail.find("nmv_"), std::string::npos) << "a token in the error";
  }
  row.seconds = fmt_seconds(took);

  // No hang: the configured timeout + 1 s, plus the protocol's retry wait and the step's work.
  const ms budget = phase_timeout(phase) + ms(1000) + ms(kRetryAfterS * 1000) + phase_work(phase);
  EXPECT_LE(took.count(), budget.count()) << "the step hung";

  // Recovery where the protocol says.
  auto must_recover = [&](const char *why_) {
    EXPECT_TRUE(recovered) << why_ << ": " << err.key << " " << err.detail;
  };
  if (fault == Fault::None) must_recover("no fault");
  if (fault == Fault::RateLimited) must_recover("429: wait Retry-After, retry once");
  if (fault == Fault::Envelope1001 && phase != Phase::Auth)
    must_recover("1001: new token, retry once");
  if (fault == Fault::Envelope1002 && phase >= Phase::Upload && phase <= Phase::Submit)
    must_recover("1002: new session, retry once");
  if (fault == Fault::Drip) must_recover("a slow answer within the timeouts");
  if (fault == Fault::DuplicateId) must_recover("duplicate id: a new id, retry once");
  if (phase == Phase::Submit && fault == Fault::DropResponse)
    must_recover("a lost submit answer: the render is found by its id, not orphaned");
  if (phase == Phase::Download && fault == Fault::DropResponse) {
    must_recover("a dropped download is resumed");
    EXPECT_TRUE(std::any_of(seen.begin(), seen.end(), [](const auto &r) {
      return r.range.rfind("bytes=", 0) == 0;
    })) << "no Range request after the drop";
  }
  if (fault == Fault::Envelope1001 && phase != Phase::Auth && recovered) {
    EXPECT_GE(std::count_if(seen.begin(), seen.end(),
                            [](const auto &r) { return r.path == "/api/auth/anonymous-token"; }),
              1)
        << "no new token after 1001";
  }
  // Must fail: what cannot be trusted is never delivered.
  if (fault == Fault::FlipBytes || fault == Fault::TruncateMoov || fault == Fault::NotMp4 ||
      (fault == Fault::Oversize && phase == Phase::Download)) {
    EXPECT_TRUE(!recovered) << "a bad video was delivered";
  }
  if (fault == Fault::RenderFailed && phase == Phase::Poll) {
    EXPECT_EQ(err.code, ErrorCode::RenderFailed);
  }
  if (fault == Fault::Envelope2001 && !recovered) {
    EXPECT_EQ(err.code, ErrorCode::Credits);
  }
  // Where a redirect to file:// ended in success, a later request of the
  // phase (a poll retry, the download fallback) delivered it, not the file.
  const auto phase_requests = std::count_if(seen.begin(), seen.end(), [&](const auto &r) {
    return r.method == pi.method && std::regex_match(r.path, std::regex(pi.regex));
  });
  if (fault == Fault::RedirectFile && recovered) {
    EXPECT_GE(phase_requests, 2) << "a redirect to file:// was followed";
  }
  // An API call is not followed to another origin (the request, its body
  // included, never reaches it); it fails with the redirect message unless a
  // later request of the phase (a poll retry) brought the answer. A download
  // may be sent on to a CDN.
  if ((fault == Fault::RedirectForeign || fault == Fault::RedirectFile) &&
      phase != Phase::Download) {
    EXPECT_TRUE(std::none_of(seen.begin(), seen.end(), [](const auto &r) {
      return r.host.rfind("localhost", 0) == 0;
    })) << "an API call was followed to another origin";
    if (!recovered) {
      EXPECT_EQ(err.key, "Error.Redirect") << err.detail;
    }
  }
  if (phase == Phase::Submit && !submitted.empty()) {
    EXPECT_EQ(submitted.rfind("render_", 0), 0u) << submitted;
  }
  // The bearer token never goes to another origin.
  for (const auto &r : seen) {
    if (r.host.rfind("localhost", 0) == 0) {
      EXPECT_FALSE(r.had_authorization) << "the token went to a foreign host: " << r.path;
    }
  }

  // The session and its draft intact (read straight from nemo-local).
  if (!session_before.empty()) {
    ApiClient direct(client_config(b.local.url(), data_dir));
    direct.set_session_id(session_before);
    nlohmann::json state;
    const Error read = direct.state(state);
    const bool same_session = !read && direct.session_id() == session_before;
    // The same draft read through the proxy carries the proxy's URLs: compare on one origin.
    nlohmann::json draft_now = nlohmann::json::parse(
        replace_origin(draft_of(state).dump(), b.local.url(), proxy.base_url()));
    bool draft_ok = same_session && draft_now == draft_before;
    if (phase == Phase::Chat && same_session && recovered)
      draft_ok = draft_exportable(draft_now) || draft_now == draft_before;
    if (phase == Phase::Chat && same_session && !recovered)
      draft_ok = draft_now == draft_before || draft_exportable(draft_now);
    row.intact = std::string(same_session ? "yes" : "NO") + "/" + (draft_ok ? "yes" : "NO");
    EXPECT_TRUE(same_session) << "the session was lost";
    EXPECT_TRUE(draft_ok) << "the draft changed: " << draft_now.dump().substr(0, 300);
  } else {
    row.intact = "no session yet";
  }

  // Nothing partial in the output folder; the video only on success.
  if (rendered) {
    const std::string partial = partial_files(out_dir, "clip.mp4");
    row.partial = partial.empty() ? "none" : partial;
    EXPECT_TRUE(partial.empty()) << "left behind: " << partial;
    EXPECT_EQ(fs::exists(out_file), recovered);
  } else {
    row.partial = "none (no output yet)";
  }
  write_row(phase, fault, row);
}

INSTANTIATE_TEST_SUITE_P(Faults, FaultMatrix, ::testing::ValuesIn(all_cases()), case_name);

// Prints every row written by the cases (this process's or the shards'),
// fails if a cell is missing.
TEST(FaultMatrixTable, Table) {
  if (first_photo().empty()) GTEST_SKIP() << "no test media in " << media_dir();
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> missing;
  for (const auto &p : phases()) {
    for (Fault f : faults()) {
      const std::string path = results_dir() + "/row-" + std::to_string(static_cast<int>(p.phase)) +
                               "-" + std::to_string(static_cast<int>(f)) + ".tsv";
      std::ifstream in(path);
      std::string line;
      if (!std::getline(in, line)) {
        missing.push_back(std::string(p.name) + "/" + std::string(nemo::test::fault_name(f)));
        continue;
      }
      std::vector<std::string> cells;
      std::stringstream s(line);
      for (std::string cell; std::getline(s, cell, '\t');) cells.push_back(cell);
      cells.resize(6);
      rows.push_back(cells);
    }
  }
  const std::vector<std::string> header = {"phase",
                                           "fault",
                                           "outcome (error key / recovered)",
                                           "seconds",
                                           "intact (session/draft)",
                                           "partial files"};
  std::vector<std::size_t> width(header.size());
  for (std::size_t i = 0; i < header.size(); ++i) width[i] = header[i].size();
  for (const auto &r : rows)
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  auto line = [&](const std::vector<std::string> &cells) {
    std::string out = "|";
    for (std::size_t i = 0; i < cells.size(); ++i)
      out += " " + cells[i] + std::string(width[i] - cells[i].size(), ' ') + " |";
    return out + "\n";
  };
  std::string table = line(header);
  std::vector<std::string> rule_cells;
  for (auto w : width) rule_cells.push_back(std::string(w, '-'));
  table += line(rule_cells);
  for (const auto &r : rows) table += line(r);
  std::cout << "\nFault matrix (" << rows.size() << " cells):\n" << table << std::flush;
  EXPECT_TRUE(missing.empty()) << missing.size() << " cells have no result, e.g. "
                               << (missing.empty() ? "" : missing.front());
}

}  // namespace
