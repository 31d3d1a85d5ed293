// The text slots: quoted text (a title, or a caption after "caption"), the
// title written without quotes ("titled Summer Trip", "标题：夏天"), its
// removal, and the captions' removal or a request for captions with no text.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <algorithm>

#include "agent/prompt_chinese.hpp"
#include "agent/prompt_script.hpp"
#include "agent/prompt_slots.hpp"
#include "agent/prompt_words.hpp"
#include "agent/text.hpp"

namespace nemo::agent::prompt {
namespace {

// The unquoted title after title word `tw` at token i ("titled Summer Trip",
// "title: Summer"): it starts upper-case or non-ASCII (any letter after
// "called" / "named"), ends at punctuation or "with", "and"...; "" if none.
std::string english_title(const Instruction &in, std::size_t i, std::string_view tw) {
  const std::string &raw = in.raw;
  std::size_t from = in.w.token(i).pos + tw.size();
  while (from < raw.size() && (raw[from] == ' ' || raw[from] == ':')) ++from;
  if (in.lower.compare(from, 3, "is ") == 0) from += 3;
  if (from >= raw.size()) return {};
  const auto first = static_cast<unsigned char>(raw[from]);
  if (!((first >= 'A' && first <= 'Z') || first >= 0x80 || (tw != "title" && is_alnum(raw[from]))))
    return {};
  std::size_t end = from;
  while (end < raw.size() && end - from < 240 &&
         std::string_view(",.;!?\n").find(raw[end]) == npos && raw.compare(end, 3, "，") != 0 &&
         raw.compare(end, 3, "。") != 0) {
    ++end;
  }
  std::string t = raw.substr(from, end - from);
  for (const std::string_view stop : words::title_stop.en) {
    const std::size_t p = text::ascii_lower(t).find(stop);
    if (p != npos) t = t.substr(0, p);
  }
  return clean_text(t, 60);
}

// The title after the first 标题 ("标题：夏天", "标题为夏天"); "" if none.
std::string chinese_title(std::string_view raw) {
  const std::size_t p = raw.find("标题");
  std::size_t from = p + 6;
  for (const std::string_view sep : words::zh_title_sep.zh) {
    if (raw.compare(from, sep.size(), sep) == 0) from += sep.size();
  }
  std::size_t end = from;
  while (end < raw.size() && std::string_view(",.;!?\n").find(raw[end]) == npos &&
         raw.compare(end, 3, "，") != 0 && raw.compare(end, 3, "。") != 0 &&
         raw.compare(end, 3, "！") != 0 && raw.compare(end, 3, "、") != 0) {
    ++end;
  }
  return clean_text(raw.substr(from, end - from), 40);
}

}  // namespace

std::string take_quotes(const std::string &instruction, AgentRequest &r) {
  std::string raw = instruction;
  for (const Quote &q : find_quotes(instruction)) {
    const Words before(text::ascii_lower(instruction.substr(0, q.begin)));
    bool caption = false;
    for (std::size_t back = 1; back <= 3 && back <= before.size(); ++back) {
      if (one_of(before.at(before.size() - back), words::caption_lead.en)) caption = true;
    }
    if (near_before(instruction, q.begin, 9, "字幕")) caption = true;
    const std::string t = clean_text(q.inner, 100);
    if (!t.empty()) {
      if (caption) {
        if (r.captions.size() < 60) r.captions.push_back(t);
      } else if (!r.title) {
        r.title = t;
      }
    }
    std::fill(raw.begin() + static_cast<std::ptrdiff_t>(q.begin),
              raw.begin() + static_cast<std::ptrdiff_t>(q.end), ' ');
  }
  return raw;
}

void parse_title(const Instruction &in, AgentRequest &r) {
  bool title_positive = false;
  for (const auto tw : words::title_word.en) {
    for (const std::size_t i : in.w.find(tw)) {
      if (in.w.negated(i)) {
        if (tw == "title") r.remove_title = true;
        continue;
      }
      if (tw == "title" || tw == "titled" || tw == "headline") title_positive = true;
      if (r.title) continue;
      std::string t = english_title(in, i, tw);
      if (!t.empty()) r.title = std::move(t);
    }
  }
  const auto zh_title = chinese_find(in.raw, words::title_word.zh);
  if (zh_title.negative) r.remove_title = true;
  if (zh_title.positive) {
    title_positive = true;
    if (!r.title && !r.remove_title) {
      std::string t = chinese_title(in.raw);
      if (!t.empty()) r.title = std::move(t);
    }
  }
  if (r.remove_title) r.title.reset();
  if (title_positive && !r.title && !r.remove_title) r.title_without_text = true;
}

void parse_captions(const Instruction &in, AgentRequest &r) {
  const bool captions_negated = in.w.any_negated(words::captions_negatable.en) ||
                                chinese_find(in.raw, words::captions_negatable.zh).negative;
  if (captions_negated) {
    r.remove_captions = true;
    r.captions.clear();
  } else if (r.captions.empty() &&
             (in.w.any(words::caption_word.en) || contains(in.raw, words::caption_word.zh))) {
    r.captions_without_text = true;
  }
}

}  // namespace nemo::agent::prompt
