#include "stages/store/index_queue.h"

#include <gtest/gtest.h>

#include <future>
#include <string>
#include <thread>
#include <vector>

namespace ink::store {
namespace {

// A document whose terms name it: one term "t<number>" in the body.
IndexItem ItemOf(DocNum number) {
  IndexItem item;
  item.number = number;
  const uint32_t at[] = {number};
  item.terms.Add(1, "t" + std::to_string(number), at);
  item.reranked = {{number + 1000, RankInfo{{number, 0}, true, false}}};
  return item;
}

TEST(IndexQueueTest, DocumentsArriveInOrderWithTheirOwnTerms) {
  IndexQueue queue(4);
  for (DocNum n = 0; n < 3; ++n) {
    IndexItem item = ItemOf(n);
    queue.Push(&item);
  }
  EXPECT_EQ(queue.backlog(), 3u);
  for (DocNum n = 0; n < 3; ++n) {
    IndexItem item;
    ASSERT_TRUE(queue.Pop(&item));
    EXPECT_EQ(item.number, n);
    ASSERT_EQ(item.terms.size(1), 1u);
    EXPECT_EQ(item.terms.term(1, 0), "t" + std::to_string(n));
    ASSERT_EQ(item.reranked.size(), 1u);
    EXPECT_EQ(item.reranked[0].first, n + 1000);
    EXPECT_EQ(item.reranked[0].second.length[0], n);
    queue.Indexed();
  }
  EXPECT_EQ(queue.backlog(), 0u);
}

// Through a queue of two slots, a producer far ahead of its consumer must
// wait for room: one that did not would overwrite documents not yet taken.
TEST(IndexQueueTest, AProducerAheadOfItsConsumerLosesNothing) {
  constexpr DocNum kDocs = 2000;
  IndexQueue queue(2);
  std::vector<std::string> seen;
  std::thread consumer([&] {
    IndexItem item;
    while (queue.Pop(&item)) {
      seen.push_back(std::to_string(item.number) + ":" +
                     std::string(item.terms.term(1, 0)));
      queue.Indexed();
      queue.Idle();
    }
  });
  for (DocNum n = 0; n < kDocs; ++n) {
    IndexItem item = ItemOf(n);
    queue.Push(&item);
  }
  queue.Close();
  consumer.join();
  ASSERT_EQ(seen.size(), kDocs);
  for (DocNum n = 0; n < kDocs; ++n)
    EXPECT_EQ(seen[n], std::to_string(n) + ":t" + std::to_string(n));
}

// What the consumer did before Indexed() is visible to a reader once
// WaitIndexed() returns; before Idle(), WaitSettled() does not return.
TEST(IndexQueueTest, WaitersReturnOnlyOnceTheConsumerGotThere) {
  IndexQueue queue;
  int indexed_value = 0;  // Written by the consumer, read by the waiters.
  int settled_value = 0;
  std::promise<void> go_index, go_settle;
  std::thread consumer([&] {
    IndexItem item;
    ASSERT_TRUE(queue.Pop(&item));
    go_index.get_future().wait();
    indexed_value = 1;
    queue.Indexed();
    go_settle.get_future().wait();
    settled_value = 1;
    queue.Idle();
  });
  IndexItem item = ItemOf(0);
  queue.Push(&item);
  auto reader = std::async(std::launch::async, [&] {
    queue.WaitIndexed();
    return indexed_value;
  });
  auto settler = std::async(std::launch::async, [&] {
    queue.WaitSettled();
    return settled_value;
  });
  go_index.set_value();
  EXPECT_EQ(reader.get(), 1);
  go_settle.set_value();
  EXPECT_EQ(settler.get(), 1);
  consumer.join();
  // Nothing pushed since: both return at once.
  queue.WaitIndexed();
  queue.WaitSettled();
}

TEST(IndexQueueTest, ClosedQueueHandsOverWhatIsLeftThenEnds) {
  IndexQueue queue;
  IndexItem item = ItemOf(7);
  queue.Push(&item);
  queue.Close();
  ASSERT_TRUE(queue.Pop(&item));
  EXPECT_EQ(item.number, 7u);
  EXPECT_FALSE(queue.Pop(&item));
}

TEST(IndexQueueTest, WaitersWithNothingPushedDoNotWait) {
  IndexQueue queue;
  queue.WaitIndexed();
  queue.WaitSettled();
  EXPECT_EQ(queue.backlog(), 0u);
}

}  // namespace
}  // namespace ink::store
