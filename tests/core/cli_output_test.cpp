// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/cli_output.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

#include "cli/exit_codes.hpp"

namespace nemo::cli {
namespace {
using nlohmann::json;

std::vector<json> lines_of(const std::string &s) {
  std::vector<json> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
  return out;
}

TEST(CliOutput, JsonModeOneObjectPerLineOnStdoutOnly) {
  std::ostringstream out, err;
  Output o(out, err, /*json=*/true, /*terminal=*/false);
  o.progress({"uploading", 42.25});
  o.progress({"agent", -1});
  o.text("I added music.");
  o.result("human text", {{"output", "/tmp/x.mp4"}});
  o.error(core::make_error(core::ErrorCode::Network, "connect failed"), kExitNetwork);
  EXPECT_TRUE(err.str().empty());
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0], (json{{"event", "progress"}, {"phase", "uploading"}, {"percent", 42.3}}));
  EXPECT_TRUE(lines[1]["percent"].is_null());
  EXPECT_EQ(lines[2]["text"], "I added music.");
  EXPECT_EQ(lines[3]["data"]["output"], "/tmp/x.mp4");
  EXPECT_EQ(lines[4]["code"], "network");
  EXPECT_EQ(lines[4]["key"], "Error.Network");
  EXPECT_EQ(lines[4]["exit_code"], kExitNetwork);
}

TEST(CliOutput, ANoticeIsPrintedAsTextInEnglish) {
  std::ostringstream out, err;
  Output o(out, err, /*json=*/true, /*terminal=*/false);
  o.notice({core::JobNotice::Kind::StillWorking, std::chrono::milliseconds(120000)});
  const auto lines = lines_of(out.str());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], (json{{"event", "text"}, {"text", "Still working..."}}));
}

TEST(CliOutput, TokensAreNeverPrinted) {
  const std::string secret = "nmv_usr_abcdef123456";
  for (const bool as_json : {true, false}) {
    std::ostringstream out, err;
    Output o(out, err, as_json, false);
    o.text("token " + secret);
    o.note("Bearer " + secret);
    o.result("your token is " + secret, {{"token", secret}, {"nested", {{"t", secret}}}});
    core::Error e{core::ErrorCode::Auth, "Error.Auth", "refused " + secret};  // unscrubbed detail
    o.error(e, kExitAuth);
    const std::string all = out.str() + err.str();
    EXPECT_EQ(all.find(secret), std::string::npos) << all;
    EXPECT_NE(all.find("nmv_***"), std::string::npos) << all;
  }
}

TEST(CliOutput, PlainProgressLinesOnStderrAtPhaseChangesAndTenths) {
  std::ostringstream out, err;
  Output o(out, err, false, /*terminal=*/false);
  for (int p = 0; p <= 100; p += 5) o.progress({"uploading", static_cast<double>(p)});
  o.progress({"agent", -1});
  o.progress({"agent", -1});
  o.result("Saved /tmp/x.mp4", {});
  EXPECT_EQ(out.str(), "Saved /tmp/x.mp4\n");
  const std::string e = err.str();
  EXPECT_EQ(e.find('\r'), std::string::npos);
  std::istringstream in(e);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  ASSERT_EQ(lines.size(), 12u);  // 0%..100% by tenths, then agent once
  EXPECT_EQ(lines.front(), "uploading 0%");
  EXPECT_EQ(lines[10], "uploading 100%");
  EXPECT_EQ(lines.back(), "agent");
}

TEST(CliOutput, TerminalBarRedrawsAndEndsBeforeOtherOutput) {
  std::ostringstream out, err;
  Output o(out, err, false, /*terminal=*/true);
  o.progress({"rendering", 50});
  o.progress({"rendering", 100});
  o.note("done");
  EXPECT_NE(err.str().find("\r"), std::string::npos);
  EXPECT_NE(err.str().find("rendering [###############               ]  50%"), std::string::npos)
      << err.str();
  EXPECT_NE(err.str().find("100%\ndone\n"), std::string::npos) << err.str();
}

TEST(CliOutput, HumanErrorUsesTheMessageTable) {
  std::ostringstream out, err;
  Output o(out, err, false, false);
  core::Error e = core::make_error(core::ErrorCode::BadInput, "no such file: a.jpg");
  e.key = "Error.FileMissing";
  o.error(e, kExitBadInput);
  EXPECT_EQ(err.str(), "nemo-clip: the file does not exist: no such file: a.jpg\n");
  EXPECT_TRUE(out.str().empty());
}

TEST(CliOutput, EveryErrorCodesKeyHasAnEnglishMessage) {
  for (int c = static_cast<int>(core::ErrorCode::Usage);
       c <= static_cast<int>(core::ErrorCode::Internal); ++c) {
    const std::string key(core::error_key(core::ErrorCode(c)));
    EXPECT_TRUE(Output::knows_key(key)) << key;
  }
}

TEST(CliOutput, AnAgentErrorShowsTheAgentsWords) {
  std::ostringstream out, err;
  Output o(out, err, false, false);
  o.error(core::make_error(core::ErrorCode::AgentFailed, "Quota exceeded"), kExitInternal);
  EXPECT_EQ(err.str(), "nemo-clip: the video agent reported an error: Quota exceeded\n");
}

TEST(CliOutput, BarAndPlainFormats) {
  EXPECT_EQ(Output::bar({"downloading", 0}, 10), "downloading [          ]   0%");
  EXPECT_EQ(Output::bar({"downloading", 100}, 10), "downloading [##########] 100%");
  EXPECT_EQ(Output::bar({"agent", -1}, 10), "agent ...");
  EXPECT_EQ(Output::plain_progress({"rendering", 99.9}), "rendering 99%");
  EXPECT_EQ(Output::message_for(core::make_error(core::ErrorCode::Cancelled)), "cancelled");
}

}  // namespace
}  // namespace nemo::cli
