// transition_sheet: shows and measures the renderer's transition catalogue.
//  1. Contact sheets: every catalogue look between two real photos at 320x180
//     with a 1 s transition, five frames across it (p = 0.1 0.3 0.5 0.7 0.9),
//     one row per look, its name at the left (the renderer's own FreeType text
//     layer and default font); then the camera moves over one photo (five
//     instants of a 3 s visual). 12 rows a sheet, PNGs (libavcodec's encoder)
//     in --out DIR (default ./transition-sheets).
//  2. A benchmark (prints figures, asserts nothing): at 1920x1080, the CPU and
//     wall time of Compositor::render over the 30 frames of a 1 s transition,
//     per look, against "fade" and against a plain still frame (no
//     transition, no motion: the warp's whole-sample copy); every look
//     measured once a round (10 rounds by default) right beside a fade and a
//     still frame, each round in another order, the ratios taken from those
//     and their median over the rounds printed.
// Usage: transition_sheet [media-dir] [--out DIR] [--rounds N] [--no-bench] [--no-sheets]
//   media-dir: default $NEMO_TEST_MEDIA, else <build>/test-media (ci/fetch-test-media.sh);
//   the photos are media-dir/photos/*.jpg. Exit 77 (ctest: skipped) when there are none.
//   cmake --build <build> --target transition_sheet && <build>/tests/bench/transition_sheet
// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "render/compositor.hpp"
#include "render/ff_ptr.hpp"
#include "render/picture.hpp"
#include "render/scaler.hpp"
#include "render/text_overlay.hpp"
#include "render/transition_catalogue.hpp"

