// The transitions slot: whether transitions are mentioned, and which one: a
// catalogue name (protocol/looks.hpp) said as a word ("wipeleft") or a phrase
// ("wipe to the left", "fade to black", "向左擦除"), "random", a style
// ("smooth", "dynamic", "cinematic") or none ("no transitions", "hard cuts").
// The dock's "(transition: NAME)" wins over every other word.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <algorithm>
#include <vector>

#include "agent/prompt_chinese.hpp"
#include "agent/prompt_slots.hpp"
#include "agent/prompt_words.hpp"
#include "protocol/looks.hpp"

namespace nemo::agent::prompt {
namespace {

struct Kind {
  std::size_t end;     // where the mention ends: the last one wins
  std::size_t length;  // at the same end the longer (more precise) one wins
  std::string type;
};

// Phrases for catalogue looks, beyond their one-word names (read by the
// tokenizer with '-' and '_' as spaces, so "wipe-left" is "wipe left").
struct Phrase {
  std::string_view en_or_zh;
  const char *type;
  bool context = false;  // a common word: a transition only next to "transition", "wipe"...
};
const Phrase kPhrases[] = {
    {"fade to black", "fadeblack"},
    {"fade through black", "fadeblack"},
    {"dip to black", "fadeblack"},
    {"fade black", "fadeblack"},
    {"fade to white", "fadewhite"},
    {"fade through white", "fadewhite"},
    {"dip to white", "fadewhite"},
    {"white flash", "fadewhite"},
    {"flash to white", "fadewhite"},
    {"flash transition", "fadewhite"},
    {"flash transitions", "fadewhite"},
    {"wipe left", "wipeleft"},
    {"wipe to the left", "wipeleft"},
    {"wipes left", "wipeleft"},
    {"left wipe", "wipeleft"},
    {"wipe right", "wiperight"},
    {"wipe to the right", "wiperight"},
    {"wipes right", "wiperight"},
    {"right wipe", "wiperight"},
    {"wipe up", "wipeup"},
    {"wipes up", "wipeup"},
    {"wipe down", "wipedown"},
    {"wipes down", "wipedown"},
    {"smooth wipe", "smoothleft"},
    {"soft wipe", "smoothleft"},
    {"smooth left", "smoothleft"},
    {"smooth right", "smoothright"},
    {"smooth up", "smoothup"},
    {"smooth down", "smoothdown"},
    {"slide left", "slideleft"},
    {"slide to the left", "slideleft"},
    {"slides left", "slideleft"},
    {"push left", "slideleft"},
    {"slide right", "slideright"},
    {"slide to the right", "slideright"},
    {"slides right", "slideright"},
    {"push right", "slideright"},
    {"slide up", "slideup"},
    {"slides up", "slideup"},
    {"push up", "slideup"},
    {"slide down", "slidedown"},
    {"slides down", "slidedown"},
    {"push down", "slidedown"},
    {"cover left", "coverleft"},
    {"cover right", "coverright"},
    {"reveal left", "revealleft"},
    {"reveal right", "revealright"},
    {"circle", "circleopen", true},
    {"circles", "circleopen", true},
    {"circle wipe", "circleopen"},
    {"circle open", "circleopen"},
    {"iris", "circleopen", true},
    {"iris open", "circleopen"},
    {"circle close", "circleclose"},
    {"iris close", "circleclose"},
    {"iris out", "circleclose"},
    {"barn door", "horzopen", true},
    {"barn doors", "horzopen", true},
    {"horizontal open", "horzopen"},
    {"horizontal close", "horzclose"},
    {"vertical open", "vertopen"},
    {"vertical close", "vertclose"},
    {"diagonal", "diagtl", true},
    {"diagonal wipe", "diagtl"},
    {"pixelate", "pixelize", true},
    {"pixelated", "pixelize", true},
    {"pixel", "pixelize", true},
    {"pixels", "pixelize", true},
    {"mosaic", "pixelize", true},
    {"radial wipe", "radial"},
    {"clock wipe", "radial"},
    {"clock", "radial", true},
    {"venetian blinds", "blinds", true},
    {"checkerboard", "checker", true},
    {"checkers", "checker", true},
    {"cloud", "clouds", true},
    {"luma wipe", "clouds"},
    {"luma", "clouds", true},
    {"zoom transition", "zoomin"},
    {"zoom transitions", "zoomin"},
    {"zoom between", "zoomin"},
    {"zoom in transition", "zoomin"},
    {"random transition", "random"},
    {"random transitions", "random"},
    {"transitions at random", "random"},
    {"random kinds of transitions", "random"},
    {"different transitions", "random"},
    {"different transition", "random"},
    {"various transitions", "random"},
    {"mixed transitions", "random"},
    {"a mix of transitions", "random"},
    {"variety of transitions", "random"},
    {"surprise me", "random"},
};
const Phrase kPhrasesZh[] = {
    {"黑场", "fadeblack"},        {"渐黑", "fadeblack"},       {"闪白", "fadewhite"},
    {"白场", "fadewhite"},        {"渐白", "fadewhite"},       {"向左擦除", "wipeleft"},
    {"向右擦除", "wiperight"},    {"向上擦除", "wipeup"},      {"向下擦除", "wipedown"},
    {"柔和擦除", "smoothleft"},   {"向左滑动", "slideleft"},   {"向右滑动", "slideright"},
    {"向上滑动", "slideup"},      {"向下滑动", "slidedown"},   {"向左推", "slideleft"},
    {"向右推", "slideright"},     {"覆盖", "coverleft", true}, {"揭开", "revealleft", true},
    {"圆形", "circleopen", true}, {"圆形展开", "circleopen"},  {"圆形收缩", "circleclose"},
    {"圆形闭合", "circleclose"},  {"对开", "horzopen", true},  {"开门", "horzopen", true},
    {"对角", "diagtl", true},     {"像素化", "pixelize"},      {"马赛克", "pixelize", true},
    {"径向", "radial", true},     {"时钟擦除", "radial"},      {"钟表", "radial", true},
    {"百叶窗", "blinds"},         {"棋盘", "checker", true},   {"云朵", "clouds", true},
    {"云雾", "clouds", true},     {"随机转场", "random"},      {"转场随机", "random"},
    {"随机的转场", "random"},     {"各种转场", "random"},      {"不同的转场", "random"},
    {"不同转场", "random"},       {"缩放转场", "zoomin"},
};

// Style words: the agent picks fitting transitions (timeline.cpp).
const Phrase kStyles[] = {
    {"smooth", "smooth"},
    {"smoothly", "smooth"},
    {"smoother", "smooth"},
    {"dynamic", "dynamic"},
    {"energetic transitions", "dynamic"},
    {"punchy transitions", "dynamic"},
    {"cinematic", "cinematic"},
    {"cinematically", "cinematic"},
    {"filmic", "cinematic"},
    {"film like", "cinematic"},
    {"movie like", "cinematic"},
};
const Phrase kStylesZh[] = {
    {"流畅", "smooth"},      {"平滑", "smooth"},        {"顺滑", "smooth"},
    {"动感", "dynamic"},     {"炫酷", "dynamic"},       {"电影感", "cinematic"},
    {"电影般", "cinematic"}, {"电影风格", "cinematic"}, {"大片", "cinematic"},
};

const std::initializer_list<std::string_view> kContextWords = {
    "transition", "transitions", "wipe", "wipes", "effect", "effects", "between", "cut", "cuts"};

std::size_t word_count(std::string_view phrase) {
  return static_cast<std::size_t>(std::count(phrase.begin(), phrase.end(), ' ')) + 1;
}

// A word about transitions within three words of the phrase at [i, i + n).
bool transition_context(const Words &w, std::size_t i, std::size_t n) {
  const std::size_t from = i >= 3 ? i - 3 : 0;
  for (std::size_t k = from; k < i + n + 3 && k < w.size(); ++k) {
    if (k >= i && k < i + n) continue;
    if (one_of(w.near(i, k), kContextWords)) return true;
  }
  return false;
}

// Every positive English mention of `phrase`, as a Kind.
void note_en(const Words &w, std::string_view phrase, const std::string &type,
             std::vector<Kind> &kinds, bool context = false) {
  const std::size_t n = word_count(phrase);
  for (const std::size_t i : w.find(phrase)) {
    if (w.negated(i) || (context && !transition_context(w, i, n))) continue;
    const Token &last = w.token(i + n - 1);
    kinds.push_back(Kind{last.pos + last.w.size(), phrase.size(), type});
  }
}

void note_zh(const std::string &raw, std::string_view word, const std::string &type,
             std::vector<Kind> &kinds, bool context = false) {
  if (context && !contains(raw, words::transition_noun.zh)) return;
  const std::size_t p = raw.rfind(word);
  if (p != npos && !chinese_negated(raw, p))
    kinds.push_back(Kind{p + word.size(), word.size(), type});
}

// Every kind of transition mentioned (a "none" at 0 when they are negated).
std::vector<Kind> transition_kinds(const Instruction &in) {
  const Words &w = in.w;
  std::vector<Kind> kinds;
  for (const std::string_view f : words::fade_transition.en) {
    for (const std::size_t i : w.find(f)) {
      if (one_of(w.near(i, i + 1), words::not_a_fade_transition_next.en) || w.negated(i)) continue;
      if (i >= 1 && one_of(w.near(i, i - 1), words::not_a_fade_transition_prev.en)) continue;
      kinds.push_back(Kind{w.token(i).pos + f.size(), f.size(), "fade"});
    }
  }
  for (const auto &[list, type] :
       {std::pair{&words::dissolve, "dissolve"}, std::pair{&words::wipe, "wiperight"},
        std::pair{&words::slide, "slideleft"}}) {
    for (const std::string_view phrase : list->en) note_en(w, phrase, type, kinds);
    for (const std::string_view word : list->zh) note_zh(in.raw, word, type, kinds);
  }
  for (const std::string_view name : protocol::transition_names()) {
    // The catalogue's made-up words stand alone; its common ones need context.
    const bool common = one_of(name, {"radial", "blinds", "checker", "clouds"});
    if (name != "fade" && name != "dissolve") note_en(w, name, std::string(name), kinds, common);
  }
  for (const Phrase &p : kPhrases) note_en(w, p.en_or_zh, p.type, kinds, p.context);
  for (const std::string_view word : words::fade_transition.zh)
    note_zh(in.raw, word, "fade", kinds);
  for (const Phrase &p : kPhrasesZh) note_zh(in.raw, p.en_or_zh, p.type, kinds, p.context);
  if (w.last_positive(words::hard_cut.en) != npos) kinds.push_back(Kind{0, 0, "none"});
  if (w.any_negated(words::transition_negatable.en)) kinds.push_back(Kind{0, 0, "none"});
  if (chinese_find(in.raw, words::transition_negatable.zh).negative ||
      contains(in.raw, words::hard_cut.zh))
    kinds.push_back(Kind{0, 0, "none"});
  return kinds;
}

std::string style_of(const Instruction &in) {
  std::vector<Kind> styles;
  for (const Phrase &p : kStyles) note_en(in.w, p.en_or_zh, p.type, styles);
  for (const Phrase &p : kStylesZh) note_zh(in.raw, p.en_or_zh, p.type, styles);
  if (styles.empty()) return {};
  return std::max_element(styles.begin(), styles.end(),
                          [](const Kind &a, const Kind &b) { return a.end < b.end; })
      ->type;
}

}  // namespace

void parse_transitions(const Instruction &in, AgentRequest &r) {
  r.transitions_mentioned =
      in.w.any(words::transition_noun.en) || contains(in.raw, words::transition_noun.zh);
  if (const auto choice = dock_choice(in.lower, "transition");
      choice && protocol::is_transition_choice(*choice)) {
    const std::string name = protocol::canonical_transition(*choice);
    r.transition = name.empty() ? *choice : name;
    r.transitions_mentioned = true;
    return;
  }
  const std::vector<Kind> kinds = transition_kinds(in);
  if (!kinds.empty()) {
    // A negation ("no transitions") wins; otherwise the last mentioned, the
    // more precise at the same place ("fade to black" over "fade").
    const bool none =
        std::any_of(kinds.begin(), kinds.end(), [](const Kind &k) { return k.type == "none"; });
    r.transition =
        none ? std::string("none")
             : std::max_element(kinds.begin(), kinds.end(), [](const Kind &a, const Kind &b) {
                 return a.end != b.end ? a.end < b.end : a.length < b.length;
               })->type;
    r.transitions_mentioned = true;
    return;
  }
  if (const std::string style = style_of(in); !style.empty()) {
    r.transition = style;
    r.transitions_mentioned = true;
  }
}

}  // namespace nemo::agent::prompt
