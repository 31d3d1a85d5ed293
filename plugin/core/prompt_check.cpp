// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/prompt_check.hpp"

#include <string>

#include "protocol/utf8.hpp"

namespace nemo::core {
namespace {

// Spaces, control characters and invisible separators: nothing to read.
bool blank(char32_t cp) {
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

Error check_prompt(std::string_view prompt, std::size_t max_bytes) {
  if (prompt.size() > max_bytes)
    return prompt_error(ErrorCode::BadInput, "Error.PromptTooLong",
                        "the prompt is " + std::to_string(prompt.size()) + " bytes; at most " +
                            std::to_string(max_bytes));
  bool says_something = false;
  char32_t cp = 0;
  for (std::size_t i = 0; i < prompt.size();) {
    const std::size_t n = protocol::decode_utf8_at(prompt, i, cp);
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
