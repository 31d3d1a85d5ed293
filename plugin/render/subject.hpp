// What a picture is of, for framing: the faces in it (OpenCV's cascade face
// detector with the model Debian ships in opencv-data) or, without faces, the
// centre of its detail (edge energy). A crop for another aspect and a camera
// move keep it in view (render/fit, render/motion).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "render/picture.hpp"

namespace nemo::render {

// A box in a picture, as fractions (0..1) of its displayed width and height.
struct SubjectBox {
  double x0 = 0, y0 = 0, x1 = 1, y1 = 1;
};

struct Subject {
  enum class Kind {
    None,    // nothing stands out (a flat picture): centre it
    Faces,   // `box` holds every face of note: keep all of it in view
    Detail,  // no face: `box` is centred on the detail; centre on it where there is room
  };
  Kind kind = Kind::None;
  SubjectBox box;
  int faces = 0;
};

// The subject of `src` as displayed (EXIF `orientation` applied). Never
// throws; Kind::None when the picture cannot be read. Thread-safe.
Subject find_subject(const SourceView &src, int orientation);

// Whether a face model was found and loaded (else find_subject finds detail only).
bool face_model_loaded();

}  // namespace nemo::render
