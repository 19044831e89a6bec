// Posting lists on dense document numbers, Lucene style: the doc numbers and
// term frequencies in one compressed stream, the word positions in another,
// so that AND queries never decode positions. Both streams are varints: a
// doc number is the delta from the previous one, positions are deltas
// within a document. Every kSkipInterval postings a skip entry records where
// the next block starts, so a cursor jumps over blocks it does not need.
//
// A PostingList is appended to in ascending doc number order. The same
// bytes, framed by EncodeBlob(), are the values of the store's segments.
//
// Each full block also has a bound of the BM25 share of its postings
// (BlockBound), so that a top-k search skips blocks that cannot reach the
// page. Bounds live in memory only (segments are unchanged), computed the
// first time a search asks.
//
// Thread-compatibility: const methods and cursors may be used concurrently
// (BlockBound() fills its cache atomically); Append/Remove must not run
// concurrently with anything else on the list.
#pragma once

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ink::store {

using DocNum = uint32_t;
inline constexpr DocNum kNoDoc = UINT32_MAX;

class PostingList {
 public:
  static constexpr uint32_t kSkipInterval = 128;

  // Adds a posting; `doc` must be greater than every doc already in the
  // list (false otherwise) and `positions` non-empty and ascending.
  bool Append(DocNum doc, std::span<const uint32_t> positions);
  bool Append(DocNum doc, const std::vector<uint32_t>& positions) {
    return Append(doc, std::span<const uint32_t>(positions));
  }

  // Removes the posting of `doc`; false when there is none. Rebuilds the
  // list, so its cost is the list's length.
  bool Remove(DocNum doc);

  // The postings of docs >= `from`, as a blob (see EncodeBlob).
  std::string EncodeBlob(DocNum from = 0) const;
  // Appends every posting of a blob; false when it is malformed or its
  // docs are not all greater than the list's last doc.
  bool AppendBlob(std::string_view blob);

  // Hints the CPU to fetch the bytes the next Append writes.
  void PrefetchTail() const {
    __builtin_prefetch(docs_.data() + docs_.size(), 1);
    __builtin_prefetch(positions_.data() + positions_.size(), 1);
  }

  uint32_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  DocNum last() const { return count_ == 0 ? kNoDoc : last_; }
  // Bytes held (streams and skip data).
  size_t bytes() const {
    return docs_.size() + positions_.size() + skips_.size() * sizeof(Skip);
  }

  // Blocks of kSkipInterval postings (the last one may be shorter).
  uint32_t blocks() const {
    return count_ == 0 ? 0 : static_cast<uint32_t>(skips_.size()) + 1;
  }
  // The last doc of block `b` (< blocks()).
  DocNum BlockLast(uint32_t b) const {
    return b < skips_.size() ? skips_[b].last_doc : last_;
  }
  // The block holding the first doc >= `target`, searching from block
  // `from` on; blocks() when there is none.
  uint32_t BlockOf(DocNum target, uint32_t from = 0) const;
  // About how many postings have a doc < `target` (exact at block ends,
  // interpolated within a block): for estimating counts of skipped ranges.
  double CountBelow(DocNum target) const;

  // Iterates the postings in doc order. Starts before the first posting:
  // call Next() or SkipTo() first.
  //
  // A cursor decodes one skip block of doc numbers and term frequencies at
  // a time into arrays it holds, so moving within a block is an array step
  // and a SkipTo() past a block never decodes it. Positions are found
  // lazily, so that AND queries never walk them.
  class Cursor {
   public:
    Cursor() = default;
    explicit Cursor(const PostingList* list) : list_(list) {}

    // Moves to the next posting; its doc, or kNoDoc at the end.
    DocNum Next() {
      if (started_ && doc_ != kNoDoc && i_ + 1 < n_) return doc_ = docs_[++i_];
      return NextSlow();
    }
    // Moves to the first posting with doc >= target (never backwards); its
    // doc, or kNoDoc at the end.
    DocNum SkipTo(DocNum target) {
      if (started_ && doc_ >= target) return doc_;  // kNoDoc included.
      return SkipToSlow(target);
    }
    DocNum doc() const { return doc_; }
    uint32_t tf() const { return n_ == 0 ? 0 : tfs_[i_]; }
    // Postings before the current one (the list's size at the end).
    uint32_t ordinal() const {
      if (!started_) return 0;
      if (doc_ == kNoDoc) return list_ == nullptr ? 0 : list_->count_;
      return block_ * kSkipInterval + i_;
    }
    // The current posting's positions (decoded on demand).
    void Positions(std::vector<uint32_t>* out) const;

   private:
    DocNum NextSlow();
    DocNum SkipToSlow(DocNum target);
    // Decodes block `b` (which exists) and stands on its first posting.
    void LoadBlock(uint32_t b);

    const PostingList* list_ = nullptr;
    DocNum doc_ = kNoDoc;
    bool started_ = false;
    uint32_t block_ = 0;  // The decoded block.
    uint32_t n_ = 0;      // Its postings (0 before the first decode).
    uint32_t i_ = 0;      // The current one.
    // Where the block's positions start, and a point already walked to:
    // the start of posting pos_index_'s positions, at pos_seen_off_.
    size_t block_pos_off_ = 0;
    mutable uint32_t pos_index_ = 0;
    mutable size_t pos_seen_off_ = 0;
    DocNum docs_[kSkipInterval];
    uint32_t tfs_[kSkipInterval];
  };
  // At least the largest tf / (tf + a + b * length) of block `bb`'s
  // postings (BM25's share of a term before its weight), with length =
  // length_of(doc): the exact largest share, not a bound made of the
  // largest tf and the smallest length, which may belong to different
  // postings. Computed the first time with
  // b * kBoundSlack and kept while later calls pass a b no smaller than
  // that (the value only grows as b shrinks; b falls slowly as documents
  // lengthen the average) and the same `a` or a larger one. 1 (no bound)
  // for the last block, which may still grow.
  static constexpr double kBoundSlack = 0.95;
  template <typename LengthOf>
  double BlockBound(uint32_t bb, double a, double b,
                    LengthOf&& length_of) const {
    if (bb >= skips_.size()) return 1.0;
    const Skip& s = skips_[bb];
    const uint64_t packed =
        std::atomic_ref<uint64_t>(s.bound).load(std::memory_order_relaxed);
    float a0 = std::atomic_ref<float>(bound_a_).load(std::memory_order_relaxed);
    if (a0 == 0) {
      // The first caller fixes the `a` every cached bound uses.
      // Rounded down: a smaller `a` only raises the bound.
      float down = static_cast<float>(a);
      if (static_cast<double>(down) > a) down = std::nextafter(down, 0.0f);
      float expected = 0;
      std::atomic_ref<float>(bound_a_).compare_exchange_strong(
          expected, down, std::memory_order_relaxed);
      a0 = std::atomic_ref<float>(bound_a_).load(std::memory_order_relaxed);
    }
    if (a < a0) return 1.0;  // Another scoring than the cached bounds'.
    if (packed != 0) {
      const float bound = std::bit_cast<float>(static_cast<uint32_t>(packed));
      const float b0 =
          std::bit_cast<float>(static_cast<uint32_t>(packed >> 32));
      if (b >= b0) return bound;
    }
    // Rounded so that the stored b0 and bound stay on the safe side.
    float b0 = static_cast<float>(b * kBoundSlack);
    if (static_cast<double>(b0) > b * kBoundSlack)
      b0 = std::nextafter(b0, 0.0f);
    DocNum docs[kSkipInterval];
    uint32_t tfs[kSkipInterval];
    DecodeBlock(bb, docs, tfs);
    double best = 0;
    for (uint32_t k = 0; k < kSkipInterval; ++k) {
      const double tf = tfs[k];
      best = std::max(best, tf / (tf + a0 + b0 * length_of(docs[k])));
    }
    float bound = static_cast<float>(best);
    if (static_cast<double>(bound) < best) bound = std::nextafter(bound, 2.0f);
    // Racing searches store pairs that are each a valid bound.
    std::atomic_ref<uint64_t>(s.bound).store(
        static_cast<uint64_t>(std::bit_cast<uint32_t>(bound)) |
            static_cast<uint64_t>(std::bit_cast<uint32_t>(b0)) << 32,
        std::memory_order_relaxed);
    return bound;
  }

  Cursor cursor() const { return Cursor(this); }

 private:
  struct Skip {
    DocNum last_doc;   // Last doc before the block.
    uint32_t doc_off;  // Where the block starts in docs_.
    uint32_t pos_off;  // And in positions_.
    // BlockBound()'s cache for the block ending at last_doc: the bound's
    // float bits, then b0's (0 until computed). Filled through atomic_ref.
    mutable uint64_t bound = 0;
  };
  friend class Cursor;

  // Decodes the doc numbers and term frequencies of full block `b`.
  void DecodeBlock(uint32_t b, DocNum* docs, uint32_t* tfs) const;
  // Starts a block after the current last one (at count_).
  void PushSkip() {
    skips_.push_back({last_, static_cast<uint32_t>(docs_.size()),
                      static_cast<uint32_t>(positions_.size())});
  }

  std::string docs_;       // Per posting: varint doc delta, varint tf.
  std::string positions_;  // Per posting: tf varint position deltas.
  std::vector<Skip> skips_;
  uint32_t count_ = 0;
  DocNum last_ = 0;
  mutable float bound_a_ = 0;  // The `a` of BlockBound()'s cached bounds.
};

// Blob framing: varint count, varint size of the doc stream, the doc
// stream (first delta from 0), then the positions stream.
// Decodes a blob's postings in full; false when it is malformed.
struct DecodedPosting {
  DocNum doc;
  std::vector<uint32_t> positions;
};
bool DecodeBlob(std::string_view blob, std::vector<DecodedPosting>* out);

}  // namespace ink::store
