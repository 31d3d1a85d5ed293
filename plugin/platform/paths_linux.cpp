// SPDX-License-Identifier: GPL-2.0-or-later
#include <cstdlib>
#include <filesystem>

#include "platform/paths.hpp"

namespace nemo::platform {

std::string user_data_dir(const std::string &app) {
  if (const char *xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return (std::filesystem::path(xdg) / app).string();
  if (const char *home = std::getenv("HOME"); home && *home)
    return (std::filesystem::path(home) / ".local" / "share" / app).string();
  return {};
}

std::string executable_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}

}  // namespace nemo::platform
