// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/timeline.hpp"

#include <algorithm>
#include <cmath>
#include <initializer_list>

#include "agent/beat_cuts.hpp"
#include "agent/text.hpp"
#include "protocol/draft.hpp"
#include "protocol/looks.hpp"

namespace nemo::agent {
namespace {

using nlohmann::json;

bool one_of(const std::string &s, std::initializer_list<const char *> list) {
  for (const char *item : list) {
    if (s == item) return true;
  }
  return false;
}

// Type-checked reads of untrusted JSON.
const json *member(const json &j, const char *key) {
  if (!j.is_object()) return nullptr;
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}
std::string get_str(const json &j, const char *key, const std::string &fallback = {}) {
  const json *v = member(j, key);
  return v && v->is_string() ? text::utf8_sanitize(v->get_ref<const std::string &>()) : fallback;
}
std::optional<double> get_num(const json &j, const char *key) {
  const json *v = member(j, key);
  if (!v || !v->is_number()) return std::nullopt;
  const double d = v->get<double>();
  if (!std::isfinite(d)) return std::nullopt;
  return d;
}
std::optional<std::int64_t> get_ms(const json &j, const char *key, std::int64_t lo,
                                   std::int64_t hi) {
  const auto d = get_num(j, key);
  if (!d) return std::nullopt;
  return std::clamp<std::int64_t>(
      static_cast<std::int64_t>(std::llround(std::clamp(*d, -1e12, 1e12))), lo, hi);
}
bool get_bool(const json &j, const char *key, bool fallback) {
  const json *v = member(j, key);
  return v && v->is_boolean() ? v->get<bool>() : fallback;
}

double round2(double v) {
  return std::round(v * 100.0) / 100.0;
}

const char *const kPanCycle[] = {"zoom_in", "pan_right", "zoom_out", "pan_left"};

json motion_for(const Plan &plan, std::size_t image_index, std::size_t image_count,
                bool single_visual) {
  std::string type = plan.motion;
  double k = plan.motion_strength;
  if (plan.motion == "auto" || plan.motion == "animate") {
    if (single_visual && image_count == 1) {
      type = "kenburns";  // one picture: one continuous camera move over its whole length
    } else {
      type = kPanCycle[image_index % 4];
      if (plan.motion == "auto") k *= 0.5;  // gentle in a slideshow unless asked to animate
    }
  } else if (plan.motion == "none") {
    k = 0;
  }
  return json{{"type", type}, {"k", round2(std::clamp(k, 0.0, 2.0))}};
}

// The looks a style picks from (DRAFT.md, "Transitions").
const std::vector<std::string_view> &style_pool(const std::string &choice) {
  static const std::vector<std::string_view> smooth = {"dissolve",    "fade",     "smoothleft",
                                                       "smoothright", "smoothup", "smoothdown"};
  static const std::vector<std::string_view> dynamic = {
      "slideleft", "zoomin", "pixelize", "coverleft", "wipeup", "radial", "slideright", "slideup"};
  static const std::vector<std::string_view> cinematic = {"fadeblack",  "dissolve", "horzopen",
                                                          "circleopen", "fade",     "clouds"};
  if (choice == "smooth") return smooth;
  if (choice == "dynamic") return dynamic;
  if (choice == "cinematic") return cinematic;
  return protocol::transition_names();  // random
}

std::uint64_t fnv1a(std::uint64_t h, std::string_view s) {
  for (const char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  return h;
}

// The look of the cut after visual `cut`: the plan's one, or for "random"
// and the styles one of their pool, chosen from the cut's place and the two
// pictures (the same draft gets the same looks) and never the previous one.
std::string cut_look(const Plan &plan, std::size_t cut, const std::string &previous) {
  if (plan.transition != "random" && !one_of(plan.transition, {"smooth", "dynamic", "cinematic"}))
    return plan.transition;
  const auto &pool = style_pool(plan.transition);
  std::uint64_t h = fnv1a(14695981039346656037ULL, std::to_string(cut));
  h = fnv1a(h, plan.visuals[cut].src);
  h = fnv1a(h + 1, plan.visuals[cut + 1].src);
  std::size_t i = static_cast<std::size_t>((h ^ (h >> 29)) % pool.size());
  if (pool[i] == previous) i = (i + 1) % pool.size();
  return std::string(pool[i]);
}

std::string track_name(const std::vector<PlanVisual> &visuals) {
  if (visuals.size() == 1) return visuals.front().name.empty() ? "1 picture" : visuals.front().name;
  std::size_t photos = 0, clips = 0;
  for (const auto &v : visuals) (v.kind == "video" ? clips : photos)++;
  const auto count = [](std::size_t n, const char *one, const char *many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  if (clips == 0) return count(photos, "photo", "photos");
  if (photos == 0) return count(clips, "clip", "clips");
  return count(photos, "photo", "photos") + " and " + count(clips, "clip", "clips");
}

}  // namespace

std::int64_t pace_item_ms(const std::string &pace) {
  return pace == "slow" ? 4500 : pace == "fast" ? 2500 : 3500;
}
std::int64_t pace_transition_ms(const std::string &pace) {
  return pace == "slow" ? 1200 : pace == "fast" ? 500 : 800;
}

std::string auto_fit(const PlanVisual &v, int canvas_w, int canvas_h) {
  if (v.width <= 0 || v.height <= 0 || canvas_w <= 0 || canvas_h <= 0) return "crop";
  const double pic = static_cast<double>(v.width) / v.height;
  const double canvas = static_cast<double>(canvas_w) / canvas_h;
  const double ratio = std::max(pic / canvas, canvas / pic);
  // Cropping more than ~30% of a picture loses its subject: show it whole over
  // a blurred copy; a photo's faces may still fit the crop ("smart": the
  // renderer looks).
  if (ratio <= 1.4) return "crop";
  return v.kind == "video" ? "blur" : "smart";
}

std::vector<std::int64_t> allocate(const std::vector<double> &weights, std::int64_t total,
                                   std::int64_t lower,
                                   const std::vector<std::optional<std::int64_t>> &upper) {
  const std::size_t n = weights.size();
  std::vector<double> part(n, 0.0);
  std::vector<bool> fixed(n, false), capped(n, false);
  for (std::size_t iteration = 0; iteration <= 2 * n + 1; ++iteration) {
    double budget = static_cast<double>(total), weight = 0;
    std::size_t free_count = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (fixed[i]) {
        budget -= part[i];
      } else {
        weight += std::max(weights[i], 1e-6);
        ++free_count;
      }
    }
    if (free_count == 0) break;
    for (std::size_t i = 0; i < n; ++i) {
      if (!fixed[i]) part[i] = budget * std::max(weights[i], 1e-6) / weight;
    }
    bool changed = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (!fixed[i] && part[i] < static_cast<double>(lower)) {
        part[i] = static_cast<double>(lower);
        fixed[i] = true;
        changed = true;
      }
    }
    if (changed) continue;
    std::vector<std::size_t> over;
    for (std::size_t i = 0; i < n; ++i) {
      if (!fixed[i] && i < upper.size() && upper[i] && part[i] > static_cast<double>(*upper[i]))
        over.push_back(i);
    }
    if (over.empty() || over.size() == free_count) break;  // nothing else could take the rest
    for (const std::size_t i : over) {
      part[i] = static_cast<double>(std::max(lower, *upper[i]));
      fixed[i] = capped[i] = true;
    }
  }
  std::vector<std::int64_t> out(n);
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = static_cast<std::int64_t>(std::floor(part[i]));
    sum += out[i];
  }
  if (n > 0) {
    std::size_t take = n - 1;  // the rounding remainder goes to the last part that is not capped
    for (std::size_t i = n; i-- > 0;) {
      if (!capped[i]) {
        take = i;
        break;
      }
    }
    out[take] += total - sum;
  }
  return out;
}

