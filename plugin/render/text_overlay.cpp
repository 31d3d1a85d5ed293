// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/text_overlay.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>

#include "platform/fonts.hpp"
#include "protocol/utf8.hpp"

#if defined(NEMO_HAVE_FREETYPE)
#include <ft2build.h>
#include FT_FREETYPE_H
#endif

namespace nemo::render {

std::string default_font_path(bool bold) {
  std::error_code ec;
  if (bold) {
    for (const auto &p : platform::system_font_candidates(true))
      if (std::filesystem::exists(p, ec)) return p;
  }
  for (const auto &p : platform::system_font_candidates(false))
    if (std::filesystem::exists(p, ec)) return p;
  return "";
}

double text_opacity(const TextOverlay &text, double t_ms) {
  const double len = static_cast<double>(text.end_ms - text.start_ms);
  if (len <= 0 || t_ms < text.start_ms || t_ms >= text.end_ms) return 0.0;
  const double fade = std::min(300.0, len / 4.0);
  const double a = std::min({1.0, (t_ms - text.start_ms) / fade, (text.end_ms - t_ms) / fade});
  return std::clamp(a, 0.0, 1.0);
}

void composite_text(const TextLayer &layer, double opacity, const YuvRef &frame) {
  const int op = static_cast<int>(std::lround(std::clamp(opacity, 0.0, 1.0) * 256.0));
  if (op <= 0 || layer.width <= 0) return;
  const int x0 = std::max(0, layer.x), y0 = std::max(0, layer.y);
  const int x1 = std::min(frame.width(), layer.x + layer.width);
  const int y1 = std::min(frame.height(), layer.y + layer.height);
  for (int y = y0; y < y1; ++y) {
    std::uint8_t *out = frame.p[0].row(y);
    const std::size_t base = static_cast<std::size_t>(y - layer.y) * layer.width - layer.x;
    for (int x = x0; x < x1; ++x) {
      const int a = layer.alpha[base + x] * op;  // 0..255*256
      if (a == 0) continue;
      out[x] = static_cast<std::uint8_t>((out[x] * (65280 - a) + layer.luma[base + x] * a + 32640) /
                                         65280);
    }
  }
  const int cw = layer.width / 2;
  for (int y = y0 / 2; y < y1 / 2; ++y) {
    for (int i = 1; i < 3; ++i) {
      std::uint8_t *out = frame.p[i].row(y);
      const std::size_t base = static_cast<std::size_t>(y - layer.y / 2) * cw - layer.x / 2;
      for (int x = x0 / 2; x < x1 / 2; ++x) {
        const int a = layer.calpha[base + x] * op;
        if (a == 0) continue;
        out[x] = static_cast<std::uint8_t>((out[x] * (65280 - a) + kNeutralC * a + 32640) / 65280);
      }
    }
  }
}

#if defined(NEMO_HAVE_FREETYPE)
namespace {

struct FtLibraryDeleter {
  void operator()(FT_Library l) const { FT_Done_FreeType(l); }
};
struct FtFaceDeleter {
  void operator()(FT_Face f) const { FT_Done_Face(f); }
};
using FtLibraryPtr = std::unique_ptr<std::remove_pointer_t<FT_Library>, FtLibraryDeleter>;
using FtFacePtr = std::unique_ptr<std::remove_pointer_t<FT_Face>, FtFaceDeleter>;

bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF) ||
         (c >= 0x20000 && c <= 0x2FFFF);
}
// Closing punctuation must not start a line.
bool no_break_before(char32_t c) {
  static const std::u32string kClosing = U"，。、！？；：）」』】》〉,.!?;:)]}%";
  return kClosing.find(c) != std::u32string::npos;
}

struct Glyph {
  int advance = 0;  // 26.6
  int left = 0, top = 0, w = 0, h = 0;
  std::vector<std::uint8_t> bits;
};

class GlyphCache {
 public:
  explicit GlyphCache(FT_Face face) : face_(face) {}
  const Glyph &get(char32_t c) {
    auto it = cache_.find(c);
    if (it != cache_.end()) return it->second;
    Glyph g;
    FT_UInt index = FT_Get_Char_Index(face_, c);
    if (FT_Load_Glyph(face_, index, FT_LOAD_RENDER | FT_LOAD_TARGET_NORMAL) == 0) {
      const FT_GlyphSlot slot = face_->glyph;
      g.advance = static_cast<int>(slot->advance.x);
      g.left = slot->bitmap_left;
      g.top = slot->bitmap_top;
      g.w = static_cast<int>(slot->bitmap.width);
      g.h = static_cast<int>(slot->bitmap.rows);
      g.bits.resize(static_cast<std::size_t>(g.w) * g.h);
      for (int y = 0; y < g.h; ++y) {
        const unsigned char *row =
            slot->bitmap.buffer + static_cast<std::ptrdiff_t>(y) * slot->bitmap.pitch;
        std::copy(row, row + g.w, g.bits.begin() + static_cast<std::ptrdiff_t>(y) * g.w);
      }
    }
    return cache_.emplace(c, std::move(g)).first->second;
  }

