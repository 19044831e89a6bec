// The best k of a stream of matches, for a page of search results: the
// rest of the matches are counted, never stored or sorted.
//
// Items are buffered until the buffer holds 2k; then the best k are kept
// (nth_element) and the worst of them becomes a bar that later items must
// beat to be buffered at all. Adding is amortised O(1), and once the bar
// is high most items cost one comparison. With a strict total order (the
// search's orders end on doc_id) the result is exactly the first k of a
// full sort.
//
// Thread-compatibility: a TopK is used by one thread.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace ink::store {

template <typename T, typename Better>
class TopK {
 public:
  // Keeps the best `k` items by `better` (a strict order, true when the
  // first item goes before the second); k == 0 keeps every item.
  TopK(size_t k, Better better) : k_(k), better_(std::move(better)) {
    // Pages are small; a large k grows the buffer as items come.
    if (k_ > 0) items_.reserve(std::min<size_t>(2 * k_, 1024));
  }

  // For k == 0: room for `n` items up front.
  void Reserve(size_t n) {
    if (k_ == 0) items_.reserve(n);
  }

  void Add(const T& item) {
    ++added_;
    if (has_bar_ && !better_(item, bar_)) return;
    items_.push_back(item);
    if (k_ > 0 && items_.size() >= 2 * k_) Cut();
  }

  // Items added so far, kept or not.
  uint64_t added() const { return added_; }
  // Counts `n` items that were not added (they cannot beat bar()).
  void CountSkipped(uint64_t n) { added_ += n; }

  // The bar: an item that is not better than it can no longer be among
  // the best k (it is the k-th best of the items kept at the last cut);
  // nullptr until k items were kept and cut (k > 0).
  const T* bar() const { return has_bar_ ? &bar_ : nullptr; }

  // The kept items, best first: the best k (all when fewer were added, or
  // when k is 0, sorted only as far as `sorted`; SIZE_MAX sorts all).
  std::vector<T> Take(size_t sorted = SIZE_MAX) && {
    if (k_ > 0 && items_.size() > k_) Cut();
    const size_t n = std::min(sorted, items_.size());
    std::partial_sort(items_.begin(), items_.begin() + n, items_.end(),
                      better_);
    return std::move(items_);
  }

 private:
  void Cut() {
    std::nth_element(items_.begin(), items_.begin() + (k_ - 1), items_.end(),
                     better_);
    items_.resize(k_);
    bar_ = items_[k_ - 1];
    has_bar_ = true;
  }

  size_t k_;
  Better better_;
  std::vector<T> items_;
  T bar_{};  // The worst kept item after the last cut.
  bool has_bar_ = false;
  uint64_t added_ = 0;
};

}  // namespace ink::store
