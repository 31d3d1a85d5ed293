// The sample counts an MP4/MOV declares, checked against what the file can
// hold, before libavformat reads it. FFmpeg 5.1's MOV demuxer (Debian 12's)
// sizes its sample index from these counts: a 1 KB file whose fragment run
// ('trun') declared 84 million samples made it allocate and fill 2.7 GB,
// inside OBS (found by fuzzing the probe). A sample takes at least one byte of
// the file, and a table holds as many entries as its box has room for.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>

#include "core/error.hpp"

namespace nemo::core {

// Walks the box tree (moov/trak/mdia/minf/stbl and moof/traf; mdat and the
// rest are skipped, not read) and checks stts, ctts, stsc, stsz, stz2, stco,
// co64, stss and trun. A file that is not ISO BMFF, or whose boxes run past
// its end, is left to libavformat: only a table that declares more than the
// file can hold is refused, with ErrorCode::BadMedia.
Error check_mp4_sample_counts(const std::string &path);

}  // namespace nemo::core
