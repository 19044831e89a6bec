#include "stages/store/index_queue.h"

#include <gtest/gtest.h>

#include <future>
#include <string>
#include <thread>
#include <vector>

namespace ink::store {
namespace {

// Terms that name their document: one term "t<number>" in the body.
DocTerms TermsOf(DocNum number) {
  DocTerms terms;
  const uint32_t at[] = {number};
  terms.Add(1, "t" + std::to_string(number), at);
  return terms;
}

TEST(IndexQueueTest, DocumentsArriveInOrderWithTheirOwnTerms) {
  IndexQueue queue(4);
  for (DocNum n = 0; n < 3; ++n) {
    DocTerms terms = TermsOf(n);
    queue.Push(n, &terms);
  }
  EXPECT_EQ(queue.backlog(), 3u);
  for (DocNum n = 0; n < 3; ++n) {
    DocNum number = 99;
    DocTerms terms;
    ASSERT_TRUE(queue.Pop(&number, &terms));
    EXPECT_EQ(number, n);
    ASSERT_EQ(terms.size(1), 1u);
    EXPECT_EQ(terms.term(1, 0), "t" + std::to_string(n));
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
    DocNum number = 0;
    DocTerms terms;
    while (queue.Pop(&number, &terms)) {
      seen.push_back(std::to_string(number) + ":" +
                     std::string(terms.term(1, 0)));
      queue.Indexed();
      queue.Idle();
    }
  });
  for (DocNum n = 0; n < kDocs; ++n) {
    DocTerms terms = TermsOf(n);
    queue.Push(n, &terms);
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
    DocNum number = 0;
    DocTerms terms;
    ASSERT_TRUE(queue.Pop(&number, &terms));
    go_index.get_future().wait();
    indexed_value = 1;
    queue.Indexed();
    go_settle.get_future().wait();
    settled_value = 1;
    queue.Idle();
  });
  DocTerms terms = TermsOf(0);
  queue.Push(0, &terms);
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
  DocTerms terms = TermsOf(7);
  queue.Push(7, &terms);
  queue.Close();
  DocNum number = 0;
  ASSERT_TRUE(queue.Pop(&number, &terms));
  EXPECT_EQ(number, 7u);
  EXPECT_FALSE(queue.Pop(&number, &terms));
}

TEST(IndexQueueTest, WaitersWithNothingPushedDoNotWait) {
  IndexQueue queue;
  queue.WaitIndexed();
  queue.WaitSettled();
  EXPECT_EQ(queue.backlog(), 0u);
}

}  // namespace
}  // namespace ink::store
