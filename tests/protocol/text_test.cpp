// protocol/text: ASCII case and white space.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "protocol/text.hpp"

#include <gtest/gtest.h>

namespace nemo::protocol {
namespace {

TEST(Text, AsciiLowerLeavesUtf8Alone) {
  EXPECT_EQ(ascii_lower("Content-Type: MP4"), "content-type: mp4");
  EXPECT_EQ(ascii_lower("ÉCLAIR 你好"), "Éclair 你好");
}

TEST(Text, TrimTakesAsciiWhiteSpaceFromBothEnds) {
  EXPECT_EQ(trim("  \t text here \r\n"), "text here");
  EXPECT_EQ(trim(" \n\t "), "");
  EXPECT_EQ(trim("x"), "x");
  EXPECT_EQ(trim("\xE3\x80\x80"
                 "x"),
            "\xE3\x80\x80"
            "x")
      << "ASCII only";
}

}  // namespace
}  // namespace nemo::protocol
