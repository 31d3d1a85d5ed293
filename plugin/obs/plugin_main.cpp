// The module's entry points. obs_module_load only registers: no I/O, no
// network, no threads. Everything that takes time starts later, on demand.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <obs-module.h>

#include "nemo/version.hpp"
#include "obs/obs_log.hpp"

OBS_DECLARE_MODULE()
OBS_MODULE_USE_DEFAULT_LOCALE(NEMO_PLUGIN_ID, "en-US")

MODULE_EXPORT const char *obs_module_name(void) {
  return "obs-nemo-video";
}

MODULE_EXPORT const char *obs_module_description(void) {
  return obs_module_text("Module.Description");
}

bool obs_module_load(void) {
  nemo_info("loaded, version %s", NEMO_VERSION);
  return true;
}

void obs_module_unload(void) {
  nemo_info("unloaded");
}
