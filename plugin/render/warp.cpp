// SPDX-License-Identifier: GPL-2.0-or-later
#include "render/warp.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define NEMO_WARP_X86 1
#endif

namespace nemo::render {
namespace {

// Source position of an output sample -> index and 8-bit weight of the right/lower neighbour.
void locate(double s, int n, std::int32_t &i, std::uint16_t &f) {
  if (n < 2 || s <= 0.0) {
    i = 0;
    f = 0;
    return;
  }
  if (s >= n - 1) {
    i = n - 2;
    f = 256;
    return;
  }
  const double fl = std::floor(s);
  i = static_cast<std::int32_t>(fl);
  f = static_cast<std::uint16_t>(std::lround((s - fl) * 256.0));
  if (f == 256) {
    f = 0;
    ++i;
    if (i >= n - 1) {
      i = n - 2;
      f = 256;
    }
  }
}

// A group: 16-byte base offset (int32), mask for the left neighbours, mask for
// the right ones, weights of the left (8 x u16), weights of the right.
constexpr std::size_t kGroupBytes = 4 + 12 + 16 + 16 + 16 + 16;  // padded to 80

void blend_rows_scalar(const std::uint16_t *h0, const std::uint16_t *h1, int fy, int n,
                       std::uint8_t *out) {
  for (int x = 0; x < n; ++x) {
    const std::uint32_t v = ((h0[x] * static_cast<std::uint32_t>((256 - fy) << 8)) >> 16) +
                            ((h1[x] * static_cast<std::uint32_t>(fy << 8)) >> 16);
    out[x] = static_cast<std::uint8_t>(std::min<std::uint32_t>(255, (v + 128) >> 8));
  }
}

#if defined(NEMO_WARP_X86)
bool cpu_has_ssse3() {
  static const bool has = __builtin_cpu_supports("ssse3");
  return has;
}

__attribute__((target("ssse3"))) void resample_row_ssse3(const std::uint8_t *row, int groups,
                                                         const std::uint8_t *g,
                                                         std::uint16_t *out) {
  for (int k = 0; k < groups; ++k, g += kGroupBytes, out += 8) {
    std::int32_t base;
    std::memcpy(&base, g, 4);
    const __m128i src = _mm_loadu_si128(reinterpret_cast<const __m128i *>(row + base));
    const __m128i m0 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(g + 16));
    const __m128i m1 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(g + 32));
    const __m128i w0 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(g + 48));
    const __m128i w1 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(g + 64));
    const __m128i a = _mm_mullo_epi16(_mm_shuffle_epi8(src, m0), w0);
    const __m128i b = _mm_mullo_epi16(_mm_shuffle_epi8(src, m1), w1);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(out), _mm_add_epi16(a, b));
  }
}

// out = (h0 * (256 - fy) + h1 * fy) / 65536, rounded; 1 <= fy <= 255.
void blend_rows_sse2(const std::uint16_t *h0, const std::uint16_t *h1, int fy, int n,
                     std::uint8_t *out) {
  const __m128i wa = _mm_set1_epi16(static_cast<short>((256 - fy) << 8));
  const __m128i wb = _mm_set1_epi16(static_cast<short>(fy << 8));
  const __m128i round = _mm_set1_epi16(128);
  int x = 0;
  for (; x + 16 <= n; x += 16) {
    __m128i lo = _mm_adds_epu16(
        _mm_mulhi_epu16(_mm_loadu_si128(reinterpret_cast<const __m128i *>(h0 + x)), wa),
        _mm_mulhi_epu16(_mm_loadu_si128(reinterpret_cast<const __m128i *>(h1 + x)), wb));
    __m128i hi = _mm_adds_epu16(
        _mm_mulhi_epu16(_mm_loadu_si128(reinterpret_cast<const __m128i *>(h0 + x + 8)), wa),
        _mm_mulhi_epu16(_mm_loadu_si128(reinterpret_cast<const __m128i *>(h1 + x + 8)), wb));
    lo = _mm_srli_epi16(_mm_adds_epu16(lo, round), 8);
    hi = _mm_srli_epi16(_mm_adds_epu16(hi, round), 8);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(out + x), _mm_packus_epi16(lo, hi));
  }
  blend_rows_scalar(h0 + x, h1 + x, fy, n - x, out + x);
}
#endif

}  // namespace

void Warper::warp(const YuvRef &src, const ViewRect &r, const YuvRef &dst, int shift_x,
                  int col_begin, int col_end) {
  if (col_end < 0 || col_end > dst.width()) col_end = dst.width();
  col_begin = std::max(0, col_begin) & ~1;
  col_end = (col_end + 1) & ~1;
  shift_x &= ~1;
  warp_plane(src.p[0], r.x, r.y, r.w, r.h, dst.p[0], shift_x, col_begin, col_end);
  for (int i = 1; i < 3; ++i) {
    warp_plane(src.p[i], r.x / 2, r.y / 2, r.w / 2, r.h / 2, dst.p[i], shift_x / 2, col_begin / 2,
               col_end / 2);
  }
}

