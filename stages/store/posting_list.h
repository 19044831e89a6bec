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
  class Cursor {
   public:
    Cursor() = default;
    explicit Cursor(const PostingList* list) : list_(list) {}

    // Moves to the next posting; its doc, or kNoDoc at the end.
    DocNum Next();
    // Moves to the first posting with doc >= target (never backwards); its
    // doc, or kNoDoc at the end.
    DocNum SkipTo(DocNum target);
    DocNum doc() const { return doc_; }
    uint32_t tf() const { return tf_; }
    // The current posting's positions (decoded on demand).
    void Positions(std::vector<uint32_t>* out) const;

   private:
    const PostingList* list_ = nullptr;
    size_t doc_off_ = 0;  // Next byte of the doc stream.
    uint32_t index_ = 0;  // Postings consumed.
    DocNum doc_ = kNoDoc;
    DocNum prev_ = 0;
    uint32_t tf_ = 0;
    bool started_ = false;
    // Positions are found lazily, so that AND queries never walk them:
    // the block's start in the positions stream and how many position
    // varints of the block precede the current posting.
    size_t block_pos_off_ = 0;
    uint32_t pos_before_ = 0;
    // A point already walked to: pos_seen_ varints past block_pos_off_.
    mutable size_t pos_seen_off_ = 0;
    mutable uint32_t pos_seen_ = 0;
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
