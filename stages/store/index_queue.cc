#include "stages/store/index_queue.h"

#include <utility>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace ink::store {
namespace {

// Before it sleeps, the consumer looks for a next document this many times
// (a pause apart, up to about a hundred microseconds): under a steady stream
// the next Put hands one over within that, and neither side pays for a
// sleep and a wake-up per document.
constexpr int kSpinsBeforeSleep = 2000;

inline void Pause() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#endif
}

}  // namespace

IndexQueue::IndexQueue(size_t capacity) : slots_(capacity < 1 ? 1 : capacity) {}

void IndexQueue::Push(IndexItem* item) {
  std::unique_lock lock(mu_);
  const uint64_t pushed = pushed_.load(std::memory_order_relaxed);
  while (pushed - popped_ >= slots_.size()) {
    producer_waits_ = true;
    room_.wait(lock);
    producer_waits_ = false;
  }
  std::swap(slots_[pushed % slots_.size()], *item);
  pushed_.store(pushed + 1, std::memory_order_release);
  const bool wake = consumer_waits_;
  lock.unlock();
  if (wake) work_.notify_one();
}

bool IndexQueue::Pop(IndexItem* item) {
  for (int spin = 0; spin < kSpinsBeforeSleep &&
                     pushed_.load(std::memory_order_acquire) == popped_;
       ++spin) {
    Pause();
  }
  std::unique_lock lock(mu_);
  while (pushed_.load(std::memory_order_relaxed) == popped_) {
    if (closed_) return false;
    consumer_waits_ = true;
    work_.wait(lock);
    consumer_waits_ = false;
  }
  std::swap(slots_[popped_ % slots_.size()], *item);
  ++popped_;
  const bool wake = producer_waits_;
  lock.unlock();
  if (wake) room_.notify_one();
  return true;
}

void IndexQueue::Indexed() {
  indexed_.fetch_add(1, std::memory_order_release);
  std::lock_guard lock(mu_);
  if (readers_waiting_ > 0) indexed_cv_.notify_all();
}

void IndexQueue::Idle() {
  std::lock_guard lock(mu_);
  settled_ = popped_;
  if (settlers_waiting_ > 0) idle_cv_.notify_all();
}

void IndexQueue::WaitIndexed() const {
  const uint64_t target = pushed_.load(std::memory_order_acquire);
  if (indexed_.load(std::memory_order_acquire) >= target) return;
  std::unique_lock lock(mu_);
  ++readers_waiting_;
  indexed_cv_.wait(
      lock, [&] { return indexed_.load(std::memory_order_acquire) >= target; });
  --readers_waiting_;
}

void IndexQueue::WaitSettled() const {
  std::unique_lock lock(mu_);
  const uint64_t target = pushed_.load(std::memory_order_relaxed);
  ++settlers_waiting_;
  idle_cv_.wait(lock, [&] { return settled_ >= target; });
  --settlers_waiting_;
}

void IndexQueue::Close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  work_.notify_all();
}

std::unique_lock<std::shared_mutex> LockBriefly(std::shared_mutex& mu) {
  for (int spin = 0; spin < kSpinsBeforeSleep; ++spin) {
    if (mu.try_lock()) return std::unique_lock(mu, std::adopt_lock);
    Pause();
  }
  return std::unique_lock(mu);
}

}  // namespace ink::store
