// A cancellation flag shared between a job and the work it runs. cancel() is
// safe from any thread; wait_for() sleeps but wakes at once on cancel, so no
// wait in the client outlives a cancel by more than a scheduler tick.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace nemo::core {

class CancelToken {
 public:
  CancelToken() = default;
  CancelToken(const CancelToken &) = delete;
  CancelToken &operator=(const CancelToken &) = delete;

  // Sets the flag and wakes every wait_for().
  void cancel() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      flag_.store(true, std::memory_order_release);
    }
    cv_.notify_all();
  }

  // Lock-free: cheap enough for a libcurl progress callback or a frame loop.
  bool cancelled() const { return flag_.load(std::memory_order_acquire); }

  // Sleeps up to `duration`; returns true (at once) if cancelled.
  template <class Rep, class Period>
  bool wait_for(std::chrono::duration<Rep, Period> duration) const {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, duration, [this] { return cancelled(); });
  }

  // The flag itself, for APIs that take `const std::atomic<bool>*`.
  const std::atomic<bool> *flag() const { return &flag_; }

  // A token nobody cancels: the default argument of calls that take one.
  static const CancelToken &none() {
    static const CancelToken token;
    return token;
  }

  // For a libcurl CURLOPT_XFERINFOFUNCTION: pass the token as clientp;
  // returns non-zero (abort) once cancelled.
  static int curl_xferinfo(void *clientp, long long /*dltotal*/, long long /*dlnow*/,
                           long long /*ultotal*/, long long /*ulnow*/) {
    return static_cast<const CancelToken *>(clientp)->cancelled() ? 1 : 0;
  }

 private:
  std::atomic<bool> flag_{false};
  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;
};

}  // namespace nemo::core
