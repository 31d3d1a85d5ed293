// A video clip among the visuals: decoded from its in-point, frames picked by
// timestamp for each output instant (frame-rate conversion by picking), looped
// from the in-point when the clip is shorter than its segment.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>

#include "render/ff_ptr.hpp"
#include "render/picture.hpp"
#include "render/render_error.hpp"

namespace nemo::render {

// A stream's display matrix as an EXIF orientation (1, 3, 6 or 8).
int stream_orientation(const AVStream *stream);

class VideoSource {
 public:
  MaybeError open(const std::string &path, std::int64_t source_in_ms);

  // The source frame shown `t` seconds after the in-point (t >= 0, and
  // increasing from call to call except after a loop).
  MaybeError frame_at(double t, SourceView &out);

  // Changes whenever frame_at returns a different source frame.
  std::uint64_t serial() const { return serial_; }
  int orientation() const { return orientation_; }  // from the display matrix, as EXIF 1/3/6/8
  int width() const { return dec_ ? dec_->width : 0; }
  int height() const { return dec_ ? dec_->height : 0; }

 private:
  MaybeError seek_to_in();
  // Decodes the next frame into next_; false at the end of the stream.
  bool decode_next(MaybeError &err);
  double seconds(const AVFrame *f) const;

  InputFormatPtr fmt_;
  CodecContextPtr dec_;
  PacketPtr pkt_;
  FramePtr cur_, next_;
  int stream_ = -1;
  int orientation_ = 1;
  double in_s_ = 0;
  double loop_offset_ = 0;  // seconds of output already covered by earlier passes
  double loop_len_ = 0;     // known once the end was reached
  double last_end_ = 0;     // end time of the last decoded frame (source seconds)
  std::uint64_t serial_ = 0;
  bool have_cur_ = false, have_next_ = false, eof_ = false, sent_eof_ = false;
};

}  // namespace nemo::render
