// One uploaded file of a session as the agent sees it: the server fills it
// from the upload answer, the agent lays it out in drafts.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>

namespace nemo::agent {

struct MediaRef {
  std::string id;
  std::string name;
  std::string url;   // the cdn_url a draft's `src` refers to
  std::string kind;  // image | video | audio
  int width = 0, height = 0;
  double duration_s = 0;
  bool has_audio = false;
};

}  // namespace nemo::agent
