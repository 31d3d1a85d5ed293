// Issue #5, secrets: a whole nemo-clip session against the real nemo-local
// (generate, chat, state, credits, export; plain and --json; a stale
// persisted token renewed through 1001, a wrong configured token, a file that
// is not a picture, a missing file, a run cancelled with Ctrl-C), then every
// token that was issued or used is looked for, whole and as any 12-character
// piece, in everything the programs wrote: nemo-clip's stdout and stderr,
// nemo-local's log, and every file of both data folders except the client's
// auth file, which must hold it and be mode 0600.
//
// The same real nemo-local binary is also checked at the HTTP level: no
// token or a wrong one -> 401 with code 1001, a foreign Host header -> 403,
// no permissive CORS header (Access-Control-Allow-*), even on a preflight.
// (tests/server/server_auth_test.cpp checks the same in-process, per route.)
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "core/local_backend.hpp"
#include "media_fixtures.hpp"

namespace fs = std::filesystem;
using nemo::test::ChildOptions;
using nemo::test::ChildRun;

namespace {

constexpr std::size_t kPiece = 12;  // a token piece this long in any output is a leak

std::string random_hex(std::size_t n) {
  std::random_device rd;
  std::mt19937_64 gen(rd());
  const char *digits = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += digits[gen() % 16];
  return s;
}

unsigned mode_of(const std::string &path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  return st.st_mode & 07777;
}

// Where `token` (or a kPiece-long piece of it) occurs in `text`, said without
// the token itself ("" if nowhere).
std::string find_leak(const std::string &text, const std::string &token) {
  const std::size_t piece = std::min(kPiece, token.size());
  for (std::size_t i = 0; i + piece <= token.size(); ++i) {
    const auto at = text.find(token.substr(i, piece));
    if (at != std::string::npos) {
      return "characters " + std::to_string(i) + ".." + std::to_string(i + piece) +
             " of a token at offset " + std::to_string(at);
    }
  }
  return "";
}

class SecretsSweep : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    photo_ = dir_.file("photo.jpg");
    ASSERT_TRUE(nemo::test::ffmpeg("-f lavfi -i testsrc=size=640x360:rate=1 -frames:v 1 " + photo_))
        << "ffmpeg could not make the test picture";
    not_a_picture_ = dir_.file("notes.jpg");
    nemo::test::write_all(not_a_picture_, "these are my notes, not a picture\n");

