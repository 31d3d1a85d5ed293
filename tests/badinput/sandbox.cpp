// SPDX-License-Identifier: GPL-2.0-or-later
#include "sandbox.hpp"

#include <linux/capability.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace nemo::test {
namespace {

bool write_file(const std::string &path, const std::string &text) {
  std::ofstream out(path);
  out << text;
  out.flush();
  return static_cast<bool>(out);
}

// A private mount namespace (as root, or as a user through a user namespace)
// with a 64 KiB tmpfs in a fresh temp folder.
void mount_tiny_tmpfs(Sandbox &box) {
  const uid_t uid = ::geteuid();
  const gid_t gid = ::getegid();
  if (uid == 0) {
    if (::unshare(CLONE_NEWNS) != 0) {
      box.note = std::string("unshare(CLONE_NEWNS): ") + std::strerror(errno);
      return;
    }
  } else {
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0) {
      box.note = std::string("unshare(CLONE_NEWUSER|CLONE_NEWNS): ") + std::strerror(errno);
      return;
    }
    write_file("/proc/self/setgroups", "deny");
    if (!write_file("/proc/self/uid_map", std::to_string(uid) + " " + std::to_string(uid) + " 1") ||
        !write_file("/proc/self/gid_map", std::to_string(gid) + " " + std::to_string(gid) + " 1")) {
      box.note = "cannot map the user namespace";
      return;
    }
  }
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    box.note = std::string("mount --make-rprivate /: ") + std::strerror(errno);
    return;
  }
  std::string dir = "/tmp/nemo-badinput-full-XXXXXX";
  if (!::mkdtemp(dir.data())) {
    box.note = "mkdtemp failed";
    return;
  }
  if (::mount("nemo-full", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0777") != 0) {
    box.note = std::string("mount tmpfs: ") + std::strerror(errno);
    ::rmdir(dir.c_str());
    return;
  }
  box.full_dir = dir;
}

// Root (or a user namespace's root) reads and writes anything: drop the two
// capabilities that make it so.
// Only the effective/permitted sets of this (the only) thread; every thread
// and child started later inherits them.
void drop_permission_override(Sandbox &box) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (::syscall(SYS_capget, &header, data) != 0) return;
  for (const int cap : {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH}) {
    const unsigned bit = 1u << (cap % 32);
    data[cap / 32].effective &= ~bit;
    data[cap / 32].permitted &= ~bit;
    data[cap / 32].inheritable &= ~bit;
  }
  box.permissions_apply = ::syscall(SYS_capset, &header, data) == 0;
  if (!box.permissions_apply) box.note += " capset: " + std::string(std::strerror(errno));
}

Sandbox make_sandbox() {
  Sandbox box;
  mount_tiny_tmpfs(box);
  drop_permission_override(box);
  return box;
}

// Made before main() (gtest has not started a thread yet); at exit the tmpfs is
// unmounted and its mount point, a folder of the host's /tmp, removed.
struct Holder {
  Sandbox box = make_sandbox();
  ~Holder() {
    if (box.full_dir.empty()) return;
    ::umount2(box.full_dir.c_str(), MNT_DETACH);
    ::rmdir(box.full_dir.c_str());
  }
};
const Holder g_holder;

}  // namespace

const Sandbox &sandbox() {
  return g_holder.box;
}

}  // namespace nemo::test