using namespace nemo::render;

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> list(const std::string &dir, const std::string &suffix) {
  std::vector<std::string> out;
  if (DIR *d = ::opendir(dir.c_str())) {
    while (const dirent *e = ::readdir(d)) {
      const std::string n = e->d_name;
      if (n.size() > suffix.size() &&
          n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0) {
        out.push_back(dir + "/" + n);
      }
    }
    ::closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// CPU seconds of the calling thread (the compositor runs on it alone).
double thread_cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t m = v.size() / 2;
  return v.size() % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

// The timeline of every transition here: `a` 0-2000 ms, `b` 1000-3000 ms, so
// the transition is 1000-2000 ms (frames 30..59 at 30 fps).
constexpr std::int64_t kFromMs = 1000, kTransitionMs = 1000;

RenderSpec transition_spec(Transition::Type type, const std::string &a, const std::string &b,
                           int width, int height) {
  RenderSpec spec;
  spec.canvas = Canvas{width, height, 30};
  spec.duration_ms = kFromMs + 2 * kTransitionMs;
  VisualClip va;
  va.path = a;
  va.start_ms = 0;
  va.end_ms = kFromMs + kTransitionMs;
  va.transition_out = Transition{type, kTransitionMs};
  VisualClip vb = va;
  vb.path = b;
  vb.start_ms = kFromMs;
  vb.end_ms = kFromMs + 2 * kTransitionMs;
  vb.transition_out = Transition{};
  spec.visuals = {va, vb};
  return spec;
}

// A camera move over one photo, 3 s.
constexpr std::int64_t kMotionMs = 3000;

RenderSpec motion_spec(Motion::Type type, const std::string &photo, int width, int height) {
  RenderSpec spec;
  spec.canvas = Canvas{width, height, 30};
  spec.duration_ms = kMotionMs;
  VisualClip v;
  v.path = photo;
  v.start_ms = 0;
  v.end_ms = kMotionMs;
  v.motion.type = type;
  spec.visuals = {v};
  return spec;
}

// The frame at `ms` on the timeline.
std::int64_t frame_at(std::int64_t ms, int fps) {
  return (ms * fps + 500) / 1000;
}

// ---- Contact sheets ------------------------------------------------------

constexpr int kCellW = 320, kCellH = 180, kGap = 4, kLabelW = 168, kHeaderH = 40;
constexpr int kRowsPerSheet = 12;
constexpr double kFractions[] = {0.1, 0.3, 0.5, 0.7, 0.9};
constexpr int kColumns = sizeof kFractions / sizeof kFractions[0];

struct Row {
  std::string name;
  RenderSpec spec;
  std::vector<std::int64_t> frames;  // increasing
};

// Fills an image with a flat grey.
void fill_grey(const YuvRef &img, std::uint8_t y) {
  for (int i = 0; i < 3; ++i) {
    const Plane &p = img.p[i];
    for (int r = 0; r < p.height; ++r) std::fill(p.row(r), p.row(r) + p.width, i ? kNeutralC : y);
  }
}

// `text` drawn with the renderer's text layer (a title: white, dark outline)
// centred in the box (x, y, w, h) of `img`. The layer is laid out for a
// square canvas of `side`, which sets the size of the letters (8% of it).
// false when there is no font (or no FreeType).
bool draw_label(const YuvRef &img, const std::string &text, int x, int y, int w, int h, int side) {
  TextOverlay t;
  t.text = text;
  t.role = TextOverlay::Role::Title;
  t.position = TextOverlay::Position::Center;
  t.end_ms = 1;
  TextLayer layer;
  if (render_text_layer(t, Canvas{side, side, 30}, "", layer)) return false;
  layer.x = (x + std::max(0, (w - layer.width) / 2)) & ~1;
  layer.y = (y + std::max(0, (h - layer.height) / 2)) & ~1;
  composite_text(layer, 1.0, img);
  return true;
}

// Writes a 4:2:0 BT.709 limited-range image as an RGB PNG.
MaybeError write_png(const YuvRef &img, const std::string &path) {
  const int w = img.width(), h = img.height();
  FramePtr rgb = make_frame();
  if (!rgb) return make_error("internal", "out of memory");
  rgb->format = AV_PIX_FMT_RGB24;
  rgb->width = w;
  rgb->height = h;
  if (av_frame_get_buffer(rgb.get(), 0) < 0) return make_error("internal", "out of memory");
  SwsPtr sws(sws_getContext(w, h, AV_PIX_FMT_YUV420P, w, h, AV_PIX_FMT_RGB24,
                            SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr,
                            nullptr));
  if (!sws) return make_error("internal", "swscale has no YUV to RGB conversion");
  const int *bt709 = sws_getCoefficients(SWS_CS_ITU709);
  sws_setColorspaceDetails(sws.get(), bt709, 0, bt709, 1, 0, 1 << 16, 1 << 16);
  const std::uint8_t *src[4] = {img.p[0].data, img.p[1].data, img.p[2].data, nullptr};
  const int stride[4] = {img.p[0].stride, img.p[1].stride, img.p[2].stride, 0};
  if (sws_scale(sws.get(), src, stride, 0, h, rgb->data, rgb->linesize) != h)
    return make_error("internal", "swscale failed");

  const AVCodec *png = avcodec_find_encoder(AV_CODEC_ID_PNG);
  if (png == nullptr) return make_error("unsupported", "FFmpeg has no PNG encoder");
  CodecContextPtr enc(avcodec_alloc_context3(png));
  if (!enc) return make_error("internal", "out of memory");
  enc->width = w;
  enc->height = h;
  enc->pix_fmt = AV_PIX_FMT_RGB24;
  enc->time_base = AVRational{1, 1};
  int err = avcodec_open2(enc.get(), png, nullptr);
  if (err >= 0) err = avcodec_send_frame(enc.get(), rgb.get());
  if (err >= 0) err = avcodec_send_frame(enc.get(), nullptr);
  PacketPtr pkt = make_packet();
  if (err >= 0) err = avcodec_receive_packet(enc.get(), pkt.get());
  if (err < 0) return make_error("internal", "PNG encoder: " + av_error_text(err));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char *>(pkt->data), pkt->size);
  out.close();
  if (!out) return make_error("disk", "cannot write " + path);
  return std::nullopt;
}

// One sheet: a header (`corner`, then the column titles), then the rows.
MaybeError make_sheet(const std::vector<Row> &rows, const std::string &corner,
                      const std::vector<std::string> &columns, const std::string &path,
                      bool &labelled) {
  const int W = kLabelW + kColumns * (kCellW + kGap) + kGap;
  const int H = kHeaderH + static_cast<int>(rows.size()) * (kCellH + kGap) + kGap;
  YuvImage sheet(W, H);
  const YuvRef s = sheet.ref();
  fill_grey(s, 40);
  labelled = draw_label(s, corner, 0, 0, kLabelW, kHeaderH, 240);
  for (int c = 0; c < kColumns; ++c) {
    draw_label(s, columns[static_cast<std::size_t>(c)], kLabelW + c * (kCellW + kGap), 0, kCellW,
               kHeaderH, 240);
  }
  YuvImage frame(kCellW, kCellH);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const Row &row = rows[r];
    const int y = kHeaderH + static_cast<int>(r) * (kCellH + kGap);
    draw_label(s, row.name, 0, y, kLabelW, kCellH, 280);
    Compositor comp(row.spec);
    if (auto err = comp.prepare()) return err;
    for (std::size_t c = 0; c < row.frames.size(); ++c) {
      if (auto err = comp.render(row.frames[c], frame.ref())) return err;
      copy_image(frame.ref(),
                 sub_image(s, kLabelW + static_cast<int>(c) * (kCellW + kGap), y, kCellW, kCellH));
    }
  }
  return write_png(s, path);
}

