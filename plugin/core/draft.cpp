// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/draft.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

namespace nemo::core {
namespace {
using nlohmann::json;
using protocol::as_int;
using protocol::member;
using protocol::number_at;
using protocol::string_at;
using protocol::TrackSummary;

std::string aspect_name(int w, int h) {
  if (w <= 0 || h <= 0) return {};
  int a = w, b = h;
  while (b != 0) {
    const int r = a % b;
    a = b;
    b = r;
  }
  return std::to_string(w / a) + ":" + std::to_string(h / a);
}

std::string size_text(const json &m) {
  int wi = 0, hi = 0;
  if (!as_int(number_at(m, "width"), wi) || !as_int(number_at(m, "height"), hi)) return {};
  std::string s = std::to_string(wi) + "x" + std::to_string(hi);
  const std::string aspect = aspect_name(wi, hi);
  if (!aspect.empty() && aspect.size() <= 5) s += " (" + aspect + ")";
  return s;
}

std::string transitions_text(const std::vector<std::string> &tr) {
  if (tr.empty()) return "none";
  std::map<std::string, int> counts;
  for (const auto &t : tr) ++counts[t];
  std::string s;
  for (const auto &[type, n] : counts) {
    if (!s.empty()) s += ", ";
    s += std::to_string(n) + " " + type;
  }
  return s;
}

void add(std::vector<std::string> &out, std::string sentence) {
  out.push_back(std::move(sentence));
}

// The sentences describing how a track that exists in both drafts changed.
void diff_track(const TrackSummary &a, const TrackSummary &b, std::vector<std::string> &out) {
  const std::string who = b.kind + " (" + b.label + ")";
  if (a.kind == "Title" && b.kind == "Title" && a.texts != b.texts && a.texts.size() == 1 &&
      b.texts.size() == 1) {
    add(out, "Title text changed from \"" + a.texts[0] + "\" to \"" + b.texts[0] + "\".");
  } else if (a.texts != b.texts && (a.tt == kTrackText)) {
    add(out, b.kind + " text changed.");
  } else if (a.label != b.label) {
    add(out, a.kind + " \"" + a.label + "\" is now \"" + b.label + "\".");
  }
  if (a.segments != b.segments && a.tt != kTrackText)
    add(out, who + ": " + std::to_string(a.segments) + " -> " + std::to_string(b.segments) +
                 " segments.");
  if (a.start_ms != b.start_ms || a.end_ms != b.end_ms)
    add(out, who + " now runs " + format_seconds(b.start_ms) + "-" + format_seconds(b.end_ms) +
                 "s (was " + format_seconds(a.start_ms) + "-" + format_seconds(a.end_ms) + "s).");
  if (a.volume_pct != b.volume_pct && a.volume_pct >= 0 && b.volume_pct >= 0)
    add(out, "Music volume changed from " + std::to_string(a.volume_pct) + "% to " +
                 std::to_string(b.volume_pct) + "%.");
  if (a.transitions != b.transitions)
    add(out, "Transitions: " + transitions_text(b.transitions) + " (was " +
                 transitions_text(a.transitions) + ").");
}
}  // namespace

std::string summarize_change(const json &before_state, const json &after_state) {
  const json a = extract_draft(before_state), b = extract_draft(after_state);
  if (a == b) return {};
  std::vector<std::string> out;
  const auto ta = protocol::track_summaries(a), tb = protocol::track_summaries(b);

  const double da = protocol::draft_duration_ms(a, ta), db = protocol::draft_duration_ms(b, tb);
  if (da != db)
    add(out, "Duration changed from " + format_seconds(da) + "s to " + format_seconds(db) + "s.");
  const json &ma = member(a, "m");
  const json &mb = member(b, "m");
  const std::string sa = size_text(ma), sb = size_text(mb);
  if (sa != sb) {
    if (sa.empty())
      add(out, "Size set to " + sb + ".");
    else if (sb.empty())
      add(out, "Size cleared (was " + sa + ").");
    else
      add(out, "Size changed from " + sa + " to " + sb + ".");
  }
  if (number_at(ma, "fps") != number_at(mb, "fps") && !std::isnan(number_at(mb, "fps")))
    add(out, "Frame rate set to " + format_seconds(number_at(mb, "fps") * 1000) + " fps.");
  if (string_at(ma, "title") != string_at(mb, "title"))
    add(out, "Project title changed to \"" + string_at(mb, "title") + "\".");
  if (string_at(ma, "fit") != string_at(mb, "fit") && !string_at(mb, "fit").empty())
    add(out, "Pictures now fit with \"" + string_at(mb, "fit") + "\".");
  if (string_at(ma, "pace") != string_at(mb, "pace") && !string_at(mb, "pace").empty())
    add(out, "Pace set to " + string_at(mb, "pace") + ".");

  // Pair the tracks: same type and label first, then same type in order.
  std::vector<bool> used_a(ta.size()), used_b(tb.size());
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  for (std::size_t j = 0; j < tb.size(); ++j)
    for (std::size_t i = 0; i < ta.size(); ++i)
      if (!used_a[i] && ta[i].tt == tb[j].tt && ta[i].label == tb[j].label) {
        used_a[i] = used_b[j] = true;
        pairs.emplace_back(i, j);
        break;
      }
  for (std::size_t j = 0; j < tb.size(); ++j) {
    if (used_b[j]) continue;
    for (std::size_t i = 0; i < ta.size(); ++i)
      if (!used_a[i] && ta[i].tt == tb[j].tt) {
        used_a[i] = used_b[j] = true;
        pairs.emplace_back(i, j);
        break;
      }
  }
  std::sort(pairs.begin(), pairs.end(),
            [](const auto &x, const auto &y) { return x.second < y.second; });
  for (std::size_t i = 0; i < ta.size(); ++i)
    if (!used_a[i]) add(out, "Removed " + ta[i].describe() + ".");
  for (std::size_t j = 0; j < tb.size(); ++j)
    if (!used_b[j]) add(out, "Added " + tb[j].describe() + ".");
  for (const auto &[i, j] : pairs) diff_track(ta[i], tb[j], out);

  if (out.empty()) return "The timeline was updated.";  // changed keys the summary does not show
  std::string s;
  for (const auto &sentence : out) {
    if (!s.empty()) s += ' ';
    s += sentence;
  }
  return s;
}

std::string change_report(const json &before_state, const json &after_state) {
  std::string change = summarize_change(before_state, after_state);
  if (change.empty()) return change;
  return change + "\n" + timeline_summary(after_state);
}

}  // namespace nemo::core
