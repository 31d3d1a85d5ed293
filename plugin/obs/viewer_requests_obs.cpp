// The module's ViewerRequests: the settings from the store, generations
// through GenerationService (whose ended viewer jobs it counts), the local
// day, the viewer media folder, and the day's spending in
// <module config>/viewer_credits.json (0600).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <obs-module.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/file_check.hpp"
#include "core/journal.hpp"
#include "core/private_file.hpp"
#include "obs/obs_log.hpp"
#include "obs/plugin_settings_store.hpp"
#include "obs/viewer_requests.hpp"
#include "platform/clock.hpp"

namespace nemo::obs {
namespace {

namespace fs = std::filesystem;

// At most this many photos and clips from the viewer media folder, by name.
constexpr std::size_t kMaxFolderMedia = 20;

std::string spent_file() {
  char *path = obs_module_config_path("viewer_credits.json");
  std::string out = path ? path : "";
  bfree(path);
  return out;
}

std::string today() {
  const std::tm tm = platform::local_calendar_time(std::time(nullptr));
  char day[16];
  std::strftime(day, sizeof day, "%Y-%m-%d", &tm);
  return day;
}

void fill_media(const std::string &dir, ClipRequest &request) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (fs::directory_iterator it(fs::u8path(dir), ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec)) files.push_back(it->path());
  if (ec) nemo_warn("viewer media folder %s: %s", dir.c_str(), ec.message().c_str());
  std::sort(files.begin(), files.end());
  for (const fs::path &file : files) {
    std::string ext = file.extension().u8string();
    if (!ext.empty()) ext.erase(0, 1);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const core::MediaKind kind = core::kind_of_ext(ext);
    if (kind == core::MediaKind::Audio && request.audio.empty()) {
      request.audio = file.u8string();
    } else if (request.images.size() + request.videos.size() < kMaxFolderMedia) {
      if (kind == core::MediaKind::Image) request.images.push_back(file.u8string());
      if (kind == core::MediaKind::Video) request.videos.push_back(file.u8string());
    }
  }
}

void load_spent(std::string &day, double &credits) {
  std::ifstream in(fs::u8path(spent_file()));
  if (!in) return;
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object()) return;
  day = j.value("day", std::string());
  credits = j.value("credits", 0.0);
}

void save_spent(const std::string &day, double credits) {
  const std::string path = spent_file();
  if (path.empty()) return;
  std::error_code ec;
  fs::create_directories(fs::u8path(path).parent_path(), ec);
  const nlohmann::json j = {{"day", day}, {"credits", credits}};
  if (core::Error e = core::write_private_file(path, j.dump()))
    nemo_warn("cannot keep the viewer credits spent today: %s", e.detail.c_str());
}

int g_service_token = 0;

}  // namespace

ViewerRequests &ViewerRequests::instance() {
  static ViewerRequests requests([] {
    Hooks h;
    h.settings = [] { return settings().viewer; };
    h.generate = [](const ClipRequest &r) { return GenerationService::instance().generate(r); };
    h.today = today;
    h.fill_media = fill_media;
    h.load_spent = load_spent;
    h.save_spent = save_spent;
    h.log = [](const std::string &line) { nemo_info("%s", line.c_str()); };
    h.now_unix_ms = core::now_unix_ms;
    return h;
  }());
  static const bool subscribed = [] {
    g_service_token = GenerationService::instance().subscribe([](const ServiceEvent &event) {
      if (event.kind == ServiceEvent::Kind::JobCompleted ||
          event.kind == ServiceEvent::Kind::JobFailed)
        requests.job_ended(event.job);
    });
    return true;
  }();
  (void)subscribed;
  return requests;
}

std::string viewer_refusal_text(core::ViewerRefusal refusal, const std::string &name,
                                int retry_after_s) {
  const char *key = core::viewer_refusal_key(refusal);
  if (!*key) return {};
  std::string text = obs_module_text(key);
  const std::string second = refusal == core::ViewerRefusal::Cooldown
                                 ? core::wait_text(retry_after_s)
                                 : std::to_string(settings().viewer.max_chars);
  for (const auto &[token, value] : {std::pair<std::string, std::string>{"%1", name},
                                     std::pair<std::string, std::string>{"%2", second}}) {
    for (std::size_t at = text.find(token); at != std::string::npos;
         at = text.find(token, at + value.size()))
      text.replace(at, token.size(), value);
  }
  return text;
}

void shutdown_viewer_requests() {
  if (g_service_token) GenerationService::instance().unsubscribe(g_service_token);
  g_service_token = 0;
}

}  // namespace nemo::obs
