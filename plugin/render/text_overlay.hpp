// Titles and captions: UTF-8 text laid out with FreeType (Latin and CJK),
// word-wrapped within the safe area, drawn white with a dark outline (titles)
// or over a translucent box (captions), faded in and out.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "render/picture.hpp"
#include "render/render_error.hpp"
#include "render/render_spec.hpp"

namespace nemo::render {

// The font used when spec.font_path is empty: the first that exists of a
// list of CJK-capable fonts ("" when none).
std::string default_font_path(bool bold);

// One overlay, rendered once into a luma/alpha layer, composited per frame.
struct TextLayer {
  int x = 0, y = 0;                  // top-left on the canvas (even)
  int width = 0, height = 0;         // even
  std::vector<std::uint8_t> luma;    // width*height
  std::vector<std::uint8_t> alpha;   // width*height, 0..255
  std::vector<std::uint8_t> calpha;  // (width/2)*(height/2): chroma alpha
  int lines = 0;
};

// Lays out and rasterises `text` for a canvas. Errors: bad_input (no font /
// font unreadable).
MaybeError render_text_layer(const TextOverlay &text, const Canvas &canvas,
                             const std::string &font_path, TextLayer &out);

// Composites the layer over the frame with an extra opacity 0..1 (fades).
void composite_text(const TextLayer &layer, double opacity, const YuvRef &frame);

// The fade-in/out opacity of an overlay at time t_ms.
double text_opacity(const TextOverlay &text, double t_ms);

}  // namespace nemo::render
