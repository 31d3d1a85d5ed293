// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/plugin_settings.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/config.hpp"
#include "core/private_file.hpp"
#include "protocol/text.hpp"

namespace nemo::obs {
namespace {

using nlohmann::json;

constexpr int kSchemaVersion = 1;

std::string errno_text(const char *what) {
  return std::string(what) + ": " + std::strerror(errno);
}

void read_string(const json &j, const char *key, std::string &out,
                 std::vector<std::string> *warnings) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  if (it->is_string()) {
    out = it->get<std::string>();
  } else if (warnings) {
    warnings->push_back(std::string("'") + key + "' is not a string: default used");
  }
}

void read_int(const json &j, const char *key, int &out, int min, int max,
              std::vector<std::string> *warnings) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  if (it->is_number_integer() || it->is_number_unsigned()) {
    const auto value = it->get<long long>();
    if (value >= min && value <= max) {
      out = static_cast<int>(value);
      return;
    }
  }
  if (warnings) {
    warnings->push_back(std::string("'") + key + "' must be a whole number from " +
                        std::to_string(min) + " to " + std::to_string(max) + ": default used");
  }
}

void read_bool(const json &j, const char *key, bool &out, std::vector<std::string> *warnings) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  if (it->is_boolean())
    out = it->get<bool>();
  else if (warnings)
    warnings->push_back(std::string("'") + key + "' is not true or false: default used");
}

ViewerSettings viewer_from_json(const json &j, std::vector<std::string> *warnings) {
  ViewerSettings v;
  if (!j.is_object()) {
    if (warnings) warnings->push_back("'viewer' is not an object: defaults used");
    return v;
  }
  read_bool(j, "enabled", v.enabled, warnings);
  read_bool(j, "approval", v.approval, warnings);
  read_int(j, "cooldown_s", v.cooldown_s, 0, kMaxViewerCooldownS, warnings);
  read_int(j, "max_pending", v.max_pending, 0, kMaxViewerPending, warnings);
  read_int(j, "max_chars", v.max_chars, 0, kMaxViewerChars, warnings);
  read_int(j, "daily_credits", v.daily_credits, 0, kMaxViewerDailyCredits, warnings);
  read_string(j, "blocked_words", v.blocked_words, warnings);
  read_string(j, "media_dir", v.media_dir, warnings);
  return v;
}

std::string getenv_string(const char *name) {
  const char *value = std::getenv(name);
  return value ? std::string(value) : std::string();
}

}  // namespace

const char *backend_name(Backend backend) {
  switch (backend) {
    case Backend::Cloud:
      return "cloud";
    case Backend::Local:
      return "local";
    case Backend::Custom:
      return "custom";
  }
  return "cloud";
}

const char *after_render_name(AfterRender after) {
  switch (after) {
    case AfterRender::CurrentScene:
      return "current_scene";
    case AfterRender::NamedScene:
      return "named_scene";
    case AfterRender::HistoryOnly:
      return "history";
  }
  return "current_scene";
}

std::optional<Backend> parse_backend(const std::string &name) {
  for (Backend b : {Backend::Cloud, Backend::Local, Backend::Custom}) {
    if (name == backend_name(b)) return b;
  }
  return std::nullopt;
}

std::optional<AfterRender> parse_after_render(const std::string &name) {
  for (AfterRender a :
       {AfterRender::CurrentScene, AfterRender::NamedScene, AfterRender::HistoryOnly}) {
    if (name == after_render_name(a)) return a;
  }
  return std::nullopt;
}

bool ViewerSettings::operator==(const ViewerSettings &o) const {
  return enabled == o.enabled && approval == o.approval && cooldown_s == o.cooldown_s &&
         max_pending == o.max_pending && max_chars == o.max_chars &&
         daily_credits == o.daily_credits && blocked_words == o.blocked_words &&
         media_dir == o.media_dir;
}

bool PluginSettings::operator==(const PluginSettings &o) const {
  return backend == o.backend && custom_url == o.custom_url && token == o.token &&
         language == o.language && output_dir == o.output_dir && after_render == o.after_render &&
         target_scene == o.target_scene && upload_limit_mb == o.upload_limit_mb &&
         poll_cap_s == o.poll_cap_s && collect_replays == o.collect_replays &&
         highlight_replays == o.highlight_replays &&
         offline_hardware_encoding == o.offline_hardware_encoding && viewer == o.viewer;
}

