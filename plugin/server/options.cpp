// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/options.hpp"

#include <cstdlib>
#include <limits>
#include <stdexcept>

#include "platform/paths.hpp"

namespace nemo::server {

namespace {
const char kUsage[] =
    "usage: nemo-local [--host 127.0.0.1] [--port N] [--data-dir DIR] [--workers N]\n"
    "                  [--credits N] [--max-upload-mb N] [--access-key K]\n"
    "                  [--preset veryfast|quality] [--encoder auto|software]\n"
    "                  [--log-file PATH] [--idle-priority]\n"
    "The offline backend of obs-nemo-video. Prints 'listening on http://HOST:PORT'\n"
    "as its first line. --port 0 picks a free port. Binding to a non-loopback\n"
    "address needs --access-key (sent by clients as X-Access-Key). Renders run at\n"
    "nice 19; --idle-priority also puts them under SCHED_IDLE (only spare CPU time:\n"
    "what OBS's plugin asks for, so a render never costs the stream a frame).\n"
    "--encoder auto uses a hardware H.264 encoder when one opens (NVENC, VAAPI),\n"
    "else libx264; software: libx264 always.\n";

bool parse_int(const std::string &text, long long min, long long max, long long &out) {
  try {
    std::size_t used = 0;
    const long long v = std::stoll(text, &used);
    if (used != text.size() || v < min || v > max) return false;
    out = v;
    return true;
  } catch (const std::exception &) {
    return false;
  }
}
}  // namespace

bool is_loopback_host(const std::string &host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

std::string validate_options(const ServerOptions &o) {
  if (o.data_dir.empty()) return "no data folder (--data-dir)";
  if (o.port < 0 || o.port > 65535) return "--port must be 0..65535";
  if (o.workers < 1 || o.workers > 16) return "--workers must be 1..16";
  if (o.preset != "veryfast" && o.preset != "quality")
    return "--preset must be veryfast or quality";
  if (o.encoder != "auto" && o.encoder != "software") return "--encoder must be auto or software";
  if (!is_loopback_host(o.host) && o.access_key.empty()) {
    return "refusing to listen on " + o.host +
           " (not loopback) without --access-key: anyone on the network could use this "
           "server. Pass --access-key K (clients send it as X-Access-Key) or use 127.0.0.1.";
  }
  return "";
}

std::string default_data_dir() {
  const std::string dir = platform::user_data_dir("nemo-local");
  return dir.empty() ? "nemo-local-data" : dir;
}

ParseResult parse_command_line(int argc, const char *const argv[], ServerOptions &o,
                               std::string &message) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      message = kUsage;
      return ParseResult::Help;
    }
    std::string name = arg, value;
    bool has_value = false;
    if (const auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    const auto next = [&]() -> bool {
      if (has_value) return true;
      if (i + 1 >= argc) {
        message = name + " needs a value\n" + kUsage;
        return false;
      }
      value = argv[++i];
      return true;
    };
    long long n = 0;
    const auto number = [&](long long min, long long max) {
      if (!next()) return false;
      if (!parse_int(value, min, max, n)) {
        message = name + ": not a number in " + std::to_string(min) + ".." + std::to_string(max);
        return false;
      }
      return true;
    };
    if (name == "--host") {
      if (!next()) return ParseResult::Error;
      o.host = value;
    } else if (name == "--port") {
      if (!number(0, 65535)) return ParseResult::Error;
      o.port = static_cast<int>(n);
    } else if (name == "--data-dir") {
      if (!next()) return ParseResult::Error;
      o.data_dir = value;
    } else if (name == "--workers") {
      if (!number(1, 16)) return ParseResult::Error;
      o.workers = static_cast<int>(n);
    } else if (name == "--credits") {
      if (!number(0, std::numeric_limits<std::int32_t>::max())) return ParseResult::Error;
      o.credits = n;
    } else if (name == "--max-upload-mb") {
      if (!number(1, 1024 * 1024)) return ParseResult::Error;
      o.max_upload_bytes = static_cast<std::uint64_t>(n) * 1024 * 1024;
    } else if (name == "--access-key") {
      if (!next()) return ParseResult::Error;
      o.access_key = value;
    } else if (name == "--preset") {
      if (!next()) return ParseResult::Error;
      o.preset = value;
    } else if (name == "--encoder") {
      if (!next()) return ParseResult::Error;
      o.encoder = value;
    } else if (name == "--idle-priority" && !has_value) {
      o.idle_priority = true;
    } else if (name == "--log-file") {
      if (!next()) return ParseResult::Error;
      o.log_file = value;
    } else {
      message = "unknown option " + arg + "\n" + kUsage;
      return ParseResult::Error;
    }
  }
  if (o.data_dir.empty()) o.data_dir = default_data_dir();
  message = validate_options(o);
  return message.empty() ? ParseResult::Ok : ParseResult::Error;
}

}  // namespace nemo::server
