// Helpers of the renderer's tests: a temporary folder, inputs made with the
// ffmpeg CLI, and the output probed and decoded with libavformat.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace nemo::render::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  const std::string &path() const { return path_; }
  std::string file(const std::string &name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

bool have_ffmpeg();
// "" when heif-enc is installed and lists an HEIC (HEVC) encoder, else why
// not: Debian's libheif loads its encoders as plugins, and a suite may ship
// none for HEVC (sid had no libheif-plugin-x265 in December 2026).
std::string why_no_heic_encoder();
// Runs the ffmpeg CLI with `args` (quiet, overwrite); true on exit 0.
bool ffmpeg(const std::string &args);
bool run_command(const std::string &cmd);
bool file_exists(const std::string &path);
std::uint64_t file_size(const std::string &path);
void write_file(const std::string &path, const std::string &bytes);
std::string read_file(const std::string &path);

// A picture of w x h: ffmpeg's testsrc2 pattern, or a solid colour ("red").
bool make_picture(const std::string &path, int w, int h, const std::string &color = "");

// `jpeg` copied to `out` with an EXIF segment holding only Orientation
// (1..8) right after its start-of-image marker.
bool tag_exif_orientation(const std::string &jpeg, const std::string &out, int orientation);

// A click track (16-bit WAV, 48 kHz mono): a 10 ms 1 kHz click every
// `period_ms` from `first_ms`, each fourth one (from click `accent_index`)
// twice as loud, for `seconds`.
bool make_clicks(const std::string &path, int period_ms, int first_ms, int accent_index,
                 int seconds);

// The folder of real photos and music (NEMO_TEST_MEDIA, else the build's
// test-media); "" when it has no photos.
std::string test_media_dir();
std::vector<std::string> list_files(const std::string &dir, const std::string &suffix);

struct Probe {
  bool ok = false;
  double duration_s = 0;
  bool has_video = false, has_audio = false;
  std::string video_codec, profile, pix_fmt;
  int width = 0, height = 0;
  double fps = 0;
  int color_primaries = 0, color_trc = 0, colorspace = 0;  // AVCOL_* values
  std::string audio_codec;
  int sample_rate = 0, channels = 0;
  bool faststart = false;  // moov before mdat
};
Probe probe(const std::string &path);

// Every frame's Y, U, V planes, tightly packed.
struct Frame {
  int width = 0, height = 0;
  std::vector<std::uint8_t> y, u, v;
  std::uint8_t Y(int x, int yy) const { return y[static_cast<std::size_t>(yy) * width + x]; }
  std::uint8_t U(int x, int yy) const {
    return u[static_cast<std::size_t>(yy / 2) * (width / 2) + x / 2];
  }
  std::uint8_t V(int x, int yy) const {
    return v[static_cast<std::size_t>(yy / 2) * (width / 2) + x / 2];
  }
};
std::vector<Frame> decode_frames(const std::string &path, int max_frames = 100000);

// Mean absolute difference of the luma of two frames.
double luma_diff(const Frame &a, const Frame &b);
// Mean luma over a rectangle.
double mean_luma(const Frame &f, int x0, int y0, int x1, int y1);

// Peak resident set size of this process, in MB.
double peak_rss_mb();

}  // namespace nemo::render::test