json settings_to_json(const PluginSettings &s) {
  return json{{"version", kSchemaVersion},
              {"backend", backend_name(s.backend)},
              {"custom_url", s.custom_url},
              {"token", s.token},
              {"language", s.language},
              {"output_dir", s.output_dir},
              {"after_render", after_render_name(s.after_render)},
              {"target_scene", s.target_scene},
              {"upload_limit_mb", s.upload_limit_mb},
              {"poll_cap_s", s.poll_cap_s},
              {"collect_replays", s.collect_replays},
              {"highlight_replays", s.highlight_replays},
              {"offline_hardware_encoding", s.offline_hardware_encoding},
              {"viewer",
               {{"enabled", s.viewer.enabled},
                {"approval", s.viewer.approval},
                {"cooldown_s", s.viewer.cooldown_s},
                {"max_pending", s.viewer.max_pending},
                {"max_chars", s.viewer.max_chars},
                {"daily_credits", s.viewer.daily_credits},
                {"blocked_words", s.viewer.blocked_words},
                {"media_dir", s.viewer.media_dir}}}};
}

PluginSettings settings_from_json(const json &j, std::vector<std::string> *warnings) {
  PluginSettings s;
  if (!j.is_object()) {
    if (warnings) warnings->push_back("the settings are not a JSON object: defaults used");
    return s;
  }
  std::string backend;
  read_string(j, "backend", backend, warnings);
  if (!backend.empty()) {
    if (auto parsed = parse_backend(backend)) {
      s.backend = *parsed;
    } else if (warnings) {
      warnings->push_back("unknown backend '" + backend + "': cloud used");
    }
  }
  read_string(j, "custom_url", s.custom_url, warnings);
  read_string(j, "token", s.token, warnings);
  read_string(j, "language", s.language, warnings);
  if (!s.language.empty() && s.language != "en" && s.language != "zh") {
    if (warnings) warnings->push_back("unknown language '" + s.language + "': OBS's used");
    s.language.clear();
  }
  read_string(j, "output_dir", s.output_dir, warnings);
  std::string after;
  read_string(j, "after_render", after, warnings);
  if (!after.empty()) {
    if (auto parsed = parse_after_render(after)) {
      s.after_render = *parsed;
    } else if (warnings) {
      warnings->push_back("unknown after_render '" + after + "': current scene used");
    }
  }
  read_string(j, "target_scene", s.target_scene, warnings);
  read_int(j, "upload_limit_mb", s.upload_limit_mb, 1, kMaxUploadLimitMb, warnings);
  read_int(j, "poll_cap_s", s.poll_cap_s, 2, kMaxPollCapS, warnings);
  read_bool(j, "collect_replays", s.collect_replays, warnings);
  read_int(j, "highlight_replays", s.highlight_replays, 1, kMaxHighlightReplays, warnings);
  read_bool(j, "offline_hardware_encoding", s.offline_hardware_encoding, warnings);
  if (auto it = j.find("viewer"); it != j.end() && !it->is_null())
    s.viewer = viewer_from_json(*it, warnings);
  if (s.backend == Backend::Custom && !normalize_url(s.custom_url)) {
    if (warnings) warnings->push_back("the custom backend URL is not an http(s) URL: cloud used");
    s.backend = Backend::Cloud;
  }
  return s;
}

std::string describe_settings(const PluginSettings &s) {
  std::ostringstream out;
  out << "backend=" << backend_name(s.backend);
  if (s.backend == Backend::Custom) out << " url=" << s.custom_url;
  out << " token=" << (s.token.empty() ? "none" : "set")
      << " language=" << (s.language.empty() ? "auto" : s.language)
      << " output_dir=" << (s.output_dir.empty() ? "default" : s.output_dir)
      << " after_render=" << after_render_name(s.after_render);
  if (s.after_render == AfterRender::NamedScene) out << " scene=" << s.target_scene;
  out << " upload_limit_mb=" << s.upload_limit_mb << " poll_cap_s=" << s.poll_cap_s
      << " collect_replays=" << (s.collect_replays ? "yes" : "no")
      << " highlight_replays=" << s.highlight_replays
      << " offline_encoder=" << (s.offline_hardware_encoding ? "auto" : "software") << " viewer="
      << (!s.viewer.enabled   ? "off"
          : s.viewer.approval ? "approval"
                              : "direct")
      << " viewer_cooldown_s=" << s.viewer.cooldown_s
      << " viewer_max_pending=" << s.viewer.max_pending
      << " viewer_max_chars=" << s.viewer.max_chars
      << " viewer_daily_credits=" << s.viewer.daily_credits;
  return out.str();
}

