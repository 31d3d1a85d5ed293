// SPDX-License-Identifier: GPL-2.0-or-later
#include <pthread.h>
#include <signal.h>

#include "platform/stop_signals.hpp"

namespace nemo::platform {
namespace {

std::atomic<bool> *g_flag = nullptr;

extern "C" void on_stop_signal(int) {
  if (g_flag != nullptr) g_flag->store(true);
}

sigset_t stop_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void set_flag_on_stop_request(std::atomic<bool> *flag) {
  g_flag = flag;
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

void hold_stop_requests() {
  // Every thread inherits this mask; only wait_for_stop_request takes them.
  const sigset_t set = stop_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

std::string wait_for_stop_request() {
  const sigset_t set = stop_set();
  int number = 0;
  while (sigwait(&set, &number) != 0) {
  }
  return number == SIGINT ? "SIGINT" : "SIGTERM";
}

}  // namespace nemo::platform
