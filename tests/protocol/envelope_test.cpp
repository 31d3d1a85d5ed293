// The envelope reader: both envelopes, the unwrapped body, the reason of a
// failure wherever the backend put it (ADK JS {"error"}, FastAPI {"detail"},
// strings, objects, lists), and no success outside 2xx.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "protocol/envelope.hpp"

#include <gtest/gtest.h>

#include "protocol/error_codes.hpp"

namespace nemo::protocol {
namespace {

TEST(Envelope, CodeAndSuccessEnvelopes) {
  Envelope env = parse_envelope(R"({"code":0,"message":"ok","data":{"a":1}})");
  EXPECT_TRUE(env.ok);
  EXPECT_TRUE(env.has_code);
  EXPECT_EQ(env.data["a"], 1);
  env = parse_envelope(R"({"code":1002,"msg":"session gone","data":null})");
  EXPECT_FALSE(env.ok);
  EXPECT_EQ(env.code, 1002);
  EXPECT_EQ(env.message, "session gone");
  env = parse_envelope(R"({"success":false,"error":{"code":4001,"message":"bad type"}})");
  EXPECT_FALSE(env.ok);
  EXPECT_EQ(env.code, 4001);
  EXPECT_EQ(env.message, "bad type");
}

TEST(Envelope, AdkJsErrorBody) {
  const Envelope env = parse_envelope(R"({"error":"Session not found: undefined"})", 404);
  EXPECT_TRUE(env.json);
  EXPECT_FALSE(env.ok);
  EXPECT_EQ(env.message, "Session not found: undefined");
}

TEST(Envelope, FastApiDetailStringAndValidationList) {
  Envelope env = parse_envelope(R"({"detail":"Session not found: sess_1"})", 404);
  EXPECT_FALSE(env.ok);
  EXPECT_EQ(env.message, "Session not found: sess_1");
  env = parse_envelope(
      R"({"detail":[{"type":"missing","loc":["body","appName"],"msg":"Field required","input":{}},
                    {"type":"missing","loc":["body","sessionId"],"msg":"Field required"}]})",
      422);
  EXPECT_FALSE(env.ok);
  EXPECT_EQ(env.message, "body.appName: Field required; body.sessionId: Field required");
}

TEST(Envelope, ReasonObjectsNestedAndOtherShapes) {
  EXPECT_EQ(parse_envelope(R"({"error":{"message":"quota"}})", 429).message, "quota");
  EXPECT_EQ(parse_envelope(R"({"error":{"error":{"detail":"deep"}}})", 500).message, "deep");
  EXPECT_EQ(parse_envelope(R"({"detail":{"reason":"x"}})", 400).message, R"({"reason":"x"})");
  EXPECT_EQ(parse_envelope(R"({"error":true,"detail":"why"})", 400).message, "why");
  EXPECT_EQ(parse_envelope(R"({"code":7,"detail":"code and detail"})").message, "code and detail");
  EXPECT_EQ(parse_envelope(R"({"message":"first","error":"second"})", 500).message, "first");
  // Nesting deeper than the reader goes is dumped, not recursed into without end.
  std::string deep = R"("bottom")";
  for (int i = 0; i < 200; ++i) deep = R"({"error":)" + deep + "}";
  EXPECT_FALSE(parse_envelope(deep, 500).message.empty());
}

TEST(Envelope, NoSuccessOutside2xxWhateverTheBodySays) {
  for (const long status : {100L, 204L, 300L, 302L, 304L, 404L, 500L}) {
    const bool two = status >= 200 && status < 300;
    EXPECT_EQ(parse_envelope(R"({"code":0,"data":{}})", status).ok, two) << status;
    EXPECT_EQ(parse_envelope(R"({"success":true,"data":{}})", status).ok, two) << status;
    EXPECT_EQ(parse_envelope(R"({"status":"completed"})", status).ok, two) << status;
  }
}

TEST(Envelope, AnUnwrappedRenderStatusWithAnErrorFieldIsStillData) {
  const Envelope env =
      parse_envelope(R"({"render_id":"r1","status":"failed","error":"encoder failed"})", 200);
  EXPECT_TRUE(env.ok);
  EXPECT_EQ(env.data["status"], "failed");
  EXPECT_EQ(env.message, "encoder failed");
}

TEST(Envelope, WhatTheServerSendsTheClientReads) {
  const Envelope ok = parse_envelope(ok_envelope({{"session_id", "s1"}}).dump(), 200);
  EXPECT_TRUE(ok.ok);
  EXPECT_EQ(ok.code, code::kOk);
  EXPECT_EQ(ok.data["session_id"], "s1");
  const Envelope bad =
      parse_envelope(error_envelope(code::kOutOfCredits, "out of credits").dump(), 402);
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.code, code::kOutOfCredits);
  EXPECT_EQ(bad.message, "out of credits");
}

}  // namespace
}  // namespace nemo::protocol
