// An exclusive advisory lock between processes, held for a scope: two
// nemo-clip runs, or OBS and nemo-clip, updating one journal.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <string>

namespace nemo::platform {

class FileLock {
 public:
  // Waits for the lock on `lock_path` (created, private, if missing). When the
  // file cannot be made the lock is not held: held() says so, and callers go
  // on unlocked rather than fail (the lock guards against a rare race only).
  explicit FileLock(const std::string &lock_path);
  ~FileLock();
  FileLock(const FileLock &) = delete;
  FileLock &operator=(const FileLock &) = delete;
  bool held() const { return handle_ >= 0; }

 private:
  std::intptr_t handle_ = -1;  // a descriptor (POSIX) or a HANDLE (Windows)
};

}  // namespace nemo::platform