// Rows in sheets of kRowsPerSheet: <out>/<stem>-N.png. Returns the paths written.
MaybeError make_sheets(const std::vector<Row> &rows, const std::string &stem,
                       const std::string &corner, const std::vector<std::string> &columns,
                       const std::string &out_dir, std::vector<std::string> &written,
                       bool &labelled) {
  const std::size_t sheets = (rows.size() + kRowsPerSheet - 1) / kRowsPerSheet;
  for (std::size_t i = 0; i < sheets; ++i) {
    const auto begin = rows.begin() + static_cast<std::ptrdiff_t>(i * kRowsPerSheet);
    const auto end =
        rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), (i + 1) * kRowsPerSheet));
    const std::string path =
        out_dir + "/" + stem + (sheets > 1 ? "-" + std::to_string(i + 1) : "") + ".png";
    if (auto err = make_sheet(std::vector<Row>(begin, end), corner, columns, path, labelled))
      return err;
    written.push_back(path);
  }
  return std::nullopt;
}

struct MotionName {
  Motion::Type type;
  const char *name;  // protocol::motion_names()
};
const MotionName kMotions[] = {
    {Motion::Type::KenBurns, "kenburns"},  {Motion::Type::ZoomIn, "zoom_in"},
    {Motion::Type::ZoomOut, "zoom_out"},   {Motion::Type::PanLeft, "pan_left"},
    {Motion::Type::PanRight, "pan_right"}, {Motion::Type::PanUp, "pan_up"},
    {Motion::Type::PanDown, "pan_down"},   {Motion::Type::Drift, "drift"},
};

