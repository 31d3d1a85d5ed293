// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/replay_highlights.hpp"

#include <obs-frontend-api.h>
#include <obs-module.h>

#include <deque>
#include <filesystem>
#include <mutex>

#include "obs/generation_service.hpp"
#include "obs/obs_log.hpp"
#include "obs/plugin_settings.hpp"
#include "obs/plugin_settings_store.hpp"

namespace nemo::obs {
namespace {

std::mutex g_mutex;
std::deque<std::string> g_replays;  // oldest first, at most kMaxHighlightReplays

// UI thread (frontend events).
void on_frontend_event(enum obs_frontend_event event, void *) {
  if (event != OBS_FRONTEND_EVENT_REPLAY_BUFFER_SAVED) return;
  if (!resolved_settings().collect_replays) return;
  char *path = obs_frontend_get_last_replay();
  if (!path) return;
  const std::string saved = path;
  bfree(path);
  std::size_t count = 0;
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    g_replays.push_back(saved);
    while (g_replays.size() > static_cast<std::size_t>(kMaxHighlightReplays)) g_replays.pop_front();
    count = g_replays.size();
  }
  nemo_info("replay collected for highlights: %s (%zu kept)",
            std::filesystem::path(saved).filename().string().c_str(), count);
}

}  // namespace

void register_replay_highlights() {
  obs_frontend_add_event_callback(on_frontend_event, nullptr);
}

void unregister_replay_highlights() {
  obs_frontend_remove_event_callback(on_frontend_event, nullptr);
}

std::vector<std::string> collected_replays() {
  std::lock_guard<std::mutex> lock(g_mutex);
  return {g_replays.begin(), g_replays.end()};
}

std::string make_highlight(int count, const std::string &prompt, std::string *error_code) {
  const ResolvedSettings settings = resolved_settings();
  if (count <= 0) count = settings.highlight_replays;
  // No file is looked at here (this may be the UI thread): a replay deleted
  // since is reported by the job's own file check.
  std::vector<std::string> usable = collected_replays();
  if (usable.empty()) {
    if (error_code) *error_code = "no_replays";
    return {};
  }
  if (usable.size() > static_cast<std::size_t>(count))
    usable.erase(usable.begin(), usable.end() - count);
  ClipRequest request;
  request.videos = usable;
  request.prompt = prompt.empty() ? obs_module_text("Highlight.DefaultPrompt") : prompt;
  request.workflow = "custom";
  request.origin = "highlight";
  const std::string id = GenerationService::instance().generate(request);
  if (id.empty() && error_code) *error_code = "unavailable";
  if (!id.empty())
    nemo_info("highlight from the last %zu replay(s): job %s", usable.size(), id.c_str());
  return id;
}

}  // namespace nemo::obs
