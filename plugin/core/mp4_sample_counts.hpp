// The sample counts an MP4/MOV declares, checked against what the file can
// hold, before libavformat reads it. FFmpeg 5.1's MOV demuxer (Debian 12's)
// sizes its sample index from these counts: a 1 KB file whose fragment run
// ('trun') declared 84 million samples made it allocate and fill 2.7 GB,
// inside OBS (found by fuzzing the probe). A sample takes at least one byte of
// the file.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>

#include "core/error.hpp"

namespace nemo::core {

// Looks at every 'trun' (fragment run), 'stsz' and 'stz2' (sample sizes)
// outside the top-level 'mdat' payloads, wherever it sits: libavformat parses
// such a box inside any box it walks, and walks on past boxes whose sizes lie
// (a second fuzz find hid the run behind a box claiming 4 GB). The samples
// of all runs together, and of each size table, must fit the file: more is
// ErrorCode::BadMedia. Anything else is left to libavformat.
Error check_mp4_sample_counts(const std::string &path);

}  // namespace nemo::core
