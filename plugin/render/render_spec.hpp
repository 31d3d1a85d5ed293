// What the renderer renders: a plain description of one video, with no HTTP,
// JSON or draft format in it. nemo-local turns a draft into a RenderSpec
// (server/draft_to_spec); the renderer turns a RenderSpec into an MP4.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "render/rgb.hpp"

namespace nemo::render {

// Output canvas. 1920x1080, 1080x1920 and 1080x1080 are what the agent asks for;
// any even size from 64 to 4096 renders.
struct Canvas {
  int width = 1920;
  int height = 1080;
  int fps = 30;
};

// How a picture that does not have the canvas's aspect is fitted to it.
enum class Fit {
  Crop,     // fill the canvas, cutting what overflows (centred)
  Pad,      // whole picture on bars of the background colour
  BlurPad,  // whole picture over a blurred, darkened, canvas-filling copy of itself
  Smart,    // a picture: Crop around its faces when they all fit the crop, else BlurPad
            // (a picture without faces, a video frame: BlurPad)
};

// Camera motion over a visual, from its first to its last frame. Implemented
// as a smooth sub-pixel transform per frame (not FFmpeg's zoompan).
struct Motion {
  // Drift: a slow, even move across the picture at a slight zoom.
  enum class Type { None, KenBurns, ZoomIn, ZoomOut, PanLeft, PanRight, PanUp, PanDown, Drift };
  Type type = Type::None;
  double strength = 1.0;  // 0..2, scales the zoom/pan amount; 1 = the default amount
};

// The transition from a visual into the next one. It overlaps the two visuals
// by `duration_ms` (the next one starts that much before this one ends). The
// types are protocol/looks.hpp's catalogue (render/transition_catalogue.hpp
// maps the names); xfade's names where it has the same look.
struct Transition {
  enum class Type {
    None,
    Fade,
    FadeBlack,
    FadeWhite,
    Dissolve,
    Pixelize,
    ZoomIn,
    WipeLeft,
    WipeRight,
    WipeUp,
    WipeDown,
    SmoothLeft,
    SmoothRight,
    SmoothUp,
    SmoothDown,
    SlideLeft,
    SlideRight,
    SlideUp,
    SlideDown,
    CoverLeft,
    CoverRight,
    RevealLeft,
    RevealRight,
    CircleOpen,
    CircleClose,
    HorzOpen,
    HorzClose,
    VertOpen,
    VertClose,
    DiagTL,
    DiagTR,
    DiagBL,
    DiagBR,
    Radial,
    Blinds,
    Checker,
    Clouds,
  };
  Type type = Type::None;
  int64_t duration_ms = 0;
};

struct VisualClip {
  std::string path;          // local file: an image or a video
  bool is_video = false;     // video: decoded from `source_in_ms`, looped if too short
  int64_t start_ms = 0;      // on the output timeline
  int64_t end_ms = 0;        // exclusive
  int64_t source_in_ms = 0;  // video only: where in the source to start
  Fit fit = Fit::Crop;
  Motion motion;
  Transition transition_out;  // into the next visual; ignored on the last one
};

struct TextOverlay {
  enum class Role { Title, Caption };
  enum class Position { Top, Center, Bottom };
  std::string text;  // UTF-8; Latin and CJK glyphs must render
  int64_t start_ms = 0;
  int64_t end_ms = 0;
  Role role = Role::Caption;
  Position position = Position::Bottom;
};

struct AudioClip {
  std::string path;      // any file with an audio stream (music, or a video's sound)
  int64_t start_ms = 0;  // on the output timeline
  int64_t end_ms = 0;    // exclusive; looped when `loop` and the source is shorter
  int64_t source_in_ms = 0;
  double volume = 1.0;  // linear gain, 0..2
  int64_t fade_in_ms = 0;
  int64_t fade_out_ms = 0;
  bool loop = true;
};

struct EncoderSettings {
  std::string preset = "veryfast";  // x264 preset; "quality" choice: "slow", CRF 18
  int crf = 20;
  int audio_bitrate = 192000;
  // A hardware H.264 encoder when one opens (render/encoder_choice.hpp),
  // else libx264; false: libx264 always.
  bool allow_hardware = true;
};

struct RenderSpec {
  Canvas canvas;
  int64_t duration_ms = 0;          // total length; visuals are expected to cover it
  std::vector<VisualClip> visuals;  // in timeline order
  std::vector<TextOverlay> texts;
  std::vector<AudioClip> audio;
  EncoderSettings encoder;
  // Under a picture's transparent pixels (PNG, WebP, GIF), in a padded fit's
  // bars and where no visual shows.
  Rgb background;
  std::string font_path;  // a font with Latin and CJK glyphs; empty: the renderer's default lookup
  // Pictures framed on their subject (render/subject: faces, else detail):
  // crops and camera moves keep faces in view. false: centred, as a plain
  // slideshow (the framing benchmark's baseline).
  bool frame_subjects = true;
};

}  // namespace nemo::render
