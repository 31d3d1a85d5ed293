// The canvas slots: the aspect ("vertical", "9:16", "竖屏"), the resolution
// (720p, 1080p), the frame rate, and how pictures fit the frame (crop, pad,
// blur).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <algorithm>
#include <cmath>
#include <vector>

#include "agent/prompt_chinese.hpp"
#include "agent/prompt_numbers.hpp"
#include "agent/prompt_slots.hpp"
#include "agent/prompt_words.hpp"
#include "agent/text.hpp"

namespace nemo::agent::prompt {
namespace {

struct AspectWord {
  std::size_t pos;
  AspectRequest aspect;
};

// "9:16", "16：9"... not inside a longer number.
void find_ratios(std::string_view lower, std::vector<AspectWord> &out) {
  struct Ratio {
    std::string_view text;
    AspectRequest aspect;
  };
  for (const Ratio &ratio :
       {Ratio{"9:16", AspectRequest::Portrait}, Ratio{"16:9", AspectRequest::Landscape},
        Ratio{"1:1", AspectRequest::Square}, Ratio{"4:3", AspectRequest::Classic},
        Ratio{"3:4", AspectRequest::Tall}, Ratio{"4:5", AspectRequest::Feed},
        Ratio{"9：16", AspectRequest::Portrait}, Ratio{"16：9", AspectRequest::Landscape},
        Ratio{"1：1", AspectRequest::Square}}) {
    for (std::size_t p = lower.find(ratio.text); p != npos; p = lower.find(ratio.text, p + 1)) {
      const std::size_t e = p + ratio.text.size();
      if ((p > 0 && is_digit(lower[p - 1])) || (e < lower.size() && is_digit(lower[e]))) continue;
      out.push_back(AspectWord{p, ratio.aspect});
    }
  }
}

// A pad word; "fit" in "fit the length to the music" (parse_beat) is about
// the length, not the pictures.
bool pad_asked(const Instruction &in, const AgentRequest &r) {
  for (const std::string_view phrase : words::pad.en) {
    if ((phrase != "fit" || !r.fit_music) && in.w.any_positive({phrase})) return true;
  }
  return false;
}
}  // namespace

// The last aspect mentioned wins.
void parse_aspect(const Instruction &in, AgentRequest &r) {
  const Words &w = in.w;
  std::vector<AspectWord> aspects;
  const auto add = [&](std::size_t pos, AspectRequest a) {
    if (pos != npos) aspects.push_back(AspectWord{pos, a});
  };
  for (const std::size_t i : w.find("portrait")) {
    if (!one_of(w.near(i, i + 1), words::photo_noun.en) && !w.negated(i))
      add(w.token(i).pos, AspectRequest::Portrait);
  }
  for (const std::size_t i : w.find("landscape")) {
    if (!one_of(w.near(i, i + 1), words::photo_noun.en) && !w.negated(i))
      add(w.token(i).pos, AspectRequest::Landscape);
  }
  add(w.last_positive(words::portrait.en), AspectRequest::Portrait);
  add(w.last_positive(words::square.en), AspectRequest::Square);
  add(w.last_positive(words::landscape.en), AspectRequest::Landscape);
  find_ratios(in.lower, aspects);
  for (const std::string_view zh : words::portrait.zh)
    add(in.raw.rfind(zh), AspectRequest::Portrait);
  for (const std::string_view zh : words::landscape.zh)
    add(in.raw.rfind(zh), AspectRequest::Landscape);
  for (const std::string_view zh : words::square.zh) add(in.raw.rfind(zh), AspectRequest::Square);
  if (!aspects.empty()) {
    const auto last =
        std::max_element(aspects.begin(), aspects.end(),
                         [](const AspectWord &a, const AspectWord &b) { return a.pos < b.pos; });
    r.aspect = last->aspect;
  }
}

void parse_resolution(const Instruction &in, AgentRequest &r) {
  if (in.w.any(words::res_720.en) && !in.w.any({"1080p"})) r.resolution = 720;
  if (in.w.any(words::res_1080.en)) r.resolution = 1080;
}

// "30 fps": 10..60 taken, above 60 unsupported.
void parse_fps(const Instruction &in, AgentRequest &r) {
  const Words &w = in.w;
  for (std::size_t i = 0; i < w.size(); ++i) {
    std::string_view rest;
    auto v = leading_number(w.at(i), rest);
    if (!v) continue;
    if (rest == "fps" || (rest.empty() && one_of(w.near(i, i + 1), words::fps_unit.en))) {
      if (*v > 60) {
        r.unsupported.push_back(
            UnsupportedAsk{"fps", text::seconds(static_cast<std::int64_t>(*v * 1000)) + " fps"});
      } else if (*v >= 10) {
        r.fps = static_cast<int>(std::lround(*v));
      }
    }
  }
}

void parse_fit(const Instruction &in, AgentRequest &r) {
  const Words &w = in.w;
  if (w.any_positive(words::blur.en) || contains(in.raw, words::blur.zh)) {
    r.fit = "blur";
  } else if (pad_asked(in, r) || w.any_negated(words::crop_negatable.en) ||
             contains(in.raw, words::pad.zh)) {
    r.fit = "pad";
  } else if (w.any_positive(words::crop.en) || contains(in.raw, words::crop.zh)) {
    r.fit = "crop";
  }
}

}  // namespace nemo::agent::prompt
