// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/plugin_settings.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/config.hpp"

namespace nemo::obs {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "nemo-settings-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string &name) const { return (fs::path(path_) / name).string(); }

 private:
  std::string path_;
};

PluginSettings sample() {
  PluginSettings s;
  s.backend = Backend::Custom;
  s.custom_url = "http://127.0.0.1:8931/";
  s.token = "nmv_usr_secret123";
  s.language = "zh";
  s.output_dir = "/tmp/clips";
  s.after_render = AfterRender::NamedScene;
  s.target_scene = "Intro";
  s.upload_limit_mb = 200;
  s.poll_cap_s = 10;
  s.collect_replays = true;
  s.highlight_replays = 5;
  s.offline_hardware_encoding = false;
  s.viewer.enabled = false;
  s.viewer.approval = false;
  s.viewer.cooldown_s = 30;
  s.viewer.max_pending = 9;
  s.viewer.max_chars = 120;
  s.viewer.daily_credits = 40;
  s.viewer.blocked_words = "spam, 广告";
  s.viewer.media_dir = "/tmp/viewer media";
  return s;
}

void write_file(const std::string &path, const std::string &text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

TEST(PluginSettings, DefaultsAreTheDocumentedOnes) {
  const PluginSettings s;
  EXPECT_EQ(s.backend, Backend::Cloud);
  EXPECT_EQ(s.token, "");
  EXPECT_EQ(s.language, "");
  EXPECT_EQ(s.after_render, AfterRender::CurrentScene);
  EXPECT_EQ(s.upload_limit_mb, 500);
  EXPECT_EQ(s.poll_cap_s, 30);
  EXPECT_FALSE(s.collect_replays);
  EXPECT_EQ(s.highlight_replays, 3);
  EXPECT_TRUE(s.offline_hardware_encoding);
  EXPECT_TRUE(s.viewer.enabled);
  EXPECT_TRUE(s.viewer.approval);
  EXPECT_EQ(s.viewer.cooldown_s, 300);
  EXPECT_EQ(s.viewer.max_pending, 5);
  EXPECT_EQ(s.viewer.max_chars, 200);
  EXPECT_EQ(s.viewer.daily_credits, 0);
  EXPECT_EQ(s.viewer.blocked_words, "");

  const ResolvedSettings r = resolve_settings(s, EnvOverrides{}, "zh-CN", "/home/u/Videos");
  EXPECT_EQ(r.backend, Backend::Cloud);
  EXPECT_EQ(r.api_base, core::kDefaultApiBase);
  EXPECT_EQ(r.language, "zh");
  EXPECT_EQ(r.output_dir, "/home/u/Videos");
  EXPECT_EQ(r.upload_limit_bytes, 500ull * 1024 * 1024);
  EXPECT_FALSE(r.backend_from_env);
  EXPECT_FALSE(r.token_from_env);
  EXPECT_EQ(resolve_settings(s, EnvOverrides{}, "en-US", "").language, "en");
  EXPECT_EQ(resolve_settings(s, EnvOverrides{}, "de-DE", "").language, "en");
}

TEST(PluginSettings, JsonRoundTripKeepsEveryField) {
  const PluginSettings s = sample();
  std::vector<std::string> warnings;
  const PluginSettings back = settings_from_json(settings_to_json(s), &warnings);
  EXPECT_TRUE(warnings.empty()) << warnings.front();
  EXPECT_EQ(back, s);
  // Through text too, as the file holds it.
  const auto text = settings_to_json(s).dump();
  EXPECT_EQ(settings_from_json(nlohmann::json::parse(text), nullptr), s);
}

TEST(PluginSettings, BadValuesFallBackToDefaultsWithWarnings) {
  std::vector<std::string> warnings;
  const auto s = settings_from_json(nlohmann::json{{"backend", "moon"},
                                                   {"upload_limit_mb", -4},
                                                   {"poll_cap_s", "fast"},
                                                   {"collect_replays", "yes"},
                                                   {"highlight_replays", 99},
                                                   {"language", "fr"},
                                                   {"after_render", 3},
                                                   {"token", "nmv_usr_x"}},
                                    &warnings);
  EXPECT_EQ(s.backend, Backend::Cloud);
  EXPECT_EQ(s.upload_limit_mb, kDefaultUploadLimitMb);
  EXPECT_EQ(s.poll_cap_s, kDefaultPollCapS);
  EXPECT_FALSE(s.collect_replays);
  EXPECT_EQ(s.highlight_replays, kDefaultHighlightReplays);
  EXPECT_EQ(s.language, "");
  EXPECT_EQ(s.after_render, AfterRender::CurrentScene);
  EXPECT_EQ(s.token, "nmv_usr_x");
  EXPECT_EQ(warnings.size(), 7u);
  for (const auto &w : warnings) EXPECT_EQ(w.find("nmv_usr_x"), std::string::npos) << w;
}

TEST(PluginSettings, BadViewerValuesFallBackOneByOne) {
  std::vector<std::string> warnings;
  const auto s = settings_from_json(
      nlohmann::json{
          {"viewer",
           {{"approval", "no"}, {"cooldown_s", -1}, {"max_chars", 50}, {"max_pending", 1000}}}},
      &warnings);
  EXPECT_TRUE(s.viewer.approval);
  EXPECT_EQ(s.viewer.cooldown_s, 300);
  EXPECT_EQ(s.viewer.max_chars, 50);
  EXPECT_EQ(s.viewer.max_pending, 5);
  EXPECT_EQ(warnings.size(), 3u);
  warnings.clear();
  EXPECT_EQ(settings_from_json(nlohmann::json{{"viewer", 3}}, &warnings).viewer, ViewerSettings{});
  EXPECT_EQ(warnings.size(), 1u);
}

TEST(PluginSettings, CustomBackendWithoutAUrlIsCloud) {
  std::vector<std::string> warnings;
  const auto s = settings_from_json(
      nlohmann::json{{"backend", "custom"}, {"custom_url", "ftp://x"}}, &warnings);
  EXPECT_EQ(s.backend, Backend::Cloud);
  EXPECT_EQ(warnings.size(), 1u);
}

TEST(PluginSettings, UrlNormalization) {
  EXPECT_EQ(normalize_url(" https://api.example.com/ "), "https://api.example.com");
  EXPECT_EQ(normalize_url("http://127.0.0.1:9000/base//"), "http://127.0.0.1:9000/base");
  EXPECT_EQ(normalize_url("http://"), std::nullopt);
  EXPECT_EQ(normalize_url("http:///x"), std::nullopt);
  EXPECT_EQ(normalize_url("api.example.com"), std::nullopt);
  EXPECT_EQ(normalize_url("local"), std::nullopt);
  EXPECT_EQ(normalize_url("http://a b"), std::nullopt);
}

TEST(PluginSettings, EnvLocalMeansTheOfflineBackend) {
  EnvOverrides env;
  env.api_base = "local";
  const auto r = resolve_settings(sample(), env, "en-US", "");
  EXPECT_EQ(r.backend, Backend::Local);
  EXPECT_EQ(r.api_base, "");
  EXPECT_TRUE(r.backend_from_env);
}

TEST(PluginSettings, EnvUrlOverridesTheSetting) {
  PluginSettings s;  // cloud
  EnvOverrides env;
  env.api_base = "http://127.0.0.1:7777/";
  auto r = resolve_settings(s, env, "en-US", "");
  EXPECT_EQ(r.backend, Backend::Custom);
  EXPECT_EQ(r.api_base, "http://127.0.0.1:7777");
  EXPECT_TRUE(r.backend_from_env);

  env.api_base = std::string(core::kDefaultApiBase) + "/";
  s.backend = Backend::Local;
  r = resolve_settings(s, env, "en-US", "");
  EXPECT_EQ(r.backend, Backend::Cloud);
  EXPECT_EQ(r.api_base, core::kDefaultApiBase);

  env.api_base = "not a url";
  r = resolve_settings(s, env, "en-US", "");
  EXPECT_EQ(r.backend, Backend::Local);  // the setting stands
  EXPECT_FALSE(r.backend_from_env);
  ASSERT_EQ(r.warnings.size(), 1u);
}

TEST(PluginSettings, EnvTokenWinsOverTheStoredOne) {
  EnvOverrides env;
  env.token = "nmv_usr_fromenv";
  const auto r = resolve_settings(sample(), env, "en-US", "");
  EXPECT_EQ(r.token, "nmv_usr_fromenv");
  EXPECT_TRUE(r.token_from_env);
  const auto stored = resolve_settings(sample(), EnvOverrides{}, "en-US", "");
  EXPECT_EQ(stored.token, "nmv_usr_secret123");
  EXPECT_FALSE(stored.token_from_env);
}

TEST(PluginSettings, FromEnvironmentReadsTheVariables) {
  ::setenv("NEMO_API_BASE", " local ", 1);
  ::setenv("NEMO_TOKEN", "nmv_usr_env", 1);
  auto env = EnvOverrides::from_environment();
  EXPECT_EQ(env.api_base, "local");
  EXPECT_EQ(env.token, "nmv_usr_env");
  ::setenv("NEMO_TOKEN", "", 1);
  ::unsetenv("NEMO_API_BASE");
  env = EnvOverrides::from_environment();
  EXPECT_EQ(env.api_base, std::nullopt);
  EXPECT_EQ(env.token, std::nullopt);
  ::unsetenv("NEMO_TOKEN");
}

TEST(PluginSettings, SavedFileIsPrivateAndLoadsBack) {
  TempDir dir;
  const auto path = dir.file("settings.json");
  // An older file that anyone could read: the save narrows it.
  write_file(path, "{}");
  ::chmod(path.c_str(), 0644);
  const mode_t old_mask = ::umask(0);
  const std::string error = save_settings_file(path, sample());
  ::umask(old_mask);
  ASSERT_EQ(error, "");
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_FALSE(fs::exists(path + ".tmp"));
  const auto loaded = load_settings_file(path);
  EXPECT_TRUE(loaded.from_file);
  EXPECT_TRUE(loaded.warnings.empty());
  EXPECT_EQ(loaded.settings, sample());
}

TEST(PluginSettings, SaveIntoAMissingFolderFailsWithAReason) {
  TempDir dir;
  const auto error = save_settings_file(dir.file("no/such/settings.json"), sample());
  EXPECT_NE(error, "");
  EXPECT_EQ(error.find("secret"), std::string::npos);
}

TEST(PluginSettings, MissingFileIsFirstRunWithoutWarnings) {
  TempDir dir;
  const auto loaded = load_settings_file(dir.file("settings.json"));
  EXPECT_FALSE(loaded.from_file);
  EXPECT_TRUE(loaded.warnings.empty());
  EXPECT_EQ(loaded.settings, PluginSettings{});
}

TEST(PluginSettings, CorruptFileGivesDefaultsAndAWarning) {
  TempDir dir;
  const auto path = dir.file("settings.json");
  write_file(path, "{\"backend\": \"local\", \"token\": \"nmv_usr_secret123\"");  // truncated
  const auto loaded = load_settings_file(path);
  EXPECT_FALSE(loaded.from_file);
  EXPECT_EQ(loaded.settings, PluginSettings{});
  ASSERT_EQ(loaded.warnings.size(), 1u);
  EXPECT_EQ(loaded.warnings[0].find("secret"), std::string::npos);

  write_file(path, "[1,2,3]");
  const auto array = load_settings_file(path);
  EXPECT_EQ(array.settings, PluginSettings{});
  EXPECT_EQ(array.warnings.size(), 1u);
}

TEST(PluginSettings, LogLineNeverHoldsTheToken) {
  const auto s = sample();
  const std::string line = describe_settings(s);
  EXPECT_EQ(line.find(s.token), std::string::npos) << line;
  EXPECT_EQ(line.find("secret"), std::string::npos) << line;
  EXPECT_NE(line.find("token=set"), std::string::npos) << line;
  EXPECT_NE(line.find("backend=custom"), std::string::npos) << line;
  EXPECT_NE(describe_settings(PluginSettings{}).find("token=none"), std::string::npos);
}

}  // namespace
}  // namespace nemo::obs