int run_sheets(const std::vector<std::string> &photos, const std::string &out_dir) {
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    std::fprintf(stderr, "cannot create %s: %s\n", out_dir.c_str(), ec.message().c_str());
    return 1;
  }
  std::vector<std::string> columns;
  char buf[32];
  for (double f : kFractions) {
    std::snprintf(buf, sizeof buf, "p = %.1f", f);
    columns.push_back(buf);
  }
  std::vector<Row> rows;
  for (const TransitionLook &look : transition_catalogue()) {
    Row row{std::string(look.name),
            transition_spec(look.type, photos[0], photos[1], kCellW, kCellH),
            {}};
    for (double f : kFractions) {
      row.frames.push_back(
          frame_at(kFromMs + static_cast<std::int64_t>(std::lround(f * kTransitionMs)),
                   row.spec.canvas.fps));
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::string> written;
  bool labelled = true;
  if (auto err = make_sheets(rows, "transitions", "1 s", columns, out_dir, written, labelled)) {
    std::fprintf(stderr, "transition sheet: %s: %s\n", err->code.c_str(), err->message.c_str());
    return 1;
  }
  rows.clear();
  columns.clear();
  for (double f : kFractions) {
    std::snprintf(buf, sizeof buf, "t = %.1f s", f * kMotionMs / 1000.0);
    columns.push_back(buf);
  }
  for (const MotionName &m : kMotions) {
    Row row{m.name, motion_spec(m.type, photos[1], kCellW, kCellH), {}};
    for (double f : kFractions) {
      row.frames.push_back(
          frame_at(static_cast<std::int64_t>(std::lround(f * kMotionMs)), row.spec.canvas.fps));
    }
    rows.push_back(std::move(row));
  }
  if (auto err = make_sheets(rows, "motions", "3 s", columns, out_dir, written, labelled)) {
    std::fprintf(stderr, "motion sheet: %s: %s\n", err->code.c_str(), err->message.c_str());
    return 1;
  }
  if (!labelled) std::printf("  NOTE: no font (or no FreeType): the sheets have no labels\n");
  for (const auto &p : written) std::printf("  sheet: %s\n", p.c_str());
  return 0;
}

// ---- Benchmark -------------------------------------------------------------

struct Measured {
  std::string name;
  RenderSpec spec;
  std::unique_ptr<Compositor> comp;
  std::vector<double> cpu, wall;        // ms a frame, one a round
  std::vector<double> x_fade, x_still;  // CPU time over that of a fade / a still frame beside it
};

// The 30 transition frames (p = 0 .. 29/30), timed.
MaybeError time_frames(Compositor &comp, int fps, YuvImage &frame, double &cpu_ms,
                       double &wall_ms) {
  const std::int64_t first = frame_at(kFromMs, fps), last = frame_at(kFromMs + kTransitionMs, fps);
  const double c0 = thread_cpu_seconds();
  const auto t0 = Clock::now();
  for (std::int64_t n = first; n < last; ++n) {
    if (auto err = comp.render(n, frame.ref())) return err;
  }
  const double frames = static_cast<double>(last - first);
  wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count() / frames;
  cpu_ms = (thread_cpu_seconds() - c0) * 1000.0 / frames;
  return std::nullopt;
}

int run_bench(const std::vector<std::string> &photos, int rounds) {
  constexpr int kW = 1920, kH = 1080;
  // One compositor a look, kept for the whole run, so that each round renders
  // the same 30 frames again without decoding the photos again. A compositor
  // releases a visual after the last frame that shows it; the outgoing ends
  // at 2001 ms, not 2000, so that the 30th frame (1967 ms) is not its last and
  // it is kept (going back to the first frame is fine with still photos).
  // p differs by 0.1% from that of a 1000 ms transition.
  std::vector<Measured> looks;
  looks.reserve(transition_catalogue().size() + 2);
  const auto add = [&](std::string name, Transition::Type type, Motion::Type motion) {
    RenderSpec spec = transition_spec(type, photos[0], photos[1], kW, kH);
    spec.visuals[0].end_ms += 1;
    for (VisualClip &v : spec.visuals) v.motion.type = motion;
    Measured m;
    m.name = std::move(name);
    m.spec = std::move(spec);
    looks.push_back(std::move(m));
  };
  add("(still)", Transition::Type::None, Motion::Type::None);
  add("(kenburns)", Transition::Type::None, Motion::Type::KenBurns);
  for (const TransitionLook &look : transition_catalogue())
    add(std::string(look.name), look.type, Motion::Type::None);
  std::printf(
      "\nbenchmark: Compositor::render at %dx%d, 1 s transition (30 frames at 30 fps), %d "
      "rounds;\n  every look once a round (30 frames in a row), between a fade and a still frame, "
      "each round in another order;\n"
      "  (still): the same frames with no transition (b alone, no motion); (kenburns): the same "
      "with Ken Burns\n",
      kW, kH, rounds);
  std::fflush(stdout);
  YuvImage frame(kW, kH);
  // Untimed: decode and fit the photos, build the masks, touch every buffer.
  for (Measured &m : looks) {
    m.comp = std::make_unique<Compositor>(m.spec);
    double cpu = 0, wall = 0;
    MaybeError err = m.comp->prepare();
    if (!err) err = time_frames(*m.comp, m.spec.canvas.fps, frame, cpu, wall);
    if (err) {
      std::fprintf(stderr, "%s: %s: %s\n", m.name.c_str(), err->code.c_str(), err->message.c_str());
      return 1;
    }
  }
  // Each look is measured next to a fade and a still frame, in a different
  // order every other round, and its ratios taken from those three: load
  // that comes and goes (the machine is shared) hits the three alike.
  std::size_t fade = 0;
  for (std::size_t i = 0; i < looks.size(); ++i)
    if (looks[i].spec.visuals[0].transition_out.type == Transition::Type::Fade) fade = i;
  const std::size_t still = 0;
  const auto t_all = Clock::now();
  for (int round = 0; round < rounds; ++round) {
    // Another starting point and direction each round: a look is not always
    // measured just after the same other one, nor always early or late.
    const std::size_t n = looks.size();
    const std::size_t start = (static_cast<std::size_t>(round) * 11) % n;
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = round % 2 ? (start + n - k) % n : (start + k) % n;
      const std::size_t order[3] = {round % 2 ? i : fade, still, round % 2 ? fade : i};
      double cpu[3] = {0, 0, 0}, wall[3] = {0, 0, 0};
      for (int j = 0; j < 3; ++j) {
        Measured &m = looks[order[j]];
        if (auto err = time_frames(*m.comp, m.spec.canvas.fps, frame, cpu[j], wall[j])) {
          std::fprintf(stderr, "%s: %s: %s\n", m.name.c_str(), err->code.c_str(),
                       err->message.c_str());
          return 1;
        }
      }
      const int self = round % 2 ? 0 : 2, with_fade = 2 - self;
      Measured &m = looks[i];
      m.cpu.push_back(cpu[self]);
      m.wall.push_back(wall[self]);
      m.x_fade.push_back(cpu[self] / cpu[with_fade]);
      m.x_still.push_back(cpu[self] / cpu[1]);
    }
  }
  std::printf("  %d rounds in %.1f s\n", rounds,
              std::chrono::duration<double>(Clock::now() - t_all).count());
  std::printf("\n%-12s %9s %9s %8s %15s %8s\n", "look", "cpu ms/f", "wall ms/f", "x fade",
              "(x fade min-max)", "x still");
  for (const Measured &m : looks) {
    const auto [lo, hi] = std::minmax_element(m.x_fade.begin(), m.x_fade.end());
    std::printf("%-12s %9.2f %9.2f %8.2f %7.2f-%-7.2f %8.1f\n", m.name.c_str(), median(m.cpu),
                median(m.wall), median(m.x_fade), *lo, *hi, median(m.x_still));
  }
  std::printf(
      "(cpu: this thread's CPU time, the compositor runs on it alone; ms/f: medians over the "
      "rounds;\n ratios: CPU time over that of the fade and the still frame measured right "
      "beside it,\n median (and range) over the rounds)\n");
  return 0;
}

}  // namespace

