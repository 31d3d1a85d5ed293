// SPDX-License-Identifier: GPL-2.0-or-later
#include "server/draft_to_spec.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <exception>
#include <utility>
#include <vector>

#include "agent/text.hpp"
#include "protocol/looks.hpp"
#include "render/transition_catalogue.hpp"

namespace nemo::server {
namespace {

namespace text = agent::text;

using nlohmann::json;

// Thrown inside this file only; draft_to_spec turns it into its message.
struct Invalid {
  std::string message;
};

[[noreturn]] void fail(const std::string &where, const std::string &what) {
  throw Invalid{where.empty() ? what : where + ": " + what};
}

// A short, printable form of untrusted text for a message.
std::string shown(const std::string &s) {
  return text::utf8_truncate(text::one_line(text::utf8_sanitize(s)), 80);
}

const json *member(const json &j, const char *key) {
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

std::int64_t to_int(const json &v, const std::string &where, const char *key, std::int64_t lo,
                    std::int64_t hi) {
  if (!v.is_number()) fail(where, std::string("`") + key + "` must be a number");
  const double d = v.get<double>();
  if (!std::isfinite(d) || d < static_cast<double>(lo) - 0.5 || d > static_cast<double>(hi) + 0.5) {
    fail(where, std::string("`") + key + "` must be between " + std::to_string(lo) + " and " +
                    std::to_string(hi));
  }
  if (v.is_number_integer() || v.is_number_unsigned()) {
    const auto i =
        v.is_number_unsigned()
            ? static_cast<std::int64_t>(std::min<std::uint64_t>(v.get<std::uint64_t>(), INT64_MAX))
            : v.get<std::int64_t>();
    if (i < lo || i > hi) {
      fail(where, std::string("`") + key + "` must be between " + std::to_string(lo) + " and " +
                      std::to_string(hi));
    }
    return i;
  }
  return std::clamp<std::int64_t>(std::llround(d), lo, hi);
}

std::int64_t int_or(const json &obj, const char *key, std::int64_t fallback,
                    const std::string &where, std::int64_t lo, std::int64_t hi) {
  const json *v = member(obj, key);
  return v ? to_int(*v, where, key, lo, hi) : fallback;
}

double num_or(const json &obj, const char *key, double fallback, const std::string &where,
              double lo, double hi) {
  const json *v = member(obj, key);
  if (!v) return fallback;
  if (!v->is_number()) fail(where, std::string("`") + key + "` must be a number");
  const double d = v->get<double>();
  if (!std::isfinite(d) || d < lo || d > hi) {
    fail(where, std::string("`") + key + "` must be between " +
                    text::seconds(static_cast<std::int64_t>(lo * 1000)) + " and " +
                    text::seconds(static_cast<std::int64_t>(hi * 1000)));
  }
  return d;
}

std::string str_or(const json &obj, const char *key, const std::string &fallback,
                   const std::string &where, std::size_t max_bytes = 256) {
  const json *v = member(obj, key);
  if (!v) return fallback;
  if (!v->is_string()) fail(where, std::string("`") + key + "` must be a string");
  const auto &s = v->get_ref<const std::string &>();
  if (s.size() > max_bytes) fail(where, std::string("`") + key + "` is too long");
  return s;
}

bool bool_or(const json &obj, const char *key, bool fallback, const std::string &where) {
  const json *v = member(obj, key);
  if (!v) return fallback;
  if (!v->is_boolean()) fail(where, std::string("`") + key + "` must be true or false");
  return v->get<bool>();
}

template <typename E>
E pick(const std::string &value, const std::vector<std::pair<const char *, E>> &table,
       const std::string &where, const char *what) {
  for (const auto &[name, e] : table) {
    if (value == name) return e;
  }
  std::string allowed;
  for (const auto &row : table) allowed += (allowed.empty() ? "" : ", ") + std::string(row.first);
  fail(where, std::string("unknown ") + what + " '" + shown(value) + "' (one of " + allowed + ")");
}

const std::vector<std::pair<const char *, render::Fit>> kFits = {{"crop", render::Fit::Crop},
                                                                 {"pad", render::Fit::Pad},
                                                                 {"blur", render::Fit::BlurPad},
                                                                 {"smart", render::Fit::Smart}};
const std::vector<std::pair<const char *, render::Motion::Type>> kMotions = {
    {"none", render::Motion::Type::None},        {"kenburns", render::Motion::Type::KenBurns},
    {"zoom_in", render::Motion::Type::ZoomIn},   {"zoom_out", render::Motion::Type::ZoomOut},
    {"pan_left", render::Motion::Type::PanLeft}, {"pan_right", render::Motion::Type::PanRight},
    {"pan_up", render::Motion::Type::PanUp},     {"pan_down", render::Motion::Type::PanDown},
    {"drift", render::Motion::Type::Drift}};
const std::vector<std::pair<const char *, render::TextOverlay::Role>> kRoles = {
    {"title", render::TextOverlay::Role::Title}, {"caption", render::TextOverlay::Role::Caption}};
const std::vector<std::pair<const char *, render::TextOverlay::Position>> kPositions = {
    {"top", render::TextOverlay::Position::Top},
    {"center", render::TextOverlay::Position::Center},
    {"bottom", render::TextOverlay::Position::Bottom}};

class Converter {
 public:
  Converter(const std::function<std::string(const std::string &)> &resolve, render::RenderSpec &out)
      : resolve_(resolve), out_(out) {}

  void run(const json &draft) {
    if (!draft.is_object()) fail("", "the draft is not a JSON object");
    const json *d = member(draft, "d");
    if (!d) fail("", "the draft has no duration `d`");
    duration_ = to_int(*d, "draft", "d", 1, kDraftMaxDurationMs);
    out_ = render::RenderSpec{};
    out_.duration_ms = duration_;

    const json *m = member(draft, "m");
    json meta = json::object();
    if (m && !m->is_null()) {
      if (!m->is_object()) fail("draft", "`m` must be an object");
      meta = *m;
    }
    out_.canvas.width = static_cast<int>(int_or(meta, "width", 1920, "canvas", 64, 4096));
    out_.canvas.height = static_cast<int>(int_or(meta, "height", 1080, "canvas", 64, 4096));
    if (out_.canvas.width % 2 != 0 || out_.canvas.height % 2 != 0) {
      fail("canvas", "width and height must be even (" + std::to_string(out_.canvas.width) + "x" +
                         std::to_string(out_.canvas.height) + ")");
    }
    out_.canvas.fps = static_cast<int>(int_or(meta, "fps", 30, "canvas", 1, 60));
    const json *fit = member(meta, "fit");
    if (fit && fit->is_string()) {
      for (const auto &[name, f] : kFits) {
        if (fit->get_ref<const std::string &>() == name)
          default_fit_ = f;  // "auto" and others: crop
      }
    }
    if (const json *bg = member(meta, "background"); bg && !bg->is_null()) {
      const std::string hex =
          bg->is_string() ? protocol::canonical_background(bg->get_ref<const std::string &>()) : "";
      if (hex.empty()) fail("draft", "`m.background` must be a colour \"#rrggbb\"");
      const auto byte = [&](std::size_t at) {
        return static_cast<std::uint8_t>(std::stoi(hex.substr(at, 2), nullptr, 16));
      };
      out_.background = render::Rgb{byte(1), byte(3), byte(5)};
    }

    const json *t = member(draft, "t");
    if (!t || !t->is_array()) fail("draft", "`t` (the tracks) must be an array");
    if (t->size() > kDraftMaxTracks)
      fail("draft", "too many tracks (at most " + std::to_string(kDraftMaxTracks) + ")");
    bool have_video = false;
    for (std::size_t i = 0; i < t->size(); ++i) {
      const json &track = (*t)[i];
      const std::string where = "track " + std::to_string(i + 1);
      if (!track.is_object()) fail(where, "not an object");
      const json *tt = member(track, "tt");
      if (!tt) fail(where, "no track type `tt`");
      const std::int64_t type = to_int(*tt, where, "tt", 0, 1000);
      const json *sg = member(track, "sg");
      if (!sg || sg->is_null()) continue;
      if (!sg->is_array()) fail(where, "`sg` (the segments) must be an array");
      segments_ += sg->size();
      if (segments_ > kDraftMaxSegments)
        fail("draft", "too many segments (at most " + std::to_string(kDraftMaxSegments) + ")");
      if (type == 0) {
        if (sg->empty()) continue;
        if (have_video) fail(where, "only one video track is supported");
        have_video = true;
        video_track(*sg, where + " (video)");
      } else if (type == 1) {
        audio_track(*sg, where + " (audio)");
      } else if (type == 7) {
        text_track(*sg, where + " (text)");
      }  // other track types are not rendered
    }
    if (out_.visuals.empty())
      fail("draft", "there are no pictures or clips to show (the video track is empty)");
  }

 private:
  static std::string seg_where(const std::string &track, std::size_t i, const json &seg) {
    std::string where = track + ", segment " + std::to_string(i + 1);
    const json *id = member(seg, "id");
    if (id && id->is_string()) where += " (" + shown(id->get_ref<const std::string &>()) + ")";
    return where;
  }

  std::pair<std::int64_t, std::int64_t> span(const json &seg, const std::string &where) const {
    const json *s = member(seg, "s");
    const json *e = member(seg, "e");
    if (!s || !e) fail(where, "needs a start `s` and an end `e`");
    const std::int64_t start = to_int(*s, where, "s", 0, duration_);
    const std::int64_t end = to_int(*e, where, "e", 0, duration_);
    if (end <= start)
      fail(where,
           "ends (" + std::to_string(end) + ") before it starts (" + std::to_string(start) + ")");
    return {start, end};
  }

  std::string path_of(const json &seg, const std::string &where) const {
    const std::string src = str_or(seg, "src", "", where, kDraftMaxSrcBytes);
    if (src.empty()) fail(where, "has no media `src`");
    std::string path;
    try {
      path = resolve_(src);
    } catch (const std::exception &) {
      path.clear();
    }
    if (path.empty()) {
      const json *n = member(seg, "n");
      const std::string name =
          n && n->is_string() ? shown(n->get_ref<const std::string &>()) : shown(src);
      fail(where, "media not found: " + name + " (upload it again in this session)");
    }
    return path;
  }

  void video_track(const json &sg, const std::string &track) {
    struct Item {
      render::VisualClip clip;
      double clip_volume = 0;
      std::string where;
    };
    std::vector<Item> items;
    for (std::size_t i = 0; i < sg.size(); ++i) {
      const json &seg = sg[i];
      const std::string where = seg_where(track, i, seg);
      if (!seg.is_object()) fail(where, "not an object");
      Item item;
      item.where = where;
      render::VisualClip &c = item.clip;
      std::tie(c.start_ms, c.end_ms) = span(seg, where);
      const std::string kind = str_or(seg, "k", "image", where);
      if (kind != "image" && kind != "video")
        fail(where, "`k` must be image or video, not '" + shown(kind) + "'");
      c.is_video = kind == "video";
      c.path = path_of(seg, where);
      c.source_in_ms = c.is_video ? int_or(seg, "ss", 0, where, 0, 86400000) : 0;
      const json *fit = member(seg, "fit");
      c.fit = fit ? pick(str_or(seg, "fit", "", where), kFits, where, "fit") : default_fit_;
      if (const json *mo = member(seg, "mo"); mo && !mo->is_null()) {
        if (!mo->is_object()) fail(where, "`mo` (motion) must be an object");
        c.motion.type = pick(str_or(*mo, "type", "none", where), kMotions, where, "motion");
        c.motion.strength = num_or(*mo, "k", 1.0, where, 0.0, 2.0);
      }
      if (const json *tr = member(seg, "tr"); tr && !tr->is_null()) {
        if (!tr->is_object()) fail(where, "`tr` (transition) must be an object");
        const std::string type = str_or(*tr, "type", "none", where);
        if (!render::transition_from_name(type, c.transition_out.type)) {
          fail(where, "unknown transition '" + shown(type) +
                          "' (none, or one of the catalogue: fade, wipeleft, circleopen, ...)");
        }
        c.transition_out.duration_ms = int_or(*tr, "d", 0, where, 0, 10000);
        if (c.transition_out.type == render::Transition::Type::None)
          c.transition_out.duration_ms = 0;
      }
      if (c.is_video) item.clip_volume = num_or(seg, "vol", 0.0, where, 0.0, 2.0);
      items.push_back(std::move(item));
    }
    std::stable_sort(items.begin(), items.end(), [](const Item &a, const Item &b) {
      return a.clip.start_ms < b.clip.start_ms;
    });
    // The visuals cover the video without gaps; a transition overlaps two neighbours by its length.
    for (std::size_t i = 0; i < items.size(); ++i) {
      render::VisualClip &c = items[i].clip;
      if (i + 1 == items.size()) {
        c.transition_out = render::Transition{};
        if (c.end_ms != duration_) {
          fail(items[i].where, "the last picture ends at " + std::to_string(c.end_ms) +
                                   " ms, the video at " + std::to_string(duration_) + " ms");
        }
        break;
      }
      const render::VisualClip &next = items[i + 1].clip;
      const std::int64_t overlap = c.transition_out.duration_ms;
      if (overlap > c.end_ms - c.start_ms || overlap > next.end_ms - next.start_ms) {
        fail(items[i].where, "its transition (" + std::to_string(overlap) +
                                 " ms) is longer than a picture it joins");
      }
      if (next.start_ms != c.end_ms - overlap) {
        fail(items[i + 1].where, "starts at " + std::to_string(next.start_ms) +
                                     " ms but must start at " + std::to_string(c.end_ms - overlap) +
                                     " ms (where the previous one ends, less its transition)");
      }
    }
    if (!items.empty() && items.front().clip.start_ms != 0)
      fail(items.front().where, "the first picture must start at 0");
    std::int64_t fade_in = 0;
    for (auto &item : items) {
      const render::VisualClip &c = item.clip;
      if (c.is_video && item.clip_volume > 0) {  // the clip's own sound
        render::AudioClip a;
        a.path = c.path;
        a.start_ms = c.start_ms;
        a.end_ms = c.end_ms;
        a.source_in_ms = c.source_in_ms;
        a.volume = item.clip_volume;
        a.fade_in_ms = fade_in;
        a.fade_out_ms = c.transition_out.duration_ms;
        a.loop = true;  // like the picture, which loops when the clip is shorter than its slot
        out_.audio.push_back(std::move(a));
      }
      fade_in = c.transition_out.duration_ms;
      out_.visuals.push_back(item.clip);
    }
  }

  void audio_track(const json &sg, const std::string &track) {
    for (std::size_t i = 0; i < sg.size(); ++i) {
      const json &seg = sg[i];
      const std::string where = seg_where(track, i, seg);
      if (!seg.is_object()) fail(where, "not an object");
      render::AudioClip a;
      std::tie(a.start_ms, a.end_ms) = span(seg, where);
      a.path = path_of(seg, where);
      const std::int64_t length = a.end_ms - a.start_ms;
      a.source_in_ms = int_or(seg, "ss", 0, where, 0, 86400000);
      a.volume = num_or(seg, "vol", 1.0, where, 0.0, 2.0);
      a.fade_in_ms = int_or(seg, "fi", 0, where, 0, length);
      a.fade_out_ms = int_or(seg, "fo", 0, where, 0, length);
      if (a.fade_in_ms + a.fade_out_ms > length)
        fail(where, "its fades are longer than the segment");
      a.loop = bool_or(seg, "loop", true, where);
      out_.audio.push_back(std::move(a));
    }
  }

  void text_track(const json &sg, const std::string &track) {
    for (std::size_t i = 0; i < sg.size(); ++i) {
      const json &seg = sg[i];
      const std::string where = seg_where(track, i, seg);
      if (!seg.is_object()) fail(where, "not an object");
      render::TextOverlay t;
      std::tie(t.start_ms, t.end_ms) = span(seg, where);
      const json *tx = member(seg, "text");
      if (!tx || !tx->is_string()) fail(where, "`text` must be a string");
      const auto &raw = tx->get_ref<const std::string &>();
      if (raw.size() > kDraftMaxTextBytes) {
        fail(where,
             "the text is too long (at most " + std::to_string(kDraftMaxTextBytes) + " bytes)");
      }
      if (!text::utf8_valid(raw)) fail(where, "the text is not valid UTF-8");
      t.text = text::trim(raw);
      if (t.text.empty()) fail(where, "the text is empty");
      t.role = pick(str_or(seg, "role", "caption", where), kRoles, where, "text role");
      const char *default_pos = t.role == render::TextOverlay::Role::Title ? "center" : "bottom";
      t.position = pick(str_or(seg, "pos", default_pos, where), kPositions, where, "text position");
      out_.texts.push_back(std::move(t));
    }
  }

  const std::function<std::string(const std::string &)> &resolve_;
  render::RenderSpec &out_;
  std::int64_t duration_ = 0;
  render::Fit default_fit_ = render::Fit::Crop;
  std::size_t segments_ = 0;
};

}  // namespace

std::optional<std::string> draft_to_spec(
    const json &draft, const std::function<std::string(const std::string &)> &resolve,
    render::RenderSpec &out) {
  if (!resolve) return std::string("internal: no media resolver");
  try {
    Converter(resolve, out).run(draft);
    return std::nullopt;
  } catch (const Invalid &e) {
    return "invalid draft: " + e.message;
  } catch (const std::exception &e) {
    return std::string("invalid draft: ") + e.what();
  }
}

}  // namespace nemo::server
