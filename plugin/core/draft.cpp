// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/draft.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace nemo::core {
namespace {
using nlohmann::json;

const json &null_json() {
  static const json n;
  return n;
}

const json &at(const json &obj, const char *key) {
  if (!obj.is_object()) return null_json();
  const auto it = obj.find(key);
  return it == obj.end() ? null_json() : *it;
}

std::string str(const json &obj, const char *key) {
  const json &v = at(obj, key);
  return v.is_string() ? v.get<std::string>() : std::string();
}

// A number at obj[key] (a numeric string too); NaN when absent.
double num(const json &obj, const char *key) {
  const json &v = at(obj, key);
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
  const json &t = at(draft, "t");
  return t.is_array() ? t : empty;
}

const json &segments_of(const json &track) {
  static const json empty = json::array();
  const json &sg = at(track, "sg");
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
  return as_int(num(track, "tt"), tt) ? tt : -1;
}

std::string plural(std::size_t n, const char *one, const char *many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Everything the summary and the diff need to know about one track.
struct TrackInfo {
  int tt = -1;
  std::string kind;   // Video, BGM, Title, Captions, Text, Track
  std::string label;  // name, quoted text, or "N captions"
  double start_ms = 0, end_ms = 0;
  int volume_pct = -1;  // audio only
  std::size_t segments = 0;
  std::vector<std::string> transitions;  // one per segment with a transition other than none
  std::vector<std::string> texts;        // text track: the segment texts
  std::string describe() const {
    std::string s =
        kind + ": " + label + " (" + format_seconds(start_ms) + "-" + format_seconds(end_ms) + "s";
    if (volume_pct >= 0) s += ", " + std::to_string(volume_pct) + "%";
    return s + ")";
  }
};

TrackInfo track_info(const json &track) {
  TrackInfo info;
  info.tt = track_type(track);
  const json &sg = segments_of(track);
  info.segments = sg.size();

  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  std::size_t titles = 0, captions = 0, images = 0, videos = 0;
  for (const json &seg : sg) {
    const double s = num(seg, "s"), e = num(seg, "e");
    if (!std::isnan(s)) lo = std::min(lo, s);
    if (!std::isnan(e)) hi = std::max(hi, e);
    const std::string role = str(seg, "role");
    if (role == "caption")
      ++captions;
    else
      ++titles;
    const std::string k = str(seg, "k");
    if (k == "video")
      ++videos;
    else
      ++images;
    const std::string tr = str(at(seg, "tr"), "type");
    if (!tr.empty() && tr != "none") info.transitions.push_back(tr);
    if (at(seg, "text").is_string()) info.texts.push_back(str(seg, "text"));
  }
  if (std::isfinite(lo) && std::isfinite(hi) && hi >= lo) {
    info.start_ms = lo;
    info.end_ms = hi;
  } else {
    const double d = num(track, "d");
    info.start_ms = 0;
    info.end_ms = std::isnan(d) ? 0 : d;
  }

  const std::string name = str(at(track, "m"), "name");
  std::string single_name = sg.size() == 1 ? str(sg[0], "n") : std::string();
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
      double vol = sg.empty() ? std::numeric_limits<double>::quiet_NaN() : num(sg[0], "vol");
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

std::vector<TrackInfo> track_infos(const json &draft) {
  std::vector<TrackInfo> out;
  for (const json &track : tracks_of(draft))
    if (track.is_object()) out.push_back(track_info(track));
  return out;
}

// The draft's total duration: its d, else the latest track end.
double draft_duration_ms(const json &draft, const std::vector<TrackInfo> &tracks) {
  const double d = num(draft, "d");
  if (!std::isnan(d)) return d;
  double hi = 0;
  for (const auto &t : tracks) hi = std::max(hi, t.end_ms);
  return hi;
}

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
  if (!as_int(num(m, "width"), wi) || !as_int(num(m, "height"), hi)) return {};
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
void diff_track(const TrackInfo &a, const TrackInfo &b, std::vector<std::string> &out) {
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
  if (const json &d = at(state_or_draft, "draft"); d.is_object()) return d;
  if (const json &s = at(state_or_draft, "state"); s.is_object()) return extract_draft(s);
  if (const json &d = at(state_or_draft, "data"); d.is_object()) return extract_draft(d);
  return json();
}

bool draft_exportable(const json &draft) {
  const json d = extract_draft(draft);
  for (const json &track : tracks_of(d))
    if (!segments_of(track).empty()) return true;
  return false;
}

std::string timeline_summary(const json &draft) {
  const auto tracks = track_infos(extract_draft(draft));
  std::string s = "Timeline (" + plural(tracks.size(), "track", "tracks") + ")";
  if (tracks.empty()) return s + ": empty";
  s += ":";
  for (std::size_t i = 0; i < tracks.size(); ++i)
    s += " " + std::to_string(i + 1) + ". " + tracks[i].describe();
  return s;
}

std::string summarize_change(const json &before_state, const json &after_state) {
  const json a = extract_draft(before_state), b = extract_draft(after_state);
  if (a == b) return {};
  std::vector<std::string> out;
  const auto ta = track_infos(a), tb = track_infos(b);

  const double da = draft_duration_ms(a, ta), db = draft_duration_ms(b, tb);
  if (da != db)
    add(out, "Duration changed from " + format_seconds(da) + "s to " + format_seconds(db) + "s.");
  const json &ma = at(a, "m");
  const json &mb = at(b, "m");
  const std::string sa = size_text(ma), sb = size_text(mb);
  if (sa != sb) {
    if (sa.empty())
      add(out, "Size set to " + sb + ".");
    else if (sb.empty())
      add(out, "Size cleared (was " + sa + ").");
    else
      add(out, "Size changed from " + sa + " to " + sb + ".");
  }
  if (num(ma, "fps") != num(mb, "fps") && !std::isnan(num(mb, "fps")))
    add(out, "Frame rate set to " + format_seconds(num(mb, "fps") * 1000) + " fps.");
  if (str(ma, "title") != str(mb, "title"))
    add(out, "Project title changed to \"" + str(mb, "title") + "\".");
  if (str(ma, "fit") != str(mb, "fit") && !str(mb, "fit").empty())
    add(out, "Pictures now fit with \"" + str(mb, "fit") + "\".");
  if (str(ma, "pace") != str(mb, "pace") && !str(mb, "pace").empty())
    add(out, "Pace set to " + str(mb, "pace") + ".");

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
