// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/draft_builder.hpp"

#include <algorithm>
#include <cmath>

#include "agent/text.hpp"

namespace nemo::agent {
namespace {

using nlohmann::json;

int round_even(double v) {
  const auto i = static_cast<int>(std::lround(v / 2.0)) * 2;
  return std::clamp(i, 64, 4096);
}

double round2(double v) {
  return std::round(v * 100.0) / 100.0;
}

PlanVisual visual_from(const MediaRef &m) {
  PlanVisual v;
  v.src = text::utf8_sanitize(m.url);
  v.name = text::utf8_truncate(text::one_line(text::utf8_sanitize(m.name)), 120);
  v.kind = m.kind == "video" ? "video" : "image";
  v.width = std::clamp(m.width, 0, 100000);
  v.height = std::clamp(m.height, 0, 100000);
  if (v.kind == "video" && std::isfinite(m.duration_s) && m.duration_s > 0) {
    v.source_ms = static_cast<std::int64_t>(std::llround(std::min(m.duration_s, 86400.0) * 1000.0));
  }
  v.has_audio = v.kind == "video" && m.has_audio;
  return v;
}

PlanMusic music_from(const MediaRef &m) {
  PlanMusic music;
  music.src = text::utf8_sanitize(m.url);
  music.name = text::utf8_truncate(text::one_line(text::utf8_sanitize(m.name)), 120);
  if (std::isfinite(m.duration_s) && m.duration_s > 0) {
    music.source_ms =
        static_cast<std::int64_t>(std::llround(std::min(m.duration_s, 86400.0) * 1000.0));
  }
  music.beats = m.beats;
  return music;
}

// A draft does not carry the music's beats: they come from the media, each turn.
void attach_beats(Plan &p, const std::vector<const MediaRef *> &audio) {
  if (!p.music) return;
  for (const MediaRef *m : audio) {
    if (text::utf8_sanitize(m->url) == p.music->src) p.music->beats = m->beats;
  }
}

}  // namespace

void target_canvas(const AgentRequest &r, int current_w, int current_h, int &w, int &h) {
  int base_w = 1920, base_h = 1080;  // 1080-based sizes
  switch (r.aspect) {
    case AspectRequest::Landscape:
      break;
    case AspectRequest::Portrait:
      base_w = 1080, base_h = 1920;
      break;
    case AspectRequest::Square:
      base_w = 1080, base_h = 1080;
      break;
    case AspectRequest::Classic:
      base_w = 1440, base_h = 1080;
      break;
    case AspectRequest::Tall:
      base_w = 1080, base_h = 1440;
      break;
    case AspectRequest::Feed:
      base_w = 1080, base_h = 1350;
      break;
    case AspectRequest::Keep:
      if (!r.resolution) {
        w = current_w;
        h = current_h;
        return;
      }
      base_w = current_w;
      base_h = current_h;
      break;
  }
  const int short_side = std::max(1, std::min(base_w, base_h));
  const int target_short =
      r.resolution.value_or(r.aspect == AspectRequest::Keep ? short_side : 1080);
  const double scale = static_cast<double>(target_short) / short_side;
  w = round_even(base_w * scale);
  h = round_even(base_h * scale);
}

std::vector<std::size_t> music_candidates(const json &current_draft,
                                          const std::vector<MediaRef> &media) {
  const Plan current = plan_from_draft(current_draft);
  std::vector<std::size_t> out;
  bool first = true;
  for (std::size_t i = 0; i < media.size(); ++i) {
    const MediaRef &m = media[i];
    if (m.url.empty() || m.kind != "audio") continue;
    // The same test as attach_beats' (the draft's music) and build_draft's (the first).
    const bool in_draft = current.music && text::utf8_sanitize(m.url) == current.music->src;
    if (first || in_draft) out.push_back(i);
    first = false;
  }
  return out;
}

BuildOutcome build_draft(const json &current_draft, const std::vector<MediaRef> &media,
                         const AgentRequest &r) {
  BuildOutcome out;
  out.unsupported = r.unsupported;
  const Plan current = plan_from_draft(current_draft);
  const bool has_draft = !current.visuals.empty();

  std::vector<const MediaRef *> visuals, audio;
  for (const auto &m : media) {
    if (m.url.empty()) continue;
    if (m.kind == "image" || m.kind == "video") visuals.push_back(&m);
    if (m.kind == "audio") audio.push_back(&m);
  }

  Plan p;
  bool create = r.create || !has_draft;
  if (create && visuals.empty()) {
    if (has_draft) {
      create = false;  // nothing new to build from: edit what there is
    } else {
      // Only music uploaded: say that pictures are missing; else ask for any media.
      out.problem =
          audio.empty() ? BuildOutcome::Problem::NoMedia : BuildOutcome::Problem::NoVisuals;
      return out;
    }
  }
  if (create) {
    out.created = true;
    std::vector<PlanVisual> selection;
    if (r.single_picture) {
      const MediaRef *pick = nullptr;
      for (const auto *m : visuals) {
        if (m->kind == "image") pick = m;
      }
      if (!pick) pick = visuals.back();
      selection.push_back(visual_from(*pick));
    } else {
      for (const auto *m : visuals) {
        if (selection.size() < kMaxVisuals) selection.push_back(visual_from(*m));
      }
    }
    const bool same_media =
        has_draft && selection.size() == current.visuals.size() &&
        std::equal(selection.begin(), selection.end(), current.visuals.begin(),
                   [](const PlanVisual &a, const PlanVisual &b) { return a.src == b.src; });
    if (same_media) {
      p = current;  // asked again for the same media: keep every earlier choice not asked anew
    } else {
      p.width = current.width;  // the format stays unless asked (default 16:9)
      p.height = current.height;
      p.fps = current.fps;
      p.visuals = std::move(selection);
    }
    out.changes.push_back(Change{"build", json{{"pictures", p.visuals.size()}}});
  } else {
    p = current;
    if (r.add_media) {
      std::size_t added = 0;
      for (const auto *m : visuals) {
        const bool known = std::any_of(p.visuals.begin(), p.visuals.end(),
                                       [&](const PlanVisual &v) { return v.src == m->url; });
        if (!known && p.visuals.size() < kMaxVisuals) {
          p.visuals.push_back(visual_from(*m));
          ++added;
        }
      }
      if (added > 0) out.changes.push_back(Change{"add_media", json{{"count", added}}});
    }
  }

  attach_beats(p, audio);

  // Canvas.
  int w = p.width, h = p.height;
  target_canvas(r, p.width, p.height, w, h);
  if (w != p.width || h != p.height) {
    p.width = w;
    p.height = h;
    out.changes.push_back(Change{"aspect", json{{"width", w}, {"height", h}}});
  }
  if (r.fps && *r.fps != p.fps) {
    p.fps = *r.fps;
    out.changes.push_back(Change{"fps", json{{"fps", p.fps}}});
  }

  // Pace and length.
  const std::int64_t length_before = layout_draft(p).duration_ms;
  if (r.pace && *r.pace != p.pace) {
    p.pace = *r.pace;
    p.transition_ms.reset();  // transition lengths follow the pace unless asked
    if (!r.per_item_ms) p.per_item_ms.reset();
    out.changes.push_back(Change{"pace", json{{"pace", p.pace}}});
  }
  if (r.per_item_ms) {
    p.per_item_ms = r.per_item_ms;
    if (!r.duration_ms) p.length_ms.reset();
    out.changes.push_back(Change{"per_item", json{{"ms", *r.per_item_ms}}});
  }
  if (r.duration_ms) {
    p.length_ms = r.duration_ms;
    p.fit_music = false;
  } else if (r.length_step != 0 && !out.created) {
    const double factor = r.length_step > 0 ? 1.25 : 0.75;
    p.length_ms = std::clamp<std::int64_t>(
        std::llround(static_cast<double>(length_before) * factor / 1000.0) * 1000, kMinOwnMs,
        kMaxLengthMs);
    p.fit_music = false;
  } else if (r.fit_music) {
    if (!p.fit_music) out.changes.push_back(Change{"fit_music", json::object()});
    p.fit_music = true;
    p.length_ms.reset();
  } else if (r.per_item_ms) {
    p.fit_music = false;  // the pictures' time decides the length
  }

  // The beat.
  if (r.beat_cuts) {
    const std::string beat = *r.beat_cuts ? "on" : "off";
    if (beat != p.beat || *r.beat_cuts) out.changes.push_back(Change{"beat", json{{"beat", beat}}});
    p.beat = beat;
  }

  // Transitions.
  if (r.transition && *r.transition != p.transition) {
    p.transition = *r.transition;
    out.changes.push_back(Change{"transition", json{{"type", p.transition}}});
  } else if (!r.transition && r.transitions_mentioned && p.transition == "none") {
    p.transition = "fade";
    out.changes.push_back(Change{"transition", json{{"type", p.transition}}});
  }
  if (r.transition_ms) {
    p.transition_ms = r.transition_ms;
    if (p.transition == "none" && *r.transition_ms > 0) p.transition = "fade";
    out.changes.push_back(Change{"transition_ms", json{{"ms", *r.transition_ms}}});
  }

  // Motion and fit.
  if (r.motion && *r.motion != p.motion) {
    p.motion = *r.motion;
    out.changes.push_back(Change{"motion", json{{"type", p.motion}}});
  }
  if (r.motion_strength && std::abs(*r.motion_strength - p.motion_strength) > 1e-9) {
    p.motion_strength = *r.motion_strength;
    out.changes.push_back(Change{"motion_strength", json{{"k", p.motion_strength}}});
  }
  const bool has_images = std::any_of(p.visuals.begin(), p.visuals.end(),
                                      [](const PlanVisual &v) { return v.kind == "image"; });
  if (!r.described_scene.empty() && has_images && p.motion != "none" && r.motion) {
    out.unsupported.push_back(UnsupportedAsk{"generate_motion", r.described_scene});
  }
  if (r.fit && *r.fit != p.fit) {
    p.fit = *r.fit;
    out.changes.push_back(Change{"fit", json{{"fit", p.fit}}});
  }
  if (r.background && *r.background != p.background) {
    p.background = *r.background;
    out.changes.push_back(Change{"background", json{{"colour", p.background}}});
  }

  // Title and captions.
  if (r.remove_title && p.title) {
    p.title.reset();
    out.changes.push_back(Change{"remove_title", json::object()});
  }
  if (r.title && r.title != p.title) {
    out.changes.push_back(Change{p.title ? "change_title" : "add_title", json{{"text", *r.title}}});
    p.title = r.title;
  }
  if (r.title_without_text && !p.title) out.title_needs_text = true;
  if (r.remove_captions && !p.captions.empty()) {
    p.captions.clear();
    out.changes.push_back(Change{"remove_captions", json::object()});
  }
  if (!r.captions.empty() && r.captions != p.captions) {
    p.captions = r.captions;
    out.changes.push_back(Change{"add_captions", json{{"count", p.captions.size()}}});
  }
  if (r.captions_without_text && p.captions.empty()) out.captions_need_text = true;

  // Music.
  if (r.no_music) {
    if (p.music) {
      p.music.reset();
      out.changes.push_back(Change{"remove_music", json::object()});
    }
  } else {
    const bool asks_music = r.music || r.music_volume || r.music_volume_step != 0 ||
                            (r.music_fade_in_ms && *r.music_fade_in_ms != 0) ||
                            (r.music_fade_out_ms && *r.music_fade_out_ms != 0);
    if (!p.music && (asks_music || (out.created && !audio.empty()))) {
      if (!audio.empty()) {
        p.music = music_from(*audio.front());
        out.changes.push_back(Change{"add_music", json{{"name", p.music->name}}});
      } else if (asks_music) {
        out.music_missing = true;
      }
    }
    if (p.music) {
      PlanMusic &m = *p.music;
      const double before = m.volume;
      if (r.music_volume) {
        m.volume = *r.music_volume;
      } else if (r.music_volume_step < 0) {
        m.volume = std::max(0.05, m.volume * 0.6);
      } else if (r.music_volume_step > 0) {
        m.volume = std::min(1.5, std::max(0.1, m.volume) * 1.4);
      }
      m.volume = round2(m.volume);
      if (std::abs(m.volume - before) > 1e-9)
        out.changes.push_back(Change{"music_volume", json{{"volume", m.volume}}});
      if (r.music_fade_in_ms) {
        const std::int64_t fi = *r.music_fade_in_ms < 0 ? std::max<std::int64_t>(m.fade_in_ms, 2000)
                                                        : *r.music_fade_in_ms;
        if (fi != m.fade_in_ms) {
          m.fade_in_ms = fi;
          out.changes.push_back(Change{"music_fade_in", json{{"ms", fi}}});
        }
      }
      if (r.music_fade_out_ms) {
        const std::int64_t fo = *r.music_fade_out_ms < 0
                                    ? std::max<std::int64_t>(m.fade_out_ms, 2000)
                                    : *r.music_fade_out_ms;
        if (fo != m.fade_out_ms) {
          m.fade_out_ms = fo;
          out.changes.push_back(Change{"music_fade_out", json{{"ms", fo}}});
        }
      }
    }
  }
  if (r.clip_volume && r.clip_volume != p.clip_volume) {
    p.clip_volume = round2(*r.clip_volume);
    out.changes.push_back(Change{"clip_volume", json{{"volume", *p.clip_volume}}});
  }

  out.layout = layout_draft(p);
  if (out.layout.duration_ms != length_before || r.duration_ms ||
      (r.length_step != 0 && !out.created)) {
    if (!out.created && out.layout.duration_ms != length_before) {
      out.changes.push_back(Change{"duration", json{{"ms", out.layout.duration_ms}}});
    }
  }
  out.plan = std::move(p);
  return out;
}

}  // namespace nemo::agent
