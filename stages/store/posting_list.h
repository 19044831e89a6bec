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
// Thread-compatibility: const methods and cursors may be used concurrently;
// Append/Remove must not run concurrently with anything else on the list.
#pragma once

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
  };
  friend class Cursor;

  std::string docs_;       // Per posting: varint doc delta, varint tf.
  std::string positions_;  // Per posting: tf varint position deltas.
  std::vector<Skip> skips_;
  uint32_t count_ = 0;
  DocNum last_ = 0;
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