LayoutResult layout_draft(const Plan &plan) {
  LayoutResult result;
  const std::size_t n = plan.visuals.size();
  std::int64_t d = (plan.transition == "none" || n < 2)
                       ? 0
                       : plan.transition_ms.value_or(pace_transition_ms(plan.pace));
  const std::int64_t per = plan.per_item_ms.value_or(pace_item_ms(plan.pace));
  const auto neighbours = [&](std::size_t i) -> std::int64_t {
    return (i > 0 ? 1 : 0) + (i + 1 < n ? 1 : 0);
  };
  const auto clip_ms = [](const PlanVisual &v) {
    return v.source_ms > 0 ? v.source_ms : std::int64_t{5000};
  };

  std::vector<double> weights(n);
  std::int64_t natural = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto &v = plan.visuals[i];
    const std::int64_t own =
        v.kind == "video" ? std::max(kMinOwnMs, clip_ms(v) - d * neighbours(i)) : per;
    weights[i] = static_cast<double>(own);
    natural += own;
  }
  if (n > 1) natural += static_cast<std::int64_t>(n - 1) * d;
  const bool fit_music = plan.fit_music && plan.music && plan.music->source_ms > 0;
  std::int64_t total = plan.length_ms ? *plan.length_ms
                       : fit_music    ? plan.music->source_ms
                                      : std::clamp(natural, kAutoMinLengthMs, kAutoMaxLengthMs);
  total = std::clamp<std::int64_t>(total, kMinOwnMs, kMaxLengthMs);
  const auto count = static_cast<std::int64_t>(n);
  // With music that has a beat, an automatic length ends on a phrase (DRAFT.md, "Beats").
  const std::vector<VideoBeat> beats =
      plan.music && plan.beat != "off"
          ? video_beats(plan.music->beats, plan.music->source_ms, kMaxLengthMs + 1)
          : std::vector<VideoBeat>{};
  if (!beats.empty() && !plan.length_ms && !fit_music) {
    const std::int64_t lowest = std::max(kAutoMinLengthMs, count * kMinOwnMs + (count - 1) * d);
    total = end_on_beat(beats, total, lowest, kMaxLengthMs);
  }
  result.end_on_beat =
      std::any_of(beats.begin(), beats.end(), [&](const VideoBeat &b) { return b.ms == total; });
  if (n > 1 && total - (count - 1) * d < count * kMinOwnMs) {
    const std::int64_t fit_d = std::max<std::int64_t>(0, (total - count * kMinOwnMs) / (count - 1));
    if (fit_d < d) {
      d = fit_d;
      result.transitions_shortened = true;
    }
    if (total < count * kMinOwnMs + (count - 1) * d) {
      total = count * kMinOwnMs + (count - 1) * d;
      result.extended = true;
    }
  }
  result.duration_ms = total;

  const auto allocate_own = [&]() {
    std::vector<std::optional<std::int64_t>> upper(n);
    for (std::size_t i = 0; i < n; ++i) {
      const auto &v = plan.visuals[i];
      if (v.kind == "video" && v.source_ms > 0)
        upper[i] = std::max(kMinOwnMs, v.source_ms - d * neighbours(i));
    }
    return n > 0 ? allocate(weights, total - (n > 1 ? (count - 1) * d : 0), kMinOwnMs, upper)
                 : std::vector<std::int64_t>{};
  };
  std::vector<std::int64_t> own = allocate_own();
  // A transition takes at most half the time of the shorter of its two
  // visuals (a visual's time: from the middle of the cut before it to the
  // middle of the cut after it). A visual's time barely depends on d, so one
  // pass with the capped d keeps the rule (a second one if rounding says not).
  for (int pass = 0; pass < 2 && n > 1 && d > 0; ++pass) {
    std::int64_t cap = d;
    for (std::size_t i = 0; i + 1 < n; ++i) {
      const std::int64_t a = own[i] + d * neighbours(i) / 2;
      const std::int64_t b = own[i + 1] + d * neighbours(i + 1) / 2;
      cap = std::min(cap, std::min(a, b) / 2);
    }
    if (cap >= d) break;
    d = std::max<std::int64_t>(0, cap);
    result.transitions_shortened = true;
    own = allocate_own();
  }
  result.transition_ms = d;

  const bool has_music = plan.music.has_value();
  const double clip_volume = std::clamp(plan.clip_volume.value_or(has_music ? 0.3 : 1.0), 0.0, 2.0);
  std::size_t image_count = 0;
  for (const auto &v : plan.visuals) image_count += v.kind == "image" ? 1 : 0;

  // Where each visual starts and ends (it overlaps its neighbours by d).
  std::vector<std::int64_t> starts(n), ends(n);
  for (std::size_t i = 0; i < n; ++i) {
    starts[i] = i == 0 ? 0 : ends[i - 1] - d;
    ends[i] = (i + 1 == n) ? total : starts[i] + own[i] + d * neighbours(i);
  }
  // On the beat: each cut's midpoint moved onto a beat, the rules kept.
  if (!beats.empty() && n > 1) {
    const std::int64_t after = d - d / 2;
    std::vector<std::int64_t> mids(n - 1);
    CutRules rules{total, d, kMinOwnMs, std::vector<std::optional<std::int64_t>>(n)};
    for (std::size_t i = 0; i + 1 < n; ++i) mids[i] = ends[i] - after;
    for (std::size_t i = 0; i < n; ++i) {
      const auto &v = plan.visuals[i];
      if (v.kind == "video" && v.source_ms >= ends[i] - starts[i]) rules.max_slot[i] = v.source_ms;
    }
    result.cuts = n - 1;
    result.cuts_on_beat = snap_cuts(mids, beats, rules);
    for (std::size_t i = 0; i + 1 < n; ++i) {
      ends[i] = mids[i] + after;
      starts[i + 1] = ends[i] - d;
    }
  }

  json video_segments = json::array();
  std::string look;  // the previous cut's
  std::size_t image_index = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const auto &v = plan.visuals[i];
    const std::int64_t start = starts[i], end = ends[i];
    json seg = {{"id", "v" + std::to_string(i + 1)},
                {"s", start},
                {"e", end},
                {"n", v.name},
                {"src", v.src},
                {"k", v.kind}};
    if (v.width > 0 && v.height > 0) {
      seg["w"] = v.width;
      seg["h"] = v.height;
    }
    seg["fit"] = plan.fit == "auto" ? auto_fit(v, plan.width, plan.height) : plan.fit;
    if (v.kind == "video") {
      if (v.source_ms > 0) seg["sd"] = v.source_ms;
      // Longer than its slot: the middle of the clip is used. Shorter: it loops (only when
      // the pictures around it cannot take the time).
      seg["ss"] = v.source_ms > end - start ? (v.source_ms - (end - start)) / 2 : 0;
      seg["mo"] = json{{"type", "none"}, {"k", 0}};
      if (v.has_audio) {
        seg["au"] = true;
        seg["vol"] = round2(clip_volume);
      }
    } else {
      seg["mo"] = motion_for(plan, image_index++, image_count, n == 1);
    }
    if (i + 1 < n) {
      look = d > 0 ? cut_look(plan, i, look) : "none";
      seg["tr"] = json{{"type", look}, {"d", d}};
    }
    video_segments.push_back(std::move(seg));
  }

  json tracks = json::array();
  if (n > 0) {
    tracks.push_back(json{{"tt", protocol::kTrackVideo},
                          {"d", total},
                          {"m", {{"name", track_name(plan.visuals)}}},
                          {"sg", video_segments}});
  }
  if (plan.music) {
    const PlanMusic &m = *plan.music;
    json seg = {{"id", "a1"},
                {"s", 0},
                {"e", total},
                {"n", m.name},
                {"src", m.src},
                {"ss", 0},
                {"vol", round2(std::clamp(m.volume, 0.0, 2.0))},
                {"fi", std::clamp<std::int64_t>(m.fade_in_ms, 0, total / 2)},
                {"fo", std::clamp<std::int64_t>(m.fade_out_ms, 0, total / 2)},
                {"loop", true}};
    if (m.source_ms > 0) seg["sd"] = m.source_ms;
    tracks.push_back(json{{"tt", protocol::kTrackAudio},
                          {"d", total},
                          {"m", {{"name", m.name}}},
                          {"sg", json::array({seg})}});
  }
  if (plan.title) {
    const std::int64_t end = std::min(kTitleMs, total);
    tracks.push_back(json{{"tt", protocol::kTrackText},
                          {"d", end},
                          {"m", {{"name", "Title"}}},
                          {"sg", json::array({json{{"id", "x1"},
                                                   {"s", 0},
                                                   {"e", end},
                                                   {"n", "Title"},
                                                   {"text", *plan.title},
                                                   {"role", "title"},
                                                   {"pos", "center"}}})}});
  }
  if (!plan.captions.empty()) {
    // At most one caption a second: merge neighbours when there are more.
    std::vector<std::string> lines = plan.captions;
    const auto fits = static_cast<std::size_t>(std::max<std::int64_t>(1, total / kMinOwnMs));
    if (lines.size() > fits) {
      // Exactly `fits` groups of neighbouring lines, as even as possible.
      std::vector<std::string> merged;
      for (std::size_t g = 0; g < fits; ++g) {
        std::string joined;
        for (std::size_t k = g * lines.size() / fits; k < (g + 1) * lines.size() / fits; ++k) {
          joined += (joined.empty() ? "" : " ") + lines[k];
        }
        merged.push_back(std::move(joined));
      }
      lines = std::move(merged);
    }
    std::vector<double> caption_weights;
    for (const auto &line : lines)
      caption_weights.push_back(
          static_cast<double>(std::max<std::size_t>(10, text::utf8_length(line))));
    const std::vector<std::int64_t> lengths = allocate(caption_weights, total, kMinOwnMs, {});
    json segs = json::array();
    std::int64_t s = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const std::int64_t e = i + 1 == lines.size() ? total : s + lengths[i];
      segs.push_back(json{{"id", "c" + std::to_string(i + 1)},
                          {"s", s},
                          {"e", e},
                          {"n", "Caption " + std::to_string(i + 1)},
                          {"text", lines[i]},
                          {"role", "caption"},
                          {"pos", "bottom"}});
      s = e;
    }
    tracks.push_back(json{
        {"tt", protocol::kTrackText}, {"d", total}, {"m", {{"name", "Captions"}}}, {"sg", segs}});
  }

  json meta = {{"title", plan.title.value_or("")},
               {"width", plan.width},
               {"height", plan.height},
               {"fps", plan.fps},
               {"fit", plan.fit},
               {"pace", plan.pace},
               {"length", plan.length_ms   ? "set"
                          : plan.fit_music ? "music"
                                           : "auto"},
               {"transition", plan.transition},
               {"motion", plan.motion},
               {"motion_k", round2(plan.motion_strength)}};
  if (plan.background != protocol::kDefaultBackground) meta["background"] = plan.background;
  if (plan.beat != "auto") meta["beat"] = plan.beat;
  if (plan.transition_ms) meta["transition_ms"] = *plan.transition_ms;
  if (plan.per_item_ms) meta["per_item_ms"] = *plan.per_item_ms;
  if (plan.clip_volume) meta["clip_vol"] = round2(*plan.clip_volume);
  result.draft = json{{"d", total}, {"m", meta}, {"t", tracks}};
  return result;
}

