// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/heif_image.hpp"

#include "render/heif_coded_size.hpp"
#include "render/image_header.hpp"

#if defined(NEMO_HAVE_LIBHEIF)
#include <libheif/heif.h>
#endif

namespace nemo::render {

#if defined(NEMO_HAVE_LIBHEIF)
namespace {

struct HeifContextDeleter {
  void operator()(heif_context *c) const { heif_context_free(c); }
};
struct HeifHandleDeleter {
  void operator()(heif_image_handle *h) const { heif_image_handle_release(h); }
};
using HeifContextPtr = std::unique_ptr<heif_context, HeifContextDeleter>;
using HeifHandlePtr = std::unique_ptr<heif_image_handle, HeifHandleDeleter>;

MaybeError open_primary(const std::string &path, HeifContextPtr &ctx, HeifHandlePtr &handle) {
  ctx.reset(heif_context_alloc());
  if (!ctx) return make_error("internal", "libheif: out of memory");
  // libheif's own guard (per side) for what it lays out itself, such as grids
  // (whose tiles' parameter sets say nothing of the grid's size).
  heif_context_set_maximum_image_size_limit(ctx.get(), kMaxImageSide);
  heif_error e = heif_context_read_from_file(ctx.get(), path.c_str(), nullptr);
  if (e.code != heif_error_Ok) return make_error("bad_input", std::string("HEIC: ") + e.message);
  heif_image_handle *h = nullptr;
  e = heif_context_get_primary_image_handle(ctx.get(), &h);
  if (e.code != heif_error_Ok) return make_error("bad_input", std::string("HEIC: ") + e.message);
  handle.reset(h);
  return std::nullopt;
}

// The pictures the HEVC decoder will make, from the parameter sets: libheif
// reports the 'ispe' box's size, which the coded pictures may contradict
// (64x64 over 8200x8000). Checked before a pixel is allocated.
MaybeError check_coded_size(const std::string &path) {
  CodedSize coded;
  switch (heif_coded_size(path, coded)) {
    case CodedSizeResult::Found:
      return check_pixel_cap(coded.width, coded.height, "the picture");
    case CodedSizeResult::Unreadable:
      return make_error("bad_input", "HEIC: the size of its picture cannot be read");
    case CodedSizeResult::NoHvcc:
      break;
  }
  return std::nullopt;
}

}  // namespace

bool heif_supported() {
  return heif_have_decoder_for_format(heif_compression_HEVC) != 0;
}

MaybeError heif_read_header(const std::string &path, int &width, int &height) {
  HeifContextPtr ctx;
  HeifHandlePtr handle;
  if (auto err = open_primary(path, ctx, handle)) return err;
  width = heif_image_handle_get_width(handle.get());
  height = heif_image_handle_get_height(handle.get());
  return check_coded_size(path);
}

MaybeError heif_decode(const std::string &path, DecodedPicture &out) {
  if (!heif_supported())
    return make_error("unsupported", "this build's libheif has no HEVC decoder");
  HeifContextPtr ctx;
  HeifHandlePtr handle;
  if (auto err = open_primary(path, ctx, handle)) return err;
  const int w = heif_image_handle_get_width(handle.get());
  const int h = heif_image_handle_get_height(handle.get());
  if (auto err = check_pixel_cap(w, h, "the picture")) return err;
  heif_image *img = nullptr;
  const heif_error e = heif_decode_image(handle.get(), &img, heif_colorspace_RGB,
                                         heif_chroma_interleaved_RGB, nullptr);
  if (e.code != heif_error_Ok) return make_error("bad_input", std::string("HEIC: ") + e.message);
  std::shared_ptr<heif_image> owner(img, &heif_image_release);
  int stride = 0;
  const std::uint8_t *plane = heif_image_get_plane_readonly(img, heif_channel_interleaved, &stride);
  if (plane == nullptr) return make_error("bad_input", "HEIC: no pixels");
  out = DecodedPicture{};
  out.view.data[0] = plane;
  out.view.linesize[0] = stride;
  out.view.format = AV_PIX_FMT_RGB24;
  out.view.width = heif_image_get_width(img, heif_channel_interleaved);
  out.view.height = heif_image_get_height(img, heif_channel_interleaved);
  out.orientation = 1;
  out.owner = owner;
  return std::nullopt;
}

#else

bool heif_supported() {
  return false;
}

MaybeError heif_read_header(const std::string &, int &, int &) {
  return make_error("unsupported", "HEIC pictures need libheif, which this build does not have");
}

MaybeError heif_decode(const std::string &, DecodedPicture &) {
  return make_error("unsupported", "HEIC pictures need libheif, which this build does not have");
}

#endif

}  // namespace nemo::render
