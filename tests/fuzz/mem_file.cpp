// SPDX-License-Identifier: GPL-2.0-or-later
#include "mem_file.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_targets.hpp"

namespace nemo::fuzz {

MemFile::MemFile() : fd_(::memfd_create("nemo-fuzz-input", MFD_CLOEXEC)) {
  NEMO_FUZZ_CHECK(fd_ >= 0);
  path_ = "/proc/self/fd/" + std::to_string(fd_);
}

MemFile::~MemFile() {
  if (fd_ >= 0) ::close(fd_);
}

bool MemFile::assign(const std::uint8_t *data, std::size_t size) {
  if (::ftruncate(fd_, 0) != 0) return false;
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace nemo::fuzz
