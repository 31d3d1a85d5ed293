// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/prompt_check.hpp"

#include <cstdint>
#include <string>

namespace nemo::core {
namespace {

// Decodes the code point at text[i]; returns its length in bytes, 0 if malformed.
std::size_t decode(std::string_view text, std::size_t i, std::uint32_t &cp) {
  const auto b = [&](std::size_t k) { return static_cast<std::uint8_t>(text[i + k]); };
  const std::uint8_t lead = b(0);
  std::size_t n = 0;
  std::uint32_t min = 0;
  if (lead < 0x80) {
    cp = lead;
    return 1;
  } else if ((lead & 0xE0) == 0xC0) {
    n = 2, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    n = 3, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    n = 4, cp = lead & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Spaces, control characters and invisible separators: nothing to read.
bool blank(std::uint32_t cp) {
  return cp <= 0x20 || (cp >= 0x7F && cp <= 0xA0) || cp == 0x3000 || cp == 0xFEFF ||
         (cp >= 0x2000 && cp <= 0x200F) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F;
}

Error prompt_error(ErrorCode code, const char *key, std::string detail) {
  Error e = make_error(code, std::move(detail));
  e.key = key;
  return e;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  std::uint32_t cp = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = decode(text, i, cp);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

Error check_prompt(std::string_view prompt, std::size_t max_bytes) {
  if (prompt.size() > max_bytes)
    return prompt_error(ErrorCode::BadInput, "Error.PromptTooLong",
                        "the prompt is " + std::to_string(prompt.size()) + " bytes; at most " +
                            std::to_string(max_bytes));
  bool says_something = false;
  std::uint32_t cp = 0;
  for (std::size_t i = 0; i < prompt.size();) {
    const std::size_t n = decode(prompt, i, cp);
    if (n == 0)
      return prompt_error(ErrorCode::BadInput, "Error.PromptNotUtf8",
                          "the prompt is not valid UTF-8 (byte " + std::to_string(i) + ")");
    says_something = says_something || !blank(cp);
    i += n;
  }
  if (!says_something)
    return prompt_error(ErrorCode::Usage, "Error.PromptEmpty",
                        prompt.empty() ? "the prompt is empty"
                                       : "the prompt has only spaces or control characters");
  return {};
}

}  // namespace nemo::core
