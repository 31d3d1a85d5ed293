// Where the system keeps the face model the renderer frames pictures with (an
// OpenCV cascade; Debian's opencv-data). A port ships the file with the
// program and names it here.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <vector>

namespace nemo::platform {

// Face model files to try, best first ($NEMO_FACE_MODEL first when set).
std::vector<std::string> face_model_candidates();

}  // namespace nemo::platform
