// The frame loop: a compositor thread draws frame N+1 while this thread hands
// frame N to x264 (which has threads of its own) and keeps the sound in step.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/renderer.hpp"

#include <cstdio>
#include <thread>
#include <vector>

#include "platform/thread_priority.hpp"
#include "render/audio_mix.hpp"
#include "render/compositor.hpp"
#include "render/ff_ptr.hpp"
#include "render/mp4_writer.hpp"
#include "render/spec_check.hpp"
#include "render/work_queue.hpp"

namespace nemo::render {
namespace {

constexpr int kPoolFrames = 4;

YuvRef frame_ref(AVFrame *f) {
  YuvRef r;
  for (int i = 0; i < 3; ++i) {
    r.p[i].data = f->data[i];
    r.p[i].stride = f->linesize[i];
    r.p[i].width = i == 0 ? f->width : f->width / 2;
    r.p[i].height = i == 0 ? f->height : f->height / 2;
  }
  return r;
}

bool cancelled(const RenderOptions &o) {
  return o.cancel != nullptr && o.cancel->load();
}

struct Composed {
  int slot = -1;  // -1: the compositor failed or stopped
  std::optional<RenderError> error;
};

class FrameLoop {
 public:
  FrameLoop(const RenderSpec &spec, const RenderOptions &options)
      : spec_(spec), options_(options) {}

  MaybeError run(const std::string &tmp_path) {
    if (auto err = check_spec(spec_)) return err;
    Compositor compositor(spec_);
    if (auto err = compositor.prepare()) return err;
    AudioMixer mixer(spec_.audio);
    if (auto err = mixer.open()) return err;
    const bool with_audio = !spec_.audio.empty();
    Mp4Writer writer;
    if (auto err = writer.open(tmp_path, spec_.canvas, spec_.encoder, with_audio)) return err;
    if (options_.on_encoder) options_.on_encoder(writer.encoder(), writer.refused_encoders());

    std::vector<FramePtr> pool;
    for (int i = 0; i < kPoolFrames; ++i) {
      FramePtr f = make_frame();
      f->format = AV_PIX_FMT_YUV420P;
      f->width = spec_.canvas.width;
      f->height = spec_.canvas.height;
      f->color_primaries = AVCOL_PRI_BT709;
      f->color_trc = AVCOL_TRC_BT709;
      f->colorspace = AVCOL_SPC_BT709;
      f->color_range = AVCOL_RANGE_MPEG;
      if (av_frame_get_buffer(f.get(), 64) < 0) return make_error("internal", "out of memory");
      pool.push_back(std::move(f));
    }
    const std::int64_t frames = compositor.frame_count();
    WorkQueue<int> free_slots(kPoolFrames);
    WorkQueue<Composed> ready(kPoolFrames);
    for (int i = 0; i < kPoolFrames; ++i) free_slots.push(i);

    std::thread producer([&] {
      for (std::int64_t n = 0; n < frames; ++n) {
        std::optional<int> slot = free_slots.pop();
        if (!slot) return;
        AVFrame *f = pool[static_cast<std::size_t>(*slot)].get();
        Composed c;
        if (cancelled(options_)) {
          c.error = make_error("cancelled", "the render was cancelled");
        } else if (av_frame_make_writable(f) < 0) {
          c.error = make_error("internal", "out of memory");
        } else if (auto err = compositor.render(n, frame_ref(f))) {
          c.error = err;
        } else {
          f->pts = n;
          c.slot = *slot;
        }
        const bool failed = c.error.has_value();
        if (!ready.push(std::move(c)) || failed) return;
      }
    });

    // The producer is stopped and joined however encoding ends (an exception
    // from on_progress included).
    struct JoinGuard {
      WorkQueue<int> &free_slots;
      WorkQueue<Composed> &ready;
      std::thread &producer;
      ~JoinGuard() {
        free_slots.close();
        ready.close();
        if (producer.joinable()) producer.join();
      }
    };
    MaybeError result;
    {
      JoinGuard guard{free_slots, ready, producer};
      result = encode_all(frames, pool, free_slots, ready, mixer, writer, with_audio);
    }
    if (result) return result;
    if (auto err = writer.finish()) return err;
    return std::nullopt;
  }

 private:
  MaybeError encode_all(std::int64_t frames, std::vector<FramePtr> &pool,
                        WorkQueue<int> &free_slots, WorkQueue<Composed> &ready, AudioMixer &mixer,
                        Mp4Writer &writer, bool with_audio) {
    const std::int64_t total_samples = spec_.duration_ms * 48;
    std::int64_t audio_pos = 0;
    const int block = with_audio ? writer.audio_frame_size() : 0;
    std::vector<float> left(static_cast<std::size_t>(block)),
        right(static_cast<std::size_t>(block));
    auto audio_until = [&](std::int64_t until) -> MaybeError {
      while (with_audio && audio_pos < until) {
        const int n = static_cast<int>(std::min<std::int64_t>(block, total_samples - audio_pos));
        if (auto err = mixer.mix(audio_pos, n, left.data(), right.data())) return err;
        if (auto err = writer.write_audio(left.data(), right.data(), n)) return err;
        audio_pos += n;
      }
      return std::nullopt;
    };
    for (std::int64_t n = 0; n < frames; ++n) {
      if (cancelled(options_)) return make_error("cancelled", "the render was cancelled");
      std::optional<Composed> c = ready.pop();
      if (!c) return make_error("internal", "the compositor stopped");
      if (c->error) return c->error;
      if (auto err = writer.write_video(pool[static_cast<std::size_t>(c->slot)].get())) return err;
      free_slots.push(c->slot);
      // Keep the sound up to the end of this frame, so the muxer interleaves.
      const std::int64_t until = std::min(total_samples, (n + 1) * 48000 / spec_.canvas.fps);
      if (auto err = audio_until(until)) return err;
      if (options_.on_progress)
        options_.on_progress(0.99 * static_cast<double>(n + 1) / static_cast<double>(frames));
    }
    return audio_until(total_samples);
  }

  const RenderSpec &spec_;
  const RenderOptions &options_;
};

MaybeError render_here(const RenderSpec &spec, const std::string &out_path,
                       const RenderOptions &options) {
  if (out_path.empty()) return make_error("bad_input", "no output path");
  const std::string tmp = out_path + ".tmp";
  std::remove(tmp.c_str());
  MaybeError err;
  {
    FrameLoop loop(spec, options);
    err = loop.run(tmp);
  }  // the writer is closed here, whatever happened
  if (!err && cancelled(options)) err = make_error("cancelled", "the render was cancelled");
  if (!err && std::rename(tmp.c_str(), out_path.c_str()) != 0) {
    err = make_error("disk", "cannot rename the finished video to " + out_path);
  }
  if (err) {
    std::remove(tmp.c_str());
    return err;
  }
  if (options.on_progress) options.on_progress(1.0);
  return std::nullopt;
}

}  // namespace

std::optional<RenderError> render_to_file(const RenderSpec &spec, const std::string &out_path,
                                          const RenderOptions &options) {
  MaybeError result;
  // A thread of its own: its priority can be lowered without touching the
  // caller's, and every thread it starts inherits the lower priority.
  std::thread worker([&] {
    if (options.low_priority) platform::lower_current_thread_priority(options.idle_class);
    try {
      result = render_here(spec, out_path, options);
    } catch (const std::exception &e) {
      std::remove((out_path + ".tmp").c_str());
      result = make_error("internal", e.what());
    }
  });
  worker.join();
  return result;
}

}  // namespace nemo::render
