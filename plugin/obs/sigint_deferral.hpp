// SIGINT (Ctrl+C in OBS's terminal, or a test harness's quit) handled from
// the event loop instead of from inside OBS 29.0's signal handler.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

namespace nemo::obs {

// UI THREAD, from obs_module_load. On OBS older than 29.1 (whose SIGINT
// handler runs OBSBasic::close() inside the signal handler, on top of
// whatever the main thread was doing), puts a handler in front of OBS's that
// only writes a byte to a socket; the event loop then runs OBS's handler,
// that is OBS's whole shutdown, as OBS 29.1 does. Nothing on OBS 29.1+, when
// SIGINT is not OBS's plain handler, or with NEMO_KEEP_OBS_SIGINT=1 set.
void install_sigint_deferral();

// UI THREAD, from obs_module_unload: OBS's own handler back in place.
void remove_sigint_deferral();

}  // namespace nemo::obs
