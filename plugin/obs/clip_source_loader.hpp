// Loads clips for the AI Video Clip source off OBS's threads: a clip path
// from the settings is checked on the loader's own thread (it exists, is a
// file, and FFmpeg finds a video stream in it) before the player gets it, so
// a missing or damaged file never replaces the clip on screen. Only the
// newest request matters: a request waiting when another comes is dropped.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "obs/clip_source_player.hpp"

namespace nemo::obs::clip {

struct LoadRequest {
  std::string path;  // "" clears the player
  PlayerOptions options;
};

// Why a clip cannot be played: "" when it can, else a locale key
// (ClipSource.Error.*). Reads the file: never call it on an OBS thread.
std::string check_clip_file(const std::string &path);

class ClipLoader {
 public:
  // Runs on the loader's thread: the request and check_clip_file's answer.
  using Handler = std::function<void(const LoadRequest &request, const std::string &error_key)>;

  explicit ClipLoader(Handler handler);
  ~ClipLoader();  // stops the thread; a running handler finishes first
  ClipLoader(const ClipLoader &) = delete;
  ClipLoader &operator=(const ClipLoader &) = delete;

  void post(LoadRequest request);

 private:
  void run();

  Handler handler_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<LoadRequest> next_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

}  // namespace nemo::obs::clip
