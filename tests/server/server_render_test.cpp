// nemo-local: the render queue over HTTP with a scripted renderer: lifecycle,
// status shapes, failure, cancel, duplicate ids, Range downloads, shutdown.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <filesystem>

#include "server_harness.hpp"

namespace nemo::server::testing {
namespace {
namespace fs = std::filesystem;

class ServerRender : public ::testing::Test {
 protected:
  void SetUp() override {
    h_ = std::make_unique<ServerHarness>(backend_, options_);
    h_->login();
    sid_ = h_->new_session();
    const auto up = h_->upload(sid_, {{"a.jpg", jpeg_bytes()}});
    src_ = up["data"]["files"][0]["cdn_url"];
  }

  nlohmann::json draft() const {
    return {{"d", 3000},
            {"t",
             {{{"tt", 0},
               {"d", 3000},
               {"sg", {{{"id", "v1"}, {"s", 0}, {"e", 3000}, {"src", src_}, {"k", "image"}}}}}}}};
  }
  nlohmann::json submit(const std::string &id, int *status = nullptr) {
    return h_->post_json("/api/render/proxy/lambda",
                         {{"id", id},
                          {"sessionId", sid_},
                          {"draft", draft()},
                          {"output", {{"format", "mp4"}, {"quality", "high"}}}},
                         status);
  }
  nlohmann::json status(const std::string &id) {
    return h_->get_json("/api/render/proxy/lambda/" + id);
  }
  bool wait_status(const std::string &id, const std::string &want) {
    return wait_until([&] { return status(id)["data"]["status"] == want; });
  }

