// SPDX-License-Identifier: GPL-2.0-or-later
#include "cli/cli_args.hpp"

#include <cstdlib>
#include <map>
#include <utility>

#include "platform/paths.hpp"

namespace nemo::cli {
namespace {

const std::map<std::string, Command> &commands() {
  static const std::map<std::string, Command> map = {
      {"generate", Command::Generate}, {"chat", Command::Chat},       {"upload", Command::Upload},
      {"state", Command::State},       {"credits", Command::Credits}, {"export", Command::Export},
      {"probe", Command::Probe},       {"resume", Command::Resume},   {"help", Command::Help},
  };
  return map;
}

// Options that take a value, and where it goes.
bool takes_value(const std::string &name) {
  for (const char *o :
       {"--backend", "--token", "--data-dir", "--language", "--image", "--video", "--audio",
        "--prompt", "--out", "--transition", "--motion", "--motion-strength", "--background"})
    if (name == o) return true;
  return false;
}

std::string apply_option(CliOptions &o, const std::string &name, const std::string &value) {
  if (value.empty()) return name + " needs a non-empty value";
  if (name == "--backend")
    o.backend = value;
  else if (name == "--token")
    o.token = value;
  else if (name == "--data-dir")
    o.data_dir = value;
  else if (name == "--language")
    o.language = value;
  else if (name == "--image")
    o.images.push_back(value);
  else if (name == "--video")
    o.videos.push_back(value);
  else if (name == "--audio")
    o.audios.push_back(value);
  else if (name == "--prompt")
    o.prompt = value;
  else if (name == "--out")
    o.out = value;
  else if (name == "--transition")
    o.look.transition = value;
  else if (name == "--motion")
    o.look.motion = value;
  else if (name == "--background")
    o.look.background = value;
  else if (name == "--motion-strength") {
    char *end = nullptr;
    o.look.motion_strength = std::strtod(value.c_str(), &end);
    if (end == value.c_str() || *end != '\0' || !(o.look.motion_strength >= 0))
      return "--motion-strength needs a number from 0 to 2";
  }
  return {};
}

// Which options a command accepts (globals are accepted everywhere).
bool allowed(Command c, const std::string &name) {
  if (name == "--backend" || name == "--token" || name == "--data-dir" || name == "--language" ||
      name == "--json")
    return true;
  switch (c) {
    case Command::Generate:
      return name == "--image" || name == "--video" || name == "--audio" || name == "--prompt" ||
             name == "--out" || name == "--transition" || name == "--motion" ||
             name == "--motion-strength" || name == "--background";
    case Command::Export:
      return name == "--out";
    default:
      return false;
  }
}
}  // namespace

std::vector<std::string> CliOptions::generate_files() const {
  std::vector<std::string> all = images;
  all.insert(all.end(), videos.begin(), videos.end());
  all.insert(all.end(), audios.begin(), audios.end());
  return all;
}

ParseResult parse_args(int argc, const char *const *argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
  return parse_args(args);
}

ParseResult parse_args(const std::vector<std::string> &args) {
  ParseResult r;
  CliOptions &o = r.options;
  std::vector<std::pair<std::string, std::string>> options;  // checked once the command is known
  std::vector<std::string> positional;
  bool only_positional = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    if (only_positional || a.size() < 2 || a[0] != '-' || a == "-") {
      positional.push_back(a);
      continue;
    }
    if (a == "--") {
      only_positional = true;
      continue;
    }
    if (a == "-h" || a == "--help") {
      o.command = Command::Help;
      return r;
    }
    if (a == "--version" || a == "-V") {
      o.command = Command::Version;
      return r;
    }
    std::string name = a, value;
    bool has_value = false;
    if (const auto eq = a.find('='); eq != std::string::npos && a.rfind("--", 0) == 0) {
      name = a.substr(0, eq);
      value = a.substr(eq + 1);
      has_value = true;
    }
    if (name == "--json") {
      if (has_value) {
        r.error = "--json takes no value";
        return r;
      }
      o.json = true;
      continue;
    }
    if (!takes_value(name)) {
      r.error = "unknown option " + name;
      return r;
    }
    if (!has_value) {
      if (i + 1 >= args.size()) {
        r.error = name + " needs a value";
        return r;
      }
      value = args[++i];
    }
    options.emplace_back(name, value);
  }