bool draft_has_visuals(const json &draft) {
  const json *tracks = member(draft, "t");
  if (!tracks || !tracks->is_array()) return false;
  for (const auto &track : *tracks) {
    const auto tt = get_num(track, "tt");
    const json *sg = member(track, "sg");
    if (tt && *tt == protocol::kTrackVideo && sg && sg->is_array() && !sg->empty()) return true;
  }
  return false;
}

Plan plan_from_draft(const json &draft) {
  Plan p;
  if (!draft.is_object()) return p;
  const json *m = member(draft, "m");
  const json meta = m && m->is_object() ? *m : json::object();
  const auto even = [](std::int64_t v) { return v - (v % 2); };
  if (auto w = get_ms(meta, "width", 64, 4096)) p.width = static_cast<int>(even(*w));
  if (auto h = get_ms(meta, "height", 64, 4096)) p.height = static_cast<int>(even(*h));
  if (auto f = get_ms(meta, "fps", 1, 60)) p.fps = static_cast<int>(*f);
  if (const std::string fit = get_str(meta, "fit"); one_of(fit, {"auto", "crop", "pad", "blur"}))
    p.fit = fit;
  if (const std::string pace = get_str(meta, "pace"); one_of(pace, {"slow", "normal", "fast"}))
    p.pace = pace;
  if (get_str(meta, "length") == "set") p.length_ms = get_ms(draft, "d", kMinOwnMs, kMaxLengthMs);
  p.fit_music = get_str(meta, "length") == "music";
  if (const std::string beat = get_str(meta, "beat"); one_of(beat, {"on", "off"})) p.beat = beat;
  p.per_item_ms = get_ms(meta, "per_item_ms", kMinOwnMs, 60000);
  p.transition_ms = get_ms(meta, "transition_ms", 0, 3000);
  if (auto cv = get_num(meta, "clip_vol")) p.clip_volume = std::clamp(*cv, 0.0, 2.0);
  const std::string motion = get_str(meta, "motion");
  if (one_of(motion, {"auto", "animate"}) || protocol::is_motion_name(motion)) p.motion = motion;
  if (auto k = get_num(meta, "motion_k")) p.motion_strength = std::clamp(*k, 0.0, 2.0);
  if (const std::string bg = protocol::canonical_background(get_str(meta, "background"));
      !bg.empty())
    p.background = bg;
  std::string transition = get_str(meta, "transition");

  const json *tracks = member(draft, "t");
  if (!tracks || !tracks->is_array()) return p;
  bool have_video = false;
  for (const auto &track : *tracks) {
    const auto tt = get_num(track, "tt");
    const json *sg = member(track, "sg");
    if (!tt || !sg || !sg->is_array()) continue;
    if (*tt == protocol::kTrackVideo && !have_video) {
      have_video = true;
      for (const auto &seg : *sg) {
        const std::string src = get_str(seg, "src");
        if (src.empty() || p.visuals.size() >= kMaxVisuals) continue;
        PlanVisual v;
        v.src = src;
        v.name = get_str(seg, "n");
        v.kind = get_str(seg, "k") == "video" ? "video" : "image";
        v.width = static_cast<int>(get_ms(seg, "w", 0, 100000).value_or(0));
        v.height = static_cast<int>(get_ms(seg, "h", 0, 100000).value_or(0));
        v.source_ms = get_ms(seg, "sd", 0, 86400000).value_or(0);
        v.has_audio = get_bool(seg, "au", false);
        if (transition.empty()) {
          const json *tr = member(seg, "tr");
          if (tr) transition = get_str(*tr, "type");
        }
        p.visuals.push_back(std::move(v));
      }
    } else if (*tt == protocol::kTrackAudio && !p.music) {
      for (const auto &seg : *sg) {
        const std::string src = get_str(seg, "src");
        if (src.empty()) continue;
        PlanMusic music;
        music.src = src;
        music.name = get_str(seg, "n");
        music.source_ms = get_ms(seg, "sd", 0, 86400000).value_or(0);
        if (auto vol = get_num(seg, "vol")) music.volume = std::clamp(*vol, 0.0, 2.0);
        music.fade_in_ms = get_ms(seg, "fi", 0, 60000).value_or(0);
        music.fade_out_ms = get_ms(seg, "fo", 0, 60000).value_or(2000);
        p.music = std::move(music);
        break;
      }
    } else if (*tt == protocol::kTrackText) {
      for (const auto &seg : *sg) {
        const std::string t = text::utf8_truncate(text::one_line(get_str(seg, "text")), 200);
        if (t.empty()) continue;
        if (get_str(seg, "role") == "title") {
          if (!p.title) p.title = t;
        } else if (p.captions.size() < 60) {
          p.captions.push_back(t);
        }
      }
    }
  }
  if (protocol::is_transition_choice(transition)) {
    const std::string name = protocol::canonical_transition(transition);
    p.transition = name.empty() ? transition : name;
  }
  return p;
}

}  // namespace nemo::agent
