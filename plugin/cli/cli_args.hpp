// nemo-clip's command line: global options, one command, its arguments.
//   nemo-clip [--backend URL|local] [--token T] [--data-dir DIR] [--language L] [--json] COMMAND
// Options may come before or after the command; `--opt=value` works too.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <vector>

#include "core/look_choice.hpp"

namespace nemo::cli {

enum class Command {
  None,
  Generate,
  Chat,
  Upload,
  State,
  Credits,
  Export,
  Probe,
  Resume,
  Help,
  Version
};

struct CliOptions {
  std::string backend;   // "" (settings/env/default), a URL, or "local"
  std::string token;     // never printed
  std::string data_dir;  // "" -> default_data_dir()
  std::string language = "en";
  bool json = false;
  Command command = Command::None;
  // generate
  std::vector<std::string> images, videos, audios;
  std::string prompt;
  std::string out;        // generate, export
  core::LookChoice look;  // generate: --transition, --motion, --motion-strength, --background
  // chat
  std::string text;
  // upload (FILE...), probe (FILE)
  std::vector<std::string> files;

  bool local_backend() const { return backend == "local"; }
  // generate's inputs in order: images, then videos, then audio.
  std::vector<std::string> generate_files() const;
};

struct ParseResult {
  CliOptions options;
  std::string error;  // non-empty: a usage error, to print with the usage text
  bool ok() const { return error.empty(); }
};

ParseResult parse_args(const std::vector<std::string> &args);  // args without argv[0]
ParseResult parse_args(int argc, const char *const *argv);
std::string usage_text();
const char *command_name(Command command);
// $XDG_DATA_HOME/nemo-clip, else $HOME/.local/share/nemo-clip, else ./.nemo-clip
std::string default_data_dir();

}  // namespace nemo::cli