  FakeBackend backend_;
  ServerOptions options_;
  std::unique_ptr<ServerHarness> h_;
  std::string sid_, src_;
};

TEST_F(ServerRender, LifecycleAndEveryStatusShape) {
  backend_.render_gate = std::make_shared<Gate>();
  int http = 0;
  const auto first = submit("render_1", &http);
  EXPECT_EQ(http, 200);
  EXPECT_TRUE(first["success"].get<bool>());
  EXPECT_EQ(first["data"]["id"], "render_1");
  EXPECT_EQ(first["data"]["status"], "pending");
  EXPECT_EQ(first["status"], "pending");
  EXPECT_EQ(first["data"]["progress"], 0);
  submit("render_2");  // one worker: waits behind render_1

  ASSERT_TRUE(wait_status("render_1", "processing"));
  // Honest progress: what the renderer reported (a quarter), never 100 before the file exists.
  ASSERT_TRUE(wait_until([&] { return status("render_1")["data"]["progress"].get<double>() > 0; }));
  EXPECT_LT(status("render_1")["data"]["progress"].get<double>(), 100);
  EXPECT_EQ(status("render_2")["data"]["status"], "pending");
  EXPECT_TRUE(status("render_1")["data"]["outputUrl"].is_null());

  backend_.render_gate->open();
  ASSERT_TRUE(wait_status("render_1", "completed"));
  ASSERT_TRUE(wait_status("render_2", "completed"));
  const auto done = status("render_1");
  // Shape 1: data.status / data.progress / data.outputUrl / createdAt / completedAt.
  EXPECT_EQ(done["data"]["progress"], 100);
  const std::string url = done["data"]["outputUrl"];
  EXPECT_EQ(url.rfind("http://127.0.0.1:" + std::to_string(h_->port()) + "/output/render_1/", 0),
            0u);
  EXPECT_TRUE(done["data"]["createdAt"].is_number());
  EXPECT_GE(done["data"]["completedAt"].get<long long>(),
            done["data"]["createdAt"].get<long long>());
  // Shape 2: top-level status, output.url.
  EXPECT_EQ(done["status"], "completed");
  EXPECT_EQ(done["output"]["url"], url);
  // Shape 3: render_id, status, output{url,duration,size}, error.
  EXPECT_EQ(done["render_id"], "render_1");
  EXPECT_EQ(done["output"]["size"], backend_.render_bytes);
  EXPECT_EQ(done["output"]["encoder"], "fake");  // what the backend said it used
  EXPECT_TRUE(done["error"].is_null());
  // The renderer got the local file behind the draft's src.
  ASSERT_FALSE(backend_.resolved_paths.empty());
  EXPECT_TRUE(fs::exists(backend_.resolved_paths[0])) << backend_.resolved_paths[0];
  // Generated media show in the state.
  const auto state = h_->get_json("/api/state/nemo_agent/me/" + sid_ + "/latest");
  EXPECT_EQ(state["data"]["state"]["generated_media"][0]["url"], url);

  // outputUrl works without a token; the download endpoint needs one.
  auto c = h_->client();
  auto out = c.Get(url.substr(url.find("/output/")).c_str());
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 200);
  EXPECT_EQ(out->body.size(), backend_.render_bytes);
  auto wrong = c.Get("/output/render_1/00000000000000000000000000000000.mp4");
  EXPECT_EQ(wrong->status, 404);
  auto anon = c.Get("/api/render/proxy/render_1/download");
  EXPECT_EQ(anon->status, 401);
  auto dl = c.Get("/api/render/proxy/render_1/download", h_->auth());
  ASSERT_TRUE(dl);
  EXPECT_EQ(dl->status, 200);
  EXPECT_EQ(dl->get_header_value("Content-Type"), "video/mp4");
  ASSERT_EQ(dl->body.size(), backend_.render_bytes);
  for (std::size_t i = 0; i < dl->body.size(); i += 9973) EXPECT_EQ(dl->body[i], render_byte(i));
}

TEST_F(ServerRender, RangeDownloads) {
  submit("render_r");
  ASSERT_TRUE(wait_status("render_r", "completed"));
  auto c = h_->client();
  auto headers = h_->auth();
  headers.emplace("Range", "bytes=1000-1099");
  auto r = c.Get("/api/render/proxy/render_r/download", headers);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 206);
  ASSERT_EQ(r->body.size(), 100u);
  for (std::size_t i = 0; i < 100; ++i) EXPECT_EQ(r->body[i], render_byte(1000 + i));
  EXPECT_EQ(r->get_header_value("Content-Range"),
            "bytes 1000-1099/" + std::to_string(backend_.render_bytes));
  // Resume from an offset to the end (what a downloader does after a cut).
  auto tail_headers = h_->auth();
  tail_headers.emplace("Range", "bytes=250000-");
  auto tail = c.Get("/api/render/proxy/render_r/download", tail_headers);
  ASSERT_TRUE(tail);
  EXPECT_EQ(tail->status, 206);
  ASSERT_EQ(tail->body.size(), backend_.render_bytes - 250000);
  EXPECT_EQ(tail->body.back(), render_byte(backend_.render_bytes - 1));
}

TEST_F(ServerRender, FailureCarriesTheReason) {
  backend_.render_fail_code = "bad_input";
  submit("render_f");
  ASSERT_TRUE(wait_status("render_f", "failed"));
  const auto s = status("render_f");
  EXPECT_EQ(s["status"], "failed");
  EXPECT_NE(s["data"]["error"].get<std::string>().find("bad_input"), std::string::npos);
  EXPECT_EQ(s["data"]["errorCode"], "bad_input");
  EXPECT_TRUE(s["data"]["outputUrl"].is_null());
  int http = 0;
  h_->get_json("/api/render/proxy/render_f/download", &http);
  EXPECT_EQ(http, 409);
  EXPECT_FALSE(fs::exists(h_->data_dir() + "/renders/render_f.mp4"));
}

