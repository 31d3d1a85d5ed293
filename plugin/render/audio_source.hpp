// One audio input: decoded from its in-point, resampled by libswresample to
// 48 kHz stereo float, read sequentially, looped from the in-point when asked.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "render/ff_ptr.hpp"
#include "render/render_error.hpp"

namespace nemo::render {

inline constexpr int kAudioRate = 48000;
inline constexpr int kAudioChannels = 2;

class AudioSource {
 public:
  // Errors: bad_input (unreadable), no_audio (no audio stream).
  MaybeError open(const std::string &path, std::int64_t source_in_ms, bool loop);

  // Fills `frames` stereo frames (interleaved L R) into `out`; silence after
  // the end when not looping.
  MaybeError read(float *out, int frames);

  // Not looping, and every frame of the file has been read.
  bool at_end() const { return ended_ && !loop_ && fifo_pos_ >= fifo_.size(); }

 private:
  MaybeError seek_to_in();
  MaybeError refill();  // decodes more into fifo_; sets ended_ at the end

  InputFormatPtr fmt_;
  CodecContextPtr dec_;
  SwrPtr swr_;
  PacketPtr pkt_;
  FramePtr frame_;
  int stream_ = -1;
  bool loop_ = true;
  double in_s_ = 0;
  std::vector<float> fifo_;   // interleaved
  std::size_t fifo_pos_ = 0;  // in floats
  std::int64_t drop_ = 0;     // frames to drop before the in-point
  bool first_frame_ = true;
  bool sent_eof_ = false;
  bool ended_ = false;
  std::int64_t produced_this_pass_ = 0;
};

}  // namespace nemo::render
