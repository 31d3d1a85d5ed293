// Small text helpers shared by the intent router and the GUI translator:
// ASCII lower-casing (UTF-8 left alone) and whole-word search for English.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "protocol/text.hpp"

namespace nemo::core::text {

// ASCII letters lower-cased (protocol/text.hpp); UTF-8 unchanged.
using protocol::ascii_lower;

// Whether `phrase` (lower-case ASCII, may contain spaces) occurs in `lower` as
// whole words: not preceded or followed by an ASCII letter or digit.
bool has_phrase(std::string_view lower, std::string_view phrase);

// Whether `needle` occurs anywhere in `haystack` (for CJK, which has no spaces).
inline bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

using Words = std::initializer_list<std::string_view>;

// Whether any of `phrases` occurs in `lower` as whole words (has_phrase).
bool any_phrase(std::string_view lower, Words phrases);

// Whether any of `needles` occurs anywhere in `s` (contains; for CJK).
bool contains_any(std::string_view s, Words needles);

// Leading and trailing ASCII white space removed (protocol/text.hpp).
using protocol::trim;

}  // namespace nemo::core::text
