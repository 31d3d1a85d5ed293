// Shared media sets and draft checks for the agent tests.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "agent/agent.hpp"
#include "server/draft_to_spec.hpp"

namespace nemo::agent::testing {

using nlohmann::json;

inline MediaRef photo(int i, int w = 4000, int h = 3000) {
  MediaRef m;
  m.id = "img" + std::to_string(i);
  m.name = "photo" + std::to_string(i) + ".jpg";
  m.url = "https://cdn.local/u/photo" + std::to_string(i) + ".jpg";
  m.kind = "image";
  m.width = w;
  m.height = h;
  return m;
}

inline MediaRef clip(int i, double seconds, bool sound = true, int w = 1920, int h = 1080) {
  MediaRef m;
  m.id = "vid" + std::to_string(i);
  m.name = "clip" + std::to_string(i) + ".mp4";
  m.url = "https://cdn.local/u/clip" + std::to_string(i) + ".mp4";
  m.kind = "video";
  m.width = w;
  m.height = h;
  m.duration_s = seconds;
  m.has_audio = sound;
  return m;
}

inline MediaRef song(double seconds = 95.0, const std::string &name = "summer.mp3") {
  MediaRef m;
  m.id = "aud1";
  m.name = name;
  m.url = "https://cdn.local/u/" + name;
  m.kind = "audio";
  m.duration_s = seconds;
  m.has_audio = true;
  return m;
}

inline std::vector<MediaRef> photos(int n) {
  std::vector<MediaRef> out;
  for (int i = 1; i <= n; ++i) out.push_back(photo(i));
  return out;
}

inline std::vector<MediaRef> photos_and_music(int n) {
  auto out = photos(n);
  out.push_back(song());
  return out;
}

// The tracks of a draft with type `tt` (in order).
inline std::vector<json> tracks_of(const json &draft, int tt) {
  std::vector<json> out;
  if (!draft.contains("t")) return out;
  for (const auto &t : draft["t"]) {
    if (t.value("tt", -1) == tt) out.push_back(t);
  }
  return out;
}

inline json video_segments(const json &draft) {
  const auto v = tracks_of(draft, 0);
  return v.empty() ? json::array() : v.front()["sg"];
}

inline json text_segments(const json &draft, const std::string &role) {
  json out = json::array();
  for (const auto &t : tracks_of(draft, 7)) {
    for (const auto &s : t["sg"]) {
      if (s.value("role", "") == role) out.push_back(s);
    }
  }
  return out;
}

// The timing rules of DRAFT.md, and that draft_to_spec accepts the draft.
inline void expect_valid_draft(const json &draft) {
  ASSERT_TRUE(draft.is_object());
  const std::int64_t d = draft.at("d").get<std::int64_t>();
  ASSERT_GT(d, 0);
  const json segs = video_segments(draft);
  ASSERT_FALSE(segs.empty());
  EXPECT_EQ(segs.front()["s"].get<std::int64_t>(), 0);
  EXPECT_EQ(segs.back()["e"].get<std::int64_t>(), d) << "the last segment ends at the draft's d";
  for (std::size_t i = 0; i < segs.size(); ++i) {
    const auto s = segs[i]["s"].get<std::int64_t>(), e = segs[i]["e"].get<std::int64_t>();
    ASSERT_LT(s, e);
    const std::int64_t in = i > 0 ? segs[i - 1]["tr"]["d"].get<std::int64_t>() : 0;
    const std::int64_t out = i + 1 < segs.size() ? segs[i]["tr"]["d"].get<std::int64_t>() : 0;
    EXPECT_GE(e - s - in - out, 1000) << "segment " << i << " shows alone for at least a second";
    if (i + 1 < segs.size()) {
      EXPECT_EQ(segs[i + 1]["s"].get<std::int64_t>(), e - out)
          << "the next starts d ms before this ends";
    }
  }
  for (const auto &t : draft["t"]) {
    for (const auto &s : t["sg"]) {
      EXPECT_GE(s["s"].get<std::int64_t>(), 0);
      EXPECT_LE(s["e"].get<std::int64_t>(), d);
    }
  }
  render::RenderSpec spec;
  const auto error = server::draft_to_spec(
      draft, [](const std::string &src) { return "/media/" + src.substr(src.rfind('/') + 1); },
      spec);
  EXPECT_FALSE(error.has_value()) << error.value_or("");
}

}  // namespace nemo::agent::testing
