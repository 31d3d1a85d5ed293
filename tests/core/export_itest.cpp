// Export against the fake server: the render request, the three status
// shapes, adaptive polling with Retry-After, duplicate ids, failures, cancel.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "core/api_client.hpp"
#include "core/export.hpp"
#include "itest_support.hpp"

namespace nemo::core {
namespace {
using nlohmann::json;
using test::config_for;
using test::FakeServer;
using test::Reply;
using test::TempDir;

const json kDraft = {
    {"d", 3000},
    {"t", json::array({{{"tt", 0}, {"sg", json::array({{{"id", "v1"}, {"zz", 1}}})}}})}};

TEST(ExportITest, SubmitSendsTheDocumentedBodyWithAUniqueId) {
  FakeServer server;
  TempDir dir;
  ApiClient api(config_for(server, dir.path()));
  std::string id1, id2;
  ASSERT_FALSE(api.submit_render(kDraft, id1));
  ASSERT_FALSE(api.submit_render(kDraft, id2));
  EXPECT_NE(id1, id2);
  EXPECT_TRUE(std::regex_match(id1, std::regex("render_[0-9]{13}_[0-9a-f]{8}"))) << id1;
  auto sent = server.requests("POST", "/api/render/proxy/lambda");
  ASSERT_EQ(sent.size(), 2u);
  const json body = sent[0].json();
  EXPECT_EQ(body["id"], id1);
  EXPECT_EQ(body["sessionId"], "sess_1");
  EXPECT_EQ(body["draft"], kDraft);  // sent back exactly, unknown keys included
  EXPECT_EQ(body["output"]["format"], "mp4");
  EXPECT_EQ(body["output"]["quality"], "high");
}

TEST(ExportITest, DuplicateIdGetsANewIdAndOneRetry) {
  FakeServer server;
  TempDir dir;
  server.on("POST", "/api/render/proxy/lambda", [](const test::RecordedRequest &rec, int n) {
    if (n == 0) return Reply::json({{"success", false}, {"error", "duplicate render id"}});
    return Reply::success({{"id", rec.json()["id"]}, {"status", "pending"}});
  });
  ApiClient api(config_for(server, dir.path()));
  std::string id;
  ASSERT_FALSE(api.submit_render(kDraft, id));
  auto sent = server.requests("POST", "/api/render/proxy/lambda");
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_NE(sent[0].json()["id"], sent[1].json()["id"]);
  EXPECT_EQ(id, sent[1].json()["id"]);
}

TEST(ExportITest, ALostSubmitAnswerIsFoundByItsIdNotSentAgain) {
  FakeServer server;
  TempDir dir;
  // The backend takes the render, then the connection drops mid-answer.
  server.script("POST", "/api/render/proxy/lambda",
                {Reply::file(std::make_shared<const std::string>(
                                 R"({"success":true,"data":{"id":"x","status":"pending"}})"),
                             5)});
  server.on("GET", "/api/render/proxy/lambda/([^/]+)", [](const test::RecordedRequest &rec, int) {
    const std::string id = rec.path.substr(rec.path.rfind('/') + 1);
    return Reply::success({{"id", id}, {"status", "processing"}, {"progress", 10}});
  });
  ApiClient api(config_for(server, dir.path()));
  std::string id;
  const Error e = api.submit_render(kDraft, id);
  ASSERT_FALSE(e) << e.detail;
  auto sent = server.requests("POST", "/api/render/proxy/lambda");
  ASSERT_EQ(sent.size(), 1u);  // never submitted twice
  EXPECT_EQ(id, sent[0].json()["id"]);
}

TEST(ExportITest, ALostSubmitAnswerOfARenderThatDoesNotExistIsANetworkError) {
  FakeServer server;
  TempDir dir;
  server.script("POST", "/api/render/proxy/lambda",
                {Reply::file(std::make_shared<const std::string>(std::string(64, ' ')), 5)});
  server.script("GET", "/api/render/proxy/lambda/([^/]+)",
                {Reply::json({{"success", false}, {"error", "not found"}}, 404)});
  ApiClient api(config_for(server, dir.path()));
  std::string id;
  EXPECT_EQ(api.submit_render(kDraft, id).code, ErrorCode::Network);
  EXPECT_EQ(server.count("POST", "/api/render/proxy/lambda"), 1);
}

TEST(ExportITest, DuplicateIdTwiceIsAnError) {
  FakeServer server;
  TempDir dir;
  server.script("POST", "/api/render/proxy/lambda",
                {Reply::json({{"success", false}, {"error", "id already exists"}})});
  ApiClient api(config_for(server, dir.path()));
  std::string id;
  EXPECT_EQ(api.submit_render(kDraft, id).code, ErrorCode::RenderFailed);
  EXPECT_EQ(server.count("POST", "/api/render/proxy/lambda"), 2);
}

class StatusShapes : public ::testing::TestWithParam<int> {};

TEST_P(StatusShapes, PollingAcceptsEachDocumentedShape) {
  FakeServer server;
  TempDir dir;
  const std::string url = server.base_url() + "/files/out.mp4";
  std::vector<Reply> replies;
  switch (GetParam()) {
    case 1:
      replies = {Reply::success({{"status", "pending"}, {"progress", 0}}),
                 Reply::success({{"status", "processing"}, {"progress", 40}}),
                 Reply::success({{"status", "completed"},
                                 {"progress", 100},
                                 {"outputUrl", url},
                                 {"createdAt", 1},
                                 {"completedAt", 2}})};
      break;
    case 2:
      replies = {Reply::json({{"status", "processing"}, {"progress", 40}}),
                 Reply::json({{"status", "completed"}, {"output", {{"url", url}}}})};
      break;
    case 3:
      replies = {
          Reply::json({{"render_id", "r"},
                       {"status", "processing"},
                       {"output", nullptr},
                       {"error", nullptr}}),
          Reply::json(
              {{"render_id", "r"},
               {"status", "completed"},
               {"output",
                {{"url", url}, {"duration", 12.5}, {"size", 1234}, {"encoder", "h264_vaapi"}}},
               {"error", nullptr}})};
      break;
  }
  server.script("GET", "/api/render/proxy/lambda/[^/]+", replies);
  ApiClient api(config_for(server, dir.path()));
  std::vector<RenderStatus> seen;
  RenderStatus out;
  ASSERT_FALSE(api.wait_render("render_1", out, [&](const RenderStatus &s) { seen.push_back(s); }));
  EXPECT_TRUE(out.completed());
  EXPECT_EQ(out.output_url, url);
  ASSERT_GE(seen.size(), 2u);
  EXPECT_EQ(seen[seen.size() - 2].status, "processing");
  if (GetParam() != 3) {  // shape 3 has no progress
    EXPECT_EQ(seen[seen.size() - 2].progress, 40);
  }
  if (GetParam() == 3) {
    EXPECT_EQ(out.size, 1234u);
    EXPECT_EQ(out.duration_s, 12.5);
    EXPECT_EQ(out.encoder, "h264_vaapi");
  } else {
    EXPECT_EQ(out.encoder, "");  // not said: not known
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, StatusShapes, ::testing::Values(1, 2, 3));

TEST(ExportITest, FailedRenderReportsTheReason) {
  FakeServer server;
  TempDir dir;
  server.script("GET", "/api/render/proxy/lambda/[^/]+",
                {Reply::success({{"status", "failed"}, {"error", "source media missing"}})});
  ApiClient api(config_for(server, dir.path()));
  RenderStatus out;
  const Error e = api.wait_render("render_1", out);
  EXPECT_EQ(e.code, ErrorCode::RenderFailed);
  EXPECT_NE(e.detail.find("source media missing"), std::string::npos) << e.detail;
}

TEST(ExportITest, PollingBacksOffAndHonoursRetryAfter) {
  FakeServer server;
  TempDir dir;
  Reply limited = Reply::json({{"code", 429}}, 429);
  limited.with_header("Retry-After", "1");
  server.script("GET", "/api/render/proxy/lambda/[^/]+",
                {Reply::success({{"status", "processing"}}), limited,
                 Reply::success({{"status", "completed"}})});
  ApiClient api(config_for(server, dir.path()));
  RenderStatus out;
  ASSERT_FALSE(api.wait_render("render_1", out));
  auto polls = server.requests("GET", "/api/render/proxy/lambda/[^/]+");
  ASSERT_EQ(polls.size(), 3u);
  EXPECT_GE(polls[2].at - polls[1].at, std::chrono::milliseconds(950));  // waited the Retry-After
}

TEST(ExportITest, PollScheduleStartsUnderTwoSecondsAndCapsAtThirty) {
  const Timings t;  // the documented defaults
  EXPECT_LE(t.first_poll, std::chrono::milliseconds(2000));
  auto d = t.first_poll;
  std::vector<std::chrono::milliseconds> seq;
  for (int i = 0; i < 20; ++i) seq.push_back(d = next_poll_delay(d, t));
  EXPECT_GT(seq[1], seq[0]);
  EXPECT_EQ(seq.back(), std::chrono::milliseconds(30000));
  EXPECT_EQ(next_poll_delay(t.poll_cap, t, std::chrono::seconds(45)),
            std::chrono::milliseconds(45000));
}

TEST(ExportITest, CancelEndpointAndCancellingAPollWithin250ms) {
  FakeServer server;
  TempDir dir;
  server.script("GET", "/api/render/proxy/lambda/[^/]+",
                {Reply::success({{"status", "processing"}})});
  auto cfg = config_for(server, dir.path());
  cfg.timings.poll_cap = std::chrono::milliseconds(30000);
  cfg.timings.first_poll = std::chrono::milliseconds(1500);
  ApiClient api(cfg);
  ASSERT_FALSE(api.ensure_token());
  CancelToken cancel;
  std::chrono::steady_clock::time_point cancelled_at;
  std::thread canceller([&] {
    std::this_thread::sleep_for(
        std::chrono::milliseconds(1700));  // after the first poll, in the wait
    cancelled_at = std::chrono::steady_clock::now();
    cancel.cancel();
  });
  RenderStatus out;
  const Error e = api.wait_render("render_7", out, {}, cancel);
  const auto ended = std::chrono::steady_clock::now();
  canceller.join();
  EXPECT_EQ(e.code, ErrorCode::Cancelled);
  EXPECT_LT(ended - cancelled_at, std::chrono::milliseconds(250));
  ASSERT_FALSE(api.cancel_render("render_7"));
  EXPECT_EQ(server.count("POST", "/api/render/proxy/lambda/render_7/cancel"), 1);
}

}  // namespace
}  // namespace nemo::core
