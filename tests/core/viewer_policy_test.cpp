// The rules for viewers' requests: each refusal in its order, blocked words
// in English and Chinese, the cooldown, the pending bound and the daily cap.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "core/viewer_policy.hpp"

#include <gtest/gtest.h>

namespace nemo::core {
namespace {

using namespace std::chrono_literals;
using Clock = ViewerGate::Clock;
const std::string kToday = "2026-12-04";

ViewerLimits limits() {
  ViewerLimits l;
  l.cooldown_s = 60;
  l.max_pending = 2;
  l.max_chars = 20;
  l.daily_credits = 3;
  l.blocked_words = parse_word_list("idiot*, free money\n傻逼，广告");
  return l;
}

TEST(ViewerPolicy, WordListTakesEnglishAndChineseSeparators) {
  EXPECT_EQ(parse_word_list(" Spam ,spam; Free  Money \n傻 逼、广告；\n\n*,"),
            (std::vector<std::string>{"spam", "free money", "傻逼", "广告"}));
  EXPECT_TRUE(parse_word_list("").empty());
  EXPECT_TRUE(parse_word_list(" , ;\n").empty());
}

TEST(ViewerPolicy, LatinWordsMatchWholeWordsAnyCase) {
  const auto words = parse_word_list("spam, free money, idiot*");
  EXPECT_EQ(find_blocked_word("a SPAM video", words), "spam");
  EXPECT_EQ(find_blocked_word("spam!", words), "spam");
  EXPECT_EQ(find_blocked_word("get FREE money now", words), "free money");
  EXPECT_EQ(find_blocked_word("you idiots", words), "idiot*");
  EXPECT_EQ(find_blocked_word("Ｓｐａｍ montage", words), "spam");  // full-width letters
  EXPECT_EQ(find_blocked_word("spammer and spamalot", words), "");  // not whole words
  EXPECT_EQ(find_blocked_word("free moneyless", words), "");
  EXPECT_EQ(find_blocked_word("a sunset montage", words), "");
}

TEST(ViewerPolicy, ChineseWordsMatchAnywhereSpacesIgnored) {
  const auto words = parse_word_list("傻逼, 广告");
  EXPECT_EQ(find_blocked_word("你是傻逼吗", words), "傻逼");
  EXPECT_EQ(find_blocked_word("你是傻 逼", words), "傻逼");
  EXPECT_EQ(find_blocked_word("你是傻\u3000逼", words), "傻逼");  // ideographic space
  EXPECT_EQ(find_blocked_word("做一个广告视频", words), "广告");
  EXPECT_EQ(find_blocked_word("做一个日落视频", words), "");
}

TEST(ViewerPolicy, LengthCountsCharactersNotBytes) {
  EXPECT_EQ(utf8_chars("abc"), 3u);
  EXPECT_EQ(utf8_chars("日落视频"), 4u);
  EXPECT_EQ(utf8_chars("\xff\xfe"), 2u);  // not UTF-8: bytes
  ViewerGate gate;
  const auto l = limits();
  const auto now = Clock::now();
  // 20 Chinese characters are 60 bytes and still within 20 characters.
  const std::string twenty(u8"日落日落日落日落日落日落日落日落日落日落");
  EXPECT_EQ(gate.check(l, "a", twenty, 0, now, kToday).refusal, ViewerRefusal::None);
  EXPECT_EQ(gate.check(l, "a", twenty + "x", 0, now, kToday).refusal, ViewerRefusal::TooLong);
}

TEST(ViewerPolicy, EachRefusalHasItsCodeAndKey) {
  for (auto r : {ViewerRefusal::Off, ViewerRefusal::EmptyPrompt, ViewerRefusal::TooLong,
                 ViewerRefusal::BlockedWord, ViewerRefusal::Cooldown, ViewerRefusal::TooManyPending,
                 ViewerRefusal::DailyCap, ViewerRefusal::NoMedia, ViewerRefusal::Rejected}) {
    EXPECT_EQ(std::string(viewer_refusal_code(r)).rfind("viewer_", 0), 0u);
    EXPECT_EQ(std::string(viewer_refusal_key(r)).rfind("Viewer.Refused.", 0), 0u);
  }
  EXPECT_STREQ(viewer_refusal_code(ViewerRefusal::Cooldown), "viewer_cooldown");
  EXPECT_STREQ(viewer_refusal_code(ViewerRefusal::None), "");
}

TEST(ViewerPolicy, ChecksComeInOrder) {
  ViewerGate gate;
  const auto l = limits();
  const auto now = Clock::now();
  EXPECT_EQ(gate.check(l, "a", "   ", 0, now, kToday).refusal, ViewerRefusal::EmptyPrompt);
  EXPECT_EQ(gate.check(l, "a", "bad \xc3( utf8", 0, now, kToday).refusal,
            ViewerRefusal::EmptyPrompt);
  const auto blocked = gate.check(l, "a", "IDIOTS montage", 0, now, kToday);
  EXPECT_EQ(blocked.refusal, ViewerRefusal::BlockedWord);
  EXPECT_EQ(blocked.word, "idiot*");
  EXPECT_EQ(gate.check(l, "a", "sunset", 2, now, kToday).refusal, ViewerRefusal::TooManyPending);
  EXPECT_EQ(gate.check(l, "a", "sunset", 1, now, kToday).refusal, ViewerRefusal::None);
}

TEST(ViewerPolicy, CooldownIsPerRequesterAndCountsDown) {
  ViewerGate gate;
  const auto l = limits();
  const auto t0 = Clock::now();
  gate.taken("twitch:alice", t0);
  const auto soon = gate.check(l, "twitch:alice", "sunset", 0, t0 + 15s, kToday);
  EXPECT_EQ(soon.refusal, ViewerRefusal::Cooldown);
  EXPECT_EQ(soon.retry_after_s, 45);
  EXPECT_EQ(gate.check(l, "twitch:bob", "sunset", 0, t0 + 15s, kToday).refusal,
            ViewerRefusal::None);
  EXPECT_EQ(gate.check(l, "twitch:alice", "sunset", 0, t0 + 60s, kToday).refusal,
            ViewerRefusal::None);
  ViewerLimits none = l;
  none.cooldown_s = 0;
  EXPECT_EQ(gate.check(none, "twitch:alice", "sunset", 0, t0 + 1s, kToday).refusal,
            ViewerRefusal::None);
}

TEST(ViewerPolicy, DailyCapCountsTodayOnly) {
  ViewerGate gate;
  const auto l = limits();
  const auto now = Clock::now();
  gate.spend(2, kToday);
  EXPECT_FALSE(gate.cap_reached(l, kToday));
  gate.spend(1, kToday);
  EXPECT_TRUE(gate.cap_reached(l, kToday));
  EXPECT_EQ(gate.check(l, "a", "sunset", 0, now, kToday).refusal, ViewerRefusal::DailyCap);
  // A new day starts from nothing.
  EXPECT_EQ(gate.check(l, "a", "sunset", 0, now, "2026-12-05").refusal, ViewerRefusal::None);
  gate.spend(1, "2026-12-05");
  EXPECT_DOUBLE_EQ(gate.spent("2026-12-05"), 1);
  EXPECT_DOUBLE_EQ(gate.spent(kToday), 0);
  // No cap: never reached.
  ViewerLimits uncapped = l;
  uncapped.daily_credits = 0;
  gate.spend(100, "2026-12-05");
  EXPECT_FALSE(gate.cap_reached(uncapped, "2026-12-05"));
  // What a file kept across a restart.
  ViewerGate restored;
  restored.restore(kToday, 3);
  EXPECT_TRUE(restored.cap_reached(l, kToday));
}

TEST(ViewerPolicy, RequesterKeyPrefersThePlatformId) {
  EXPECT_EQ(viewer_key("Twitch", "12345", "Alice"), "twitch:12345");
  EXPECT_EQ(viewer_key("twitch", "", "Alice"), "twitch:alice");
  EXPECT_NE(viewer_key("twitch", "", "alice"), viewer_key("youtube", "", "alice"));
}

TEST(ViewerPolicy, WaitReadsLikeAClock) {
  EXPECT_EQ(wait_text(45), "0:45");
  EXPECT_EQ(wait_text(120), "2:00");
  EXPECT_EQ(wait_text(3900), "1:05:00");
  EXPECT_EQ(wait_text(-5), "0:00");
}

}  // namespace
}  // namespace nemo::core
