// SPDX-License-Identifier: GPL-2.0-or-later
#include <cstdlib>

#include "platform/face_models.hpp"

namespace nemo::platform {

std::vector<std::string> face_model_candidates() {
  std::vector<std::string> out;
  if (const char *env = std::getenv("NEMO_FACE_MODEL"); env && *env) out.emplace_back(env);
  // Debian's opencv-data (OpenCV 4), then OpenCV 3's and other distributions' paths.
  for (const char *dir :
       {"/usr/share/opencv4/haarcascades", "/usr/share/opencv/haarcascades",
        "/usr/local/share/opencv4/haarcascades", "/usr/share/OpenCV/haarcascades"})
    out.push_back(std::string(dir) + "/haarcascade_frontalface_alt2.xml");
  return out;
}

}  // namespace nemo::platform
