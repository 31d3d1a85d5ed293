// The bad-input catalogue (catalogue.cpp), one test per kind, each through the
// product's real path against a real nemo-local: the client's file check, an
// upload the backend's renderer inspects, a chat turn, an export downloaded
// into the output folder. Each asserts the message key, that en-US and zh-CN
// both say something for it (the zh-CN text in Chinese) and nemo-clip too,
// and that nothing is lost: the session and its draft are as they were, and
// no partial file is left in the output folder.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "catalogue.hpp"
#include "cli/cli_output.hpp"
#include "core/api_client.hpp"
#include "core/draft.hpp"
#include "core/job.hpp"
#include "core/local_backend.hpp"
#include "core/workflow.hpp"
#include "sandbox.hpp"

using namespace nemo::core;
using nemo::test::BadInput;
using nemo::test::BadKind;
using nemo::test::BadPath;
namespace fs = std::filesystem;

namespace {

std::map<std::string, std::string> read_locale(const std::string &name) {
  std::map<std::string, std::string> out;
  std::ifstream in(std::string(NEMO_LOCALE_DIR) + "/" + name);
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find('=');
    if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
    std::string value = line.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    out[line.substr(0, eq)] = value;
  }
  return out;
}

// Some code point of the CJK Unified Ideographs block (U+4E00..U+9FFF).
bool has_chinese(const std::string &s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if ((b0 & 0xF0) == 0xE0 && (b1 & 0xC0) == 0x80) {
      const unsigned cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (s[i + 2] & 0x3F);
      if (cp >= 0x4E00 && cp <= 0x9FFF) return true;
    }
  }
  return false;
}

bool ffmpeg(const std::string &args) {
  const std::string cmd =
      "ffmpeg -nostdin -hide_banner -loglevel error -y " + args + " >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

// Every file under dir (recursively), relative names.
std::vector<std::string> files_under(const std::string &dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec))
    if (!it->is_directory()) out.push_back(fs::relative(it->path(), dir).string());
  return out;
}

void make_writable(const std::string &dir) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec))
    if (!it->is_symlink()) ::chmod(it->path().c_str(), it->is_directory() ? 0755 : 0644);
}

class BadInputTest : public ::testing::TestWithParam<BadKind> {
 protected:
  static void SetUpTestSuite() {
    std::string root = (fs::temp_directory_path() / "nemo-badinput-XXXXXX").string();
    ASSERT_TRUE(::mkdtemp(root.data()));
    root_ = new std::string(root);
    // The source media, made once per build folder (ctest runs each test in its own
    // process): written under a temporary name, renamed into place.
    const std::string cache = NEMO_BADINPUT_MEDIA;
    fs::create_directories(cache);
    media_ = new nemo::test::Media{cache + "/photo.jpg", cache + "/photo.png",
                                   cache + "/audio_only.mp4", cache + "/mjpeg.avi"};
    const std::pair<std::string, std::string> makers[] = {
        {media_->jpg, "-f lavfi -i testsrc=size=320x240:rate=1 -frames:v 1"},
        {media_->png, "-f lavfi -i testsrc=size=320x240:rate=1 -frames:v 1"},
        {media_->audio_only_mp4, "-f lavfi -i sine=frequency=440:duration=1 -c:a aac"},
        {media_->mjpeg_avi, "-f lavfi -i testsrc=size=160x120:rate=5 -t 1 -c:v mjpeg"},
    };
    for (const auto &[path, args] : makers) {
      if (fs::exists(path)) continue;
      const std::string tmp = root + "/new" + fs::path(path).extension().string();
      ASSERT_TRUE(ffmpeg(args + " " + tmp)) << path;
      std::error_code ec;
      fs::rename(tmp, path, ec);
      ASSERT_FALSE(ec) << path;
    }
    LocalBackendOptions options;
    options.executable = NEMO_LOCAL_PATH;
    options.data_dir = root + "/backend";
    options.workers = 1;
    backend_ = new LocalBackend();
    ASSERT_FALSE(backend_->start(options)) << "nemo-local did not start";
  }

