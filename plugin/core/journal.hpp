// Renders the client has started but not yet delivered, persisted as JSON in
// the data folder (<data_dir>/renders.json), so that a client closed or killed
// mid-render finds them again and resumes polling and downloading instead of
// orphaning them. Every change rewrites the file atomically (write a temp file,
// fsync, rename) under an advisory lock, re-reading it first so that two
// processes sharing the folder do not drop each other's entries.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace nemo::core {

enum class RenderPhase { Submitted, Rendering, Downloading, Done, Failed };
const char *render_phase_name(
    RenderPhase phase);  // submitted, rendering, downloading, done, failed
std::optional<RenderPhase> parse_render_phase(const std::string &name);

struct RenderRecord {
  std::string render_id;
  std::string session_id;
  std::string backend;      // base URL it was submitted to ("local" for nemo-local)
  std::string output_path;  // where the MP4 goes
  std::string prompt;
  RenderPhase phase = RenderPhase::Submitted;
  std::string output_url;  // once the backend gave one
  std::string error;       // when failed
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
  // What the client needs to finish the job its own way after a restart
  // (the OBS module: its job id and where the clip goes). Kept as given.
  nlohmann::json client_data = nlohmann::json::object();

  bool pending() const { return phase != RenderPhase::Done && phase != RenderPhase::Failed; }
  nlohmann::json to_json() const;
  static std::optional<RenderRecord> from_json(const nlohmann::json &j);
};

class Journal {
 public:
  // path: the journal file; journal_path(data_dir) gives the usual one.
  explicit Journal(std::string path);
  static std::string journal_path(const std::string &data_dir);

  // Every record in the file (a missing file is an empty journal; a damaged
  // one is kept aside as <path>.bad and treated as empty).
  Error load(std::vector<RenderRecord> &out) const;
  std::vector<RenderRecord> pending() const;  // load() filtered; errors give an empty list
  std::optional<RenderRecord> find(const std::string &render_id) const;

  // Inserts or replaces the record with the same render_id (updated_ms set now).
  Error upsert(RenderRecord record);
  // Sets the phase (and optionally the url / error) of an existing record.
  Error update_phase(const std::string &render_id, RenderPhase phase,
                     const std::string &output_url = {}, const std::string &error = {});
  Error remove(const std::string &render_id);
  // Drops finished (done/failed) records older than max_age_ms.
  Error prune(std::int64_t max_age_ms);

  const std::string &path() const { return path_; }

 private:
  template <class Fn>
  Error modify(Fn &&fn);
  Error read_unlocked(std::vector<RenderRecord> &out) const;
  Error write_unlocked(const std::vector<RenderRecord> &records) const;

  std::string path_;
  mutable std::mutex mutex_;
};

std::int64_t now_unix_ms();

}  // namespace nemo::core
