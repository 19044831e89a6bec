#include "stages/store/search_top_k.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <vector>

namespace ink::store {
namespace {

std::vector<int> Best(std::vector<int> all, size_t k) {
  std::sort(all.begin(), all.end(), std::greater<int>());
  if (k > 0 && all.size() > k) all.resize(k);
  return all;
}

TEST(TopKTest, KeepsTheBestKInOrderAndCountsEveryItem) {
  std::mt19937 rng(11);
  for (size_t k : {1, 2, 10, 37}) {
    for (size_t n : {0, 1, 9, 10, 11, 20, 21, 500}) {
      SCOPED_TRACE(testing::Message() << "k=" << k << " n=" << n);
      std::vector<int> items(n);
      for (size_t i = 0; i < n; ++i) items[i] = static_cast<int>(i);
      std::shuffle(items.begin(), items.end(), rng);
      TopK<int, std::greater<int>> top(k, std::greater<int>());
      for (int x : items) top.Add(x);
      EXPECT_EQ(top.added(), n);
      EXPECT_EQ(std::move(top).Take(), Best(items, k));
    }
  }
}

TEST(TopKTest, ZeroKeepsEverythingAndSortsOnlyWhatIsAskedFor) {
  const std::vector<int> items = {5, 3, 9, 1, 7, 2};
  TopK<int, std::greater<int>> top(0, std::greater<int>());
  top.Reserve(items.size());
  for (int x : items) top.Add(x);
  std::vector<int> kept = std::move(top).Take(2);
  ASSERT_EQ(kept.size(), items.size());
  EXPECT_EQ(kept[0], 9);
  EXPECT_EQ(kept[1], 7);
  std::sort(kept.begin(), kept.end());
  EXPECT_EQ(kept, (std::vector<int>{1, 2, 3, 5, 7, 9}));
}

TEST(TopKTest, ItemsBelowTheBarAfterACutAreNotKept) {
  // Ascending input: every item after the first cut beats the bar; a
  // descending one: none does. Both give the same best k.
  TopK<int, std::greater<int>> up(3, std::greater<int>());
  TopK<int, std::greater<int>> down(3, std::greater<int>());
  for (int i = 0; i < 100; ++i) {
    up.Add(i);
    down.Add(99 - i);
  }
  EXPECT_EQ(std::move(up).Take(), (std::vector<int>{99, 98, 97}));
  EXPECT_EQ(std::move(down).Take(), (std::vector<int>{99, 98, 97}));
}

TEST(TopKTest, BarIsTheKthBestKeptAndNothingWorseIsKept) {
  // A pruning search skips whatever is not better than bar(): that must
  // never drop one of the best k.
  std::mt19937 rng(5);
  for (size_t k : {1, 3, 10}) {
    TopK<int, std::greater<int>> top(k, std::greater<int>());
    EXPECT_EQ(top.bar(), nullptr);
    std::vector<int> added;
    for (int i = 0; i < 300; ++i) {
      const int x = static_cast<int>(rng() % 1000);
      if (const int* bar = top.bar()) {
        // At least k items added so far are at least as good as the bar.
        const size_t better = std::count_if(added.begin(), added.end(),
                                            [&](int a) { return a >= *bar; });
        ASSERT_GE(better, k);
        if (x <= *bar) {
          top.CountSkipped(1);
          continue;
        }
      }
      added.push_back(x);
      top.Add(x);
    }
    ASSERT_NE(top.bar(), nullptr);
    EXPECT_EQ(top.added(), 300u);
    EXPECT_EQ(std::move(top).Take(), Best(added, k));
  }
}

}  // namespace
}  // namespace ink::store
