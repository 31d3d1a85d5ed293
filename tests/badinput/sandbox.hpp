// The bad-input suite's own little world, set up before main() while the
// process is still single-threaded:
// - a private mount namespace with a tiny tmpfs (64 KiB) that stands for a
//   full disk: writes there fail with ENOSPC, as on a real full disk;
// - when the suite runs as root (CI containers do), root's permission
//   override (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) is dropped, so that a
//   mode-000 file or a read-only folder refuses us as it refuses a streamer.
// Both die with the process: nothing is mounted on the host.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>

namespace nemo::test {

struct Sandbox {
  std::string full_dir;            // the tiny tmpfs; "" when no mount was possible
  bool permissions_apply = false;  // chmod 000 / a read-only folder really refuse us
  std::string note;                // why something is missing
};

const Sandbox &sandbox();

}  // namespace nemo::test