 private:
  FT_Face face_;
  std::map<char32_t, Glyph> cache_;
};

// Greedy wrap: break at spaces, between CJK characters, and inside a word
// that alone is wider than the line.
std::vector<std::u32string> wrap(const std::vector<char32_t> &text, GlyphCache &glyphs,
                                 int max_width_26_6) {
  std::vector<std::u32string> lines;
  std::u32string line;
  int line_w = 0;
  auto width_of = [&](const std::u32string &s) {
    int w = 0;
    for (char32_t c : s) w += glyphs.get(c).advance;
    return w;
  };
  // Tokens: a run of non-space, non-CJK characters; a single CJK character
  // (with following closing punctuation); a space; a newline.
  std::size_t i = 0;
  while (i < text.size()) {
    std::u32string tok;
    if (text[i] == U'\n') {
      lines.push_back(line);
      line.clear();
      line_w = 0;
      ++i;
      continue;
    }
    if (text[i] == U' ' || text[i] == U'\t') {
      if (!line.empty()) {
        const int sw = glyphs.get(U' ').advance;
        if (line_w + sw <= max_width_26_6) {
          line.push_back(U' ');
          line_w += sw;
        }
      }
      ++i;
      continue;
    }
    if (is_cjk(text[i])) {
      tok.push_back(text[i++]);
    } else {
      while (i < text.size() && text[i] != U' ' && text[i] != U'\t' && text[i] != U'\n' &&
             !is_cjk(text[i])) {
        tok.push_back(text[i++]);
      }
    }
    while (i < text.size() && no_break_before(text[i]) && is_cjk(text[i])) tok.push_back(text[i++]);
    const int tw = width_of(tok);
    if (line_w + tw <= max_width_26_6 || line.empty()) {
      if (tw > max_width_26_6 && line.empty()) {
        // A word wider than a line: split it by characters.
        for (char32_t c : tok) {
          const int cw = glyphs.get(c).advance;
          if (line_w + cw > max_width_26_6 && !line.empty()) {
            lines.push_back(line);
            line.clear();
            line_w = 0;
          }
          line.push_back(c);
          line_w += cw;
        }
      } else {
        line += tok;
        line_w += tw;
      }
    } else {
      while (!line.empty() && line.back() == U' ') line.pop_back();
      lines.push_back(line);
      line = tok;
      line_w = tw;
    }
  }
  while (!line.empty() && line.back() == U' ') line.pop_back();
  if (!line.empty()) lines.push_back(line);
  return lines;
}

// Picks the Simplified Chinese face of a CJK collection when there is one.
FT_Long pick_face(FT_Library lib, const std::string &path) {
  FT_Face probe = nullptr;
  if (FT_New_Face(lib, path.c_str(), -1, &probe) != 0) return 0;
  const FT_Long n = probe->num_faces;
  FT_Done_Face(probe);
  for (FT_Long i = 0; i < n && n > 1; ++i) {
    FT_Face f = nullptr;
    if (FT_New_Face(lib, path.c_str(), i, &f) != 0) continue;
    const std::string family = f->family_name != nullptr ? f->family_name : "";
    FT_Done_Face(f);
    if (family.size() >= 3 && family.compare(family.size() - 3, 3, " SC") == 0) return i;
  }
  return 0;
}

// Max filter of radius r (separable square), for the outline.
std::vector<std::uint8_t> dilate(const std::vector<std::uint8_t> &m, int w, int h, int r) {
  std::vector<std::uint8_t> tmp(m.size()), out(m.size());
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      std::uint8_t v = 0;
      for (int k = std::max(0, x - r); k <= std::min(w - 1, x + r); ++k)
        v = std::max(v, m[static_cast<std::size_t>(y) * w + k]);
      tmp[static_cast<std::size_t>(y) * w + x] = v;
    }
  }
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      std::uint8_t v = 0;
      for (int k = std::max(0, y - r); k <= std::min(h - 1, y + r); ++k)
        v = std::max(v, tmp[static_cast<std::size_t>(k) * w + x]);
      out[static_cast<std::size_t>(y) * w + x] = v;
    }
  }
  return out;
}

}  // namespace

