// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/image_header.hpp"

#include <cstdio>
#include <memory>
#include <vector>

#include "exif/tiff_ifd.hpp"
#include "render/byte_order.hpp"
#include "render/heif_image.hpp"

namespace nemo::render {
namespace {

using FilePtr = std::unique_ptr<FILE, int (*)(FILE *)>;

std::vector<std::uint8_t> read_head(FILE *f, std::size_t max) {
  std::vector<std::uint8_t> buf(max);
  buf.resize(std::fread(buf.data(), 1, max, f));
  return buf;
}

RenderError corrupt(const std::string &format) {
  return make_error("bad_input", "the " + format + " picture's header is damaged or truncated");
}

// Walks the JPEG markers up to the first SOF; reads the EXIF orientation on the way.
MaybeError jpeg_header(FILE *f, ImageHeader &out) {
  std::uint8_t b[4];
  if (std::fread(b, 1, 2, f) != 2 || b[0] != 0xFF || b[1] != 0xD8) return corrupt("JPEG");
  for (;;) {
    if (std::fread(b, 1, 2, f) != 2) return corrupt("JPEG");
    if (b[0] != 0xFF) return corrupt("JPEG");
    std::uint8_t marker = b[1];
    while (marker == 0xFF) {  // fill bytes
      if (std::fread(&marker, 1, 1, f) != 1) return corrupt("JPEG");
    }
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;
    if (marker == 0xD9 || marker == 0xDA) return corrupt("JPEG");  // no frame header before scan
    if (std::fread(b, 1, 2, f) != 2) return corrupt("JPEG");
    const std::uint32_t len = be16(b);
    if (len < 2) return corrupt("JPEG");
    const bool sof =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) {
      std::uint8_t s[5];
      if (len < 7 || std::fread(s, 1, 5, f) != 5) return corrupt("JPEG");
      out.height = static_cast<int>(be16(s + 1));
      out.width = static_cast<int>(be16(s + 3));
      if (out.width == 0 || out.height == 0) return corrupt("JPEG");
      return std::nullopt;
    }
    if (marker == 0xE1 && len >= 8) {
      std::vector<std::uint8_t> seg(len - 2);
      if (std::fread(seg.data(), 1, seg.size(), f) != seg.size()) return corrupt("JPEG");
      static const std::uint8_t kExif[6] = {'E', 'x', 'i', 'f', 0, 0};
      if (std::equal(kExif, kExif + 6, seg.begin())) {
        exif::TiffTags tags;
        if (exif::read_tiff_tags(seg.data() + 6, seg.size() - 6, tags))
          out.orientation = tags.orientation;
      }
      continue;
    }
    if (std::fseek(f, static_cast<long>(len) - 2, SEEK_CUR) != 0) return corrupt("JPEG");
  }
}

}  // namespace

MaybeError check_pixel_cap(std::int64_t width, std::int64_t height, const std::string &what) {
  if (width <= 0 || height <= 0) return make_error("bad_input", what + " has no size");
  if (width > kMaxImageSide || height > kMaxImageSide || width * height > kMaxImagePixels) {
    return make_error("too_large", what + " is " + std::to_string(width) + "x" +
                                       std::to_string(height) + ": more than the " +
                                       std::to_string(kMaxImagePixels / 1000000) +
                                       " megapixels (or " + std::to_string(kMaxImageSide) +
                                       " pixels a side) this renderer decodes");
  }
  return std::nullopt;
}

