// The plugin's settings as the streamer sets them in the dialog, and what
// they mean once the environment has had its say. OBS-free and Qt-free (unit
// tested on its own): the model, its JSON form, the environment overrides
// (NEMO_API_BASE, NEMO_TOKEN), a log line without the token, and an atomic
// save with file mode 0600. Where the file lives and when it is read is
// plugin_settings_store.cpp's business.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace nemo::obs {

enum class Backend { Cloud, Local, Custom };
enum class AfterRender { CurrentScene, NamedScene, HistoryOnly };

const char *backend_name(Backend backend);         // "cloud" | "local" | "custom"
const char *after_render_name(AfterRender after);  // "current_scene" | "named_scene" | "history"
std::optional<Backend> parse_backend(const std::string &name);
std::optional<AfterRender> parse_after_render(const std::string &name);

inline constexpr int kDefaultUploadLimitMb = 500;
inline constexpr int kDefaultPollCapS = 30;
inline constexpr int kMaxUploadLimitMb = 4096;
inline constexpr int kMaxPollCapS = 600;
inline constexpr int kDefaultHighlightReplays = 3;
inline constexpr int kMaxHighlightReplays = 10;

inline constexpr int kMaxViewerCooldownS = 24 * 3600;
inline constexpr int kMaxViewerPending = 100;
inline constexpr int kMaxViewerChars = 2000;
inline constexpr int kMaxViewerDailyCredits = 1000000;

// Viewer requests: a Generate that names a `requester` (a bot relaying chat).
// The limits are core::ViewerLimits' (core/viewer_policy.hpp).
struct ViewerSettings {
  bool enabled = true;   // taken at all (off: refused with viewer_requests_off)
  bool approval = true;  // wait in the dock's Requests until the streamer approves
  int cooldown_s = 300;
  int max_pending = 5;
  int max_chars = 200;
  int daily_credits = 0;      // 0: no cap
  std::string blocked_words;  // as typed: commas, semicolons or new lines between them
  std::string media_dir;      // photos and clips for requests that bring none ("": none)

  bool operator==(const ViewerSettings &o) const;
  bool operator!=(const ViewerSettings &o) const { return !(*this == o); }
};

struct PluginSettings {
  Backend backend = Backend::Cloud;
  std::string custom_url;  // Backend::Custom: http(s)://host[:port][/path]
  std::string token;       // "" : anonymous (a token is asked for on first use)
  std::string language;    // "" : OBS's locale; else "en" | "zh"
  std::string output_dir;  // "" : the default folder (see ResolvedSettings)
  AfterRender after_render = AfterRender::CurrentScene;
  std::string target_scene;  // AfterRender::NamedScene
  int upload_limit_mb = kDefaultUploadLimitMb;
  int poll_cap_s = kDefaultPollCapS;
  // Replay-buffer highlights: keep the files the replay buffer saves, and how
  // many of the last ones a highlight is made from.
  bool collect_replays = false;
  int highlight_replays = kDefaultHighlightReplays;
  // Offline renders may use a hardware H.264 encoder (NVENC, VAAPI) when one
  // opens; off: libx264 always. Read when the offline backend starts.
  bool offline_hardware_encoding = true;
  ViewerSettings viewer;

  bool operator==(const PluginSettings &other) const;
  bool operator!=(const PluginSettings &other) const { return !(*this == other); }
};

// The JSON form stored in settings.json (the token included: the file is 0600).
nlohmann::json settings_to_json(const PluginSettings &settings);
// Unknown keys are ignored, a wrong type or out-of-range value falls back to
// its default with a warning appended (English, for the log; never the token).
PluginSettings settings_from_json(const nlohmann::json &json, std::vector<std::string> *warnings);

// One line for the log: every field, the token only as "set"/"none".
std::string describe_settings(const PluginSettings &settings);

// "http://..." or "https://..." with a host; trailing '/' removed. nullopt if not a URL.
std::optional<std::string> normalize_url(const std::string &url);

// The environment as it bears on the settings.
struct EnvOverrides {
  std::optional<std::string> api_base;  // NEMO_API_BASE (non-empty)
  std::optional<std::string> token;     // NEMO_TOKEN (non-empty)
  static EnvOverrides from_environment();
};

// What the service uses: settings with the environment applied.
struct ResolvedSettings {
  Backend backend = Backend::Cloud;
  std::string
      api_base;  // Cloud: the cloud URL; Custom: the URL; Local: "" (the service starts nemo-local)
  bool backend_from_env = false;  // NEMO_API_BASE decided backend/api_base
  std::string token;              // "" : anonymous
  bool token_from_env = false;    // NEMO_TOKEN decided token
  std::string language;           // "en" | "zh"
  std::string output_dir;
  AfterRender after_render = AfterRender::CurrentScene;
  std::string target_scene;
  std::uint64_t upload_limit_bytes = 0;
  int poll_cap_s = kDefaultPollCapS;
  bool collect_replays = false;
  int highlight_replays = kDefaultHighlightReplays;
  bool offline_hardware_encoding = true;
  std::vector<std::string> warnings;  // e.g. NEMO_API_BASE is not a URL (ignored)
};

// ui_locale: OBS's locale ("en-US", "zh-CN", ...) for language ""; default_output_dir
// for output_dir "".
ResolvedSettings resolve_settings(const PluginSettings &settings, const EnvOverrides &env,
                                  const std::string &ui_locale,
                                  const std::string &default_output_dir);

// "zh-CN", "zh-TW", "zh" -> "zh"; anything else -> "en".
std::string language_from_locale(const std::string &locale);

// Reading and writing settings.json.
struct LoadedSettings {
  PluginSettings settings;
  bool from_file = false;             // false: no file (first run) or unusable
  std::vector<std::string> warnings;  // corrupt file, bad values... (for the log)
};
LoadedSettings load_settings_file(const std::string &path);
// Writes <path>.tmp (created 0600, fchmod 0600, fsync) and renames it over
// path. Returns "" on success, else an English reason for the log.
std::string save_settings_file(const std::string &path, const PluginSettings &settings);

}  // namespace nemo::obs