MaybeError render_text_layer(const TextOverlay &text, const Canvas &canvas,
                             const std::string &font_path, TextLayer &out) {
  out = TextLayer{};
  const bool title = text.role == TextOverlay::Role::Title;
  const std::string path = font_path.empty() ? default_font_path(title) : font_path;
  if (path.empty())
    return make_error("bad_input", "no font with Latin and CJK glyphs was found for the text");
  FT_Library raw_lib = nullptr;
  if (FT_Init_FreeType(&raw_lib) != 0) return make_error("internal", "FreeType did not start");
  FtLibraryPtr lib(raw_lib);
  FT_Face raw_face = nullptr;
  if (FT_New_Face(lib.get(), path.c_str(), pick_face(lib.get(), path), &raw_face) != 0) {
    return make_error("bad_input", "cannot read the font " + path);
  }
  FtFacePtr face(raw_face);
  const int base = std::min(canvas.width, canvas.height);
  const int px = std::max(12, static_cast<int>(std::lround(base * (title ? 0.080 : 0.050))));
  FT_Set_Pixel_Sizes(face.get(), 0, static_cast<FT_UInt>(px));
  GlyphCache glyphs(face.get());

  // Safe area: 90% of the width for captions, 80% (title-safe) for titles.
  const int safe_w = static_cast<int>(canvas.width * (title ? 0.80 : 0.90));
  const int pad =
      title ? std::max(2, px / 14) : std::max(4, px / 3);  // outline radius / box padding
  const int max_text_w = safe_w - 2 * pad;
  const std::vector<std::u32string> lines =
      wrap(protocol::decode_utf8(text.text), glyphs, max_text_w * 64);
  if (lines.empty()) return std::nullopt;

  const int ascender = static_cast<int>(face->size->metrics.ascender >> 6);
  const int descender = static_cast<int>(-(face->size->metrics.descender >> 6));
  const int line_h = static_cast<int>(std::lround((ascender + descender) * 1.15));
  std::vector<int> widths;
  int text_w = 0;
  for (const auto &l : lines) {
    int w = 0;
    for (char32_t c : l) w += glyphs.get(c).advance;
    widths.push_back((w + 63) / 64);
    text_w = std::max(text_w, widths.back());
  }
  const int lw = std::min(safe_w, text_w + 2 * pad + 2) & ~1;
  const int lh = (static_cast<int>(lines.size()) * line_h + 2 * pad + 1) & ~1;
  std::vector<std::uint8_t> mask(static_cast<std::size_t>(lw) * lh, 0);
  for (std::size_t li = 0; li < lines.size(); ++li) {
    int pen = ((lw - widths[li]) / 2) * 64;  // centred lines
    const int baseline = pad + static_cast<int>(li) * line_h + ascender;
    for (char32_t c : lines[li]) {
      const Glyph &g = glyphs.get(c);
      const int gx = pen / 64 + g.left, gy = baseline - g.top;
      for (int y = 0; y < g.h; ++y) {
        const int yy = gy + y;
        if (yy < 0 || yy >= lh) continue;
        for (int x = 0; x < g.w; ++x) {
          const int xx = gx + x;
          if (xx < 0 || xx >= lw) continue;
          std::uint8_t &m = mask[static_cast<std::size_t>(yy) * lw + xx];
          m = std::max(m, g.bits[static_cast<std::size_t>(y) * g.w + x]);
        }
      }
      pen += g.advance;
    }
  }

  out.width = lw;
  out.height = lh;
  out.lines = static_cast<int>(lines.size());
  out.luma.assign(mask.size(), 235);
  out.alpha.assign(mask.size(), 0);
  if (title) {
    // White text over a dark outline.
    const std::vector<std::uint8_t> outline = dilate(mask, lw, lh, pad);
    for (std::size_t i = 0; i < mask.size(); ++i) {
      const int m = mask[i];
      const int o = outline[i] * 200 / 255;
      const int a = m + o * (255 - m) / 255;
      out.alpha[i] = static_cast<std::uint8_t>(a);
      out.luma[i] =
          static_cast<std::uint8_t>(a == 0 ? 16 : (235 * m + 16 * o * (255 - m) / 255) / a);
    }
  } else {
    // White text over a translucent black box.
    const int box = 140;
    for (std::size_t i = 0; i < mask.size(); ++i) {
      const int m = mask[i];
      const int a = m + box * (255 - m) / 255;
      out.alpha[i] = static_cast<std::uint8_t>(a);
      out.luma[i] =
          static_cast<std::uint8_t>((235 * m + 16 * box * (255 - m) / 255) / std::max(1, a));
    }
  }
  out.calpha.assign(static_cast<std::size_t>(lw / 2) * (lh / 2), 0);
  for (int y = 0; y < lh / 2; ++y) {
    for (int x = 0; x < lw / 2; ++x) {
      const std::size_t i = static_cast<std::size_t>(2 * y) * lw + 2 * x;
      out.calpha[static_cast<std::size_t>(y) * (lw / 2) + x] = static_cast<std::uint8_t>(
          (out.alpha[i] + out.alpha[i + 1] + out.alpha[i + lw] + out.alpha[i + lw + 1] + 2) / 4);
    }
  }
  out.x = ((canvas.width - lw) / 2) & ~1;
  switch (text.position) {
    case TextOverlay::Position::Top:
      out.y = static_cast<int>(canvas.height * 0.08);
      break;
    case TextOverlay::Position::Center:
      out.y = (canvas.height - lh) / 2;
      break;
    case TextOverlay::Position::Bottom:
      out.y = static_cast<int>(canvas.height * 0.92) - lh;
      break;
  }
  out.y = std::clamp(out.y, 0, std::max(0, canvas.height - lh)) & ~1;
  return std::nullopt;
}

#else

MaybeError render_text_layer(const TextOverlay &, const Canvas &, const std::string &,
                             TextLayer &out) {
  out = TextLayer{};
  return make_error("unsupported", "text needs FreeType, which this build does not have");
}

#endif

}  // namespace nemo::render