std::optional<std::string> normalize_url(const std::string &raw) {
  std::string url = std::string(protocol::trim(raw));
  std::size_t scheme_end = 0;
  if (url.rfind("http://", 0) == 0) {
    scheme_end = 7;
  } else if (url.rfind("https://", 0) == 0) {
    scheme_end = 8;
  } else {
    return std::nullopt;
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (url.size() <= scheme_end) return std::nullopt;
  const char first_host_char = url[scheme_end];
  if (first_host_char == '/' || first_host_char == ':' || first_host_char == '?') {
    return std::nullopt;
  }
  if (url.find_first_of(" \t\r\n") != std::string::npos) return std::nullopt;
  return url;
}

EnvOverrides EnvOverrides::from_environment() {
  EnvOverrides env;
  const std::string base = std::string(protocol::trim(getenv_string("NEMO_API_BASE")));
  if (!base.empty()) env.api_base = base;
  const std::string token = std::string(protocol::trim(getenv_string("NEMO_TOKEN")));
  if (!token.empty()) env.token = token;
  return env;
}

std::string language_from_locale(const std::string &locale) {
  return locale.rfind("zh", 0) == 0 ? "zh" : "en";
}

ResolvedSettings resolve_settings(const PluginSettings &s, const EnvOverrides &env,
                                  const std::string &ui_locale,
                                  const std::string &default_output_dir) {
  ResolvedSettings r;
  r.backend = s.backend;
  switch (s.backend) {
    case Backend::Cloud:
      r.api_base = core::kDefaultApiBase;
      break;
    case Backend::Local:
      break;
    case Backend::Custom:
      if (auto url = normalize_url(s.custom_url)) {
        r.api_base = *url;
      } else {
        r.backend = Backend::Cloud;
        r.api_base = core::kDefaultApiBase;
        r.warnings.push_back("the custom backend URL is not an http(s) URL: cloud used");
      }
      break;
  }
  if (env.api_base) {
    if (*env.api_base == "local") {
      r.backend = Backend::Local;
      r.api_base.clear();
      r.backend_from_env = true;
    } else if (auto url = normalize_url(*env.api_base)) {
      r.backend = *url == core::kDefaultApiBase ? Backend::Cloud : Backend::Custom;
      r.api_base = *url;
      r.backend_from_env = true;
    } else {
      r.warnings.push_back("NEMO_API_BASE is neither 'local' nor an http(s) URL: ignored");
    }
  }
  if (env.token) {
    r.token = *env.token;
    r.token_from_env = true;
  } else {
    r.token = s.token;
  }
  r.language = s.language.empty() ? language_from_locale(ui_locale) : s.language;
  r.output_dir = s.output_dir.empty() ? default_output_dir : s.output_dir;
  r.after_render = s.after_render;
  r.target_scene = s.target_scene;
  r.upload_limit_bytes = static_cast<std::uint64_t>(s.upload_limit_mb) * 1024u * 1024u;
  r.poll_cap_s = s.poll_cap_s;
  r.collect_replays = s.collect_replays;
  r.highlight_replays = s.highlight_replays;
  r.offline_hardware_encoding = s.offline_hardware_encoding;
  return r;
}

LoadedSettings load_settings_file(const std::string &path) {
  LoadedSettings loaded;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno != ENOENT) loaded.warnings.push_back(errno_text("cannot read the settings"));
    return loaded;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  json j = json::parse(buffer.str(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    loaded.warnings.push_back("the settings file is not valid JSON: defaults used");
    return loaded;
  }
  loaded.settings = settings_from_json(j, &loaded.warnings);
  loaded.from_file = j.is_object();
  return loaded;
}

std::string save_settings_file(const std::string &path, const PluginSettings &settings) {
  const core::Error e = core::write_private_file(path, settings_to_json(settings).dump(2) + "\n");
  return e ? e.detail : std::string();
}

}  // namespace nemo::obs