void Warper::prepare_groups(int n) {
  // Usable when each group of 8 outputs reads within 16 source bytes.
  const int groups = (n + 7) / 8;
  groups_.assign(static_cast<std::size_t>(groups) * kGroupBytes, 0);
  groups_ok_ = true;
  for (int k = 0; k < groups; ++k) {
    std::uint8_t *g = groups_.data() + static_cast<std::size_t>(k) * kGroupBytes;
    const std::int32_t base = xi_[static_cast<std::size_t>(k) * 8];
    std::memcpy(g, &base, 4);
    std::uint16_t w0[8], w1[8];
    for (int j = 0; j < 8; ++j) {
      const int x = std::min(n - 1, k * 8 + j);
      const int off = xi_[static_cast<std::size_t>(x)] - base;
      if (off < 0 || off + 1 > 15) {
        groups_ok_ = false;
        return;
      }
      g[16 + 2 * j] = static_cast<std::uint8_t>(off);
      g[16 + 2 * j + 1] = 0x80;
      g[32 + 2 * j] = static_cast<std::uint8_t>(off + 1);
      g[32 + 2 * j + 1] = 0x80;
      w1[j] = xf_[static_cast<std::size_t>(x)];
      w0[j] = static_cast<std::uint16_t>(256 - w1[j]);
    }
    std::memcpy(g + 48, w0, 16);
    std::memcpy(g + 64, w1, 16);
  }
}

void Warper::resample_row(const std::uint8_t *row, int n, std::uint16_t *out, bool simd) const {
#if defined(NEMO_WARP_X86)
  if (simd) {
    resample_row_ssse3(row, (n + 7) / 8, groups_.data(), out);
    return;
  }
#else
  (void)simd;
#endif
  for (int x = 0; x < n; ++x) {
    const std::int32_t i = xi_[static_cast<std::size_t>(x)];
    const std::uint32_t f = xf_[static_cast<std::size_t>(x)];
    out[x] = static_cast<std::uint16_t>(row[i] * (256u - f) + row[i + 1] * f);
  }
}

void Warper::warp_plane(const Plane &src, double rx, double ry, double rw, double rh,
                        const Plane &dst, int shift_x, int col_begin, int col_end) {
  const int W = dst.width, H = dst.height;
  col_end = std::min(col_end, W);
  if (col_begin >= col_end || src.width < 2 || src.height < 1) return;
  const double sx = rw / W, sy = rh / H;

  // Whole-sample copy: same scale, integer offset (within rounding: an offset
  // computed as h * (1 - f) misses the integer it means by an ulp; the
  // bilinear path would weigh the neighbour by 0/256 anyway).
  const double ix = rx + (-shift_x) * sx;
  const double jx = std::round(ix), jy = std::round(ry);
  if (std::fabs(sx - 1.0) < 1e-9 && std::fabs(sy - 1.0) < 1e-9 && std::fabs(ix - jx) < 1e-6 &&
      std::fabs(ry - jy) < 1e-6 && jx + col_begin >= 0 && jx + col_end <= src.width && jy >= 0 &&
      jy + H <= src.height) {
    const int ox = static_cast<int>(jx), oy = static_cast<int>(jy);
    for (int y = 0; y < H; ++y) {
      std::memcpy(dst.row(y) + col_begin, src.row(y + oy) + ox + col_begin, col_end - col_begin);
    }
    return;
  }

  const int n = col_end - col_begin;
  const std::size_t padded = static_cast<std::size_t>((n + 7) / 8) * 8;
  xi_.resize(padded);
  xf_.resize(padded);
  for (int x = 0; x < n; ++x) {
    const double s = rx + (x + col_begin - shift_x + 0.5) * sx - 0.5;
    locate(s, src.width, xi_[static_cast<std::size_t>(x)], xf_[static_cast<std::size_t>(x)]);
  }
  bool simd = false;
#if defined(NEMO_WARP_X86)
  // The 16-byte loads may read up to 15 bytes past a row's last used sample:
  // sources are YuvImage planes, whose rows and buffer are padded for that.
  if (simd_ && cpu_has_ssse3() && src.stride >= src.width + 16) {
    prepare_groups(n);
    simd = groups_ok_;
  }
#endif
  for (auto &r : rows_) r.resize(padded);
  row_index_[0] = row_index_[1] = -1;
  auto source_row = [&](int index) -> const std::uint16_t * {
    for (int k = 0; k < 2; ++k) {
      if (row_index_[k] == index) return rows_[k].data();
    }
    // Replace the row that is not the other one needed (the lower index).
    const int k = row_index_[0] < row_index_[1] ? 0 : 1;
    resample_row(src.row(index), n, rows_[k].data(), simd);
    row_index_[k] = index;
    return rows_[k].data();
  };
  for (int y = 0; y < H; ++y) {
    std::int32_t iy;
    std::uint16_t fy;
    locate(ry + (y + 0.5) * sy - 0.5, src.height, iy, fy);
    const int i1 = std::min(iy + 1, src.height - 1);
    std::uint8_t *out = dst.row(y) + col_begin;
    if (fy == 0 || fy == 256) {
      const std::uint16_t *h = source_row(fy == 0 ? iy : i1);
      for (int x = 0; x < n; ++x) out[x] = static_cast<std::uint8_t>((h[x] + 128u) >> 8);
      continue;
    }
    const std::uint16_t *h0 = source_row(iy);
    const std::uint16_t *h1 = source_row(i1);
#if defined(NEMO_WARP_X86)
    if (simd_) {
      blend_rows_sse2(h0, h1, fy, n, out);
      continue;
    }
#endif
    blend_rows_scalar(h0, h1, fy, n, out);
  }
}

}  // namespace nemo::render