int main(int argc, char **argv) {
  std::string media, out_dir = "transition-sheets";
  int rounds = 10;
  bool sheets = true, bench = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--out" && i + 1 < argc) {
      out_dir = argv[++i];
    } else if (a == "--rounds" && i + 1 < argc) {
      rounds = std::clamp(std::atoi(argv[++i]), 1, 100);
    } else if (a == "--no-bench") {
      bench = false;
    } else if (a == "--no-sheets") {
      sheets = false;
    } else if (!a.empty() && a[0] != '-' && media.empty()) {
      media = a;
    } else {
      std::fprintf(stderr,
                   "usage: %s [media-dir] [--out DIR] [--rounds N] [--no-bench] [--no-sheets]\n",
                   argv[0]);
      return 2;
    }
  }
  if (media.empty()) {
    const char *env = std::getenv("NEMO_TEST_MEDIA");
    media = env != nullptr && *env ? env : NEMO_TEST_MEDIA_DEFAULT;
  }
  av_log_set_level(AV_LOG_ERROR);
  const std::vector<std::string> photos = list(media + "/photos", ".jpg");
  if (photos.size() < 2) {
    std::printf(
        "transition_sheet: SKIPPED: fewer than two photos in %s/photos (run "
        "ci/fetch-test-media.sh)\n",
        media.c_str());
    return 77;
  }
  std::printf("transition_sheet: %zu looks; outgoing %s, incoming %s\n",
              transition_catalogue().size(), photos[0].c_str(), photos[1].c_str());
  const std::string font = default_font_path(true);
  std::printf("  font: %s\n", font.empty() ? "(none)" : font.c_str());
  if (sheets) {
    std::printf("contact sheets: %dx%d, 1 s transitions; camera moves over %s\n", kCellW, kCellH,
                photos[1].c_str());
    if (const int rc = run_sheets(photos, out_dir)) return rc;
  }
  if (bench) return run_bench(photos, rounds);
  return 0;
}
