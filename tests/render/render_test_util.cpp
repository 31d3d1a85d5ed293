// SPDX-License-Identifier: GPL-2.0-or-later
#include "render_test_util.hpp"

#include <dirent.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "render/ff_ptr.hpp"

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace nemo::render::test {

TempDir::TempDir() {
  std::string tmpl = "/tmp/nemo-render-test-XXXXXX";
  if (::mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
}

TempDir::~TempDir() {
  if (!path_.empty()) run_command("rm -rf '" + path_ + "'");
}

bool run_command(const std::string &cmd) {
  return std::system(cmd.c_str()) == 0;
}

bool have_ffmpeg() {
  return std::string(NEMO_FFMPEG_CLI).find("NOTFOUND") == std::string::npos;
}

std::string why_no_heic_encoder() {
  const std::string heif_enc = NEMO_HEIF_ENC;
  if (heif_enc.find("NOTFOUND") != std::string::npos) {
    return "heif-enc (Debian package libheif-examples) is needed to make a HEIC";
  }
  // heif-enc --list-encoders prints one "- name = ..." line under each
  // "HEIC encoders:" / "AVIF encoders:" ... heading.
  std::string listing;
  if (FILE *p = ::popen(("'" + heif_enc + "' --list-encoders 2>/dev/null").c_str(), "r")) {
    char buf[256];
    while (std::fgets(buf, sizeof buf, p) != nullptr) listing += buf;
    ::pclose(p);
  }
  std::istringstream lines(listing);
  bool in_heic = false;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("HEIC encoders:", 0) == 0) {
      in_heic = true;
    } else if (!line.empty() && line[0] != '-' && line[0] != ' ') {
      in_heic = false;
    } else if (in_heic && line.rfind("- ", 0) == 0) {
      return "";
    }
  }
  return "heif-enc lists no HEIC encoder (libheif's HEVC encoder plugin, "
         "libheif-plugin-x265, is not installed)";
}

bool ffmpeg(const std::string &args) {
  return run_command(std::string("'") + NEMO_FFMPEG_CLI +
                     "' -nostdin -hide_banner -loglevel error -y " + args);
}

