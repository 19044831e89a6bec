// The hand-over between Store::Put and the store's indexing thread.
//
// Put stores a document (its RocksDB write, its metadata in memory) and
// hands the document's terms over here; the indexing thread adds them to
// the in-memory index and writes segments. The two run on two cores: a Put
// no longer waits for the index to grow. Readers wait for the documents
// handed over before they read (WaitIndexed), so a document is searchable
// as soon as its Put has returned, as before.
//
// One producer (Put, under the store's writer mutex) and one consumer (the
// indexing thread). The queue is bounded: a producer ahead of the consumer
// by `capacity` documents waits. Items are swapped in and out, so their
// buffers go round and are reused, never allocated per document.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <shared_mutex>
#include <utility>
#include <vector>

#include "stages/store/inverted_index.h"
#include "stages/store/rank_info.h"

namespace ink::store {

// A stored document as the indexing thread receives it: its number and
// terms, and what else its Put changed of the in-memory state that queries
// read, which the thread applies together with the postings (so that a
// query sees the whole document or none of it).
struct IndexItem {
  DocNum number = 0;
  DocTerms terms;
  // The document's ranking figures, and those of other documents the Put
  // changed (the version it superseded), as of the Put: a later Put may
  // change them again before the thread gets here.
  RankInfo rank;
  std::vector<std::pair<DocNum, RankInfo>> reranked;
  int superseded_change = 0;  // Of the count of superseded documents.
};

class IndexQueue {
 public:
  explicit IndexQueue(size_t capacity = 1024);

  // Producer: hands *item over, swapping it with a spare of the queue
  // (whose content is unspecified). Waits while full.
  void Push(IndexItem* item);

  // Consumer: waits for the next document and swaps it into *item; false
  // once Close() was called and every document was taken.
  bool Pop(IndexItem* item);
  // Consumer: the document taken last is in the index; WaitIndexed() calls
  // waiting for it return.
  void Indexed();
  // Consumer: done with the documents taken so far (their segment written
  // too, when one was due).
  void Idle();

  // Any thread but the consumer: waits until every document pushed before
  // the call is Indexed(). Must not be called holding a lock the consumer
  // needs to index.
  void WaitIndexed() const;
  // Any thread but the consumer: waits until every document pushed before
  // the call is Indexed() and the consumer went Idle() after it (the
  // segment it made written). Called by a thread that keeps the producer
  // from pushing, it returns with the queue empty and the consumer idle.
  void WaitSettled() const;
  // Wakes the consumer to finish: Pop() returns false once empty.
  void Close();

  // Documents pushed and not yet Indexed().
  uint64_t backlog() const {
    return pushed_.load(std::memory_order_acquire) -
           indexed_.load(std::memory_order_acquire);
  }

 private:
  mutable std::mutex mu_;
  // The consumer waits for work, the producer for room.
  std::condition_variable work_, room_;
  // Readers wait for Indexed(), settlers for Idle().
  mutable std::condition_variable indexed_cv_, idle_cv_;
  std::vector<IndexItem> slots_;
  // Counts of documents pushed, popped and indexed; slot = count % size.
  std::atomic<uint64_t> pushed_{0};
  uint64_t popped_ = 0;
  std::atomic<uint64_t> indexed_{0};
  uint64_t settled_ = 0;         // popped_ when the consumer was last Idle().
  bool consumer_waits_ = false;  // Asleep in Pop().
  bool producer_waits_ = false;  // Asleep in Push().
  mutable int readers_waiting_ = 0;
  mutable int settlers_waiting_ = 0;
  bool closed_ = false;
};

// Takes `mu` exclusively, trying for some microseconds before it sleeps:
// Put holds the store's metadata lock, and the indexing thread its index
// lock, briefly per document, while a search may hold either shared; a
// sleep and a wake-up cost more than such a wait.
std::unique_lock<std::shared_mutex> LockBriefly(std::shared_mutex& mu);

}  // namespace ink::store
