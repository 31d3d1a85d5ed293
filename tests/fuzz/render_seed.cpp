// Seeds for the mp4_probe fuzzer made by the project's own renderer:
//   nemo_fuzz_render_seed <picture> <out.mp4> [<music>]
// renders a one-second 112x64 clip of the picture (with the music's sound when
// given) through render_to_file, as nemo-local does. Used by ci/fuzz.sh.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <cstdio>
#include <string>

#include "render/renderer.hpp"

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <picture> <out.mp4> [<music>]\n", argv[0]);
    return 2;
  }
  using namespace nemo::render;
  RenderSpec spec;
  spec.canvas = Canvas{112, 64, 10};
  spec.duration_ms = 1000;
  VisualClip clip;
  clip.path = argv[1];
  clip.end_ms = 1000;
  clip.motion.type = Motion::Type::ZoomIn;
  spec.visuals.push_back(clip);
  if (argc > 3) {
    AudioClip music;
    music.path = argv[3];
    music.end_ms = 1000;
    spec.audio.push_back(music);
  }
  RenderOptions options;
  options.low_priority = true;
  if (const auto err = render_to_file(spec, argv[2], options)) {
    std::fprintf(stderr, "render failed: %s: %s\n", err->code.c_str(), err->message.c_str());
    return 1;
  }
  return 0;
}