bool file_exists(const std::string &path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

std::uint64_t file_size(const std::string &path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

void write_file(const std::string &path, const std::string &bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string read_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool tag_exif_orientation(const std::string &jpeg, const std::string &out, int orientation) {
  // An APP1 EXIF segment (big-endian TIFF) holding only Orientation.
  const std::string tiff =
      std::string("MM\x00\x2a\x00\x00\x00\x08", 8) + std::string("\x00\x01", 2) +
      std::string("\x01\x12\x00\x03\x00\x00\x00\x01", 8) + std::string(1, '\0') +
      std::string(1, static_cast<char>(orientation)) + std::string(2, '\0') + std::string(4, '\0');
  const std::string body = std::string("Exif\0\0", 6) + tiff;
  const std::size_t len = body.size() + 2;
  std::string app1 = "\xFF\xE1";
  app1.push_back(static_cast<char>(len >> 8));
  app1.push_back(static_cast<char>(len & 0xFF));
  const std::string bytes = read_file(jpeg);
  if (bytes.size() < 4 || bytes.compare(0, 2, "\xFF\xD8") != 0) return false;
  write_file(out, bytes.substr(0, 2) + app1 + body + bytes.substr(2));
  return file_exists(out);
}

bool make_clicks(const std::string &path, int period_ms, int first_ms, int accent_index,
                 int seconds) {
  const double p = period_ms / 1000.0, f = first_ms / 1000.0;
  const std::string beat = "floor((t-" + std::to_string(f) + ")/" + std::to_string(p) + "+1e-9)";
  const std::string phase = "(t-" + std::to_string(f) + "-" + beat + "*" + std::to_string(p) + ")";
  const std::string gain =
      "if(eq(mod(" + beat + "," + "4)," + std::to_string(accent_index) + "),0.9,0.45)";
  const std::string expr =
      "if(gte(t," + std::to_string(f) + ")*lt(" + phase + ",0.01)," + gain + "*sin(2*PI*1000*t),0)";
  return ffmpeg("-f lavfi -i \"aevalsrc='" + expr + "':s=48000:d=" + std::to_string(seconds) +
                "\" -c:a pcm_s16le \"" + path + "\"");
}

bool make_picture(const std::string &path, int w, int h, const std::string &color) {
  const std::string size = std::to_string(w) + "x" + std::to_string(h);
  const std::string src = color.empty() ? "testsrc2=size=" + size + ":duration=1"
                                        : "color=c=" + color + ":size=" + size + ":duration=1";
  return ffmpeg("-f lavfi -i " + src + " -frames:v 1 '" + path + "'");
}

std::string test_media_dir() {
  const char *env = std::getenv("NEMO_TEST_MEDIA");
  const std::string dir = env != nullptr && *env != 0 ? env : NEMO_TEST_MEDIA_DEFAULT;
  return list_files(dir + "/photos", ".jpg").empty() ? "" : dir;
}

std::vector<std::string> list_files(const std::string &dir, const std::string &suffix) {
  std::vector<std::string> out;
  DIR *d = ::opendir(dir.c_str());
  if (d == nullptr) return out;
  while (const dirent *e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name.size() > suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      out.push_back(dir + "/" + name);
    }
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

Probe probe(const std::string &path) {
  Probe p;
  AVFormatContext *raw = nullptr;
  if (avformat_open_input(&raw, path.c_str(), nullptr, nullptr) < 0) return p;
  InputFormatPtr fmt(raw);
  if (avformat_find_stream_info(fmt.get(), nullptr) < 0) return p;
  p.ok = true;
  p.duration_s = fmt->duration > 0 ? static_cast<double>(fmt->duration) / AV_TIME_BASE : 0;
  for (unsigned i = 0; i < fmt->nb_streams; ++i) {
    const AVStream *st = fmt->streams[i];
    const AVCodecParameters *par = st->codecpar;
    if (par->codec_type == AVMEDIA_TYPE_VIDEO) {
      p.has_video = true;
      p.video_codec = avcodec_get_name(par->codec_id);
      const char *prof = avcodec_profile_name(par->codec_id, par->profile);
      p.profile = prof != nullptr ? prof : "";
      const char *pf = av_get_pix_fmt_name(static_cast<AVPixelFormat>(par->format));
      p.pix_fmt = pf != nullptr ? pf : "";
      p.width = par->width;
      p.height = par->height;
      p.fps = av_q2d(st->avg_frame_rate);
      p.color_primaries = par->color_primaries;
      p.color_trc = par->color_trc;
      p.colorspace = par->color_space;
    } else if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
      p.has_audio = true;
      p.audio_codec = avcodec_get_name(par->codec_id);
      p.sample_rate = par->sample_rate;
      p.channels = par->ch_layout.nb_channels;
    }
  }
  const std::string bytes = read_file(path);
  const auto moov = bytes.find("moov"), mdat = bytes.find("mdat");
  p.faststart = moov != std::string::npos && mdat != std::string::npos && moov < mdat;
  return p;
}

std::vector<Frame> decode_frames(const std::string &path, int max_frames) {
  std::vector<Frame> out;
  AVFormatContext *raw = nullptr;
  if (avformat_open_input(&raw, path.c_str(), nullptr, nullptr) < 0) return out;
  InputFormatPtr fmt(raw);
  if (avformat_find_stream_info(fmt.get(), nullptr) < 0) return out;
  const int vs = av_find_best_stream(fmt.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (vs < 0) return out;
  const AVCodec *codec = avcodec_find_decoder(fmt->streams[vs]->codecpar->codec_id);
  CodecContextPtr dec(avcodec_alloc_context3(codec));
  avcodec_parameters_to_context(dec.get(), fmt->streams[vs]->codecpar);
  dec->thread_count = 2;
  if (avcodec_open2(dec.get(), codec, nullptr) < 0) return out;
  PacketPtr pkt = make_packet();
  FramePtr f = make_frame();
  auto take = [&] {
    while (avcodec_receive_frame(dec.get(), f.get()) >= 0) {
      if (static_cast<int>(out.size()) < max_frames && f->format == AV_PIX_FMT_YUV420P) {
        Frame fr;
        fr.width = f->width;
        fr.height = f->height;
        for (int pl = 0; pl < 3; ++pl) {
          const int w = pl == 0 ? f->width : f->width / 2, h = pl == 0 ? f->height : f->height / 2;
          std::vector<std::uint8_t> &dst = pl == 0 ? fr.y : pl == 1 ? fr.u : fr.v;
          dst.resize(static_cast<std::size_t>(w) * h);
          for (int y = 0; y < h; ++y) {
            std::copy(f->data[pl] + static_cast<std::ptrdiff_t>(y) * f->linesize[pl],
                      f->data[pl] + static_cast<std::ptrdiff_t>(y) * f->linesize[pl] + w,
                      dst.begin() + static_cast<std::ptrdiff_t>(y) * w);
          }
        }
        out.push_back(std::move(fr));
      }
      av_frame_unref(f.get());
    }
  };
  while (av_read_frame(fmt.get(), pkt.get()) >= 0) {
    if (pkt->stream_index == vs) avcodec_send_packet(dec.get(), pkt.get());
    av_packet_unref(pkt.get());
    take();
  }
  avcodec_send_packet(dec.get(), nullptr);
  take();
  return out;
}

double luma_diff(const Frame &a, const Frame &b) {
  if (a.y.size() != b.y.size() || a.y.empty()) return 1e9;
  double s = 0;
  for (std::size_t i = 0; i < a.y.size(); ++i) s += std::abs(int{a.y[i]} - int{b.y[i]});
  return s / static_cast<double>(a.y.size());
}

double mean_luma(const Frame &f, int x0, int y0, int x1, int y1) {
  double s = 0;
  int n = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      s += f.Y(x, y);
      ++n;
    }
  }
  return n > 0 ? s / n : 0;
}

double peak_rss_mb() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;
}

}  // namespace nemo::render::test
