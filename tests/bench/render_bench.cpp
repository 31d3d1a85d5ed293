// render_bench: one run, figures printed.
//   ours   = render_to_file of workflow 1 (1080p30, 30 s, five photos with Ken
//            Burns, 0.8 s fades, music faded out), default encoder settings
//   floor  = libx264 alone encoding the same 900 frames (rendered beforehand
//            and held in memory) through libavcodec with the same options
//   recipe = FFmpeg's command-line recipe (zoompan + xfade + music in
//            -filter_complex, libx264 veryfast CRF 20 yuv420p), same inputs
//   melt   = MLT's melt (the engine of Shotcut and its slideshow generator):
//            the same photos with affine zooms, 0.8 s luma mixes and the music,
//            to libx264 veryfast CRF 20 (skipped when melt is not installed)
//   plain  = ours with the looks of issue 11 off: cuts evenly spaced, pictures
//            centred (no face or detail framing); ours has its cuts moved onto
//            the music's beats (render/beat_grid) and framing on
// and the peak RSS of a render with 4096x4096 inputs (in a child process).
// Usage: render_bench [media-dir]   (default: $NEMO_TEST_MEDIA, else
// <build>/test-media from ci/fetch-test-media.sh; generated pictures if none)
// SPDX-License-Identifier: GPL-2.0-or-later
#include <dirent.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <variant>
#include <vector>

#include "render/beat_grid.hpp"
#include "render/compositor.hpp"
#include "render/ff_ptr.hpp"
#include "render/mp4_writer.hpp"
#include "render/renderer.hpp"

