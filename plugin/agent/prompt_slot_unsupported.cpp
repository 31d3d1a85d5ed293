// The unsupported slot: what was asked that nemo-local cannot do (4K, a
// voice-over, the weather, filters, slow motion, logos, "add a dragon"...),
// one ask a code, each with the user's words for it.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <cctype>

#include "agent/prompt_chinese.hpp"
#include "agent/prompt_slots.hpp"
#include "agent/prompt_words.hpp"
#include "agent/text.hpp"

namespace nemo::agent::prompt {
namespace {

void add(AgentRequest &r, std::string code, std::string what) {
  for (const auto &u : r.unsupported) {
    if (u.code == code) return;
  }
  r.unsupported.push_back(UnsupportedAsk{std::move(code), std::move(what)});
}

void add_listed(const Instruction &in, std::initializer_list<words::Unsupported> asks,
                AgentRequest &r) {
  for (const auto &ask : asks) {
    if (in.w.any(ask.words.en) || contains(in.raw, ask.words.zh))
      add(r, std::string(ask.code), std::string(ask.what));
  }
}

// "remove the background" (not "background music"): a scene.
void add_background(const Words &w, AgentRequest &r) {
  for (const std::size_t i : w.find("background")) {
    if (one_of(w.near(i, i + 1), words::background_not_scene.en)) continue;
    bool edit = false;
    for (std::size_t back = 1; back <= 3 && back <= i; ++back) {
      if (one_of(w.near(i, i - back), words::background_edit.en)) edit = true;
    }
    if (edit) add(r, "scene", "the background");
  }
}

// "add a dragon": anything added that is not one of the things the agent can add.
void add_english_objects(const Words &w, AgentRequest &r) {
  for (const std::string_view verb : words::add_object_verb.en) {
    for (const std::size_t i : w.find(verb)) {
      std::size_t k = i + 1;
      std::string article;
      if (one_of(w.near(i, k), words::add_object_article.en)) {
        article = w.at(k);
        ++k;
      }
      const std::string &object = w.near(i, k);
      if (object.empty() || one_of(object, words::addable.en) ||
          std::isdigit(static_cast<unsigned char>(object[0]))) {
        continue;
      }
      if (one_of(verb, words::add_object_needs_article.en) && article.empty()) continue;
      add(r, "object", (article.empty() ? "" : article + " ") + object);
    }
  }
}

// "加一只龙": up to the first punctuation, unless it is a thing the agent can add.
void add_chinese_objects(std::string_view raw, AgentRequest &r) {
  for (const std::string_view verb : words::add_object_verb.zh) {
    const std::size_t p = raw.find(verb);
    if (p == npos) continue;
    const std::string after = text::utf8_truncate(raw.substr(p + verb.size()), 4);
    if (contains(after, words::addable.zh)) continue;
    std::string what;
    for (std::size_t q = 0; q < after.size();) {
      const std::size_t len = (static_cast<unsigned char>(after[q]) >= 0xE0) ? 3 : 1;
      const std::string g = after.substr(q, len);
      if (g == "，" || g == "。" || g == "！" || g == "？" || g == "," || g == "." || g == " ")
        break;
      what += g;
      q += len;
    }
    if (!what.empty()) add(r, "object", what);
  }
}

}  // namespace

void parse_unsupported(const Instruction &in, AgentRequest &r) {
  for (const auto &res : words::resolution) {
    if (in.w.has(res.word)) add(r, "resolution", std::string(res.shown));
  }
  add_listed(in, words::unsupported_before_background, r);
  add_background(in.w, r);
  add_listed(in, words::unsupported_after_background, r);
  add_english_objects(in.w, r);
  add_chinese_objects(in.raw, r);
  if (contains(in.raw, words::dragon.zh) && r.unsupported.empty()) add(r, "object", "龙");
}

}  // namespace nemo::agent::prompt
