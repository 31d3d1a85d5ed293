// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/error.hpp"

#include <gtest/gtest.h>

using namespace nemo::core;

TEST(Error, DefaultIsOk) {
  Error e;
  EXPECT_FALSE(e);
  EXPECT_EQ(e.code, ErrorCode::Ok);
}

TEST(Error, MakeErrorCarriesKeyAndName) {
  Error e = make_error(ErrorCode::Credits, "2001 from /run_sse");
  EXPECT_TRUE(e);
  EXPECT_EQ(e.key, "Error.Credits");
  EXPECT_EQ(error_name(e.code), "credits");
  EXPECT_EQ(e.detail, "2001 from /run_sse");
}

TEST(Error, AnAgentFailureIsNotAnAnswerThatCouldNotBeUnderstood) {
  const Error e = make_error(ErrorCode::AgentFailed, "the model is overloaded");
  EXPECT_EQ(e.key, "Error.AgentFailed");
  EXPECT_EQ(error_name(e.code), "agent_failed");
  EXPECT_NE(e.key, error_key(ErrorCode::Protocol));
}

TEST(Error, EveryCodeHasDistinctKeyAndName) {
  for (int a = 0; a <= static_cast<int>(ErrorCode::Internal); ++a)
    for (int b = a + 1; b <= static_cast<int>(ErrorCode::Internal); ++b) {
      EXPECT_NE(error_key(ErrorCode(a)), error_key(ErrorCode(b)));
      EXPECT_NE(error_name(ErrorCode(a)), error_name(ErrorCode(b)));
    }
}

TEST(Error, DetailNeverCarriesAToken) {
  Error e = make_error(ErrorCode::Auth,
                       "Authorization: Bearer nmv_usr_abc123.def rejected; token nmv_usr_xyz");
  EXPECT_EQ(e.detail.find("abc123"), std::string::npos);
  EXPECT_EQ(e.detail.find("xyz"), std::string::npos);
  EXPECT_NE(e.detail.find("Bearer ***"), std::string::npos);
  EXPECT_EQ(redact_secrets("local nlt_s3cr3t here"), "local nlt_*** here");
}