using namespace nemo::render;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// CPU seconds (user + system) of this process, or of its waited-for children.
double cpu_seconds(int who) {
  rusage ru{};
  ::getrusage(who, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

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

bool sh(const std::string &cmd) {
  return std::system(cmd.c_str()) == 0;
}

std::string ffmpeg_cli() {
  return NEMO_FFMPEG_CLI;
}

constexpr int kPhotos = 5;
constexpr std::int64_t kDuration = 30000, kFade = 800;
constexpr std::int64_t kEach = (kDuration + (kPhotos - 1) * kFade) / kPhotos;  // 6640
constexpr std::int64_t kStep = kEach - kFade;                                  // 5840

RenderSpec workflow_spec(const std::vector<std::string> &photos, const std::string &music) {
  RenderSpec spec;
  spec.duration_ms = kDuration;
  for (int i = 0; i < kPhotos; ++i) {
    VisualClip v;
    v.path = photos[static_cast<std::size_t>(i)];
    v.start_ms = i * kStep;
    v.end_ms = v.start_ms + kEach;
    v.motion.type = Motion::Type::KenBurns;
    v.transition_out = Transition{Transition::Type::Fade, kFade};
    spec.visuals.push_back(v);
  }
  if (!music.empty()) {
    AudioClip a;
    a.path = music;
    a.end_ms = kDuration;
    a.volume = 0.8;
    a.fade_out_ms = 2000;
    spec.audio.push_back(a);
  }
  return spec;
}

// Each cut's midpoint moved to the nearest beat (the fades keep their length).
void cut_on_beats(RenderSpec &spec, const std::vector<std::int64_t> &beats) {
  if (beats.empty()) return;
  for (std::size_t i = 0; i + 1 < spec.visuals.size(); ++i) {
    const std::int64_t mid = spec.visuals[i].end_ms - kFade / 2;
    const auto near = *std::min_element(beats.begin(), beats.end(), [&](auto a, auto b) {
      return std::llabs(a - mid) < std::llabs(b - mid);
    });
    if (std::llabs(near - mid) > kStep / 4) continue;
    spec.visuals[i].end_ms = near + kFade / 2;
    spec.visuals[i + 1].start_ms = near - kFade / 2;
  }
}

std::string melt_command(const std::vector<std::string> &photos, const std::string &music,
                         const std::string &out) {
  const long each = static_cast<long>(kEach * 30 / 1000),
             mix = static_cast<long>(kFade * 30 / 1000);
  const long total = static_cast<long>(kDuration * 30 / 1000);
  const std::string zoom =
      "transition.rect=\"0=0 0 1920 1080;" + std::to_string(each - 1) + "=-192 -108 2304 1296\"";
  std::string cmd = "'" + std::string(NEMO_MELT) + "' -silent -profile atsc_1080p_30";
  for (std::size_t i = 0; i < photos.size(); ++i) {
    cmd += " '" + photos[i] + "' out=" + std::to_string(each - 1) + " -attach-clip affine " + zoom;
    if (i > 0) cmd += " -mix " + std::to_string(mix) + " -mixer luma";
  }
  cmd += " -audio-track '" + music + "' out=" + std::to_string(total - 1) +
         " -transition mix a_track=0 b_track=1 always_active=1";
  cmd += " -consumer 'avformat:" + out +
         "' vcodec=libx264 preset=veryfast crf=20 pix_fmt=yuv420p acodec=aac ab=192k"
         " >/dev/null 2>&1";
  return cmd;
}

std::string recipe_command(const std::vector<std::string> &photos, const std::string &music,
                           const std::string &out) {
  const int frames = static_cast<int>(kEach * 30 / 1000) + 1;
  std::string cmd = "'" + ffmpeg_cli() + "' -nostdin -hide_banner -loglevel error -y";
  for (int i = 0; i < kPhotos; ++i) cmd += " -i '" + photos[static_cast<std::size_t>(i)] + "'";
  if (!music.empty()) cmd += " -i '" + music + "'";
  std::string fc;
  for (int i = 0; i < kPhotos; ++i) {
    fc +=
        "[" + std::to_string(i) +
        ":v]scale=3840:2160:force_original_aspect_ratio=increase,crop=3840:2160,"
        "zoompan=z='min(zoom+0.0008,1.2)':d=" +
        std::to_string(frames) +
        ":x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)':s=1920x1080:fps=30,setsar=1,format=yuv420p[v" +
        std::to_string(i) + "];";
  }
  std::string last = "v0";
  for (int i = 1; i < kPhotos; ++i) {
    const std::string next = "x" + std::to_string(i);
    char offset[32];
    std::snprintf(offset, sizeof offset, "%.3f", static_cast<double>(i * kStep) / 1000.0);
    fc += "[" + last + "][v" + std::to_string(i) +
          "]xfade=transition=fade:duration=" + std::to_string(kFade / 1000.0).substr(0, 3) +
          ":offset=" + offset + "[" + next + "];";
    last = next;
  }
  if (!music.empty()) {
    fc += "[" + std::to_string(kPhotos) + ":a]atrim=0:30,volume=0.8,afade=t=out:st=28:d=2[aout];";
  }
  fc.pop_back();
  cmd += " -filter_complex \"" + fc + "\" -map '[" + last + "]'";
  if (!music.empty()) cmd += " -map '[aout]' -c:a aac -b:a 192k";
  cmd += " -c:v libx264 -preset veryfast -crf 20 -pix_fmt yuv420p -t 30 -movflags +faststart '" +
         out + "'";
  return cmd;
}

// Child mode: render with 4096x4096 inputs; the parent reads our peak RSS.
int rss_child(const std::string &dir) {
  RenderSpec spec;
  spec.duration_ms = 6000;
  for (int i = 0; i < 4; ++i) {
    VisualClip v;
    v.path = dir + "/big" + std::to_string(i) + (i % 2 ? ".png" : ".jpg");
    v.start_ms = i * 1400;
    v.end_ms = i == 3 ? 6000 : v.start_ms + 1800;
    v.motion.type = Motion::Type::KenBurns;
    v.fit = i == 2 ? Fit::BlurPad : Fit::Crop;
    v.transition_out = Transition{Transition::Type::Fade, 400};
    spec.visuals.push_back(v);
  }
  RenderOptions opts;
  opts.low_priority = false;
  const auto err = render_to_file(spec, dir + "/big.mp4", opts);
  if (err) {
    std::fprintf(stderr, "4096 render failed: %s\n", err->message.c_str());
    return 1;
  }
  // VmHWM: the peak of this process image (getrusage's maxrss would also
  // count the parent's pages shared before exec).
  FILE *status = std::fopen("/proc/self/status", "r");
  FILE *out = std::fopen((dir + "/hwm").c_str(), "w");
  if (status == nullptr || out == nullptr) return 1;
  char line[256];
  while (std::fgets(line, sizeof line, status) != nullptr) {
    if (std::strncmp(line, "VmHWM:", 6) == 0) std::fputs(line + 6, out);
  }
  std::fclose(status);
  std::fclose(out);
  return 0;
}

double measure_rss_mb(const std::string &self, const std::string &dir) {
  for (int i = 0; i < 4; ++i) {
    const std::string path = dir + "/big" + std::to_string(i) + (i % 2 ? ".png" : ".jpg");
    if (!sh("'" + ffmpeg_cli() +
            "' -nostdin -loglevel error -y -f lavfi -i testsrc2=size=4096x4096:duration=1 "
            "-frames:v 1 '" +
            path + "'")) {
      return -1;
    }
  }
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::execl(self.c_str(), self.c_str(), "--rss-child", dir.c_str(), static_cast<char *>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return -1;
  FILE *f = std::fopen((dir + "/hwm").c_str(), "r");
  if (f == nullptr) return -1;
  long kb = -1;
  if (std::fscanf(f, "%ld", &kb) != 1) kb = -1;
  std::fclose(f);
  return static_cast<double>(kb) / 1024.0;
}

// libx264 alone: the given frames encoded with the renderer's own settings.
double floor_seconds(const std::vector<FramePtr> &frames, const RenderSpec &spec) {
  const auto t0 = Clock::now();
  CodecContextPtr enc;
  if (auto err = open_h264_encoder(spec.canvas, spec.encoder, true, enc)) {
    std::fprintf(stderr, "floor: %s\n", err->message.c_str());
    return -1;
  }
  PacketPtr pkt = make_packet();
  std::size_t bytes = 0;
  auto drain = [&] {
    while (avcodec_receive_packet(enc.get(), pkt.get()) >= 0) {
      bytes += static_cast<std::size_t>(pkt->size);
      av_packet_unref(pkt.get());
    }
  };
  for (const FramePtr &f : frames) {
    avcodec_send_frame(enc.get(), f.get());
    drain();
  }
  avcodec_send_frame(enc.get(), nullptr);
  drain();
  const double s = seconds_since(t0);
  (void)bytes;
  return s;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc == 3 && std::string(argv[1]) == "--rss-child") return rss_child(argv[2]);
  if (argc == 3 && std::string(argv[1]) == "--compose-only") {
    // For profiling: the compositor alone over workflow 1 with generated pictures.
    std::vector<std::string> photos;
    for (int i = 0; i < kPhotos; ++i)
      photos.push_back(std::string(argv[2]) + "/gen" + std::to_string(i) + ".jpg");
    const RenderSpec spec = workflow_spec(photos, "");
    Compositor comp(spec);
    if (comp.prepare()) return 1;
    YuvImage img(spec.canvas.width, spec.canvas.height);
    const auto t0 = Clock::now();
    for (std::int64_t n = 0; n < comp.frame_count(); ++n) {
      if (comp.render(n, img.ref())) return 1;
    }
    std::printf("compose: %.2f s, %.2f ms/frame\n", seconds_since(t0),
                seconds_since(t0) * 1000 / comp.frame_count());
    return 0;
  }
  av_log_set_level(AV_LOG_ERROR);
  const char *env = std::getenv("NEMO_TEST_MEDIA");
  const std::string media =
      argc > 1 ? argv[1] : (env != nullptr && *env ? env : NEMO_TEST_MEDIA_DEFAULT);
  char tmpl[] = "/tmp/nemo-render-bench-XXXXXX";
  if (::mkdtemp(tmpl) == nullptr) return 1;
  const std::string tmp = tmpl;

  std::vector<std::string> photos = list(media + "/photos", ".jpg");
  std::vector<std::string> music = list(media + "/music", ".mp3");
  for (const auto &m : list(media + "/music", ".ogg")) music.push_back(m);
  std::printf(
      "render_bench: workflow 1 at 1080p30, %lld s, %d photos, Ken Burns, %lld ms fades, music\n",
      static_cast<long long>(kDuration / 1000), kPhotos, static_cast<long long>(kFade));
  if (photos.size() < static_cast<std::size_t>(kPhotos)) {
    std::printf(
        "  NOTE: no real photos in %s/photos (run ci/fetch-test-media.sh): using generated "
        "4000x3000 pictures\n",
        media.c_str());
    photos.clear();
    for (int i = 0; i < kPhotos; ++i) {
      const std::string p = tmp + "/gen" + std::to_string(i) + ".jpg";
      sh("'" + ffmpeg_cli() +
         "' -nostdin -loglevel error -y -f lavfi -i testsrc2=size=4000x3000:duration=1 "
         "-frames:v 1 -q:v 3 '" +
         p + "'");
      photos.push_back(p);
    }
  }
  photos.resize(kPhotos);
  std::string track = music.empty() ? "" : music.front();
  if (track.empty()) {
    track = tmp + "/tone.wav";
    std::printf("  NOTE: no real music in %s/music: using a generated tone\n", media.c_str());
    sh("'" + ffmpeg_cli() + "' -nostdin -loglevel error -y -f lavfi -i sine=duration=40 '" + track +
       "'");
  }
  for (const auto &p : photos) std::printf("  photo: %s\n", p.c_str());
  std::printf("  music: %s\n", track.c_str());
  // Ours: cuts on the beat, pictures framed; plain: neither. The beats are
  // found once per song (nemo-local caches them): timed on their own.
  RenderSpec spec = workflow_spec(photos, track);
  const auto b0 = Clock::now();
  const auto grid = analyse_beats(track);
  const double beat_s = seconds_since(b0);
  const auto *beats = std::get_if<BeatGrid>(&grid);
  cut_on_beats(spec, beats ? beats->beats_ms : std::vector<std::int64_t>{});
  RenderSpec plain = workflow_spec(photos, track);
  plain.frame_subjects = false;
  std::printf("  beats: %s, %.1f BPM, %zu beats, found in %.2f s\n", beats ? "found" : "none",
              beats ? beats->bpm : 0.0, beats ? beats->beats_ms.size() : std::size_t{0}, beat_s);
  std::printf("  x264: preset %s, CRF %d, %d threads\n", spec.encoder.preset.c_str(),
              spec.encoder.crf, x264_thread_count());

  // The frames of the floor: drawn beforehand by our compositor, held in memory.
  std::vector<FramePtr> frames;
  double compose = 0;
  {
    Compositor comp(spec);
    if (comp.prepare()) return 1;
    const auto t0 = Clock::now();
    for (std::int64_t n = 0; n < comp.frame_count(); ++n) {
      FramePtr f = make_frame();
      f->format = AV_PIX_FMT_YUV420P;
      f->width = spec.canvas.width;
      f->height = spec.canvas.height;
      if (av_frame_get_buffer(f.get(), 64) < 0) return 1;
      YuvRef r;
      for (int i = 0; i < 3; ++i) {
        r.p[i] = Plane{f->data[i], f->linesize[i], i ? f->width / 2 : f->width,
                       i ? f->height / 2 : f->height};
      }
      if (comp.render(n, r)) return 1;
      f->pts = n;
      frames.push_back(std::move(f));
    }
    compose = seconds_since(t0);
  }

  // Ours, the floor and the recipe, in turn, `rounds` times: the machine may
  // be shared, so each figure is the best of its rounds, and load that comes
  // and goes hits all three alike.
  const char *rounds_env = std::getenv("NEMO_BENCH_ROUNDS");
  const int rounds = std::clamp(rounds_env != nullptr ? std::atoi(rounds_env) : 2, 1, 10);
  const std::string cmd = recipe_command(photos, track, tmp + "/recipe.mp4");
  double ours = 1e99, floor = 1e99, recipe = 1e99, plain_s = 1e99, melt = 1e99;
  double ours_cpu = 1e99, floor_cpu = 1e99, recipe_cpu = 1e99, plain_cpu = 1e99, melt_cpu = 1e99;
  const bool have_melt = std::strlen(NEMO_MELT) > 0;
  const std::string melt_cmd = melt_command(photos, track, tmp + "/melt.mp4");
  bool melt_ok = true;
  bool recipe_ok = true;
  for (int round = 1; round <= rounds; ++round) {
    RenderOptions opts;
    opts.low_priority = false;  // same footing as the floor and the recipe
    double c0 = cpu_seconds(RUSAGE_SELF);
    auto t0 = Clock::now();
    const auto err = render_to_file(spec, tmp + "/ours.mp4", opts);
    const double o = seconds_since(t0), oc = cpu_seconds(RUSAGE_SELF) - c0;
    if (err) {
      std::fprintf(stderr, "render failed: %s: %s\n", err->code.c_str(), err->message.c_str());
      return 1;
    }
    c0 = cpu_seconds(RUSAGE_SELF);
    t0 = Clock::now();
    if (const auto perr = render_to_file(plain, tmp + "/plain.mp4", opts)) {
      std::fprintf(stderr, "plain render failed: %s\n", perr->message.c_str());
      return 1;
    }
    const double pl = seconds_since(t0), plc = cpu_seconds(RUSAGE_SELF) - c0;
    c0 = cpu_seconds(RUSAGE_SELF);
    const double f = floor_seconds(frames, spec), fc = cpu_seconds(RUSAGE_SELF) - c0;
    c0 = cpu_seconds(RUSAGE_CHILDREN);
    t0 = Clock::now();
    recipe_ok = sh(cmd) && recipe_ok;
    const double r = seconds_since(t0), rc = cpu_seconds(RUSAGE_CHILDREN) - c0;
    double m = 0, mc = 0;
    if (have_melt) {
      c0 = cpu_seconds(RUSAGE_CHILDREN);
      t0 = Clock::now();
      melt_ok = sh(melt_cmd) && melt_ok;
      m = seconds_since(t0);
      mc = cpu_seconds(RUSAGE_CHILDREN) - c0;
      melt = std::min(melt, m);
      melt_cpu = std::min(melt_cpu, mc);
    }
    std::printf(
        "  round %d: ours %.2f s, plain %.2f s, floor %.2f s, recipe %.2f s, melt %.2f s (CPU "
        "%.1f / %.1f / %.1f / %.1f / %.1f s)\n",
        round, o, pl, f, r, m, oc, plc, fc, rc, mc);
    plain_s = std::min(plain_s, pl);
    plain_cpu = std::min(plain_cpu, plc);
    std::fflush(stdout);
    ours = std::min(ours, o);
    floor = std::min(floor, f);
    recipe = std::min(recipe, r);
    ours_cpu = std::min(ours_cpu, oc);
    floor_cpu = std::min(floor_cpu, fc);
    recipe_cpu = std::min(recipe_cpu, rc);
  }
  frames.clear();

  // 4. Peak RSS with 4096x4096 inputs.
  const double rss = measure_rss_mb("/proc/self/exe", tmp);

  std::printf("\nresults (one run, best of %d rounds each, wall time):\n", rounds);
  std::printf("  ours:    %7.2f s  (render_to_file, 900 frames + AAC + MP4)\n", ours);
  std::printf("  floor:   %7.2f s  (libx264 alone, same 900 frames from memory, same options)\n",
              floor);
  std::printf("  plain:   %7.2f s  (ours without beat cuts and framing)\n", plain_s);
  std::printf("  compose: %7.2f s  (our compositor alone, for information)\n", compose);
  std::printf("  recipe:  %7.2f s  (ffmpeg CLI zoompan+xfade%s)\n", recipe,
              recipe_ok ? "" : ", FAILED");
  if (have_melt) {
    std::printf("  melt:    %7.2f s  (MLT's melt: affine zooms, luma mixes%s)\n", melt,
                melt_ok ? "" : ", FAILED");
  } else {
    std::printf("  melt:    not installed (apt install melt)\n");
  }
  std::printf("  ours/floor  = %.3f  (target <= 1.15)\n", ours / floor);
  if (have_melt) std::printf("  melt/ours   = %.3f\n", melt / ours);
  std::printf("  recipe/ours = %.3f  (target >= 1.2)\n", recipe / ours);
  std::printf("  ours/plain  = %.3f  (target <= 1.10); with the beats found too: %.3f\n",
              ours / plain_s, (ours + beat_s) / plain_s);
  std::printf("CPU time (user+sys), less sensitive to other load on the machine:\n");
  std::printf("  ours %.2f s, floor %.2f s, recipe %.2f s: ours/floor = %.3f, recipe/ours = %.3f\n",
              ours_cpu, floor_cpu, recipe_cpu, ours_cpu / floor_cpu, recipe_cpu / ours_cpu);
  std::printf("  ours/plain = %.3f (plain %.2f s)\n", ours_cpu / plain_cpu, plain_cpu);
  if (have_melt) std::printf("  melt %.2f s: melt/ours = %.3f\n", melt_cpu, melt_cpu / ours_cpu);
  std::printf(
      "  peak RSS, render of four 4096x4096 pictures (6 s, 1080p): %.0f MB  (goal <= 600)\n", rss);
  std::printf("\nrecipe command:\n%s\n", cmd.c_str());
  if (have_melt) std::printf("\nmelt command:\n%s\n", melt_cmd.c_str());
  sh("rm -rf '" + tmp + "'");
  return 0;
}
