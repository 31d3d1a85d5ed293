// libswscale to the renderer's 4:2:0 BT.709 limited-range images: colour
// converted once, when a source is scaled to the size it is used at.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include "render/ff_ptr.hpp"
#include "render/picture.hpp"

namespace nemo::render {

// A sub-rectangle of a source view (x, y rounded down to the chroma grid).
SourceView crop_view(const SourceView &src, int x, int y, int w, int h);

// A view of one of our images, as a source.
SourceView view_of(const YuvRef &img);

// A sub-rectangle of one of our images (x, y, w, h even).
YuvRef sub_image(const YuvRef &img, int x, int y, int w, int h);

class Scaler {
 public:
  // Scales all of `src` to all of `dst`. false when swscale refuses.
  bool scale(const SourceView &src, const YuvRef &dst, int flags = SWS_BICUBIC);

 private:
  SwsPtr ctx_;
  SwsContext *configured_ = nullptr;
  bool configured_range_ = false;
  bool configured_709_ = false;
};

}  // namespace nemo::render
