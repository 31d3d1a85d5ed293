// SPDX-License-Identifier: GPL-2.0-or-later
#include "platform/clock.hpp"

namespace nemo::platform {

std::tm utc_calendar_time(std::time_t t) {
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  return tm;
}

std::tm local_calendar_time(std::time_t t) {
  std::tm tm{};
  localtime_r(&t, &tm);
  return tm;
}

std::time_t unix_time_of_utc(std::tm tm) {
  return ::timegm(&tm);
}

}  // namespace nemo::platform
