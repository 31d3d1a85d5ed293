// The module's entry points. obs_module_load only registers: no I/O, no
// network, no threads. Everything that takes time starts later, on demand.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <obs-frontend-api.h>
#include <obs-module.h>

#include <chrono>

#include "nemo/version.hpp"
#include "obs/generation_service.hpp"
#include "obs/module_parts.hpp"
#include "obs/obs_log.hpp"
#include "obs/replay_highlights.hpp"
#include "obs/sigint_deferral.hpp"
#include "obs/viewer_requests.hpp"

OBS_DECLARE_MODULE()
OBS_MODULE_USE_DEFAULT_LOCALE(NEMO_PLUGIN_ID, "en-US")

MODULE_EXPORT const char *obs_module_name(void) {
  return "obs-nemo-video";
}

MODULE_EXPORT const char *obs_module_description(void) {
  return obs_module_text("Module.Description");
}

namespace {
// The service's start and end follow the frontend: journaled generations
// resume once the scene collection is there; jobs stop when OBS starts to
// quit, while the UI and obs-websocket are still up (not at module unload).
void on_frontend_event(enum obs_frontend_event event, void *) {
  auto &service = nemo::obs::GenerationService::instance();
  if (event == OBS_FRONTEND_EVENT_FINISHED_LOADING) service.resume_pending();
  if (event == OBS_FRONTEND_EVENT_EXIT) service.shutdown();
}
}  // namespace

namespace {
double ms_since(std::chrono::steady_clock::time_point &mark) {
  const auto now = std::chrono::steady_clock::now();
  const double ms = std::chrono::duration<double, std::milli>(now - mark).count();
  mark = now;
  return ms;
}
}  // namespace

bool obs_module_load(void) {
  auto mark = std::chrono::steady_clock::now();
  // OBS 29.0's SIGINT handler runs the whole shutdown inside the signal
  // handler (a crash when it lands in a paint): run it from the event loop.
  nemo::obs::install_sigint_deferral();
  nemo::obs::register_clip_source();
  const double source_ms = ms_since(mark);
  nemo::obs::register_dock();
  const double dock_ms = ms_since(mark);
  nemo::obs::register_hotkeys();
  nemo::obs::register_replay_highlights();
  obs_frontend_add_event_callback(on_frontend_event, nullptr);
  const double hotkeys_ms = ms_since(mark);
  // What the load cost, part by part (the start-up benchmark reads it).
  nemo_info("loaded, version %s (source %.1f ms, dock %.1f ms, hotkeys %.1f ms)", NEMO_VERSION,
            source_ms, dock_ms, hotkeys_ms);
  return true;
}

// obs-websocket registers its vendor API during its own load: vendors can be
// created only once every module has loaded.
void obs_module_post_load(void) {
  nemo::obs::register_vendor_requests();
}

void obs_module_unload(void) {
  obs_frontend_remove_event_callback(on_frontend_event, nullptr);
  nemo::obs::unregister_vendor_requests();
  nemo::obs::shutdown_viewer_requests();
  nemo::obs::GenerationService::instance().shutdown();
  nemo::obs::unregister_replay_highlights();
  nemo::obs::unregister_hotkeys();
  nemo::obs::unregister_dock();
  nemo::obs::remove_sigint_deferral();
  nemo_info("unloaded");
}
