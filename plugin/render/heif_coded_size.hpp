// The size of the pictures an HEIC file codes, read from the HEVC sequence
// parameter sets in its 'hvcC' boxes without decoding a pixel. This is the
// size a decoder allocates; the file's 'ispe' box, which libheif reports, may
// say something else.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace nemo::render {

struct CodedSize {
  int width = 0;  // after the SPS's conformance window (the visible picture)
  int height = 0;
};

// One HEVC SPS NAL unit, from its two-byte header on (emulation prevention
// bytes still in). False when it is not an SPS or is cut short.
bool hevc_sps_size(const std::uint8_t *nal, std::size_t size, CodedSize &out);

// The largest picture (by pixels) over every SPS of one 'hvcC' box's payload
// (what follows its size and type). False when none could be read.
bool hvcc_largest_size(const std::uint8_t *payload, std::size_t size, CodedSize &out);

enum class CodedSizeResult {
  Found,       // out holds the largest picture over every 'hvcC' box
  NoHvcc,      // the file has no 'hvcC' box under meta/iprp/ipco
  Unreadable,  // an 'hvcC' box is there but no SPS in it can be read
};

// Walks the file's top-level boxes to meta/iprp/ipco (the meta box is read
// into memory up to 16 MB; mdat is skipped, not read).
CodedSizeResult heif_coded_size(const std::string &path, CodedSize &out);

}  // namespace nemo::render
