// The renderer's picture path: decode_image (content sniffing, the header
// reader with its pixel cap, FFmpeg's or libheif's decoder) on any bytes
// through an in-memory file, then the fit to a small canvas-shaped image (the
// colour conversion, the EXIF orientation and the crop/pad/blur the compositor
// does). A decoded picture never exceeds the cap.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fuzz_targets.hpp"
#include "mem_file.hpp"
#include "render/fit.hpp"
#include "render/image_decode.hpp"

namespace nemo::fuzz {

int image_decode(const std::uint8_t *data, std::size_t size) {
  static MemFile file;
  if (!file.assign(data, size)) return 0;
  render::DecodedPicture pic;
  render::ImageHeader header;
  if (render::decode_image(file.path(), pic, &header)) return 0;
  NEMO_FUZZ_CHECK(pic.view.width > 0 && pic.view.height > 0);
  NEMO_FUZZ_CHECK(static_cast<std::int64_t>(pic.view.width) * pic.view.height <=
                  render::kMaxImagePixels);
  NEMO_FUZZ_CHECK(pic.orientation >= 1 && pic.orientation <= 8);
  static const render::Fit kFits[] = {render::Fit::Crop, render::Fit::Pad, render::Fit::BlurPad};
  render::YuvImage canvas(64, 36);
  render::Fitter fitter;
  (void)fitter.fit(pic.view, pic.orientation, kFits[size % 3], canvas.ref());
  return 0;
}

}  // namespace nemo::fuzz