  if (positional.empty()) {
    r.error = "no command given";
    return r;
  }
  const auto it = commands().find(positional[0]);
  if (it == commands().end()) {
    r.error = "unknown command '" + positional[0] + "'";
    return r;
  }
  o.command = it->second;
  positional.erase(positional.begin());
  for (const auto &[name, value] : options) {
    if (!allowed(o.command, name)) {
      r.error = name + " does not apply to '" + command_name(o.command) + "'";
      return r;
    }
    if (std::string e = apply_option(o, name, value); !e.empty()) {
      r.error = e;
      return r;
    }
  }

  switch (o.command) {
    case Command::Generate:
      if (!positional.empty())
        r.error = "generate takes no arguments (use --prompt TEXT)";
      else if (o.prompt.empty())
        r.error = "generate needs --prompt TEXT";
      else if (o.out.empty())
        r.error = "generate needs --out FILE";
      else if (o.images.empty() && o.videos.empty())
        r.error = "generate needs at least one --image or --video";
      else if (std::string e = core::look_choice_problem(o.look); !e.empty())
        r.error = e;
      break;
    case Command::Chat:
      for (const auto &p : positional) o.text += (o.text.empty() ? "" : " ") + p;
      if (o.text.empty()) r.error = "chat needs TEXT";
      break;
    case Command::Upload:
      o.files = positional;
      if (o.files.empty()) r.error = "upload needs at least one FILE";
      break;
    case Command::Probe:
      if (positional.size() != 1)
        r.error = "probe needs exactly one FILE";
      else
        o.files = positional;
      break;
    case Command::Export:
      if (!positional.empty())
        r.error = "export takes no arguments (use --out FILE)";
      else if (o.out.empty())
        r.error = "export needs --out FILE";
      break;
    case Command::State:
    case Command::Credits:
    case Command::Resume:
      if (!positional.empty())
        r.error = std::string(command_name(o.command)) + " takes no arguments";
      break;
    case Command::Help:
    case Command::Version:
    case Command::None:
      break;
  }
  return r;
}

const char *command_name(Command command) {
  switch (command) {
    case Command::Generate:
      return "generate";
    case Command::Chat:
      return "chat";
    case Command::Upload:
      return "upload";
    case Command::State:
      return "state";
    case Command::Credits:
      return "credits";
    case Command::Export:
      return "export";
    case Command::Probe:
      return "probe";
    case Command::Resume:
      return "resume";
    case Command::Help:
      return "help";
    case Command::Version:
      return "version";
    case Command::None:
      return "";
  }
  return "";
}

std::string usage_text() {
  return "Usage: nemo-clip [--backend URL|local] [--token T] [--data-dir DIR] [--language L] "
         "[--json] COMMAND\n"
         "\n"
         "Commands:\n"
         "  generate --image F [--image F ...] [--video F] [--audio F] --prompt TEXT --out FILE\n"
         "                   new session, upload, ask the agent, export, download, check the MP4\n"
         "      [--transition NAME]  fade, wipeleft, circleopen, ... (36 names), random,\n"
         "                           smooth, dynamic or cinematic (default: the prompt decides)\n"
         "      [--motion MOVE]      push_in, pull_out, pan_left, pan_right, tilt_up,\n"
         "                           tilt_down, drift, kenburns or still\n"
         "      [--motion-strength K]  0..2 (1: the usual amount)\n"
         "      [--background COLOUR]  under transparent pictures and padded bars: black,\n"
         "                           white, grey, red, orange, yellow, green, blue, purple,\n"
         "                           pink or #rrggbb (default: the prompt decides; black)\n"
         "  chat TEXT        one message to the agent on the current session\n"
         "  upload FILE...   add files to the current session\n"
         "  state            the current session's timeline\n"
         "  credits          the account's credit balance\n"
         "  export --out F   render the current session and download the MP4\n"
         "  probe FILE       check a video file\n"
         "  resume           finish renders a previous run left unfinished\n"
         "\n"
         "Options:\n"
         "  --backend URL    the agent API (default: $NEMO_API_BASE or the NemoVideo cloud);\n"
         "                   'local' starts the offline backend nemo-local\n"
         "  --token T        an API token (default: $NEMO_TOKEN, else an anonymous token)\n"
         "  --data-dir DIR   where the client id, token, session and render journal live\n"
         "  --language L     en or zh (default en)\n"
         "  --json           one JSON object a line on stdout\n"
         "\n"
         "Exit codes: 0 ok, 1 internal, 2 usage, 3 network, 4 auth, 5 credits/plan,\n"
         "            6 bad input, 7 render failed, 8 disk, 130 cancelled\n";
}

std::string default_data_dir() {
  const std::string dir = platform::user_data_dir("nemo-clip");
  return dir.empty() ? ".nemo-clip" : dir;
}

}  // namespace nemo::cli
