// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/request_log.hpp"

#include <ctime>
#include <stdexcept>

#include "platform/clock.hpp"

namespace nemo::server {

RequestLog::RequestLog(const std::string &path) : out_(stderr) {
  if (!path.empty()) {
    file_.reset(std::fopen(path.c_str(), "a"));
    if (!file_) throw std::runtime_error("cannot open the log file " + path);
    out_ = file_.get();
  }
}

std::string RequestLog::loggable_path(const std::string &path) {
  std::string p = path.substr(0, path.find('?'));
  if (p.rfind("/output/", 0) == 0) {
    const auto slash = p.find('/', 8);
    if (slash != std::string::npos) p = p.substr(0, slash) + "/***";
  }
  for (auto &c : p) {
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  }
  if (p.size() > 200) p = p.substr(0, 200) + "...";
  return p;
}

void RequestLog::write_line(const std::string &line) {
  std::time_t now = std::time(nullptr);
  const std::tm tm = platform::utc_calendar_time(now);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::lock_guard<std::mutex> lock(mu_);
  std::fprintf(out_, "%s %s\n", stamp, line.c_str());
  std::fflush(out_);
}

void RequestLog::request(const std::string &method, const std::string &path, int status,
                         long long ms) {
  write_line(method + " " + loggable_path(path) + " " + std::to_string(status) + " " +
             std::to_string(ms) + "ms");
}

void RequestLog::message(const std::string &text) {
  write_line(text);
}

}  // namespace nemo::server
