// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/exit_codes.hpp"

namespace nemo::cli {

int exit_code_for(core::ErrorCode code) {
  using core::ErrorCode;
  switch (code) {
    case ErrorCode::Ok:
      return kExitOk;
    case ErrorCode::Usage:
      return kExitUsage;
    case ErrorCode::Network:
    case ErrorCode::RateLimited:
    case ErrorCode::Timeout:
      return kExitNetwork;
    case ErrorCode::Auth:
    case ErrorCode::Session:
      return kExitAuth;
    case ErrorCode::Credits:
    case ErrorCode::PlanBlocked:
      return kExitCredits;
    case ErrorCode::UnsupportedFile:
    case ErrorCode::FileTooLarge:
    case ErrorCode::BadInput:
      return kExitBadInput;
    case ErrorCode::RenderFailed:
    case ErrorCode::BadMedia:
      return kExitRender;
    case ErrorCode::Disk:
      return kExitDisk;
    case ErrorCode::Cancelled:
      return kExitCancelled;
    case ErrorCode::Protocol:
    case ErrorCode::AgentFailed:
    case ErrorCode::Internal:
      return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace nemo::cli
