// Why: OBS 29.0.x (Debian 12 ships 29.0.2) installs a SIGINT handler that
// calls OBSBasic::close() right inside the signal handler (fixed upstream in
// 29.1, "UI: Properly handle SIGINT on non-Windows platforms"). The whole
// shutdown - closeEvent, saving the dock state, ClearSceneData deleting
// widgets, OBS_FRONTEND_EVENT_EXIT - then runs on top of whatever the main
// thread was doing when the signal came. When that was a paint of the main
// window (QWidgetRepaintManager walking the widgets it is painting), the
// paint resumes after the handler over widgets the shutdown deleted: OBS
// dies with SIGSEGV in QWidget::event (UpdateRequest) or QPainter::fillRect,
// after "QWidget::repaint: Recursive repaint detected". Nothing of ours is
// on the stack; our dock and a playing clip (audio meters) just make the
// main thread paint more often, so the signal lands in a paint more often.
//
// What: the self-pipe pattern Qt documents for Unix signals, as OBS 29.1
// does it. Our handler only writes one byte to a socket (async-signal-safe);
// a QSocketNotifier on the UI thread reads it and calls OBS's own handler
// from the event loop, where closing the main window is safe.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/sigint_deferral.hpp"

#include <obs-config.h>
#include <obs.h>

#include <QCoreApplication>
#include <QSocketNotifier>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <memory>

#ifndef _WIN32
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>
#endif

#include "obs/obs_log.hpp"

namespace nemo::obs {

#ifdef _WIN32

void install_sigint_deferral() {}
void remove_sigint_deferral() {}

#else

namespace {

// A socket pair: [0] read by the UI thread, [1] written by the handler.
class SocketPair {
 public:
  SocketPair() {
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds_.data()) != 0) {
      fds_ = {-1, -1};
    }
  }
  ~SocketPair() {
    for (const int fd : fds_)
      if (fd >= 0) close(fd);
  }
  SocketPair(const SocketPair &) = delete;
  SocketPair &operator=(const SocketPair &) = delete;
  bool ok() const { return fds_[0] >= 0; }
  int read_end() const { return fds_[0]; }
  int write_end() const { return fds_[1]; }

 private:
  std::array<int, 2> fds_{-1, -1};
};

struct Deferral {
  SocketPair sockets;
  std::unique_ptr<QSocketNotifier> notifier;
  struct sigaction previous {};
};

std::unique_ptr<Deferral> g_deferral;   // UI thread only
volatile sig_atomic_t g_write_fd = -1;  // what the handler writes to

extern "C" void on_sigint(int) {
  const int saved_errno = errno;
  const int fd = g_write_fd;
  if (fd >= 0) {
    const char byte = 1;
    // Nothing to do if it fails: a full socket already holds a pending quit.
    if (write(fd, &byte, 1) < 0) {
    }
  }
  errno = saved_errno;
}

bool is_plain_handler(const struct sigaction &action) {
  return !(action.sa_flags & SA_SIGINFO) && action.sa_handler != SIG_DFL &&
         action.sa_handler != SIG_IGN && action.sa_handler != nullptr;
}

// UI THREAD, from the event loop: what OBS's handler would have done, now.
void deliver() {
  if (!g_deferral) return;
  char buffer[64];
  while (read(g_deferral->sockets.read_end(), buffer, sizeof buffer) > 0) {
  }
  nemo_info("SIGINT: quitting from the event loop");
  g_deferral->previous.sa_handler(SIGINT);
}

}  // namespace

void install_sigint_deferral() {
  if (g_deferral) return;
  if (obs_get_version() >= MAKE_SEMANTIC_VERSION(29, 1, 0)) return;  // OBS defers it itself
  const char *keep = std::getenv("NEMO_KEEP_OBS_SIGINT");
  if (keep && std::strcmp(keep, "1") == 0) {
    nemo_info("SIGINT: OBS's own handler kept (NEMO_KEEP_OBS_SIGINT=1)");
    return;
  }
  if (!QCoreApplication::instance()) return;

  auto deferral = std::make_unique<Deferral>();
  if (sigaction(SIGINT, nullptr, &deferral->previous) != 0 ||
      !is_plain_handler(deferral->previous)) {
    return;  // not OBS's handler: not ours to move
  }
  if (!deferral->sockets.ok()) {
    nemo_warn("SIGINT: no socket pair (%s): OBS's handler kept", std::strerror(errno));
    return;
  }
  deferral->notifier =
      std::make_unique<QSocketNotifier>(deferral->sockets.read_end(), QSocketNotifier::Read);
  QObject::connect(deferral->notifier.get(), &QSocketNotifier::activated, [] { deliver(); });

  g_write_fd = deferral->sockets.write_end();
  struct sigaction ours {};
  ours.sa_handler = on_sigint;
  sigemptyset(&ours.sa_mask);
  ours.sa_flags = SA_RESTART;
  if (sigaction(SIGINT, &ours, nullptr) != 0) {
    g_write_fd = -1;
    nemo_warn("SIGINT: handler not installed (%s)", std::strerror(errno));
    return;
  }
  g_deferral = std::move(deferral);
  nemo_info("SIGINT: OBS %s quits from inside its signal handler; deferred to the event loop",
            obs_get_version_string());
}

void remove_sigint_deferral() {
  if (!g_deferral) return;
  struct sigaction current {};
  if (sigaction(SIGINT, nullptr, &current) == 0 && !(current.sa_flags & SA_SIGINFO) &&
      current.sa_handler == on_sigint) {
    sigaction(SIGINT, &g_deferral->previous, nullptr);
  }
  g_write_fd = -1;
  g_deferral.reset();  // the notifier, then the sockets
}

#endif

}  // namespace nemo::obs
