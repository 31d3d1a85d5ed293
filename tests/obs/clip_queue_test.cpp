// SPDX-License-Identifier: GPL-2.0-or-later
#include "obs/clip_queue.hpp"

#include <gtest/gtest.h>

#include <set>

namespace nemo::obs::clip {
namespace {

TEST(ClipQueue, PlaysInOrderAndPlayNextGoesFirst) {
  ClipQueue q;
  q.add("a.mp4");
  q.add("b.mp4");
  q.add("now.mp4", true);
  EXPECT_EQ(q.take_next("x.mp4"), "now.mp4");
  EXPECT_EQ(q.take_next("now.mp4"), "a.mp4");
  EXPECT_EQ(q.take_next("a.mp4"), "b.mp4");
  EXPECT_EQ(q.take_next("b.mp4"), "");
  EXPECT_TRUE(q.empty());
  q.add("");
  EXPECT_TRUE(q.empty()) << "no empty path is queued";
}

TEST(ClipQueue, ALoopingQueuePutsTheEndedClipBack) {
  ClipQueue q;
  q.loop = true;
  q.add("b.mp4");
  // A is playing; the queue holds B.
  EXPECT_EQ(q.take_next("a.mp4"), "b.mp4");
  EXPECT_EQ(q.take_next("b.mp4"), "a.mp4");
  EXPECT_EQ(q.take_next("a.mp4"), "b.mp4");
  EXPECT_EQ(q.items(), std::vector<std::string>{"a.mp4"});
}

TEST(ClipQueue, ShuffleTakesEveryClipOnceInSomeOrder) {
  ClipQueue q;
  q.shuffle = true;
  q.seed = 12345;
  for (const char *p : {"1", "2", "3", "4", "5", "6"}) q.add(p);
  std::vector<std::string> order;
  for (std::string n; !(n = q.take_next("")).empty();) order.push_back(n);
  EXPECT_EQ(std::set<std::string>(order.begin(), order.end()).size(), 6u);
  EXPECT_NE(order, (std::vector<std::string>{"1", "2", "3", "4", "5", "6"}))
      << "this seed shuffles";
}

TEST(ClipQueue, SkipRemoveAndClear) {
  ClipQueue q;
  q.add("a");
  q.add("b");
  q.add("c");
  q.remove_at(1);
  EXPECT_EQ(q.items(), (std::vector<std::string>{"a", "c"}));
  q.remove_at(7);
  EXPECT_EQ(q.items().size(), 2u);
  q.clear();
  EXPECT_TRUE(q.empty());
}

TEST(ClipQueue, SurvivesItsJsonFormAndReadsWhatItCanOfADamagedOne) {
  ClipQueue q;
  q.add("/clips/a b.mp4");
  q.add("/clips/片段.mp4");
  q.shuffle = true;
  q.loop = true;
  const ClipQueue back = ClipQueue::from_json(q.to_json());
  EXPECT_EQ(back.items(), q.items());
  EXPECT_TRUE(back.shuffle);
  EXPECT_TRUE(back.loop);

  const ClipQueue odd =
      ClipQueue::from_json(R"({"items": ["a", 3, null, "", "b"], "loop": "yes"})");
  EXPECT_EQ(odd.items(), (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(odd.loop);
  EXPECT_TRUE(ClipQueue::from_json("not json").empty());
  EXPECT_TRUE(ClipQueue::from_json("").empty());
}

}  // namespace
}  // namespace nemo::obs::clip
