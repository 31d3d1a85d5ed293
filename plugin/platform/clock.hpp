// Calendar time without the C library's shared static buffer (gmtime is not
// thread-safe; its safe forms are spelled differently by system).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <ctime>

namespace nemo::platform {

std::tm utc_calendar_time(std::time_t t);
// The same in the machine's time zone (the streamer's day).
std::tm local_calendar_time(std::time_t t);

// The inverse: seconds since the epoch of a calendar time read as UTC
// (POSIX timegm; mktime would read it in the local zone).
std::time_t unix_time_of_utc(std::tm tm);

}  // namespace nemo::platform
