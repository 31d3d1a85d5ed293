// One worker thread that runs tasks in order, off the UI thread (file checks,
// thumbnails, deletions). The thread starts with the first task; stop()
// (also the destructor) drops what has not started and joins, so a task may
// hand its result to the widget that owns the queue with
// QMetaObject::invokeMethod(owner, ..., Qt::QueuedConnection).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace nemo::obs {

class BackgroundQueue {
 public:
  BackgroundQueue() = default;
  ~BackgroundQueue() { stop(); }
  BackgroundQueue(const BackgroundQueue &) = delete;
  BackgroundQueue &operator=(const BackgroundQueue &) = delete;

  void post(std::function<void()> task);
  bool stopping() const;  // for long tasks: give up early
  void stop();

 private:
  void run();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace nemo::obs
