// The one error type of the client: a code the caller can branch on, a message
// key the UI localizes (data/locale/*.ini), and a detail for logs. No token, ever:
// make_error() scrubs anything that looks like a bearer token from the detail.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <string_view>

namespace nemo::core {

enum class ErrorCode {
  Ok = 0,
  Usage,            // bad arguments or settings
  Network,          // connect/DNS/TLS/timeout, HTTP 5xx
  Auth,             // 1001 after the retry, HTTP 401/403
  RateLimited,      // HTTP 429 after the retry
  Session,          // 1002 after the retry
  Credits,          // 2001
  PlanBlocked,      // HTTP 402
  UnsupportedFile,  // 4001, or refused locally
  FileTooLarge,     // 4002, or refused locally
  BadInput,         // unreadable or invalid input
  Protocol,         // an answer we cannot understand
  AgentFailed,      // the agent's stream reported an error (the answer was understood)
  RenderFailed,     // the render reported failed
  BadMedia,         // a downloaded file that fails the probe
  Disk,             // cannot write (full, read-only)
  Cancelled,
  Timeout,  // the turn or the render went past its limit
  Internal,
};

struct Error {
  ErrorCode code = ErrorCode::Ok;
  std::string key;     // message key for obs_module_text / the CLI's table, e.g. "Error.Network"
  std::string detail;  // English detail for logs and --json; never a token

  explicit operator bool() const { return code != ErrorCode::Ok; }
};

// The message key that goes with a code ("Error.Network", ...).
std::string_view error_key(ErrorCode code);
// A stable lower-case name for a code ("network", ...), for --json and logs.
std::string_view error_name(ErrorCode code);
// An error with the default key for its code and a scrubbed detail.
Error make_error(ErrorCode code, std::string detail = {});
// A write that failed with errno `err` (Disk): the key says why when it is
// clear: Error.DiskFull (ENOSPC, EDQUOT, EFBIG), Error.OutputNotWritable
// (EACCES, EPERM, EROFS), else Error.Disk.
Error disk_error(int err, std::string detail);
// Replaces bearer tokens (Bearer xxx, nmv_xxx) in text with "***".
std::string redact_secrets(std::string text);

}  // namespace nemo::core
