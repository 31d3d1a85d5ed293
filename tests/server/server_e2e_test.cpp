// nemo-local end to end with the real agent and the real FFmpeg renderer:
// upload two pictures, one prompt, export at a small canvas, download, check
// the MP4.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <cstdint>

#include "server/real_backend.hpp"
#include "server_harness.hpp"

namespace nemo::server::testing {
namespace {

TEST(ServerEndToEnd, PromptToMp4WithTheRealAgentAndRenderer) {
  ServerOptions o;
  ServerHarness h([&o] { return make_real_backend(o); }, o);
  h.login();
  const std::string sid = h.new_session();
  int status = 0;
  const auto up = h.upload(
      sid, {{"one.bmp", bmp_bytes(64, 48, 1)}, {"two.bmp", bmp_bytes(64, 48, 2)}}, &status);
  ASSERT_EQ(status, 200) << up.dump();
  EXPECT_EQ(up["data"]["files"][0]["file_type"], "image");
  EXPECT_EQ(up["data"]["files"][0]["width"], 64);

  const auto events = sse_data_events(h.chat(sid, "turn these photos into a 2-second video"));
  ASSERT_FALSE(events.empty());
  EXPECT_TRUE(events.back().value("turnComplete", false));
  EXPECT_FALSE(events.back().contains("errorCode")) << events.back().dump();

  auto state = h.get_json("/api/state/nemo_agent/me/" + sid + "/latest");
  nlohmann::json draft = state["data"]["state"]["draft"];
  ASSERT_TRUE(draft.contains("t")) << state.dump();
  // A small canvas keeps the test fast.
  draft["m"]["width"] = 320;
  draft["m"]["height"] = 180;
  const auto submitted = h.post_json("/api/render/proxy/lambda",
                                     {{"id", "render_e2e"},
                                      {"sessionId", sid},
                                      {"draft", draft},
                                      {"output", {{"format", "mp4"}, {"quality", "high"}}}});
  ASSERT_TRUE(submitted["success"].get<bool>()) << submitted.dump();
  nlohmann::json s;
  ASSERT_TRUE(wait_until(
      [&] {
        s = h.get_json("/api/render/proxy/lambda/render_e2e");
        return s["data"]["status"] == "completed" || s["data"]["status"] == "failed";
      },
      240));
  ASSERT_EQ(s["data"]["status"], "completed") << s.dump();
  auto c = h.client();
  auto mp4 = c.Get("/api/render/proxy/render_e2e/download", h.auth());
  ASSERT_TRUE(mp4);
  EXPECT_EQ(mp4->status, 200);
  ASSERT_GT(mp4->body.size(), 1000u);
  EXPECT_EQ(mp4->body.substr(4, 4), "ftyp");
  EXPECT_GT(s["data"]["output"]["duration"].get<double>(), 1.0);
}

}  // namespace
}  // namespace nemo::server::testing
