// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/private_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "core/unique_fd.hpp"

namespace nemo::core {
namespace {

bool write_fully(int fd, std::string_view bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

Error failed(const char *what, const std::string &path, int err) {
  return make_error(ErrorCode::Disk, std::string(what) + " " + path + ": " + std::strerror(err));
}

}  // namespace

Error write_private_file(const std::string &path, std::string_view text) {
  const std::string tmp = path + ".tmp";
  {
    UniqueFd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (fd.get() < 0) return failed("cannot create", tmp, errno);
    if (::fchmod(fd.get(), 0600) != 0 || !write_fully(fd.get(), text) || ::fsync(fd.get()) != 0 ||
        ::close(fd.release()) != 0) {
      const int err = errno;
      ::unlink(tmp.c_str());
      return failed("cannot write", tmp, err);
    }
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return failed("cannot replace", path, err);
  }
  const auto slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "."
                          : slash == 0               ? "/"
                                                     : path.substr(0, slash);
  UniqueFd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dfd.get() >= 0) ::fsync(dfd.get());  // best effort: the rename is done
  return {};
}

}  // namespace nemo::core
