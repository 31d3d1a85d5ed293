// nemo-local: sessions, credits, state, persistence across a restart, logs.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/request_log.hpp"
#include "server_harness.hpp"

namespace nemo::server::testing {
namespace {
namespace fs = std::filesystem;

TEST(ServerSession, CreateHasTheDocumentedShape) {
  FakeBackend backend;
  ServerHarness h(backend);
  h.login();
  const auto j = h.post_json("/api/tasks/me/with-session/nemo_agent",
                             {{"task_name", "project"}, {"language", "zh"}});
  EXPECT_EQ(j["code"], 0);
  EXPECT_FALSE(j["data"]["session_id"].get<std::string>().empty());
  EXPECT_FALSE(j["data"]["task_id"].get<std::string>().empty());
  EXPECT_FALSE(j["data"]["user_id"].get<std::string>().empty());
  EXPECT_EQ(j["data"]["language"], "zh");
}

TEST(ServerSession, CreditsUnlimitedByDefault) {
  FakeBackend backend;
  ServerHarness h(backend);
  h.login();
  const auto j = h.get_json("/api/credits/balance/simple");
  EXPECT_EQ(j["code"], 0);
  EXPECT_TRUE(j["data"]["unlimited"].get<bool>());
  EXPECT_GT(j["data"]["available"].get<long long>(), 1000000);
  EXPECT_EQ(j["data"]["frozen"], 0);
  EXPECT_TRUE(j["data"]["total"].is_number());
}

TEST(ServerSession, StateHasEveryKey) {
  FakeBackend backend;
  ServerHarness h(backend);
  h.login();
  const std::string sid = h.new_session();
  const auto j = h.get_json("/api/state/nemo_agent/me/" + sid + "/latest");
  EXPECT_EQ(j["code"], 0);
  const auto &state = j["data"]["state"];
  for (const char *key :
       {"draft", "video_infos", "canvas_config", "generated_media", "video_analyses"}) {
    EXPECT_TRUE(state.contains(key)) << key;
  }
  EXPECT_EQ(state["canvas_config"]["width"], 1920);
}

TEST(ServerSession, UnknownOrForeignSessionIs1002) {
  FakeBackend backend;
  ServerHarness h(backend);
  h.login("alice");
  const std::string alice_sid = h.new_session();
  int status = 0;
  EXPECT_EQ(h.get_json("/api/state/nemo_agent/me/ses_nope/latest", &status)["code"], 1002);
  EXPECT_EQ(status, 404);
  h.login("bob");
  EXPECT_EQ(h.get_json("/api/state/nemo_agent/me/" + alice_sid + "/latest")["code"], 1002);
}

TEST(ServerSession, SessionDraftMediaAndHistorySurviveARestart) {
  FakeBackend backend;
  ServerHarness h(backend);
  h.login();
  const std::string sid = h.new_session();
  h.upload(sid, {{"a.jpg", jpeg_bytes()}, {"b.png", png_bytes()}});
  h.chat(sid, "make a video");
  const auto before = h.get_json("/api/state/nemo_agent/me/" + sid + "/latest");
  ASSERT_EQ(before["data"]["state"]["draft"]["t"][0]["sg"].size(), 2u);

  h.stop();
  h.start();  // same data folder, new port
  const auto after = h.get_json("/api/state/nemo_agent/me/" + sid + "/latest");
  EXPECT_EQ(after["code"], 0);
  EXPECT_EQ(after["data"]["state"]["draft"], before["data"]["state"]["draft"]);
  EXPECT_EQ(after["data"]["state"]["video_infos"].size(), 2u);
  EXPECT_EQ(after["data"]["messages"].size(), 2u);
  // The media are still served, at the new port.
  const std::string url = after["data"]["state"]["video_infos"][0]["cdn_url"];
  EXPECT_NE(url.find(":" + std::to_string(h.port()) + "/media/"), std::string::npos);
  auto c = h.client();
  auto r = c.Get(url.substr(url.find("/media/")).c_str(), h.auth());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, jpeg_bytes());
}

TEST(ServerSession, PartialFilesAreRemovedAtStart) {
  FakeBackend backend;
  ServerHarness h(backend);
  h.stop();
  const std::string part = h.data_dir() + "/sessions/x/media/f1/upload.part";
  const std::string tmp = h.data_dir() + "/renders/r.mp4.tmp";
  for (const auto &p : {part, tmp}) {
    fs::create_directories(fs::path(p).parent_path());
    std::ofstream(p) << "half";
  }
  h.start();
  EXPECT_FALSE(fs::exists(part));
  EXPECT_FALSE(fs::exists(tmp));
}

TEST(ServerSession, LogHasOneLinePerRequestAndNoToken) {
  FakeBackend backend;
  ServerHarness h(backend);
  const std::string log_path = h.data_dir() + "/../requests.log";
  h.server().set_log(std::make_shared<RequestLog>(log_path));
  h.login();
  h.get_json("/api/credits/balance/simple?token=" + h.token);
  // The logger runs once the answer is sent: wait for both lines.
  std::string log;
  wait_until([&] {
    std::ifstream in(log_path);
    std::stringstream text;
    text << in.rdbuf();
    log = text.str();
    // Each request's line is written by the thread that served it, after
    // its answer: either may come first.
    return log.find("GET /api/credits/balance/simple") != std::string::npos &&
           log.find("POST /api/auth/anonymous-token") != std::string::npos;
  });
  EXPECT_NE(log.find("POST /api/auth/anonymous-token 200"), std::string::npos) << log;
  EXPECT_NE(log.find("GET /api/credits/balance/simple 200"), std::string::npos) << log;
  EXPECT_EQ(log.find(h.token), std::string::npos);
  EXPECT_EQ(log.find("nmv_usr_"), std::string::npos);
}

}  // namespace
}  // namespace nemo::server::testing
