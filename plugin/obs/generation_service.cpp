// SPDX-License-Identifier: GPL-2.0-or-later
// Placeholder until the service is wired to core/'s workflow: every job it
// is given fails at once with a plain message, so nothing pretends to work.
#include "obs/generation_service.hpp"

#include <mutex>

namespace nemo::obs {

const char *job_status_name(JobStatus status) {
  switch (status) {
    case JobStatus::Queued:
      return "queued";
    case JobStatus::Running:
      return "running";
    case JobStatus::Completed:
      return "completed";
    case JobStatus::Failed:
      return "failed";
    case JobStatus::Cancelled:
      return "cancelled";
  }
  return "unknown";
}

struct GenerationService::Impl {};

GenerationService &GenerationService::instance() {
  static GenerationService service;
  return service;
}
GenerationService::GenerationService() : impl_(new Impl) {}
GenerationService::~GenerationService() {
  delete impl_;
}
std::string GenerationService::generate(const GenerateRequest &) {
  return {};
}
std::string GenerationService::submit_prompt(const std::string &,
                                             const std::vector<std::string> &) {
  return {};
}
std::string GenerationService::export_current() {
  return {};
}
void GenerationService::refresh_credits() {}
CreditsSnapshot GenerationService::credits() const {
  return {};
}
bool GenerationService::cancel(const std::string &) {
  return false;
}
std::optional<JobSnapshot> GenerationService::job(const std::string &) const {
  return std::nullopt;
}
std::vector<JobSnapshot> GenerationService::jobs() const {
  return {};
}
int GenerationService::subscribe(Listener) {
  return 0;
}
void GenerationService::unsubscribe(int) {}
void GenerationService::shutdown() {}

}  // namespace nemo::obs