  static void TearDownTestSuite() {
    delete backend_;
    backend_ = nullptr;
    if (root_) {
      make_writable(*root_);
      std::error_code ec;
      fs::remove_all(*root_, ec);
    }
    delete root_;
    delete media_;
    root_ = nullptr;
    media_ = nullptr;
  }

  Error run(const std::function<Error(JobContext &)> &fn) {
    JobManager jobs;
    auto job = jobs.submit("t", [&](JobContext &ctx) { return JobResult{fn(ctx), {}}; });
    return job->wait().error;
  }

  // A client with a session holding one photo and a draft made from it.
  void open_session(std::uint64_t upload_limit) {
    Config config = Config::resolve(backend_->url(), "", "en", dir_ + "/client");
    if (upload_limit) config.upload_limit = upload_limit;
    api_ = std::make_unique<ApiClient>(std::move(config));
    UploadResult uploaded;
    ChatOutcome chat;
    ASSERT_FALSE(run([&](JobContext &ctx) {
      if (Error e = api_->create_session(nullptr, ctx.cancel_token())) return e;
      if (Error e = upload_step(*api_, {media_->jpg}, ctx, uploaded)) return e;
      return chat_step(*api_, "make a 1-second video from this photo", ctx, chat);
    }));
    session_ = api_->session_id();
    ASSERT_FALSE(api_->state(state_before_));
    ASSERT_TRUE(draft_exportable(extract_draft(state_before_))) << state_before_.dump();
  }

  void TearDown() override {
    api_.reset();
    if (!dir_.empty()) make_writable(dir_);
  }

  Error drive(const BadKind &kind, const BadInput &in, UploadResult &uploaded) {
    switch (kind.path) {
      case BadPath::UploadLocal:
      case BadPath::UploadServer:
        return run([&](JobContext &ctx) { return upload_step(*api_, in.files, ctx, uploaded); });
      case BadPath::Prompt: {
        ChatOutcome chat;
        return run([&](JobContext &ctx) { return chat_step(*api_, in.prompt, ctx, chat); });
      }
      case BadPath::Output:
        return run([&](JobContext &ctx) {
          if (!in.files.empty()) {
            if (Error e = upload_step(*api_, in.files, ctx, uploaded)) return e;
            ChatOutcome chat;
            if (Error e = chat_step(*api_, "make a 1-second video from the new photo", ctx, chat))
              return e;
          }
          ExportRequest request;
          request.output_path = in.output;
          ExportOutcome out;
          return export_step(*api_, nullptr, request, ctx, out);
        });
      case BadPath::Probe:
        return run([&](JobContext &ctx) {
          if (Error e = upload_step(*api_, in.files, ctx, uploaded)) return e;
          if (uploaded.files.empty()) return make_error(ErrorCode::Protocol, "no upload answer");
          fs::create_directories(fs::path(in.output).parent_path());
          const CancelToken &cancel = ctx.cancel_token();
          return api_->download("", uploaded.files[0].cdn_url, in.output, nullptr, {},
                                probe_verifier(cancel), cancel);
        });
    }
    return make_error(ErrorCode::Internal, "unknown path");
  }

  static std::string *root_;
  static nemo::test::Media *media_;
  static LocalBackend *backend_;
  std::string dir_;
  std::unique_ptr<ApiClient> api_;
  std::string session_;
  nlohmann::json state_before_;
};

std::string *BadInputTest::root_ = nullptr;
nemo::test::Media *BadInputTest::media_ = nullptr;
LocalBackend *BadInputTest::backend_ = nullptr;

#if defined(__SANITIZE_ADDRESS__)
constexpr double kPeakLimitMb = 1536;  // ASan's shadow and quarantine come on top
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr double kPeakLimitMb = 1536;
#else
constexpr double kPeakLimitMb = 512;
#endif
#else
constexpr double kPeakLimitMb = 512;
#endif

// VmHWM of a process, in MB (0 if it cannot be read).
double peak_rss_mb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  }
  return 0;
}

