// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/error.hpp"

#include <cerrno>
#include <regex>

namespace nemo::core {
namespace {
struct CodeInfo {
  ErrorCode code;
  std::string_view name;
  std::string_view key;
};
constexpr CodeInfo kCodes[] = {
    {ErrorCode::Ok, "ok", "Error.None"},
    {ErrorCode::Usage, "usage", "Error.Usage"},
    {ErrorCode::Network, "network", "Error.Network"},
    {ErrorCode::Auth, "auth", "Error.Auth"},
    {ErrorCode::RateLimited, "rate_limited", "Error.RateLimited"},
    {ErrorCode::Session, "session", "Error.Session"},
    {ErrorCode::Credits, "credits", "Error.Credits"},
    {ErrorCode::PlanBlocked, "plan_blocked", "Error.PlanBlocked"},
    {ErrorCode::UnsupportedFile, "unsupported_file", "Error.UnsupportedFile"},
    {ErrorCode::FileTooLarge, "file_too_large", "Error.FileTooLarge"},
    {ErrorCode::BadInput, "bad_input", "Error.BadInput"},
    {ErrorCode::Protocol, "protocol", "Error.Protocol"},
    {ErrorCode::AgentFailed, "agent_failed", "Error.AgentFailed"},
    {ErrorCode::RenderFailed, "render_failed", "Error.RenderFailed"},
    {ErrorCode::BadMedia, "bad_media", "Error.BadMedia"},
    {ErrorCode::Disk, "disk", "Error.Disk"},
    {ErrorCode::Cancelled, "cancelled", "Error.Cancelled"},
    {ErrorCode::Timeout, "timeout", "Error.Timeout"},
    {ErrorCode::Internal, "internal", "Error.Internal"},
};

const CodeInfo &info(ErrorCode code) {
  for (const auto &c : kCodes)
    if (c.code == code) return c;
  return kCodes[sizeof(kCodes) / sizeof(kCodes[0]) - 1];
}
}  // namespace

std::string_view error_key(ErrorCode code) {
  return info(code).key;
}
std::string_view error_name(ErrorCode code) {
  return info(code).name;
}

Error make_error(ErrorCode code, std::string detail) {
  return Error{code, std::string(error_key(code)), redact_secrets(std::move(detail))};
}

Error disk_error(int err, std::string detail) {
  Error e = make_error(ErrorCode::Disk, std::move(detail));
  if (err == ENOSPC || err == EDQUOT || err == EFBIG)
    e.key = "Error.DiskFull";
  else if (err == EACCES || err == EPERM || err == EROFS)
    e.key = "Error.OutputNotWritable";
  return e;
}

std::string redact_secrets(std::string text) {
  static const std::regex bearer(R"((Bearer|bearer|BEARER)\s+[A-Za-z0-9._~+/=-]+)");
  static const std::regex nmv(R"(nmv_[A-Za-z0-9_-]+)");
  static const std::regex local(R"(nlt_[A-Za-z0-9_-]+)");
  text = std::regex_replace(text, bearer, "$1 ***");
  text = std::regex_replace(text, nmv, "nmv_***");
  text = std::regex_replace(text, local, "nlt_***");
  return text;
}

}  // namespace nemo::core
