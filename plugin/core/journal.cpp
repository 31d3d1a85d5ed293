// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/journal.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <utility>

#include "core/private_file.hpp"
#include "platform/file_lock.hpp"

namespace nemo::core {
namespace {
using nlohmann::json;

constexpr int kVersion = 1;

std::string str(const json &j, const char *key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
std::int64_t int64(const json &j, const char *key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<std::int64_t>() : 0;
}

Error disk_error(const std::string &what) {
  return make_error(ErrorCode::Disk, what + ": " + std::strerror(errno));
}

}  // namespace

std::int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const char *render_phase_name(RenderPhase phase) {
  switch (phase) {
    case RenderPhase::Submitted:
      return "submitted";
    case RenderPhase::Rendering:
      return "rendering";
    case RenderPhase::Downloading:
      return "downloading";
    case RenderPhase::Done:
      return "done";
    case RenderPhase::Failed:
      return "failed";
  }
  return "failed";
}

std::optional<RenderPhase> parse_render_phase(const std::string &name) {
  for (RenderPhase p : {RenderPhase::Submitted, RenderPhase::Rendering, RenderPhase::Downloading,
                        RenderPhase::Done, RenderPhase::Failed})
    if (name == render_phase_name(p)) return p;
  return std::nullopt;
}

json RenderRecord::to_json() const {
  return json{{"render_id", render_id},    {"session_id", session_id},
              {"backend", backend},        {"output_path", output_path},
              {"prompt", prompt},          {"state", render_phase_name(phase)},
              {"output_url", output_url},  {"error", error},
              {"created_ms", created_ms},  {"updated_ms", updated_ms},
              {"client_data", client_data}};
}

std::optional<RenderRecord> RenderRecord::from_json(const json &j) {
  if (!j.is_object()) return std::nullopt;
  RenderRecord r;
  r.render_id = str(j, "render_id");
  if (r.render_id.empty()) return std::nullopt;
  r.session_id = str(j, "session_id");
  r.backend = str(j, "backend");
  r.output_path = str(j, "output_path");
  r.prompt = str(j, "prompt");
  r.phase = parse_render_phase(str(j, "state")).value_or(RenderPhase::Submitted);
  r.output_url = str(j, "output_url");
  r.error = str(j, "error");
  r.created_ms = int64(j, "created_ms");
  r.updated_ms = int64(j, "updated_ms");
  if (auto it = j.find("client_data"); it != j.end() && it->is_object()) r.client_data = *it;
  return r;
}

Journal::Journal(std::string path) : path_(std::move(path)) {}

std::string Journal::journal_path(const std::string &data_dir) {
  return (std::filesystem::path(data_dir) / "renders.json").string();
}

Error Journal::read_unlocked(std::vector<RenderRecord> &out) const {
  out.clear();
  std::error_code ec;
  if (!std::filesystem::exists(path_, ec) && !ec) return {};
  std::ifstream in(path_, std::ios::binary);
  std::ostringstream buffer;
  if (in) buffer << in.rdbuf();
  if (!in || in.bad()) return disk_error("cannot read the render journal");
  const std::string text = buffer.str();
  const json j = json::parse(text, nullptr, false);
  const json *list = nullptr;
  if (!j.is_discarded() && j.is_object() && j.contains("renders") && j["renders"].is_array())
    list = &j["renders"];
  if (!list) {
    // Damaged: keep it for a human, start afresh.
    std::filesystem::rename(path_, path_ + ".bad", ec);
    return {};
  }
  for (const json &item : *list)
    if (auto r = RenderRecord::from_json(item)) out.push_back(std::move(*r));
  return {};
}

Error Journal::write_unlocked(const std::vector<RenderRecord> &records) const {
  std::error_code ec;
  const auto dir = std::filesystem::path(path_).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  json list = json::array();
  for (const auto &r : records) list.push_back(r.to_json());
  const std::string text = json{{"version", kVersion}, {"renders", list}}.dump(
                               2, ' ', false, json::error_handler_t::replace) +
                           "\n";
  if (Error e = write_private_file(path_, text)) {
    e.detail = "cannot write the render journal: " + e.detail;
    return e;
  }
  return {};
}

template <class Fn>
Error Journal::modify(Fn &&fn) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::error_code ec;
  const auto dir = std::filesystem::path(path_).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  // Advisory, between processes (OBS and nemo-clip on one journal).
  platform::FileLock file_lock(path_ + ".lock");
  std::vector<RenderRecord> records;
  if (Error e = read_unlocked(records)) return e;
  if (Error e = fn(records)) return e;
  return write_unlocked(records);
}

Error Journal::load(std::vector<RenderRecord> &out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return read_unlocked(out);
}

std::vector<RenderRecord> Journal::pending() const {
  std::vector<RenderRecord> all, out;
  if (load(all)) return out;
  for (auto &r : all)
    if (r.pending()) out.push_back(std::move(r));
  return out;
}

std::optional<RenderRecord> Journal::find(const std::string &render_id) const {
  std::vector<RenderRecord> all;
  if (load(all)) return std::nullopt;
  for (auto &r : all)
    if (r.render_id == render_id) return r;
  return std::nullopt;
}

Error Journal::upsert(RenderRecord record) {
  if (record.render_id.empty()) return make_error(ErrorCode::Internal, "render record without id");
  const std::int64_t now = now_unix_ms();
  record.updated_ms = now;
  if (record.created_ms == 0) record.created_ms = now;
  return modify([&](std::vector<RenderRecord> &records) -> Error {
    for (auto &r : records)
      if (r.render_id == record.render_id) {
        r = record;
        return {};
      }
    records.push_back(record);
    return {};
  });
}

Error Journal::update_phase(const std::string &render_id, RenderPhase phase,
                            const std::string &output_url, const std::string &error) {
  return modify([&](std::vector<RenderRecord> &records) -> Error {
    for (auto &r : records)
      if (r.render_id == render_id) {
        r.phase = phase;
        if (!output_url.empty()) r.output_url = output_url;
        if (!error.empty()) r.error = error;
        r.updated_ms = now_unix_ms();
        return {};
      }
    return make_error(ErrorCode::Internal, "no journal entry for " + render_id);
  });
}

Error Journal::remove(const std::string &render_id) {
  return modify([&](std::vector<RenderRecord> &records) -> Error {
    records.erase(std::remove_if(records.begin(), records.end(),
                                 [&](const RenderRecord &r) { return r.render_id == render_id; }),
                  records.end());
    return {};
  });
}

Error Journal::prune(std::int64_t max_age_ms) {
  const std::int64_t cutoff = now_unix_ms() - max_age_ms;
  return modify([&](std::vector<RenderRecord> &records) -> Error {
    records.erase(std::remove_if(
                      records.begin(), records.end(),
                      [&](const RenderRecord &r) { return !r.pending() && r.updated_ms < cutoff; }),
                  records.end());
    return {};
  });
}

}  // namespace nemo::core
