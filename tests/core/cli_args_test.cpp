// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/cli_args.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <set>

#include "cli/exit_codes.hpp"

namespace nemo::cli {
namespace {
using Args = std::vector<std::string>;

TEST(CliArgs, GenerateWithEverything) {
  const auto r =
      parse_args(Args{"--backend", "local", "--data-dir=/tmp/d", "--json", "generate", "--image",
                      "a.jpg", "--image", "b.png", "--video", "c.mp4", "--audio", "m.mp3",
                      "--prompt", "30 s with music", "--out", "o.mp4", "--language", "zh"});
  ASSERT_TRUE(r.ok()) << r.error;
  const CliOptions &o = r.options;
  EXPECT_EQ(o.command, Command::Generate);
  EXPECT_TRUE(o.local_backend());
  EXPECT_EQ(o.data_dir, "/tmp/d");
  EXPECT_TRUE(o.json);
  EXPECT_EQ(o.language, "zh");
  EXPECT_EQ(o.images, (Args{"a.jpg", "b.png"}));
  EXPECT_EQ(o.prompt, "30 s with music");
  EXPECT_EQ(o.out, "o.mp4");
  EXPECT_EQ(o.generate_files(), (Args{"a.jpg", "b.png", "c.mp4", "m.mp3"}));
}

TEST(CliArgs, GenerateNeedsPromptOutAndAVisual) {
  EXPECT_NE(
      parse_args(Args{"generate", "--image", "a.jpg", "--out", "o.mp4"}).error.find("--prompt"),
      std::string::npos);
  EXPECT_NE(parse_args(Args{"generate", "--image", "a.jpg", "--prompt", "p"}).error.find("--out"),
            std::string::npos);
  EXPECT_FALSE(
      parse_args(Args{"generate", "--audio", "m.mp3", "--prompt", "p", "--out", "o"}).ok());
  EXPECT_TRUE(parse_args(Args{"generate", "--video", "v.mp4", "--prompt", "p", "--out", "o"}).ok());
  EXPECT_FALSE(
      parse_args(Args{"generate", "stray", "--image", "a", "--prompt", "p", "--out", "o"}).ok());
}

TEST(CliArgs, GenerateTakesTransitionAndCameraMove) {
  const auto r = parse_args(Args{"generate", "--image", "a.jpg", "--prompt", "p", "--out", "o.mp4",
                                 "--transition", "circleopen", "--motion", "tilt_up",
                                 "--motion-strength=1.5"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.look.transition, "circleopen");
  EXPECT_EQ(r.options.look.motion, "tilt_up");
  EXPECT_DOUBLE_EQ(r.options.look.motion_strength, 1.5);
  const Args base{"generate", "--image", "a.jpg", "--prompt", "p", "--out", "o.mp4"};
  const auto with = [&](Args extra) {
    Args a = base;
    a.insert(a.end(), extra.begin(), extra.end());
    return parse_args(a).error;
  };
  EXPECT_NE(with({"--transition", "sparkles"}).find("unknown transition"), std::string::npos);
  EXPECT_NE(with({"--motion", "wobble"}).find("unknown camera move"), std::string::npos);
  EXPECT_NE(with({"--motion-strength", "lots"}).find("--motion-strength"), std::string::npos);
  EXPECT_NE(with({"--motion", "drift", "--motion-strength", "3"}), "");
  EXPECT_NE(parse_args(Args{"export", "--out", "o.mp4", "--transition", "fade"}).error, "")
      << "only generate takes a look";
  EXPECT_NE(usage_text().find("--transition"), std::string::npos);
}

TEST(CliArgs, ChatJoinsItsWords) {
  auto r = parse_args(Args{"chat", "make", "it", "faster"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.options.text, "make it faster");
  r = parse_args(Args{"--token", "nmv_usr_secret", "chat", "--", "--not-an-option"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.options.text, "--not-an-option");
  EXPECT_EQ(r.options.token, "nmv_usr_secret");
  EXPECT_FALSE(parse_args(Args{"chat"}).ok());
}

TEST(CliArgs, OtherCommands) {
  auto r = parse_args(Args{"upload", "a.jpg", "b.mp4"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.options.command, Command::Upload);
  EXPECT_EQ(r.options.files, (Args{"a.jpg", "b.mp4"}));
  EXPECT_EQ(parse_args(Args{"state"}).options.command, Command::State);
  EXPECT_EQ(parse_args(Args{"credits", "--json"}).options.command, Command::Credits);
  EXPECT_EQ(parse_args(Args{"resume"}).options.command, Command::Resume);
  r = parse_args(Args{"export", "--out", "x.mp4"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.options.out, "x.mp4");
  r = parse_args(Args{"probe", "x.mp4"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.options.files, Args{"x.mp4"});
  EXPECT_EQ(parse_args(Args{"--help"}).options.command, Command::Help);
  EXPECT_EQ(parse_args(Args{"state", "-h"}).options.command, Command::Help);
  EXPECT_EQ(parse_args(Args{"--version"}).options.command, Command::Version);
}

TEST(CliArgs, UsageErrors) {
  for (const Args &args :
       {Args{}, Args{"frobnicate"}, Args{"--bogus", "state"}, Args{"state", "--out", "x"},
        Args{"upload"}, Args{"probe"}, Args{"probe", "a", "b"}, Args{"export"},
        Args{"state", "extra"}, Args{"--backend"}, Args{"--backend=", "state"},
        Args{"--json=1", "state"}, Args{"credits", "--image", "a.jpg"}}) {
    const auto r = parse_args(args);
    EXPECT_FALSE(r.ok()) << "accepted: " << ::testing::PrintToString(args);
  }
}

TEST(CliArgs, ArgvForm) {
  const char *argv[] = {"nemo-clip", "--backend", "http://127.0.0.1:9", "state"};
  const auto r = parse_args(4, argv);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.options.backend, "http://127.0.0.1:9");
  EXPECT_FALSE(r.options.local_backend());
}

TEST(CliArgs, UsageMentionsEveryCommand) {
  const std::string u = usage_text();
  for (const char *c :
       {"generate", "chat", "upload", "state", "credits", "export", "probe", "resume"})
    EXPECT_NE(u.find(std::string("  ") + c), std::string::npos) << c;
}

TEST(CliArgs, DefaultDataDir) {
  const char *old = std::getenv("XDG_DATA_HOME");
  const std::string saved = old ? old : "";
  ::setenv("XDG_DATA_HOME", "/x/data", 1);
  EXPECT_EQ(default_data_dir(), "/x/data/nemo-clip");
  if (old)
    ::setenv("XDG_DATA_HOME", saved.c_str(), 1);
  else
    ::unsetenv("XDG_DATA_HOME");
}

TEST(ExitCodes, DistinctPerKindOfFailure) {
  using core::ErrorCode;
  EXPECT_EQ(exit_code_for(ErrorCode::Ok), 0);
  EXPECT_EQ(exit_code_for(ErrorCode::Usage), kExitUsage);
  EXPECT_EQ(exit_code_for(ErrorCode::Network), kExitNetwork);
  EXPECT_EQ(exit_code_for(ErrorCode::Timeout), kExitNetwork);
  EXPECT_EQ(exit_code_for(ErrorCode::RateLimited), kExitNetwork);
  EXPECT_EQ(exit_code_for(ErrorCode::Auth), kExitAuth);
  EXPECT_EQ(exit_code_for(ErrorCode::Session), kExitAuth);
  EXPECT_EQ(exit_code_for(ErrorCode::Credits), kExitCredits);
  EXPECT_EQ(exit_code_for(ErrorCode::PlanBlocked), kExitCredits);
  EXPECT_EQ(exit_code_for(ErrorCode::UnsupportedFile), kExitBadInput);
  EXPECT_EQ(exit_code_for(ErrorCode::FileTooLarge), kExitBadInput);
  EXPECT_EQ(exit_code_for(ErrorCode::BadInput), kExitBadInput);
  EXPECT_EQ(exit_code_for(ErrorCode::RenderFailed), kExitRender);
  EXPECT_EQ(exit_code_for(ErrorCode::BadMedia), kExitRender);
  EXPECT_EQ(exit_code_for(ErrorCode::Disk), kExitDisk);
  EXPECT_EQ(exit_code_for(ErrorCode::Cancelled), kExitCancelled);
  EXPECT_EQ(exit_code_for(ErrorCode::Internal), kExitInternal);
  EXPECT_EQ(exit_code_for(ErrorCode::Protocol), kExitInternal);
  EXPECT_EQ(exit_code_for(ErrorCode::AgentFailed), kExitInternal);
  const std::set<int> distinct = {kExitOk,   kExitInternal, kExitUsage,    kExitNetwork,
                                  kExitAuth, kExitCredits,  kExitBadInput, kExitRender,
                                  kExitDisk, kExitCancelled};
  EXPECT_EQ(distinct.size(), 10u);
}

}  // namespace
}  // namespace nemo::cli