TEST_P(BadInputTest, GetsItsMessageAndLosesNothing) {
  const BadKind &kind = GetParam();
  dir_ = *root_ + "/" + kind.name;
  fs::create_directories(dir_);
  const BadInput in = kind.make(*media_, dir_);
  if (!in.skip.empty()) GTEST_SKIP() << in.skip;
  ASSERT_NO_FATAL_FAILURE(open_session(in.upload_limit));

  UploadResult uploaded;
  const Error e = drive(kind, in, uploaded);
  const std::string expected = kind.key;
  if (expected.empty()) {
    ASSERT_FALSE(e) << e.key << ": " << e.detail;
    if (kind.path == BadPath::Output) {
      ProbeResult probe;
      EXPECT_FALSE(probe_mp4(in.output, probe)) << in.output;
      EXPECT_EQ(probe.video_codec, "h264");
      EXPECT_FALSE(fs::exists(in.output + ".part"));
    } else {
      EXPECT_EQ(uploaded.files.size(), in.files.size());
      for (const auto &f : uploaded.files) EXPECT_FALSE(f.cdn_url.empty()) << f.filename;
    }
    return;
  }

  ASSERT_TRUE(e) << "no error for " << kind.name;
  EXPECT_EQ(e.key, expected) << "detail: " << e.detail;

  // Localized: en-US, zh-CN (in Chinese) and nemo-clip all have this key.
  static const auto en = read_locale("en-US.ini");
  static const auto zh = read_locale("zh-CN.ini");
  ASSERT_TRUE(en.count(e.key)) << e.key << " missing in en-US.ini";
  ASSERT_TRUE(zh.count(e.key)) << e.key << " missing in zh-CN.ini";
  EXPECT_FALSE(en.at(e.key).empty());
  EXPECT_TRUE(has_chinese(zh.at(e.key))) << zh.at(e.key);
  EXPECT_TRUE(nemo::cli::Output::knows_key(e.key)) << e.key << " missing in nemo-clip";

  // Nothing lost: the same session, its draft as it was.
  EXPECT_EQ(api_->session_id(), session_);
  nlohmann::json state_after;
  ASSERT_FALSE(api_->state(state_after));
  EXPECT_EQ(extract_draft(state_after), extract_draft(state_before_));
  EXPECT_EQ(timeline_summary(state_after), timeline_summary(state_before_));

  // No bad input costs nemo-local its memory (a 2 GB index, a 900 MP canvas).
  const double peak_mb = peak_rss_mb(backend_->pid());
  EXPECT_GT(peak_mb, 0.0);
  EXPECT_LT(peak_mb, kPeakLimitMb) << "nemo-local's peak memory after " << kind.name;
  std::printf("nemo-local peak memory: %.0f MB\n", peak_mb);

  // Nothing partial where the video would have gone.
  if (!in.output.empty()) {
    EXPECT_FALSE(fs::exists(in.output)) << in.output;
    const auto left = files_under(fs::path(in.output).parent_path().string());
    EXPECT_TRUE(left.empty()) << "left behind: " << left.front();
  }
}

INSTANTIATE_TEST_SUITE_P(Catalogue, BadInputTest, ::testing::ValuesIn(nemo::test::catalogue()),
                         [](const ::testing::TestParamInfo<BadKind> &param) {
                           return std::string(param.param.name);
                         });

TEST(BadInputCatalogue, HasAtLeast25KindsWithDistinctNames) {
  const auto &kinds = nemo::test::catalogue();
  std::size_t errors = 0;
  std::map<std::string, int> names;
  for (const auto &k : kinds) {
    ++names[k.name];
    if (*k.key) ++errors;
  }
  EXPECT_GE(errors, 25u);
  EXPECT_EQ(names.size(), kinds.size());
  // The table, for the README's troubleshooting section.
  const auto en = read_locale("en-US.ini");
  const auto zh = read_locale("zh-CN.ini");
  std::printf(
      "| kind | how it is made | path | key | en-US | zh-CN |\n|---|---|---|---|---|---|\n");
  for (const auto &k : kinds) {
    const std::string key = k.key;
    std::printf("| %s | %s | %s | %s | %s | %s |\n", k.name, k.made, nemo::test::path_name(k.path),
                key.empty() ? "(works)" : key.c_str(),
                key.empty() ? "" : (en.count(key) ? en.at(key).c_str() : "MISSING"),
                key.empty() ? "" : (zh.count(key) ? zh.at(key).c_str() : "MISSING"));
  }
}

}  // namespace
