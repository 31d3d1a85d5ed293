// SPDX-License-Identifier: GPL-2.0-or-later
#include "platform/fonts.hpp"

namespace nemo::platform {

std::vector<std::string> system_font_candidates(bool bold) {
  // Debian's fonts-noto-cjk, then the paths of other distributions.
  if (bold) {
    return {
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
    };
  }
  return {
      "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
      "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
      "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
      "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
      "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
  };
}

}  // namespace nemo::platform
