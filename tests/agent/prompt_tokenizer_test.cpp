// The prompt tokenizer (plugin/agent/prompt_tokenizer.*) and the number and
// Chinese-phrase helpers under the slots: words, clause breaks, phrases,
// negation; English and Chinese lengths.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "agent/prompt_tokenizer.hpp"

#include <gtest/gtest.h>

#include "agent/prompt_chinese.hpp"
#include "agent/prompt_numbers.hpp"

namespace nemo::agent::prompt {
namespace {

std::vector<std::string> words_of(std::string_view lower) {
  std::vector<std::string> out;
  for (const Token &t : tokenize(lower)) out.push_back(t.w);
  return out;
}

TEST(PromptTokenizer, WordsNumbersAndApostrophes) {
  EXPECT_EQ(words_of("make it 2.5 s, don't stop"),
            (std::vector<std::string>{"make", "it", "2.5", "s", "don't", "stop"}));
  EXPECT_EQ(words_of("don\xE2\x80\x99t"), (std::vector<std::string>{"don't"}));  // U+2019
  EXPECT_EQ(words_of("music at 50\xEF\xBC\x85"),                                 // fullwidth %
            (std::vector<std::string>{"music", "at", "50%"}));
  EXPECT_EQ(words_of("end."), (std::vector<std::string>{"end"}));
  EXPECT_TRUE(words_of("").empty());
  EXPECT_TRUE(words_of(" ,.!?").empty());
}

TEST(PromptTokenizer, PositionsAndClauseBreaks) {
  const std::vector<Token> t = tokenize("no music, add titles");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].pos, 0u);
  EXPECT_EQ(t[1].pos, 3u);
  EXPECT_EQ(t[2].pos, 10u);
  EXPECT_TRUE(t[0].brk);  // the start is a break
  EXPECT_FALSE(t[1].brk);
  EXPECT_TRUE(t[2].brk);  // after the comma
  // Chinese text between English words is a break too.
  const std::vector<Token> mixed = tokenize("fade \xE9\x9F\xB3 in");
  ASSERT_EQ(mixed.size(), 2u);
  EXPECT_TRUE(mixed[1].brk);
}

TEST(PromptTokenizer, PhrasesAndNear) {
  const Words w("fade in and then fade out, in");
  EXPECT_EQ(w.find("fade"), (std::vector<std::size_t>{0, 4}));
  EXPECT_EQ(w.find("fade out"), (std::vector<std::size_t>{4}));
  EXPECT_TRUE(w.has("and then"));
  EXPECT_FALSE(w.has("fade away"));
  EXPECT_TRUE(w.any({"nothing", "fade in"}));
  EXPECT_EQ(w.at(1), "in");
  EXPECT_EQ(w.at(99), "");
  EXPECT_EQ(w.near(5, 6), "");  // "in" is past the comma
  EXPECT_EQ(w.near(4, 5), "out");
}

TEST(PromptTokenizer, Negation) {
  const Words w("no music but titles, music off");
  EXPECT_TRUE(w.negated(1));   // "no music"
  EXPECT_FALSE(w.negated(3));  // "but" ends the negation's reach
  EXPECT_TRUE(w.negated(4));   // "music off"
  EXPECT_TRUE(w.any_negated({"music"}));
  EXPECT_TRUE(w.any_positive({"titles"}));
  EXPECT_FALSE(Words("no photos of the big music").negated(5));  // 5 words back: too far
  EXPECT_TRUE(Words("without the music").negated(2));
}

TEST(PromptTokenizer, LastPositive) {
  const Words w("square then vertical, not square");
  EXPECT_EQ(w.last_positive({"vertical"}), 12u);
  EXPECT_EQ(w.last_positive({"square"}), 0u);  // the second is negated
  EXPECT_EQ(w.last_positive({"youtube"}), npos);
}

TEST(PromptNumbers, EnglishDurations) {
  const auto one = [](std::string_view text) {
    const auto m = english_durations(Words(text));
    return m.size() == 1 ? m[0].ms : -1;
  };
  EXPECT_EQ(one("a 30 second video"), 30000);
  EXPECT_EQ(one("30s please"), 30000);
  EXPECT_EQ(one("thirty five seconds"), 35000);
  EXPECT_EQ(one("one minute and 30 seconds"), 90000);
  EXPECT_EQ(one("half a minute"), 30000);
  EXPECT_EQ(one("1.5min"), 90000);
  EXPECT_EQ(one("1080p at 35%"), -1);
  const auto two = english_durations(Words("2 seconds per photo, 1 s transitions"));
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].ms, 2000);
  EXPECT_EQ(two[0].first, 0u);
  EXPECT_EQ(two[0].last, 1u);
  EXPECT_EQ(two[1].ms, 1000);
}

TEST(PromptNumbers, ChineseNumbersAndDurations) {
  std::size_t len = 0;
  EXPECT_EQ(number_at("二十五", 0, len), 25.0);
  EXPECT_EQ(len, 9u);
  EXPECT_EQ(number_at("12秒", 0, len), 12.0);
  EXPECT_EQ(len, 2u);
  EXPECT_FALSE(number_at("秒", 0, len).has_value());
  const auto one = [](std::string_view text) {
    const auto m = chinese_durations(text);
    return m.size() == 1 ? m[0].ms : -1;
  };
  EXPECT_EQ(one("做成三十秒的视频"), 30000);
  EXPECT_EQ(one("1分30秒"), 90000);
  EXPECT_EQ(one("半分钟"), 30000);
  EXPECT_EQ(one("两分半钟"), 150000);
  EXPECT_EQ(one("5秒钟"), 5000);
  EXPECT_EQ(one("三张照片"), -1);
}

TEST(PromptChinese, FindAndNegation) {
  EXPECT_TRUE(chinese_negated("不要音乐", 6));
  EXPECT_FALSE(chinese_negated("加上音乐", 6));
  const CjkHit both = chinese_find("不要音乐，加配乐", {"音乐", "配乐"});
  EXPECT_TRUE(both.negative);
  EXPECT_TRUE(both.positive);
  EXPECT_FALSE(chinese_find("视频", {"音乐"}).positive);
  EXPECT_TRUE(contains("竖屏视频", {"横屏", "竖屏"}));
  EXPECT_FALSE(contains("视频", {"横屏"}));
  EXPECT_TRUE(near_before("每张3秒", 6, 9, "每"));
  EXPECT_TRUE(near_after("3秒转场", 1, 15, "转场"));
}

}  // namespace
}  // namespace nemo::agent::prompt
