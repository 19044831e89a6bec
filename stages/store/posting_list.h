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
// Each full block also has an impact (BlockImpact): its largest term
// frequency and smallest field length per occurrence, which bound the BM25
// score of any of its postings, so that a top-k search skips blocks that
// cannot reach the page. Impacts live in memory only (segments are
// unchanged): Append() computes them when given field lengths, otherwise
// Impact() computes one the first time it is asked.
//
// Thread-compatibility: const methods and cursors may be used concurrently
// (Impact() fills its cache atomically); Append/Remove must not run
// concurrently with anything else on the list.
#pragma once

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ink::store {

using DocNum = uint32_t;
inline constexpr DocNum kNoDoc = UINT32_MAX;

// What a block of postings can score at most: for every posting in it,
// tf <= max_tf and field_length >= min_length_per_tf * tf. BM25's
// tf / (tf + A + B * length) = 1 / (1 + A / tf + B * length / tf) is then
// at most max_tf / (max_tf + A + B * min_length_per_tf * max_tf). max_tf 0
// means unknown (no bound).
struct BlockImpact {
  uint32_t max_tf = 0;
  float min_length_per_tf = 0;  // Rounded down.
  bool known() const { return max_tf > 0; }
};

class PostingList {
 public:
  static constexpr uint32_t kSkipInterval = 128;

  // Adds a posting; `doc` must be greater than every doc already in the
  // list (false otherwise) and `positions` non-empty and ascending.
  // `field_length` is the length of the doc's field (the BM25 length the
  // search uses), for the block's impact; 0 when not known (Impact() then
  // computes it when asked).
  bool Append(DocNum doc, std::span<const uint32_t> positions,
              uint32_t field_length = 0);
  bool Append(DocNum doc, const std::vector<uint32_t>& positions,
              uint32_t field_length = 0) {
    return Append(doc, std::span<const uint32_t>(positions), field_length);
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

  // The impact of block `b` (< blocks()): unknown for the last block,
  // which may still grow. A full block's impact not computed by Append is
  // computed from `length_of(doc)` (the doc's field length, as Append
  // would have been given) the first time, and kept.
  template <typename LengthOf>
  BlockImpact Impact(uint32_t b, LengthOf&& length_of) const {
    if (b >= skips_.size()) return {};
    const Skip& s = skips_[b];
    const uint32_t known =
        std::atomic_ref<uint32_t>(s.max_tf).load(std::memory_order_acquire);
    if (known > 0) {
      return {known, std::atomic_ref<float>(s.min_length_per_tf)
                         .load(std::memory_order_relaxed)};
    }
    DocNum docs[kSkipInterval];
    uint32_t tfs[kSkipInterval];
    DecodeBlock(b, docs, tfs);
    BlockStats stats;
    for (uint32_t k = 0; k < kSkipInterval; ++k)
      stats.Add(tfs[k], length_of(docs[k]));
    // Racing searches store the same values.
    std::atomic_ref<float>(s.min_length_per_tf)
        .store(stats.min_length_per_tf, std::memory_order_relaxed);
    std::atomic_ref<uint32_t>(s.max_tf).store(stats.max_tf,
                                              std::memory_order_release);
    return {stats.max_tf, stats.min_length_per_tf};
  }

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
  Cursor cursor() const { return Cursor(this); }

 private:
  struct Skip {
    DocNum last_doc;   // Last doc before the block.
    uint32_t doc_off;  // Where the block starts in docs_.
    uint32_t pos_off;  // And in positions_.
    // The impact of the block ending at last_doc (BlockImpact; max_tf 0
    // until known). Filled by const Impact() through atomic_ref.
    mutable uint32_t max_tf = 0;
    mutable float min_length_per_tf = 0;
  };
  friend class Cursor;

  // The running impact of the block being appended to.
  struct BlockStats {
    uint32_t max_tf = 0;
    float min_length_per_tf = INFINITY;
    void Add(uint32_t tf, uint32_t length) {
      max_tf = std::max(max_tf, tf);
      // Rounded down, so that the bound it gives stays a bound.
      const double exact = static_cast<double>(length) / tf;
      float f = static_cast<float>(exact);
      if (static_cast<double>(f) > exact) f = std::nextafter(f, 0.0f);
      min_length_per_tf = std::min(min_length_per_tf, f);
    }
  };
  // Decodes the doc numbers and term frequencies of full block `b`.
  void DecodeBlock(uint32_t b, DocNum* docs, uint32_t* tfs) const;
  // Starts a block after the current last one (at count_).
  void PushSkip();

  std::string docs_;       // Per posting: varint doc delta, varint tf.
  std::string positions_;  // Per posting: tf varint position deltas.
  std::vector<Skip> skips_;
  uint32_t count_ = 0;
  DocNum last_ = 0;
  BlockStats block_stats_;     // Of the last block.
  bool block_lengths_ = true;  // Every posting of it had a field length.
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
