// nemo-local: uploads (multipart streamed to disk, URL mode), sniffing,
// 4001/4002, and the media URLs.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "server_harness.hpp"

namespace nemo::server::testing {
namespace {
namespace fs = std::filesystem;

TEST(ServerUpload, MultipartFilesAreSniffedAndDescribed) {
  FakeBackend backend;
  ServerHarness h(backend);
  h.login();
  const std::string sid = h.new_session();
  int status = 0;
  // The extension lies: a PNG named .jpg is a png.
  const auto j =
      h.upload(sid, {{"photo.jpg", png_bytes(5000)}, {"song.mp3", mp3_bytes()}}, &status);
  ASSERT_EQ(status, 200) << j.dump();
  EXPECT_EQ(j["code"], 0);
  EXPECT_TRUE(j["data"]["session_state_applied"].get<bool>());
  const auto &files = j["data"]["files"];
  ASSERT_EQ(files.size(), 2u);
  for (const char *key :
       {"filename", "file_type", "cdn_url", "duration", "width", "height", "fps", "hash"}) {
    EXPECT_TRUE(files[0].contains(key)) << key;
  }
  EXPECT_EQ(files[0]["filename"], "photo.jpg");
  EXPECT_EQ(files[0]["file_type"], "image");
  EXPECT_EQ(files[0]["format"], "png");
  EXPECT_EQ(files[0]["width"], 800);
  EXPECT_EQ(files[1]["file_type"], "audio");
  EXPECT_DOUBLE_EQ(files[1]["duration"].get<double>(), 12.5);
  EXPECT_EQ(files[0]["hash"].get<std::string>().size(), 64u);
  EXPECT_NE(files[0]["hash"], files[1]["hash"]);
  const std::string url = files[0]["cdn_url"];
  EXPECT_EQ(url.rfind("http://127.0.0.1:" + std::to_string(h.port()) + "/media/" + sid + "/", 0),
            0u);

  // Served back with the token only.
  auto c = h.client();
  const std::string path = url.substr(url.find("/media/"));
  auto r = c.Get(path.c_str(), h.auth());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, png_bytes(5000));
  EXPECT_EQ(r->get_header_value("Content-Type"), "image/png");
  auto anonymous = c.Get(path.c_str());
  EXPECT_EQ(anonymous->status, 401);

  // And in the state.
  const auto state = h.get_json("/api/state/nemo_agent/me/" + sid + "/latest");
  EXPECT_EQ(state["data"]["state"]["video_infos"].size(), 2u);
}

TEST(ServerUpload, UnsupportedContentIs4001WithTheAcceptedList) {
  FakeBackend backend;
  ServerHarness h(backend);
  h.login();
  const std::string sid = h.new_session();
  int status = 0;
  const auto j =
      h.upload(sid, {{"good.png", png_bytes()}, {"video.mp4", std::string(3000, 'x')}}, &status);
  EXPECT_EQ(status, 415);
  EXPECT_EQ(j["code"], 4001);
  EXPECT_EQ(j["data"]["filename"], "video.mp4");
  const auto accepted = j["data"]["accepted"];
  for (const char *f : {"mp4", "mov", "jpg", "png", "webp", "heic", "mp3", "wav", "m4a", "aac"}) {
    EXPECT_NE(std::find(accepted.begin(), accepted.end(), f), accepted.end()) << f;
  }
  // All or nothing: the good file did not join the session, nothing left on disk.
  const auto state = h.get_json("/api/state/nemo_agent/me/" + sid + "/latest");
  EXPECT_TRUE(state["data"]["state"]["video_infos"].empty());
  const auto media = h.data_dir() + "/sessions/" + sid + "/media";
  EXPECT_TRUE(!fs::exists(media) || fs::is_empty(media));
}

TEST(ServerUpload, TooLargeIs4002WithTheLimit) {
  FakeBackend backend;
  ServerOptions o;
  o.max_upload_bytes = 64 * 1024;
  ServerHarness h(backend, o);
  h.login();
  const std::string sid = h.new_session();
  int status = 0;
  const auto j = h.upload(sid, {{"big.jpg", jpeg_bytes(200 * 1024)}}, &status);
  EXPECT_EQ(status, 413);
  EXPECT_EQ(j["code"], 4002);
  EXPECT_EQ(j["data"]["max_bytes"], 64 * 1024);
  // Just under the limit is fine.
  EXPECT_EQ(h.upload(sid, {{"ok.jpg", jpeg_bytes(64 * 1024)}}, &status)["code"], 0);
  EXPECT_EQ(status, 200);
}

TEST(ServerUpload, UnknownSessionIs1002) {
  FakeBackend backend;
  ServerHarness h(backend);
  h.login();
  int status = 0;
  EXPECT_EQ(h.upload("ses_missing", {{"a.jpg", jpeg_bytes()}}, &status)["code"], 1002);
  EXPECT_EQ(status, 404);
}

// A loopback file server for the URL mode.
class FileServer {
 public:
  FileServer() {
    server_.Get("/files/(.*)", [](const httplib::Request &req, httplib::Response &res) {
      const std::string name = req.matches[1];
      if (name == "pic.jpg")
        res.set_content(jpeg_bytes(4000), "image/jpeg");
      else if (name == "big.jpg")
        res.set_content(jpeg_bytes(300 * 1024), "image/jpeg");
      else
        res.status = 404;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~FileServer() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string &name) const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/files/" + name;
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

TEST(ServerUpload, UrlModeFetchesSniffsAndCaps) {
  FakeBackend backend;
  ServerOptions o;
  o.max_upload_bytes = 100 * 1024;
  ServerHarness h(backend, o);
  FileServer files;
  h.login();
  const std::string sid = h.new_session();
  const std::string path = "/api/upload-video/nemo_agent/me/" + sid;
  int status = 0;
  auto j = h.post_json(path, {{"urls", {files.url("pic.jpg")}}, {"source_type", "url"}}, &status);
  ASSERT_EQ(status, 200) << j.dump();
  EXPECT_EQ(j["data"]["files"][0]["filename"], "pic.jpg");
  EXPECT_EQ(j["data"]["files"][0]["file_type"], "image");

  j = h.post_json(path, {{"urls", {files.url("big.jpg")}}, {"source_type", "url"}}, &status);
  EXPECT_EQ(j["code"], 4002);
  j = h.post_json(path, {{"urls", {files.url("none.jpg")}}, {"source_type", "url"}}, &status);
  EXPECT_NE(j["code"], 0);
  EXPECT_NE(status, 200);
  j = h.post_json(path, {{"urls", {"file:///etc/passwd"}}, {"source_type", "url"}}, &status);
  EXPECT_EQ(status, 400);
  j = h.post_json(path, {{"urls", {"ftp://127.0.0.1/x.jpg"}}, {"source_type", "url"}}, &status);
  EXPECT_EQ(status, 400);
  const auto state = h.get_json("/api/state/nemo_agent/me/" + sid + "/latest");
  EXPECT_EQ(state["data"]["state"]["video_infos"].size(), 1u);
}

}  // namespace
}  // namespace nemo::server::testing