    nemo::core::LocalBackendOptions o;
    o.executable = NEMO_LOCAL_PATH;
    o.data_dir = dir_.file("backend");
    o.log_path = dir_.file("nemo-local.log");
    o.nice = 0;
    ASSERT_FALSE(backend_.start(o)) << "nemo-local did not start";
    client_dir_ = dir_.file("clip");
  }

  std::string auth_file() const { return client_dir_ + "/client.json"; }

  std::string persisted_token() const {
    std::ifstream in(auth_file());
    const auto j = nlohmann::json::parse(in, nullptr, false);
    return j.is_object() ? j.value("token", "") : "";
  }

  // Remembers the token the client persisted (it changes after a renewal).
  void note_persisted_token() {
    if (const std::string t = persisted_token(); !t.empty()) tokens_.insert(t);
  }

  ChildRun clip(const std::string &name, std::vector<std::string> args,
                std::map<std::string, std::string> env = {},
                std::function<bool()> interrupt_when = {}) {
    ChildOptions o;
    o.argv = {NEMO_CLIP_PATH, "--backend", backend_.url(), "--data-dir", client_dir_};
    o.argv.insert(o.argv.end(), args.begin(), args.end());
    // Only what the run sets: no NEMO_TOKEN / NEMO_API_BASE from the caller.
    env.emplace("NEMO_TOKEN", "");
    env.emplace("NEMO_API_BASE", "");
    o.env = std::move(env);
    o.stdout_path = dir_.file("out/" + name + ".stdout");
    o.stderr_path = dir_.file("out/" + name + ".stderr");
    o.interrupt_when = std::move(interrupt_when);
    o.limit = std::chrono::seconds(240);
    fs::create_directories(dir_.file("out"));
    const auto t0 = std::chrono::steady_clock::now();
    ChildRun r = nemo::test::run_child(o);
    std::printf("nemo-clip %-22s exit %3d  %5.1f s\n", name.c_str(), r.exit_code,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    EXPECT_FALSE(r.timed_out) << name;
    note_persisted_token();
    runs_.push_back(name);
    return r;
  }

  // A run in both output forms; returns the exit codes (plain, json).
  std::pair<int, int> both(const std::string &name, const std::vector<std::string> &args,
                           const std::map<std::string, std::string> &env = {}) {
    const ChildRun plain = clip(name, args, env);
    std::vector<std::string> json_args = {"--json"};
    json_args.insert(json_args.end(), args.begin(), args.end());
    const ChildRun json = clip(name + "-json", json_args, env);
    EXPECT_FALSE(json.out.empty()) << name << " --json wrote nothing";
    for (const auto &line : split_lines(json.out)) {
      EXPECT_FALSE(nlohmann::json::parse(line, nullptr, false).is_discarded())
          << name << " --json line is not JSON: " << line;
    }
    return {plain.exit_code, json.exit_code};
  }

  static std::vector<std::string> split_lines(const std::string &text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) lines.push_back(line);
    }
    return lines;
  }

  int port() const {
    const std::string url = backend_.url();
    return std::stoi(url.substr(url.rfind(':') + 1));
  }

  // Render submissions nemo-local has answered so far (its request log).
  std::size_t count_submits() const {
    const std::string log = log_text();
    std::size_t n = 0;
    for (std::size_t at = 0;
         (at = log.find("POST /api/render/proxy/lambda ", at)) != std::string::npos; ++at)
      ++n;
    return n;
  }

  std::string log_text() const { return nemo::test::read_all(dir_.file("nemo-local.log")); }

  // A token straight from nemo-local, as a user would paste one into NEMO_TOKEN.
  std::string issue_token(const std::string &client_id) {
    httplib::Client c("127.0.0.1", port());
    auto r = c.Post("/api/auth/anonymous-token", {{"X-Client-Id", client_id}}, "", "text/plain");
    if (!r || r->status != 200) return "";
    return nlohmann::json::parse(r->body)["data"].value("token", "");
  }

  nemo::test::TempDir dir_;
  nemo::core::LocalBackend backend_;
  std::string photo_, not_a_picture_, client_dir_;
  std::set<std::string> tokens_;  // every token issued or used
  std::vector<std::string> runs_;
};

