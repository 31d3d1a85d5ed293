// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/auth_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace nemo::core {
namespace {
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

std::string str(const nlohmann::json &j, const char *key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}
}  // namespace

AuthStore::AuthStore(std::string data_dir) : dir_(std::move(data_dir)) {}

std::string AuthStore::path() const {
  return dir_.empty() ? std::string() : dir_ + "/client.json";
}

PersistedAuth AuthStore::load() const {
  PersistedAuth a;
  if (dir_.empty()) return a;
  std::ifstream in(path(), std::ios::binary);
  if (!in) return a;
  std::stringstream ss;
  ss << in.rdbuf();
  const auto j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return a;
  a.client_id = str(j, "client_id");
  a.token = str(j, "token");
  a.user_id = str(j, "user_id");
  a.session_id = str(j, "session_id");
  a.task_id = str(j, "task_id");
  if (j.contains("expires_at_ms") && j["expires_at_ms"].is_number_integer())
    a.expires_at_ms = j["expires_at_ms"].get<std::int64_t>();
  return a;
}

Error AuthStore::save(const PersistedAuth &a) const {
  if (dir_.empty()) return {};
  ::mkdir(dir_.c_str(), 0700);  // the folder usually exists; a failure shows at open()
  const nlohmann::json j = {{"client_id", a.client_id},         {"token", a.token},
                            {"expires_at_ms", a.expires_at_ms}, {"user_id", a.user_id},
                            {"session_id", a.session_id},       {"task_id", a.task_id}};
  const std::string text = j.dump(2) + "\n";
  const std::string tmp = path() + ".tmp";
  Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (fd.get() < 0)
    return make_error(ErrorCode::Disk, "cannot write " + tmp + ": " + std::strerror(errno));
  ::fchmod(fd.get(), 0600);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::unlink(tmp.c_str());
      return make_error(ErrorCode::Disk, "cannot write " + tmp + ": " + why);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd.get()) != 0 || ::close(fd.release()) != 0) {
    ::unlink(tmp.c_str());
    return make_error(ErrorCode::Disk, "cannot write " + tmp);
  }
  if (::rename(tmp.c_str(), path().c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return make_error(ErrorCode::Disk, "cannot replace " + path() + ": " + why);
  }
  return {};
}

std::int64_t parse_expiry_ms(const std::string &text) {
  if (text.empty()) return 0;
  bool digits = text.size() < 19;
  for (char c : text) digits = digits && c >= '0' && c <= '9';
  if (digits) {
    const std::int64_t v = std::stoll(text);
    return v < 100000000000LL ? v * 1000 : v;  // seconds or ms
  }
  std::tm tm{};
  const char *rest = ::strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!rest) return 0;
  return static_cast<std::int64_t>(::timegm(&tm)) * 1000;  // fraction and zone: UTC assumed
}

}  // namespace nemo::core
