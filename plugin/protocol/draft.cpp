// SPDX-License-Identifier: GPL-2.0-or-later
#include "protocol/draft.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace nemo::protocol {
using nlohmann::json;

namespace {
const json &null_json() {
  static const json n;
  return n;
}

std::string plural(std::size_t n, const char *one, const char *many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

const json &member(const json &obj, const char *key) {
  if (!obj.is_object()) return null_json();
  const auto it = obj.find(key);
  return it == obj.end() ? null_json() : *it;
}

std::string string_at(const json &obj, const char *key) {
  const json &v = member(obj, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

// A number at obj[key] (a numeric string too); NaN when absent.
double number_at(const json &obj, const char *key) {
  const json &v = member(obj, key);
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    const std::string s = v.get<std::string>();
    char *end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    if (end && end != s.c_str() && *end == '\0') return d;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

const json &tracks_of(const json &draft) {
  static const json empty = json::array();
  const json &t = member(draft, "t");
  return t.is_array() ? t : empty;
}

const json &segments_of(const json &track) {
  static const json empty = json::array();
  const json &sg = member(track, "sg");
  return sg.is_array() ? sg : empty;
}

// d as an int when it is a number within int's range (not NaN or huge).
bool as_int(double d, int &out) {
  if (!(d > static_cast<double>(std::numeric_limits<int>::min()) - 1.0 &&
        d < static_cast<double>(std::numeric_limits<int>::max()) + 1.0))
    return false;
  out = static_cast<int>(d);
  return true;
}

int track_type(const json &track) {
  int tt = -1;
  return as_int(number_at(track, "tt"), tt) ? tt : -1;
}

std::string TrackSummary::describe() const {
  std::string s =
      kind + ": " + label + " (" + format_seconds(start_ms) + "-" + format_seconds(end_ms) + "s";
  if (volume_pct >= 0) s += ", " + std::to_string(volume_pct) + "%";
  return s + ")";
}

TrackSummary track_summary(const json &track) {
  TrackSummary info;
  info.tt = track_type(track);
  const json &sg = segments_of(track);
  info.segments = sg.size();

  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  std::size_t titles = 0, captions = 0, images = 0, videos = 0;
  for (const json &seg : sg) {
    const double s = number_at(seg, "s"), e = number_at(seg, "e");
    if (!std::isnan(s)) lo = std::min(lo, s);
    if (!std::isnan(e)) hi = std::max(hi, e);
    const std::string role = string_at(seg, "role");
    if (role == "caption")
      ++captions;
    else
      ++titles;
    const std::string k = string_at(seg, "k");
    if (k == "video")
      ++videos;
    else
      ++images;
    const std::string tr = string_at(member(seg, "tr"), "type");
    if (!tr.empty() && tr != "none") info.transitions.push_back(tr);
    if (member(seg, "text").is_string()) info.texts.push_back(string_at(seg, "text"));
  }
  if (std::isfinite(lo) && std::isfinite(hi) && hi >= lo) {
    info.start_ms = lo;
    info.end_ms = hi;
  } else {
    const double d = number_at(track, "d");
    info.start_ms = 0;
    info.end_ms = std::isnan(d) ? 0 : d;
  }

  const std::string name = string_at(member(track, "m"), "name");
  std::string single_name = sg.size() == 1 ? string_at(sg[0], "n") : std::string();
  switch (info.tt) {
    case kTrackVideo:
      info.kind = "Video";
      if (!name.empty())
        info.label = name;
      else if (!single_name.empty())
        info.label = single_name;
      else if (videos == 0)
        info.label = plural(images, "photo", "photos");
      else if (images == 0)
        info.label = plural(videos, "clip", "clips");
      else
        info.label = plural(images, "photo", "photos") + ", " + plural(videos, "clip", "clips");
      break;
    case kTrackAudio: {
      info.kind = "BGM";
      if (!name.empty())
        info.label = name;
      else if (!single_name.empty())
        info.label = single_name;
      else
        info.label = plural(sg.size(), "clip", "clips");
      double vol = sg.empty() ? std::numeric_limits<double>::quiet_NaN() : number_at(sg[0], "vol");
      if (std::isnan(vol)) vol = 1.0;
      info.volume_pct = static_cast<int>(std::lround(std::clamp(vol, 0.0, 2.0) * 100.0));
      break;
    }
    case kTrackText:
      if (captions > 0 && titles == 0)
        info.kind = "Captions";
      else if (titles > 0 && captions == 0)
        info.kind = "Title";
      else
        info.kind = "Text";
      if (info.kind == "Captions" && sg.size() != 1)
        info.label = plural(sg.size(), "caption", "captions");
      else if (sg.size() == 1 && info.texts.size() == 1)
        info.label = "\"" + info.texts[0] + "\"";
      else if (!name.empty())
        info.label = name;
      else
        info.label = plural(sg.size(), "text", "texts");
      break;
    default:
      info.kind = "Track";
      info.label = !name.empty() ? name : plural(sg.size(), "segment", "segments");
      break;
  }
  return info;
}

std::vector<TrackSummary> track_summaries(const json &draft) {
  std::vector<TrackSummary> out;
  for (const json &track : tracks_of(draft))
    if (track.is_object()) out.push_back(track_summary(track));
  return out;
}

// The draft's total duration: its d, else the latest track end.
double draft_duration_ms(const json &draft, const std::vector<TrackSummary> &tracks) {
  const double d = number_at(draft, "d");
  if (!std::isnan(d)) return d;
  double hi = 0;
  for (const auto &t : tracks) hi = std::max(hi, t.end_ms);
  return hi;
}

std::string format_seconds(double ms) {
  if (!std::isfinite(ms)) return "0";
  const double tenths = std::round(ms / 100.0);
  char buf[64];
  if (std::fmod(tenths, 10.0) == 0.0)
    std::snprintf(buf, sizeof buf, "%.0f", tenths / 10.0);
  else
    std::snprintf(buf, sizeof buf, "%.1f", tenths / 10.0);
  std::string s = buf;
  if (s == "-0") s = "0";
  return s;
}

json extract_draft(const json &state_or_draft) {
  if (!state_or_draft.is_object()) return json();
  if (state_or_draft.contains("t")) return state_or_draft;
  if (const json &d = member(state_or_draft, "draft"); d.is_object()) return d;
  if (const json &s = member(state_or_draft, "state"); s.is_object()) return extract_draft(s);
  if (const json &d = member(state_or_draft, "data"); d.is_object()) return extract_draft(d);
  return json();
}

bool draft_exportable(const json &draft) {
  const json d = extract_draft(draft);
  for (const json &track : tracks_of(d))
    if (!segments_of(track).empty()) return true;
  return false;
}

std::string timeline_summary(const json &draft) {
  const auto tracks = track_summaries(extract_draft(draft));
  std::string s = "Timeline (" + plural(tracks.size(), "track", "tracks") + ")";
  if (tracks.empty()) return s + ": empty";
  s += ":";
  for (std::size_t i = 0; i < tracks.size(); ++i)
    s += " " + std::to_string(i + 1) + ". " + tracks[i].describe();
  return s;
}

}  // namespace nemo::protocol