TEST_F(SecretsSweep, NoTokenInAnyOutputLogOrFile) {
  // 1. A whole session, anonymous token persisted by the client.
  auto codes = both("generate", {"generate", "--image", photo_, "--prompt",
                                 "a 1-second 720p video at 10 fps", "--out", dir_.file("a.mp4")});
  EXPECT_EQ(codes, std::make_pair(0, 0)) << "generate";
  ASSERT_FALSE(persisted_token().empty()) << "the client did not persist its token";
  EXPECT_EQ(codes = both("chat", {"chat", "make it 2 seconds at 10 fps with a fade"}),
            std::make_pair(0, 0));
  EXPECT_EQ(codes = both("state", {"state"}), std::make_pair(0, 0));
  EXPECT_EQ(codes = both("credits", {"credits"}), std::make_pair(0, 0));
  EXPECT_EQ(codes = both("export", {"export", "--out", dir_.file("b.mp4")}), std::make_pair(0, 0));

  // 2. The 1001 path: the persisted token is one the server does not know
  // (as after a server reset); the client renews it and carries on.
  for (const std::string name : {"stale", "stale-json"}) {
    std::ifstream in(auth_file());
    auto j = nlohmann::json::parse(in);
    in.close();
    const std::string stale = "nmv_usr_" + random_hex(40);
    tokens_.insert(stale);
    j["token"] = stale;
    std::ofstream(auth_file(), std::ios::trunc) << j.dump();
    fs::permissions(auth_file(), fs::perms::owner_read | fs::perms::owner_write);
    const ChildRun r =
        clip(name, name == std::string("stale") ? std::vector<std::string>{"credits"}
                                                : std::vector<std::string>{"--json", "credits"});
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    EXPECT_NE(persisted_token(), stale) << "the stale token was not replaced";
  }
  EXPECT_NE(log_text().find(" 401 "), std::string::npos) << "no request was refused with 401";

  // 3. A wrong configured token (NEMO_TOKEN): an auth error, exit 4.
  const std::string wrong = "nmv_usr_" + random_hex(40);
  tokens_.insert(wrong);
  EXPECT_EQ(codes = both("wrong-token-credits", {"credits"}, {{"NEMO_TOKEN", wrong}}),
            std::make_pair(4, 4));
  EXPECT_EQ(codes = both("wrong-token-chat", {"chat", "hello"}, {{"NEMO_TOKEN", wrong}}),
            std::make_pair(4, 4));

  // 4. A valid configured token (NEMO_TOKEN), never written anywhere.
  const std::string configured = issue_token("secrets-sweep-configured");
  ASSERT_FALSE(configured.empty());
  tokens_.insert(configured);
  EXPECT_EQ(codes = both("configured-credits", {"credits"}, {{"NEMO_TOKEN", configured}}),
            std::make_pair(0, 0));
  EXPECT_EQ(codes = both("configured-generate",
                         {"generate", "--image", photo_, "--prompt",
                          "a 1-second 720p video at 10 fps", "--out", dir_.file("c.mp4")},
                         {{"NEMO_TOKEN", configured}}),
            std::make_pair(0, 0));
  EXPECT_NE(persisted_token(), configured) << "a configured token was persisted";

  // 5. Bad input: not a picture, and a missing file (exit 6).
  EXPECT_EQ(codes = both("bad-file", {"generate", "--image", not_a_picture_, "--prompt", "a video",
                                      "--out", dir_.file("d.mp4")}),
            std::make_pair(6, 6));
  EXPECT_EQ(codes = both("missing-file", {"generate", "--image", dir_.file("nowhere.jpg"),
                                          "--prompt", "a video", "--out", dir_.file("e.mp4")}),
            std::make_pair(6, 6));

  // 6. Cancelled: Ctrl-C once the render was submitted (exit 130).
  for (const std::string name : {"cancelled", "cancelled-json"}) {
    const std::size_t submits_before = count_submits();
    std::vector<std::string> args = {"generate",
                                     "--image",
                                     photo_,
                                     "--prompt",
                                     "a 60-second video",
                                     "--out",
                                     dir_.file(name + ".mp4")};
    if (name == "cancelled-json") args.insert(args.begin(), "--json");
    const ChildRun r = clip(name, args, {}, [&] { return count_submits() > submits_before; });
    EXPECT_TRUE(r.interrupted) << name << ": the render was never submitted";
    EXPECT_EQ(r.exit_code, 130) << name << ": " << r.out << r.err;
  }

  backend_.stop();

  // Every token, whole or in pieces, in every output, log and file.
  ASSERT_GE(tokens_.size(), 6u);
  std::vector<std::pair<std::string, std::string>> texts;  // (what, text)
  for (const auto &e : fs::recursive_directory_iterator(dir_.path())) {
    if (!e.is_regular_file()) continue;
    const std::string p = e.path().string();
    if (p == auth_file()) continue;  // the one file that must hold the token
    const std::string ext = e.path().extension().string();
    if (ext == ".mp4" || ext == ".jpg" || ext == ".part") continue;  // media (no text)
    texts.emplace_back(fs::relative(e.path(), dir_.path()).string(), nemo::test::read_all(p));
  }
  ASSERT_GT(texts.size(), 2 * runs_.size()) << "the outputs were not collected";
  std::size_t bytes = 0;
  for (const auto &[what, text] : texts) {
    bytes += text.size();
    for (const auto &token : tokens_) {
      const std::string leak = find_leak(text, token);
      EXPECT_TRUE(leak.empty()) << "a token leaked into " << what << ": " << leak;
    }
  }
  std::printf("secrets sweep: %zu tokens, %zu nemo-clip runs, %zu files (%zu bytes) searched\n",
              tokens_.size(), runs_.size(), texts.size(), bytes);

  // The one file that holds a token: owner-only.
  EXPECT_EQ(mode_of(auth_file()), 0600u) << auth_file();
  EXPECT_NE(nemo::test::read_all(auth_file()).find(persisted_token()), std::string::npos);
  // nemo-local keeps only hashes of tokens, in owner-only files.
  for (const char *name : {"tokens.json", "users.json"}) {
    const std::string p = dir_.file(std::string("backend/") + name);
    ASSERT_TRUE(fs::exists(p)) << p;
    EXPECT_EQ(mode_of(p), 0600u) << p;
  }
}

