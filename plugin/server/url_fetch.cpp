// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/url_fetch.hpp"

#include <httplib.h>

#include <cstdio>
#include <memory>
#include <regex>

#include "server/httplib_compat.hpp"
#include "server/ids.hpp"

namespace nemo::server {

namespace {
struct FileCloser {
  void operator()(std::FILE *f) const {
    if (f) std::fclose(f);
  }
};

struct ParsedUrl {
  std::string origin;  // scheme://host[:port]
  std::string path;    // /... (with the query)
};

bool parse_url(const std::string &url, ParsedUrl &out) {
  static const std::regex re(
      R"(^(https?)://([A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?(/[^\s#]*)?(#.*)?$)",
      std::regex::icase);
  std::smatch m;
  if (url.size() > 4096 || !std::regex_match(url, m, re)) return false;
  out.origin = m[1].str() + "://" + m[2].str() + m[3].str();
  out.path = m[4].matched ? m[4].str() : "/";
  return true;
}
}  // namespace

std::string url_file_name(const std::string &url) {
  ParsedUrl p;
  if (!parse_url(url, p)) return "";
  std::string path = p.path.substr(0, p.path.find('?'));
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

FetchResult fetch_url_to_file(const std::string &url, const std::string &path,
                              std::uint64_t max_bytes, int timeout_s,
                              const std::atomic<bool> *cancel) {
  FetchResult result;
  ParsedUrl parsed;
  if (!parse_url(url, parsed)) {
    result.status = FetchResult::Status::BadUrl;
    result.message = "not an http(s) URL";
    return result;
  }
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "wb"));
  if (!file) {
    result.message = "cannot write the upload to disk";
    return result;
  }
  httplib::Client client(parsed.origin);
  client.set_connection_timeout(timeout_s, 0);
  client.set_read_timeout(timeout_s, 0);
  client.set_write_timeout(timeout_s, 0);
  client.set_follow_location(false);
  client.set_decompress(true);

  Sha256 hash;
  bool too_large = false, write_failed = false;
  int status = 0;
  auto response = client.Get(
      parsed.path,
      [&](const httplib::Response &r) {
        status = r.status;
        if (r.status != 200) return false;
        if (r.has_header("Content-Length")) {
          const auto length = header_u64(r.headers, "Content-Length");
          if (length > max_bytes) {
            too_large = true;
            return false;
          }
        }
        return true;
      },
      [&](const char *data, std::size_t n) {
        if (cancel && cancel->load()) return false;
        if (result.size + n > max_bytes) {
          too_large = true;
          return false;
        }
        if (std::fwrite(data, 1, n, file.get()) != n) {
          write_failed = true;
          return false;
        }
        hash.update(data, n);
        result.size += n;
        return true;
      });
  const bool flushed = std::fflush(file.get()) == 0;
  file.reset();
  if (too_large) {
    result.status = FetchResult::Status::TooLarge;
    result.message = "the file at the URL is larger than the upload limit";
  } else if (status != 0 && status != 200) {
    result.message = "the URL answered HTTP " + std::to_string(status);
  } else if (write_failed || !flushed) {
    result.message = "cannot write the upload to disk";
  } else if (!response) {
    result.message = "cannot fetch the URL: " + httplib::to_string(response.error());
  } else {
    result.status = FetchResult::Status::Ok;
    result.sha256 = hash.hex_digest();
    return result;
  }
  std::remove(path.c_str());
  return result;
}

}  // namespace nemo::server
