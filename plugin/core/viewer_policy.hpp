// The rules a viewer's request (a Generate that names a `requester`) must
// pass before it reaches the streamer's approval list: a length limit, a
// blocked-words list (English and Chinese), a cooldown per requester, a bound
// on the requests waiting, and a daily cap of the credits viewer jobs spend.
// Each refusal has its own code (for bots) and locale key (for the viewer).
//
// Pure logic: the caller passes the time and the local day, and locks.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace nemo::core {

struct ViewerLimits {
  int cooldown_s = 300;                    // per requester; 0: none
  int max_pending = 5;                     // requests waiting for approval; 0: no bound
  int max_chars = 200;                     // characters (code points) of the prompt; 0: no bound
  double daily_credits = 0;                // credits viewer jobs may spend a day; 0: no cap
  std::vector<std::string> blocked_words;  // parse_word_list's form
};

enum class ViewerRefusal {
  None,
  Off,             // the streamer does not take viewer requests
  EmptyPrompt,     // nothing asked (or not UTF-8)
  TooLong,         // over max_chars
  BlockedWord,     // a blocked word in the prompt
  Cooldown,        // this requester asked less than cooldown_s ago
  TooManyPending,  // max_pending requests are waiting already
  DailyCap,        // today's viewer credits are spent
  NoMedia,         // no media in the request and none chosen for viewer requests
  Rejected,        // the streamer said no (not a check: the approval list's answer)
};

// "viewer_cooldown", ... : the errorCode a bot reads ("" for None).
const char *viewer_refusal_code(ViewerRefusal refusal);
// "Viewer.Refused.Cooldown", ... : the localized message's key ("" for None).
// The messages take %1: the requester's name; Cooldown %2: the wait
// (wait_text), TooLong %2: the limit.
const char *viewer_refusal_key(ViewerRefusal refusal);

// A list as the streamer types it: words or phrases separated by commas
// (also "，" and "、"), semicolons or new lines; spaces around them trimmed,
// ASCII lower-cased, duplicates dropped. A trailing '*' matches any ending
// ("idiot*" blocks "idiots").
std::vector<std::string> parse_word_list(std::string_view text);

// The first word of `words` found in `prompt`, "" if none. A word in Latin
// letters matches whole words, case-insensitively; a word with CJK (or any
// non-ASCII) characters matches anywhere, spaces in the prompt ignored
// ("傻 逼" is "傻逼"). Full-width Latin letters and digits count as ASCII.
std::string find_blocked_word(std::string_view prompt, const std::vector<std::string> &words);

// The number of code points of valid UTF-8 text (bytes otherwise).
std::size_t utf8_chars(std::string_view text);

class ViewerGate {
 public:
  using Clock = std::chrono::steady_clock;

  struct Decision {
    ViewerRefusal refusal = ViewerRefusal::None;
    int retry_after_s = 0;  // Cooldown: seconds until the requester may ask again
    std::string word;       // BlockedWord: the word (for the streamer's log, not the viewer)
  };

  // Whether a request from `requester` (viewer_key) with `prompt` may go on,
  // with `pending` requests waiting and `today` the local day ("2026-12-04").
  // Checked in order: prompt, length, blocked words, cooldown, pending, cap.
  Decision check(const ViewerLimits &limits, const std::string &requester, std::string_view prompt,
                 int pending, Clock::time_point now, const std::string &today) const;

  // The request was taken: the requester's cooldown starts now.
  void taken(const std::string &requester, Clock::time_point now);

  // Whether today's cap is spent (for an approval that comes later).
  bool cap_reached(const ViewerLimits &limits, const std::string &today) const;

  // Credits a viewer job spent, counted against `today`.
  void spend(double credits, const std::string &today);
  double spent(const std::string &today) const;
  // The day and the credits spent on it (what a file kept across restarts).
  const std::string &day() const { return day_; }
  void restore(const std::string &day, double credits);

 private:
  std::map<std::string, Clock::time_point> last_;  // requester -> last request taken
  std::string day_;
  double spent_ = 0;
};

// The key a requester's cooldown is kept under: "platform:id" when an id is
// known, else "platform:name" (the name ASCII lower-cased).
std::string viewer_key(const std::string &platform, const std::string &id, const std::string &name);

// A wait as a clock reads it, the same in any language: "0:45", "2:00", "1:05:00".
std::string wait_text(int seconds);

}  // namespace nemo::core
