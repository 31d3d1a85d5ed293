// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/websocket_vendor.hpp"

#include "obs/obs_log.hpp"

namespace nemo::obs {
namespace {

// The layout obs-websocket expects behind the `callback` pointer.
struct RequestCallback {
  WebSocketVendor::RequestFn callback;
  void *priv_data;
};

// calldata_t with its storage released on every path.
struct CallData {
  calldata_t cd;
  CallData() { calldata_init(&cd); }
  ~CallData() { calldata_free(&cd); }
  CallData(const CallData &) = delete;
  CallData &operator=(const CallData &) = delete;
};

}  // namespace

bool WebSocketVendor::open(const char *vendor_name) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (vendor_) return true;
  CallData get_ph;
  if (!proc_handler_call(obs_get_proc_handler(), "obs_websocket_api_get_ph", &get_ph.cd)) {
    nemo_info("obs-websocket is not loaded: vendor requests are not available");
    return false;
  }
  ph_ = static_cast<proc_handler_t *>(calldata_ptr(&get_ph.cd, "ph"));
  if (!ph_) return false;

  CallData version;
  if (proc_handler_call(ph_, "get_api_version", &version.cd))
    nemo_info("obs-websocket vendor API version %lld",
              static_cast<long long>(calldata_int(&version.cd, "version")));

  CallData reg;
  calldata_set_string(&reg.cd, "name", vendor_name);
  if (!proc_handler_call(ph_, "vendor_register", &reg.cd) || !calldata_bool(&reg.cd, "success")) {
    nemo_warn("could not register the obs-websocket vendor '%s'", vendor_name);
    ph_ = nullptr;
    return false;
  }
  vendor_ = calldata_ptr(&reg.cd, "vendor");
  return vendor_ != nullptr;
}

bool WebSocketVendor::add_request(const char *type, RequestFn fn, void *priv) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!vendor_) return false;
  RequestCallback cb{fn, priv};  // copied by obs-websocket
  CallData cd;
  calldata_set_ptr(&cd.cd, "vendor", vendor_);
  calldata_set_string(&cd.cd, "type", type);
  calldata_set_ptr(&cd.cd, "callback", &cb);
  if (!proc_handler_call(ph_, "vendor_request_register", &cd.cd) ||
      !calldata_bool(&cd.cd, "success")) {
    nemo_warn("could not register the vendor request '%s'", type);
    return false;
  }
  requests_.emplace_back(type);
  return true;
}

void WebSocketVendor::close() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!vendor_) return;
  for (const auto &type : requests_) {
    CallData cd;
    calldata_set_ptr(&cd.cd, "vendor", vendor_);
    calldata_set_string(&cd.cd, "type", type.c_str());
    proc_handler_call(ph_, "vendor_request_unregister", &cd.cd);
  }
  requests_.clear();
  // obs-websocket keeps vendor objects until it unloads; there is no
  // vendor_unregister. Forget ours so nothing calls into it again.
  vendor_ = nullptr;
  ph_ = nullptr;
}

bool WebSocketVendor::is_open() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return vendor_ != nullptr;
}

bool WebSocketVendor::emit(const char *event_type, obs_data_t *data) const {
  // Held across the call: close() cannot pull the vendor away mid-emit.
  std::lock_guard<std::mutex> lock(mutex_);
  if (!vendor_) return false;
  CallData cd;
  calldata_set_ptr(&cd.cd, "vendor", vendor_);
  calldata_set_string(&cd.cd, "type", event_type);
  calldata_set_ptr(&cd.cd, "data", data);
  return proc_handler_call(ph_, "vendor_event_emit", &cd.cd) && calldata_bool(&cd.cd, "success");
}

}  // namespace nemo::obs
