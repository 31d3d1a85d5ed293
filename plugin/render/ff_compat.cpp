// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/ff_compat.hpp"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/version.h>
}

namespace nemo::render {

// AVFrame::duration: libavutil 57.30 (FFmpeg 6.0 is 58.2).
#define NEMO_FF_FRAME_DURATION (LIBAVUTIL_VERSION_INT >= AV_VERSION_INT(57, 30, 100))
// AVCodecParameters::coded_side_data and av_packet_side_data_get: libavcodec
// 60.29 (FFmpeg 6.1 is 60.31).
#define NEMO_FF_CODED_SIDE_DATA (LIBAVCODEC_VERSION_INT >= AV_VERSION_INT(60, 29, 100))

std::int64_t frame_duration(const AVFrame *frame) {
#if NEMO_FF_FRAME_DURATION
  const std::int64_t d = frame->duration;
#else
  const std::int64_t d = frame->pkt_duration;
#endif
  return d > 0 ? d : 0;
}

const std::int32_t *stream_display_matrix(const AVStream *stream) {
#if NEMO_FF_CODED_SIDE_DATA
  const AVCodecParameters *par = stream->codecpar;
  const AVPacketSideData *sd = av_packet_side_data_get(
      par->coded_side_data, par->nb_coded_side_data, AV_PKT_DATA_DISPLAYMATRIX);
  if (sd == nullptr || sd->size < 9 * static_cast<int>(sizeof(std::int32_t))) return nullptr;
  return reinterpret_cast<const std::int32_t *>(sd->data);
#else
  std::size_t size = 0;
  const std::uint8_t *data = av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (data == nullptr || size < 9 * sizeof(std::int32_t)) return nullptr;
  return reinterpret_cast<const std::int32_t *>(data);
#endif
}

}  // namespace nemo::render
