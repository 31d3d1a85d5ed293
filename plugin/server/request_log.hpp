// One line per request (method, path, status, milliseconds) to stderr or a
// file. Never a token: query strings are dropped and capability paths
// (/output/<id>/<secret>) are shortened.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

namespace nemo::server {

class RequestLog {
 public:
  // Empty path: stderr. Throws std::runtime_error when the file cannot be opened.
  explicit RequestLog(const std::string &path);
  void request(const std::string &method, const std::string &path, int status, long long ms);
  void message(const std::string &text);

  // The path as it may be logged.
  static std::string loggable_path(const std::string &path);

 private:
  struct FileCloser {
    void operator()(std::FILE *f) const {
      if (f) std::fclose(f);
    }
  };
  void write_line(const std::string &line);
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::FILE *out_;
  std::mutex mu_;
};

}  // namespace nemo::server
