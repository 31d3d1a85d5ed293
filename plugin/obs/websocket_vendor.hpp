// The client side of obs-websocket 5's vendor API, written from its documented
// proc-handler protocol (OBS ships no obs-websocket-api.h on Debian):
//   global proc handler:  obs_websocket_api_get_ph(out ptr ph)
//   obs-websocket's ph:   get_api_version(out int version)
//                         vendor_register(in string name, out ptr vendor)
//                         vendor_request_register(in ptr vendor, in string type, in ptr callback)
//                         vendor_request_unregister(in ptr vendor, in string type)
//                         vendor_event_emit(in ptr vendor, in string type, in ptr data)
// obs-websocket copies the callback struct when it registers a request.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <obs.h>

#include <mutex>
#include <string>
#include <vector>

namespace nemo::obs {

class WebSocketVendor {
 public:
  // request data in, response data out (both owned by obs-websocket).
  using RequestFn = void (*)(obs_data_t *request, obs_data_t *response, void *priv);

  // Registers the vendor; false (and a log line) when obs-websocket is absent.
  bool open(const char *vendor_name);
  bool add_request(const char *type, RequestFn fn, void *priv);
  // Unregisters every request this object added. Call while obs-websocket is
  // still loaded (OBS_FRONTEND_EVENT_EXIT), not from obs_module_unload.
  // Once it returns no emit() is under way and none reaches obs-websocket.
  void close();
  // Any thread (job threads emit while the UI thread may close).
  bool emit(const char *event_type, obs_data_t *data) const;
  bool is_open() const;

 private:
  mutable std::mutex mutex_;  // vendor_ and ph_: open/close on the UI thread, emit on any
  proc_handler_t *ph_ = nullptr;
  void *vendor_ = nullptr;
  std::vector<std::string> requests_;
};

}  // namespace nemo::obs
