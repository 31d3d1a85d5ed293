// What the client needs to know before its first request: where the backend
// is, who we are (token, client id), the language, where to keep what must
// survive a restart, limits, and every duration the protocol names (all
// overridable so that tests run in milliseconds).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace nemo::core {

inline constexpr const char *kDefaultApiBase = "https://mega-api-prod.nemovideo.ai";
inline constexpr std::uint64_t kDefaultUploadLimit = 500ull * 1024 * 1024;

// The three attribution headers sent on every request (missing ones make
// export fail with HTTP 402).
struct Attribution {
  std::string source;    // X-Skill-Source, default "obs-nemo-video"
  std::string version;   // X-Skill-Version, default NEMO_VERSION
  std::string platform;  // X-Skill-Platform, default "obs"
  Attribution();
};

// Every duration of the protocol. Defaults are the documented values.
struct Timings {
  using ms = std::chrono::milliseconds;
  ms connect_timeout{10000};
  ms request_timeout{60000};   // one JSON call, start to end
  ms transfer_stall{60000};    // upload/download: abort below 1 byte/s this long
  ms rate_limit_wait{30000};   // HTTP 429 without Retry-After
  ms max_retry_after{300000};  // a Retry-After longer than this is capped
  // Chat turn.
  ms still_working_every{120000};   // "still working" callback period
  ms heartbeat_only_limit{600000};  // only heartbeats this long: the turn times out
  ms turn_limit{900000};            // a whole turn
  ms stream_end_grace{2000};  // the turn ended (an error, turnComplete) but the stream stays open
  ms recovery_first{30000};   // after a disconnect: first state read
  ms recovery_every{60000};   // then every
  int recovery_reads = 5;     // unchanged reads before giving up
  // Export.
  ms first_poll{1500};        // first render status poll (<= 2 s)
  ms min_poll{500};           // polls guided by the render's progress come no closer than this
  ms poll_cap{30000};         // polls back off to this
  double poll_backoff = 1.6;  // factor between polls
  ms render_limit{3600000};   // give up polling after
  // Download.
  int download_resumes = 5;  // Range resumes after drops
};

struct Config {
  std::string base_url = kDefaultApiBase;  // no trailing slash
  std::string token;                       // a configured token; empty -> anonymous
  std::string language = "en";             // en | zh ...
  std::string data_dir;  // persisted client id, token, session; empty: memory only
  std::uint64_t upload_limit = kDefaultUploadLimit;
  // Converted copies of files the backend does not accept (core/convert_cache.hpp):
  // empty: data_dir + "/converted", or the temporary folder without a data_dir.
  std::string convert_cache_dir;
  std::uint64_t convert_cache_limit = 2ull * 1024 * 1024 * 1024;
  std::uint64_t download_limit =
      8ull * 1024 * 1024 * 1024;  // a finished video bigger than this is refused
  Attribution attribution;
  Timings timings;

  // Settings first, then the environment (NEMO_API_BASE, NEMO_TOKEN), then
  // the defaults. Empty arguments mean "not set".
  static Config resolve(const std::string &base_url_setting, const std::string &token_setting,
                        const std::string &language, const std::string &data_dir);
};

// base URL: the setting, else env NEMO_API_BASE, else the default; trailing '/' dropped.
std::string resolve_base_url(const std::string &setting);
// token: the setting, else env NEMO_TOKEN, else "" (anonymous).
std::string resolve_token(const std::string &setting);
// A random RFC 4122 version 4 UUID, lower-case.
std::string make_uuid();

}  // namespace nemo::core
