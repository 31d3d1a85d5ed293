// Everything nemo-clip prints. Human mode: results on stdout, progress on
// stderr (a redrawn bar on a terminal, plain lines otherwise). --json: one JSON
// object a line on stdout ({"event":"progress"|"text"|"result"|"error",...}),
// nothing else. Every string goes through core::redact_secrets first: a token
// is never printed. Safe to call from the job thread and the main thread.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "core/error.hpp"
#include "core/job.hpp"

namespace nemo::cli {

class Output {
 public:
  Output(std::ostream &out, std::ostream &err, bool json, bool terminal);

  void progress(const core::JobProgress &p);
  void text(const std::string &message);       // what the agent or the command says
  void notice(const core::JobNotice &notice);  // printed as text, in notice_text's words
  void note(const std::string &message);       // side information (stderr in human mode)
  void result(const std::string &human, const nlohmann::json &data);
  void error(const core::Error &error, int exit_code);
  // Ends a progress bar line (before other output or at exit).
  void end_progress();

  // The one-line English text for an error key (the CLI's message table).
  static std::string message_for(const core::Error &error);
  // Whether the message table has a text of its own for this key.
  static bool knows_key(const std::string &key);
  // A job's typed notice in English: "Still working...".
  static std::string notice_text(const core::JobNotice &notice);
  // A progress line as the plain (non-terminal) mode prints it: "uploading 40%".
  static std::string plain_progress(const core::JobProgress &p);
  // The bar as the terminal mode draws it: "uploading [#####     ]  50%".
  static std::string bar(const core::JobProgress &p, int width = 30);

 private:
  void emit_json(nlohmann::json j);
  void end_progress_locked();

  std::ostream &out_;
  std::ostream &err_;
  const bool json_;
  const bool terminal_;
  std::mutex mutex_;
  bool bar_open_ = false;
  std::string last_phase_;
  int last_step_ = -1;  // plain mode: last printed tenth
};

}  // namespace nemo::cli
