// The module's localized strings as QStrings (every user-visible string of
// the dock goes through obs_module_text).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <obs-module.h>

#include <QString>
#include <string>

namespace nemo::obs {

inline QString tr_text(const char *key) {
  return QString::fromUtf8(obs_module_text(key));
}

// An error message key from core (may be one the locale lacks: then the
// generic message of its family).
inline QString error_text(const std::string &key) {
  if (key.empty()) return tr_text("Error.Internal");
  const char *text = nullptr;
  if (obs_module_get_string(key.c_str(), &text) && text) return QString::fromUtf8(text);
  return tr_text("Error.BadInput");
}

}  // namespace nemo::obs
