// The in-memory inverted index of the store: one PostingList per (field,
// term), on dense document numbers, plus the per-document term lists
// ("document terms") from which a document's postings are built and
// rebuilt. The store keeps every posting list in memory and persists them
// as segment blobs (see store.h).
//
// Thread-compatibility: const methods may be called concurrently; mutation
// must not overlap any other call.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ink/v1/envelope.pb.h"
#include "stages/store/coding.h"
#include "stages/store/posting_list.h"

namespace ink::store {

// The indexed terms of one document: per field, norm -> ascending distinct
// positions, and the field's length (distinct positions holding a term).
struct DocTerms {
  std::map<std::string, std::vector<uint32_t>> terms[2];  // kFields order.
  uint32_t length[2] = {0, 0};

  static int Slot(Field f) { return f == Field::kTitle ? 0 : 1; }
  // Fills the slot of `f` from a segmented field: stop tokens and terms
  // holding a NUL byte are skipped; sub-words share their parent's position.
  void AddField(Field f, const v1::SegmentedField& field);
};

// Binary form of DocTerms (the store's pending records): per field in
// kFields order, varint length, varint term count, then per term a
// length-prefixed norm, varint tf and tf varint position deltas.
std::string EncodeDocTerms(const DocTerms& terms);
bool DecodeDocTerms(std::string_view in, DocTerms* terms);

// Key of a (field, term) posting list: field byte + term.
inline std::string IndexKey(Field f, std::string_view term) {
  std::string k(1, static_cast<char>(f));
  k.append(term);
  return k;
}

class InvertedIndex {
 public:
  InvertedIndex() = default;
  InvertedIndex(InvertedIndex&&) = default;
  InvertedIndex& operator=(InvertedIndex&&) = default;
  InvertedIndex(const InvertedIndex&) = delete;
  InvertedIndex& operator=(const InvertedIndex&) = delete;

  // The list of (field, term), or nullptr when no document has it.
  const PostingList* Find(Field f, std::string_view term) const;
  const PostingList* FindKey(std::string_view key) const;

  // Adds a document's postings; `doc` must exceed every doc already added
  // to the lists it touches (false otherwise, nothing is half-added only
  // when the first list refuses).
  bool Add(DocNum doc, const DocTerms& terms);
  // Appends a segment blob to the list of `key`; false when malformed or
  // out of order.
  bool AppendBlob(std::string_view key, std::string_view blob);
  // The keys of the lists holding `doc`. Cost: every list is probed.
  std::vector<std::string> KeysOf(DocNum doc) const;
  // Removes `doc` from the lists of `keys` (from KeysOf); empty lists are
  // dropped.
  void Remove(DocNum doc, const std::vector<std::string>& keys);

  // Calls fn for every list, in no particular order.
  void ForEach(const std::function<void(std::string_view key,
                                        const PostingList&)>& fn) const;

  size_t terms() const { return lists_.size(); }
  uint64_t postings() const;
  size_t bytes() const;

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const {
      return std::hash<std::string_view>()(s);
    }
  };
  std::unordered_map<std::string, PostingList, Hash, std::equal_to<>> lists_;
};

}  // namespace ink::store
