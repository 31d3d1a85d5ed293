// protocol/utf8: one decoder for the whole tree; what each former copy did
// (the prompt check, the server's checks and SSE chunks, the renderer's
// text, the agent's clean-up) holds here.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "protocol/utf8.hpp"

#include <gtest/gtest.h>

namespace nemo::protocol {
namespace {

TEST(Utf8, DecodesLatinCjkAndEmoji) {
  const auto cps = decode_utf8("a\xC3\xA9\xE4\xBD\xA0\xF0\x9F\x98\x80");
  ASSERT_EQ(cps.size(), 4u);
  EXPECT_EQ(cps[0], U'a');
  EXPECT_EQ(cps[1], U'\u00E9');
  EXPECT_EQ(cps[2], U'\u4F60');
  EXPECT_EQ(cps[3], U'\U0001F600');
}

TEST(Utf8, InvalidBytesBecomeReplacement) {
  const auto cps = decode_utf8(
      "a\xFF"
      "b\xC0\xAF"
      "c\xE4\xBD");
  ASSERT_GE(cps.size(), 4u);
  EXPECT_EQ(cps[0], U'a');
  EXPECT_EQ(cps[1], U'\uFFFD');
  EXPECT_EQ(cps[2], U'b');
  EXPECT_EQ(cps.back(), U'\uFFFD');
}

TEST(Utf8, ValidityFollowsRfc3629) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("héllo 你好 🎬"));
  EXPECT_FALSE(is_valid_utf8("\xC3\x28"));          // a lead without its continuation
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xE4\xBD"));          // cut short
}

TEST(Utf8, DecodeAtGivesTheLengthOrZero) {
  char32_t cp = 0;
  EXPECT_EQ(decode_utf8_at("\xE4\xBD\xA0!", 0, cp), 3u);
  EXPECT_EQ(cp, U'\u4F60');
  EXPECT_EQ(decode_utf8_at("\xE4\xBD\xA0!", 3, cp), 1u);
  EXPECT_EQ(cp, U'!');
  EXPECT_EQ(decode_utf8_at("\xBD", 0, cp), 0u);
}

TEST(Utf8, SanitizeReplacesBadBytesAndDropsNul) {
  EXPECT_EQ(sanitize_utf8(std::string("a\0b", 3)), "ab");
  EXPECT_EQ(sanitize_utf8("a\xFF"
                          "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(sanitize_utf8("你好"), "你好");
  EXPECT_TRUE(is_valid_utf8(sanitize_utf8("\xC0\xAF\xED\xA0\x80\xE4\xBD")));
}

TEST(Utf8, LengthAndTruncateCountCodePoints) {
  EXPECT_EQ(utf8_length("a你好🎬"), 4u);
  EXPECT_EQ(utf8_truncate("a你好🎬", 2), "a你");
  EXPECT_EQ(utf8_truncate("a你好🎬", 10), "a你好🎬");
  EXPECT_EQ(utf8_truncate("abc", 0), "");
}

TEST(Utf8, SplitNeverCutsASequence) {
  const std::string text = "标题：海边的一天 🎬 with words";
  std::string joined;
  for (const auto &piece : split_utf8(text, 4)) {
    EXPECT_TRUE(is_valid_utf8(piece)) << piece;
    EXPECT_LE(piece.size(), 4u);
    joined += piece;
  }
  EXPECT_EQ(joined, text);
  EXPECT_EQ(split_utf8("\x80\x80\x80\x80\x80", 2).size(), 3u) << "not UTF-8: cut anyway";
  EXPECT_TRUE(split_utf8("", 4).empty());
}

}  // namespace
}  // namespace nemo::protocol
