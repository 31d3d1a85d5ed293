// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/clip_queue.hpp"

#include <nlohmann/json.hpp>

namespace nemo::obs::clip {

void ClipQueue::add(const std::string &path, bool at_front) {
  if (path.empty()) return;
  if (at_front)
    items_.insert(items_.begin(), path);
  else
    items_.push_back(path);
}

std::string ClipQueue::take_next(const std::string &current) {
  if (items_.empty()) return {};
  std::size_t index = 0;
  if (shuffle && items_.size() > 1) {
    // xorshift64: enough to vary the order; no need for a secure source.
    seed ^= seed << 13;
    seed ^= seed >> 7;
    seed ^= seed << 17;
    index = static_cast<std::size_t>(seed % items_.size());
  }
  std::string next = items_[index];
  items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(index));
  if (loop && !current.empty()) items_.push_back(current);
  return next;
}

void ClipQueue::remove_at(std::size_t index) {
  if (index < items_.size()) items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(index));
}

std::string ClipQueue::to_json() const {
  return nlohmann::json{{"items", items_}, {"shuffle", shuffle}, {"loop", loop}}.dump();
}

ClipQueue ClipQueue::from_json(const std::string &text) {
  ClipQueue q;
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return q;
  if (const auto it = j.find("items"); it != j.end() && it->is_array())
    for (const auto &item : *it)
      if (item.is_string() && !item.get<std::string>().empty())
        q.items_.push_back(item.get<std::string>());
  if (const auto it = j.find("shuffle"); it != j.end() && it->is_boolean()) q.shuffle = *it;
  if (const auto it = j.find("loop"); it != j.end() && it->is_boolean()) q.loop = *it;
  return q;
}

}  // namespace nemo::obs::clip
