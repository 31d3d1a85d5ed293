// nemo-clip's commands end to end against the fake server on loopback (and a
// stand-in nemo-local script for --backend local): output, exit codes, no token.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/cli_app.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <sstream>

#include "cli/exit_codes.hpp"
#include "fake_server.hpp"
#include "media_fixtures.hpp"

namespace nemo::cli {
namespace {
using nlohmann::json;
using test::FakeServer;
using test::RecordedRequest;
using test::Reply;
using Args = std::vector<std::string>;

const json kDraft = {
    {"d", 1000}, {"t", json::array({{{"tt", 0}, {"sg", json::array({{{"s", 0}, {"e", 1000}}})}}})}};

struct CliRun {
  int code = -1;
  std::string out, err;
  std::vector<json> lines() const {
    std::vector<json> v;
    std::istringstream in(out);
    for (std::string l; std::getline(in, l);) v.push_back(json::parse(l, nullptr, false));
    return v;
  }
  json last() const { return lines().empty() ? json() : lines().back(); }
};

class CliApp : public ::testing::Test {
 protected:
  CliRun run(Args args, bool interrupted = false, const std::string &self_dir = {}) {
    args.insert(args.begin(), {"--data-dir", dir_.path() + "/data"});
    const ParseResult parsed = parse_args(args);
    EXPECT_TRUE(parsed.ok()) << parsed.error;
    std::ostringstream out, err;
    Output output(out, err, parsed.options.json, false);
    std::atomic<bool> flag{interrupted};
    AppEnv env;
    env.self_dir = self_dir;
    env.interrupted = &flag;
    CliRun r;
    r.code = run_app(parsed.options, output, env);
    r.out = out.str();
    r.err = err.str();
    return r;
  }
  // Serves a real MP4 and a draft once the agent was asked something.
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