// The real binary, at the HTTP level.
TEST_F(SecretsSweep, NemoLocalRefusesBadTokensForeignHostsAndCors) {
  httplib::Client c("127.0.0.1", port());
  const std::string good = issue_token("secrets-http");
  ASSERT_FALSE(good.empty());
  const httplib::Headers origin = {{"Origin", "http://evil.example"}};

  for (const std::string &auth : {std::string(), "Bearer nmv_usr_" + random_hex(40),
                                  "Bearer " + good.substr(0, good.size() - 1), "Basic " + good}) {
    httplib::Headers h = origin;
    if (!auth.empty()) h.emplace("Authorization", auth);
    for (const char *path :
         {"/api/credits/balance/simple", "/api/render/proxy/render_1/download"}) {
      auto r = c.Get(path, h);
      ASSERT_TRUE(r) << path;
      EXPECT_EQ(r->status, 401) << path << " with '" << auth.substr(0, 6) << "...'";
      EXPECT_EQ(nlohmann::json::parse(r->body, nullptr, false).value("code", 0), 1001) << path;
      EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));
    }
  }
  auto ok = c.Get("/api/credits/balance/simple",
                  {{"Authorization", "Bearer " + good}, {"Origin", "http://evil.example"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  for (const auto &[name, value] : ok->headers) {
    EXPECT_NE(name.rfind("Access-Control-", 0), 0u) << name << ": " << value;
  }

  // A foreign Host (DNS rebinding): refused before the token is even looked at.
  for (const std::string &host :
       {std::string("evil.example"), "evil.example:" + std::to_string(port()),
        std::string("127.0.0.1:1")}) {
    auto r =
        c.Get("/api/credits/balance/simple", {{"Authorization", "Bearer " + good}, {"Host", host}});
    ASSERT_TRUE(r) << host;
    EXPECT_EQ(r->status, 403) << host;
    EXPECT_EQ(r->body.find("\"available\""), std::string::npos) << host;
  }

  // A CORS preflight from a web page gets no permission.
  auto pre = c.Options("/run_sse", {{"Origin", "http://evil.example"},
                                    {"Access-Control-Request-Method", "POST"},
                                    {"Access-Control-Request-Headers", "authorization"}});
  ASSERT_TRUE(pre);
  for (const auto &[name, value] : pre->headers) {
    EXPECT_NE(name.rfind("Access-Control-", 0), 0u) << name << ": " << value;
  }
  backend_.stop();
  EXPECT_EQ(find_leak(log_text(), good), "") << "the token is in nemo-local's log";
}

}  // namespace