MaybeError read_image_header(const std::string &path, const std::string &format, ImageHeader &out) {
  out = ImageHeader{};
  if (format == "heic") {
    auto err = heif_read_header(path, out.width, out.height);
    if (err) return err;
    return check_pixel_cap(out.width, out.height, "the picture");
  }
  FilePtr f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return make_error("bad_input", "cannot open " + path);
  if (format == "jpg") {
    if (auto err = jpeg_header(f.get(), out)) return err;
    return check_pixel_cap(out.width, out.height, "the picture");
  }
  const std::vector<std::uint8_t> h = read_head(f.get(), 64 * 1024);
  const std::uint8_t *d = h.data();
  const std::size_t n = h.size();
  if (format == "png") {
    if (n < 24 || !(d[12] == 'I' && d[13] == 'H' && d[14] == 'D' && d[15] == 'R'))
      return corrupt("PNG");
    out.width = static_cast<int>(std::min<std::uint32_t>(be32(d + 16), 0x7fffffff));
    out.height = static_cast<int>(std::min<std::uint32_t>(be32(d + 20), 0x7fffffff));
  } else if (format == "gif") {
    if (n < 13) return corrupt("GIF");
    out.width = static_cast<int>(le16(d + 6));
    out.height = static_cast<int>(le16(d + 8));
  } else if (format == "bmp") {
    if (n < 26) return corrupt("BMP");
    const std::uint32_t dib = le32(d + 14);
    if (dib == 12) {
      out.width = static_cast<int>(le16(d + 18));
      out.height = static_cast<int>(le16(d + 20));
    } else {
      const auto w = static_cast<std::int32_t>(le32(d + 18));
      const auto hh = static_cast<std::int32_t>(le32(d + 22));
      if (w <= 0 || hh == INT32_MIN) return corrupt("BMP");
      out.width = w;
      out.height = hh < 0 ? -hh : hh;
    }
  } else if (format == "webp") {
    if (n < 30) return corrupt("WebP");
    if (d[12] == 'V' && d[13] == 'P' && d[14] == '8' && d[15] == ' ') {
      if (!(d[23] == 0x9d && d[24] == 0x01 && d[25] == 0x2a)) return corrupt("WebP");
      out.width = static_cast<int>(le16(d + 26) & 0x3fff);
      out.height = static_cast<int>(le16(d + 28) & 0x3fff);
    } else if (d[12] == 'V' && d[13] == 'P' && d[14] == '8' && d[15] == 'L') {
      if (d[20] != 0x2f) return corrupt("WebP");
      const std::uint32_t bits = le32(d + 21);
      out.width = static_cast<int>((bits & 0x3fff) + 1);
      out.height = static_cast<int>(((bits >> 14) & 0x3fff) + 1);
    } else if (d[12] == 'V' && d[13] == 'P' && d[14] == '8' && d[15] == 'X') {
      out.animated = (d[20] & 0x02) != 0;
      out.width = static_cast<int>(le24(d + 24) + 1);
      out.height = static_cast<int>(le24(d + 27) + 1);
    } else {
      return corrupt("WebP");
    }
  } else if (format == "tiff") {
    // IFD0 may sit anywhere (often after the strips): copy the header and the
    // IFD into one buffer with the IFD offset rewritten to 8.
    if (n < 8) return corrupt("TIFF");
    const bool little = d[0] == 'I';
    const std::uint32_t ifd = little ? le32(d + 4) : be32(d + 4);
    std::uint8_t cnt[2];
    if (std::fseek(f.get(), static_cast<long>(ifd), SEEK_SET) != 0 ||
        std::fread(cnt, 1, 2, f.get()) != 2) {
      return corrupt("TIFF");
    }
    const std::uint32_t entries = little ? le16(cnt) : be16(cnt);
    std::vector<std::uint8_t> buf(8 + 2 + std::size_t{entries} * 12);
    std::copy(d, d + 4, buf.begin());
    buf[4] = little ? 8 : 0;
    buf[7] = little ? 0 : 8;
    buf[8] = cnt[0];
    buf[9] = cnt[1];
    if (std::fread(buf.data() + 10, 1, buf.size() - 10, f.get()) != buf.size() - 10)
      return corrupt("TIFF");
    exif::TiffTags tags;
    if (!exif::read_tiff_tags(buf.data(), buf.size(), tags) || tags.width == 0 ||
        tags.height == 0) {
      return corrupt("TIFF");
    }
    out.width = static_cast<int>(std::min<std::uint32_t>(tags.width, 0x7fffffff));
    out.height = static_cast<int>(std::min<std::uint32_t>(tags.height, 0x7fffffff));
    out.orientation = tags.orientation;
  } else {
    return make_error("unsupported", "pictures in " + format + " format are not supported");
  }
  return check_pixel_cap(out.width, out.height, "the picture");
}

}  // namespace nemo::render