  FakeServer server_;
  test::TempDir dir_;
  std::string png_;
};

TEST_F(CliApp, GenerateJsonLinesEndToEnd) {
  serve_media();
  const CliRun r = run({"--backend", server_.base_url(), "--json", "generate", "--image", png_,
                        "--prompt", "make a video", "--out", dir_.file("out.mp4")});
  ASSERT_EQ(r.code, kExitOk) << r.out << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;  // --json: stdout only
  const auto lines = r.lines();
  std::set<std::string> phases;
  for (const auto &l : lines) {
    ASSERT_FALSE(l.is_discarded());
    if (l["event"] == "progress") phases.insert(l["phase"].get<std::string>());
  }
  for (const char *p : {"uploading", "agent", "rendering", "downloading", "probing"})
    EXPECT_TRUE(phases.count(p)) << p;
  const json result = r.last();
  EXPECT_EQ(result["event"], "result");
  EXPECT_EQ(result["data"]["probe"]["width"], 160);
  EXPECT_EQ(result["data"]["output"], dir_.file("out.mp4"));
  EXPECT_EQ(r.out.find("nmv_usr_faketoken"), std::string::npos);  // the token never shows
}

TEST_F(CliApp, HumanGeneratePrintsTheProbeSummary) {
  serve_media();
  const CliRun r = run({"--backend", server_.base_url(), "generate", "--image", png_, "--prompt",
                        "make a video", "--out", dir_.file("h.mp4")});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("Saved " + dir_.file("h.mp4")), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("h264 160x120 @ 10 fps"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("rendering"), std::string::npos) << r.err;  // plain progress lines
}

// The agent's stream fails after a few chunks of text (issue #14): not a
// success, the agent's error is shown, nothing is exported.
TEST_F(CliApp, GenerateStopsAtAnAgentErrorAfterPartialText) {
  serve_media();
  server_.script(
      "POST", "/run_sse",
      {Reply::sse({R"({"content":{"role":"model","parts":[{"text":"Your video"}]},"partial":true})",
                   R"({"content":{"role":"model","parts":[{"text":" is ready."}]},"partial":true})",
                   R"({"error":"the model is overloaded"})"})});
  CliRun r = run({"--backend", server_.base_url(), "generate", "--image", png_, "--prompt",
                  "make a video", "--out", dir_.file("e.mp4")});
  EXPECT_EQ(r.code, kExitInternal) << r.out << r.err;
  EXPECT_NE(r.err.find("nemo-clip: the video agent reported an error: the model is overloaded"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out.find("Your video is ready."), std::string::npos) << r.out;
  EXPECT_EQ(server_.count("POST", "/api/render/proxy/lambda"), 0);
  EXPECT_FALSE(std::filesystem::exists(dir_.file("e.mp4")));
  r = run({"--backend", server_.base_url(), "--json", "chat", "make it square"});
  EXPECT_EQ(r.code, kExitInternal) << r.out;
  EXPECT_EQ(r.last()["code"], "agent_failed");
  EXPECT_EQ(r.last()["key"], "Error.AgentFailed");
}

TEST_F(CliApp, CreditsAndState) {
  CliRun r = run({"--backend", server_.base_url(), "credits"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.out, "Credits: 100 available (0 frozen, 100 total)\n");
  r = run({"--backend", server_.base_url(), "--json", "state"});
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(r.last()["data"]["timeline"], "Timeline (0 tracks): empty");
  EXPECT_EQ(r.last()["data"]["exportable"], false);
}

TEST_F(CliApp, ChatRoutesIntentsBeforeTheAgent) {
  CliRun r = run({"--backend", server_.base_url(), "chat", "余额"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("Credits:"), std::string::npos);
  r = run({"--backend", server_.base_url(), "chat", "export"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_EQ(server_.count("POST", "/run_sse"), 0);  // never sent to the agent
  r = run({"--backend", server_.base_url(), "chat", "add", "music"});
  EXPECT_EQ(r.code, kExitOk) << r.err;
  EXPECT_EQ(server_.count("POST", "/run_sse"), 1);
  EXPECT_NE(r.out.find("Done."), std::string::npos) << r.out;
}

TEST_F(CliApp, ErrorsMapToExitCodes) {
  server_.on("GET", "/api/credits/balance/simple",
             [](const RecordedRequest &, int) { return Reply::code(2001, "no credits"); });
  CliRun r = run({"--backend", server_.base_url(), "--json", "credits"});
  EXPECT_EQ(r.code, kExitCredits) << r.out;
  EXPECT_EQ(r.last()["code"], "credits");
  r = run({"--backend", server_.base_url(), "upload", dir_.file("missing.jpg")});
  EXPECT_EQ(r.code, kExitBadInput) << r.err;
  r = run({"--backend", server_.base_url(), "export", "--out", dir_.file("x.mp4")});
  EXPECT_EQ(r.code, kExitRender) << r.err;  // the session's timeline is empty
  r = run({"--backend", "http://127.0.0.1:1", "credits"});
  EXPECT_EQ(r.code, kExitNetwork) << r.err;
  test::write_all(dir_.file("notvideo.mp4"), "text");
  r = run({"probe", dir_.file("notvideo.mp4")});
  EXPECT_EQ(r.code, kExitRender);
}

TEST_F(CliApp, InterruptCancels) {
  serve_media();
  const CliRun r = run({"--backend", server_.base_url(), "generate", "--image", png_, "--prompt",
                        "p", "--out", dir_.file("c.mp4")},
                       /*interrupted=*/true);
  EXPECT_EQ(r.code, kExitCancelled) << r.err;
  EXPECT_NE(r.err.find("cancelled"), std::string::npos) << r.err;
}

TEST_F(CliApp, LocalBackendIsStartedBesideTheBinary) {
  // A stand-in nemo-local: prints the address line of the fake server and waits.
  const std::string bin = dir_.path() + "/bin";
  std::filesystem::create_directories(bin);
  const std::string script = bin + "/nemo-local";
  test::write_all(script, "#!/bin/sh\necho \"$@\" > \"" + dir_.file("args.txt") +
                              "\"\necho 'listening on " + server_.base_url() +
                              "'\nexec sleep 30\n");
  ::chmod(script.c_str(), 0755);
  const CliRun r = run({"--backend", "local", "credits"}, false, bin);
  ASSERT_EQ(r.code, kExitOk) << r.err;
  EXPECT_NE(r.out.find("Credits: 100"), std::string::npos);
  const std::string args = test::read_all(dir_.file("args.txt"));
  EXPECT_NE(args.find("--host 127.0.0.1"), std::string::npos) << args;
  EXPECT_NE(args.find("--port 0"), std::string::npos) << args;
  EXPECT_NE(args.find("--data-dir " + dir_.path() + "/data/local"), std::string::npos) << args;
}

TEST_F(CliApp, LocalBackendMissingIsAUsageError) {
  const std::string empty_dir = dir_.path() + "/empty";
  std::filesystem::create_directories(empty_dir);
  const char *old_path = std::getenv("PATH");
  const std::string saved = old_path ? old_path : "";
  ::setenv("PATH", empty_dir.c_str(), 1);
  const CliRun r = run({"--backend", "local", "credits"}, false, empty_dir);
  ::setenv("PATH", saved.c_str(), 1);
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_NE(r.err.find("nemo-local"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace nemo::cli