TEST_F(ServerRender, CancelPendingAndProcessing) {
  backend_.render_gate = std::make_shared<Gate>();
  submit("render_a");
  submit("render_b");
  ASSERT_TRUE(wait_status("render_a", "processing"));
  const auto pending = h_->post_json("/api/render/proxy/lambda/render_b/cancel", nlohmann::json{});
  EXPECT_TRUE(pending["success"].get<bool>());
  EXPECT_EQ(status("render_b")["data"]["status"], "failed");
  EXPECT_EQ(status("render_b")["data"]["errorCode"], "cancelled");
  h_->post_json("/api/render/proxy/lambda/render_a/cancel", nlohmann::json{});
  ASSERT_TRUE(wait_status("render_a", "failed"));
  EXPECT_EQ(status("render_a")["data"]["errorCode"], "cancelled");
  EXPECT_EQ(backend_.renders_started.load(), 1);  // render_b never ran
  int http = 0;
  h_->post_json("/api/render/proxy/lambda/nope/cancel", nlohmann::json{}, &http);
  EXPECT_EQ(http, 404);
}

TEST_F(ServerRender, DuplicateIdIsRecognizable) {
  submit("render_d");
  int http = 0;
  const auto dup = submit("render_d", &http);
  EXPECT_EQ(http, 409);
  EXPECT_FALSE(dup["success"].get<bool>());
  EXPECT_EQ(dup["code"], 4009);
  EXPECT_EQ(dup["error"], "duplicate_id");
  EXPECT_NE(dup["message"].get<std::string>().find("duplicate"), std::string::npos);
}

TEST_F(ServerRender, BadRequestsAreRefused) {
  int http = 0;
  auto j = h_->post_json("/api/render/proxy/lambda",
                         {{"id", "../etc"}, {"sessionId", sid_}, {"draft", draft()}}, &http);
  EXPECT_EQ(http, 400);
  EXPECT_FALSE(j["success"].get<bool>());
  j = h_->post_json(
      "/api/render/proxy/lambda",
      {{"id", "render_e"}, {"sessionId", sid_}, {"draft", {{"t", nlohmann::json::array()}}}},
      &http);
  EXPECT_EQ(http, 400);
  j = h_->post_json("/api/render/proxy/lambda",
                    {{"id", "render_s"}, {"sessionId", "ses_nope"}, {"draft", draft()}}, &http);
  EXPECT_EQ(j["code"], 1002);
  EXPECT_EQ(h_->get_json("/api/render/proxy/lambda/unknown", &http)["success"], false);
  EXPECT_EQ(http, 404);
}

TEST_F(ServerRender, StopWhileRenderingRequeuesAtNextStart) {
  backend_.render_gate = std::make_shared<Gate>();
  submit("render_s");
  ASSERT_TRUE(wait_status("render_s", "processing"));
  h_->stop();  // cancels the running render, joins the worker
  EXPECT_FALSE(fs::exists(h_->data_dir() + "/renders/render_s.mp4"));
  backend_.render_gate = nullptr;
  h_->start();
  ASSERT_TRUE(wait_status("render_s", "completed"));
  EXPECT_EQ(backend_.renders_started.load(), 2);
  auto c = h_->client();
  auto dl = c.Get("/api/render/proxy/render_s/download", h_->auth());
  ASSERT_TRUE(dl);
  EXPECT_EQ(dl->status, 200);
  EXPECT_EQ(dl->body.size(), backend_.render_bytes);
}

TEST_F(ServerRender, CompletedRendersSurviveARestart) {
  submit("render_p");
  ASSERT_TRUE(wait_status("render_p", "completed"));
  h_->stop();
  h_->start();
  EXPECT_EQ(status("render_p")["data"]["status"], "completed");
  auto c = h_->client();
  auto dl = c.Get("/api/render/proxy/render_p/download", h_->auth());
  ASSERT_TRUE(dl);
  EXPECT_EQ(dl->body.size(), backend_.render_bytes);
  EXPECT_EQ(backend_.renders_started.load(), 1);
}

}  // namespace
}  // namespace nemo::server::testing
