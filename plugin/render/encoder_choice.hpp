// Which H.264 encoder a render uses: a hardware one when the machine has a
// device that opens (NVENC through CUDA, VAAPI on Linux; NVENC, AMF on
// Windows; VideoToolbox on macOS), else libx264 as always. The choice is
// made at render time, in order, and each refusal says why (for the log).
//
// The hardware session runs at the lowest priority its API offers: VAAPI
// and NVENC expose none through FFmpeg, so the render thread's own low
// priority (nice 19 / SCHED_IDLE) is what keeps the feeding side from
// competing with OBS; the stream's own encoder session is not touched.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "render/ff_ptr.hpp"
#include "render/render_error.hpp"
#include "render/render_spec.hpp"

extern "C" {
#include <libavutil/buffer.h>
}

namespace nemo::render {

struct EncoderCandidate {
  std::string encoder;  // FFmpeg's name: "h264_nvenc", "h264_vaapi", ..., "libx264"
  std::string device;   // the hardware device type it needs ("cuda", "vaapi"; "" for none)
};

// The candidates in the order they are tried: this platform's hardware
// encoders (when `allow_hardware`), then libx264.
std::vector<EncoderCandidate> h264_candidates(bool allow_hardware);

struct BufferRefDeleter {
  void operator()(AVBufferRef *ref) const { av_buffer_unref(&ref); }
};
using BufferRefPtr = std::unique_ptr<AVBufferRef, BufferRefDeleter>;

// An open encoder. hw_frames: the frames it takes must be uploaded into
// this pool (VAAPI: NV12 surfaces); null when it takes system memory.
struct OpenedEncoder {
  CodecContextPtr ctx;
  BufferRefPtr hw_frames;
  std::string encoder;
};

using CandidateOpener = std::function<MaybeError(const EncoderCandidate &, OpenedEncoder &)>;

// The first candidate `open` opens. `refused` gets one line a refused one
// ("h264_vaapi: no device (...)"). The last candidate's error when none opens.
MaybeError open_first(const std::vector<EncoderCandidate> &candidates, const CandidateOpener &open,
                      OpenedEncoder &out, std::vector<std::string> *refused);

// The real opener: FFmpeg's encoder by name, its device when it needs one,
// configured like libx264 is (canvas size and rate, BT.709 tags, High
// profile, GOP of 2 s, a quality target from the CRF).
MaybeError open_candidate(const Canvas &canvas, const EncoderSettings &enc, bool global_header,
                          const EncoderCandidate &candidate, OpenedEncoder &out);

}  // namespace nemo::render
