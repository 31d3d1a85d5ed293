// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/private_file.hpp"

#include "platform/durable_file.hpp"

namespace nemo::core {

Error write_private_file(const std::string &path, std::string_view text) {
  if (const std::string why = platform::write_private_file(path, text); !why.empty())
    return make_error(ErrorCode::Disk, why);
  return {};
}

}  // namespace nemo::core
