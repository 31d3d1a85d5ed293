// nemo-local: the offline backend of obs-nemo-video.
//   nemo-local --host 127.0.0.1 --port 0 --data-dir DIR
// prints "listening on http://HOST:PORT" as its first line on stdout, serves
// the agent API until SIGINT/SIGTERM, then stops cleanly (exit 0).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <cstdio>
#include <exception>
#include <memory>

#include "nemo/version.hpp"
#include "platform/memory.hpp"
#include "platform/stop_signals.hpp"
#include "render/alloc_limit.hpp"
#include "server/local_server.hpp"
#include "server/options.hpp"
#include "server/real_backend.hpp"
#include "server/request_log.hpp"

int main(int argc, char **argv) {
  using namespace nemo::server;
  ServerOptions options;
  std::string message;
  switch (parse_command_line(argc, argv, options, message)) {
    case ParseResult::Help:
      std::fputs(message.c_str(), stdout);
      return 0;
    case ParseResult::Error:
      std::fprintf(stderr, "nemo-local: %s\n", message.c_str());
      return 2;
    case ParseResult::Ok:
      break;
  }

  // Two malloc arenas, not glibc's 8 a core: the 32 request threads and the
  // render workers each took an arena and the freed memory stayed spread over
  // them. tests/load (50 sessions, 200 jobs): VmRSS 128 MB -> 72 MB after 200
  // jobs, growth over jobs 100-200 25 MB -> 8 MB, the same jobs/s.
  nemo::platform::limit_malloc_arenas(2);
  nemo::render::limit_ffmpeg_allocations();

  // Before any thread starts: only the main thread takes stop requests.
  nemo::platform::hold_stop_requests();

  try {
    auto log = std::make_shared<RequestLog>(options.log_file);
    LocalServer server(options, make_real_backend(options));
    server.set_log(log);
    if (const std::string why = server.start(); !why.empty()) {
      std::fprintf(stderr, "nemo-local: %s\n", why.c_str());
      return 1;
    }
    std::printf("%s\n", server.listening_line().c_str());
    std::fflush(stdout);
    log->message("nemo-local " NEMO_VERSION " serving " + server.base_url() + ", data folder " +
                 options.data_dir);

    log->message("stopping on " + nemo::platform::wait_for_stop_request());
    server.stop();
    log->message("stopped");
  } catch (const std::exception &e) {
    std::fprintf(stderr, "nemo-local: %s\n", e.what());
    return 1;
  }
  return 0;
}
