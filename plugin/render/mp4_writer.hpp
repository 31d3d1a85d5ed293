// The output: H.264 High (a hardware encoder when one opens, else libx264:
// render/encoder_choice.hpp; BT.709 tags), AAC (FFmpeg's own encoder), MP4
// with the index up front (movflags +faststart).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <vector>

#include "render/encoder_choice.hpp"
#include "render/ff_ptr.hpp"
#include "render/render_error.hpp"
#include "render/render_spec.hpp"

namespace nemo::render {

// x264's threads: 1.5 a core, at most 6 (3 on a 2-core machine that also runs
// OBS; they inherit the render thread's nice 19, so OBS keeps its frames).
int x264_thread_count();

// Whether `preset` is one of x264's presets.
bool valid_x264_preset(const std::string &preset);

// A libx264 encoder configured exactly as the renderer configures it (the
// benchmark's floor encodes through this too). `global_header` for MP4.
MaybeError open_h264_encoder(const Canvas &canvas, const EncoderSettings &enc, bool global_header,
                             CodecContextPtr &out);

class Mp4Writer {
 public:
  // `path` is written as MP4 whatever its extension.
  MaybeError open(const std::string &path, const Canvas &canvas, const EncoderSettings &enc,
                  bool with_audio);
  // The encoder open() chose, and why the ones before it were passed over.
  const std::string &encoder() const { return encoder_; }
  const std::vector<std::string> &refused_encoders() const { return refused_; }

  // A frame of canvas size in yuv420p; its pts is the frame number.
  MaybeError write_video(AVFrame *frame);

  // Planar stereo samples, audio_frame_size() of them (fewer only at the end).
  MaybeError write_audio(const float *left, const float *right, int n);
  int audio_frame_size() const { return audio_ ? audio_->frame_size : 0; }

  // Flushes the encoders and writes the index. The file is closed after.
  MaybeError finish();

 private:
  MaybeError drain(AVCodecContext *ctx, AVStream *st);
  // `frame` (yuv420p) in the form the encoder takes: converted (NV12) and,
  // for a hardware pool, uploaded.
  MaybeError to_encoder_form(AVFrame *frame, AVFrame *&out);

  OutputFormatPtr out_;
  CodecContextPtr video_, audio_;
  BufferRefPtr hw_frames_;
  std::string encoder_;
  std::vector<std::string> refused_;
  SwsPtr to_nv12_;
  FramePtr nv12_, hw_frame_;
  AVStream *vst_ = nullptr;
  AVStream *ast_ = nullptr;
  PacketPtr pkt_;
  FramePtr aframe_;
  std::int64_t audio_pts_ = 0;
  bool header_written_ = false;
};

}  // namespace nemo::render
