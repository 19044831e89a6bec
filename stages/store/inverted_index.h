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
#include <cstring>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ink/v1/envelope.pb.h"
#include "stages/store/chunked_vector.h"
#include "stages/store/coding.h"
#include "stages/store/posting_list.h"

namespace ink::store {

// Hash of a term as the index and DocTerms compute it (in memory only,
// never persisted). Inline and word-at-a-time: every token of every
// indexed document is hashed, and terms are short (a few CJK characters
// or a word), where a library hash spends most of its time on the call
// and the tail bytes.
inline uint64_t TermHash(std::string_view term) {
  const auto mix = [](uint64_t a, uint64_t b) {
    const unsigned __int128 m = static_cast<unsigned __int128>(a) * b;
    return static_cast<uint64_t>(m) ^ static_cast<uint64_t>(m >> 64);
  };
  const auto load64 = [](const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
  };
  const auto load32 = [](const char* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return static_cast<uint64_t>(v);
  };
  constexpr uint64_t k0 = 0xa0761d6478bd642fULL, k1 = 0xe7037ed1a0b428dbULL;
  const char* p = term.data();
  size_t n = term.size();
  uint64_t h = k0 ^ (n * k1);
  for (; n > 8; n -= 8, p += 8) h = mix(h ^ load64(p), k1);
  // The last 1-8 bytes (overlapping loads), or none for an empty term.
  uint64_t a = 0, b = 0;
  if (n >= 4) {
    a = load32(p);
    b = load32(p + n - 4);
  } else if (n > 0) {
    a = static_cast<unsigned char>(p[0]);
    b = (static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8) |
        static_cast<unsigned char>(p[n - 1]);
  }
  return mix(h ^ a ^ (b << 32) ^ k1, k0 ^ n);
}

// The indexed terms of one document: per field, terms with their ascending
// distinct positions, and the field's length (distinct positions holding a
// term). Held flat (one byte arena, one position array per field, the
// terms' hashes computed once), so filling it costs no allocation per term.
class DocTerms {
 public:
  static int Slot(Field f) { return f == Field::kTitle ? 0 : 1; }

  // Fills the slot of `f` from a segmented field, terms in order of first
  // occurrence: stop tokens and terms holding a NUL byte are skipped;
  // sub-words share their parent's position.
  void AddField(Field f, const v1::SegmentedField& field);
  // Adds one term to a slot; `positions` must be ascending and distinct,
  // and the term new to the slot.
  void Add(int slot, std::string_view term,
           std::span<const uint32_t> positions);
  void Clear();

  size_t size(int slot) const { return entries_[slot].size(); }
  std::string_view term(int slot, size_t i) const {
    const Entry& e = entries_[slot][i];
    return std::string_view(text_).substr(e.text, e.text_size);
  }
  uint64_t hash(int slot, size_t i) const { return entries_[slot][i].hash; }
  std::span<const uint32_t> positions(int slot, size_t i) const {
    const Entry& e = entries_[slot][i];
    return std::span<const uint32_t>(positions_[slot])
        .subspan(e.first, e.count);
  }

  uint32_t length[2] = {0, 0};  // kFields order.

  // An upper bound of the size of EncodeDocTerms(*this).
  size_t EncodedSizeBound() const;
  // Bytes its buffers hold (allocated, used or not).
  size_t buffer_bytes() const {
    size_t n = text_.capacity();
    for (int slot = 0; slot < 2; ++slot) {
      n += entries_[slot].capacity() * sizeof(Entry) +
           positions_[slot].capacity() * sizeof(uint32_t);
    }
    return n;
  }

 private:
  struct Entry {
    uint64_t hash;             // TermHash of the term.
    uint32_t text, text_size;  // The term in text_.
    uint32_t first, count;     // Its positions in positions_[slot].
  };
  std::string text_;
  std::vector<Entry> entries_[2];
  std::vector<uint32_t> positions_[2];
};

// Binary form of DocTerms (the store's pending records): per field in
// kFields order, varint length, varint term count, then per term a
// length-prefixed norm, varint tf and tf varint position deltas.
std::string EncodeDocTerms(const DocTerms& terms);
// The same bytes, written at the start of *buffer (grown when needed, never
// shrunk: a buffer reused across documents is neither reallocated nor
// cleared); the view covers them.
std::string_view EncodeDocTerms(const DocTerms& terms, std::string* buffer);
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
  // Removes `doc` from the lists of `keys` (from KeysOf); lists left empty
  // are no longer found.
  void Remove(DocNum doc, const std::vector<std::string>& keys);

  // Calls fn for every non-empty list, in no particular order.
  void ForEach(const std::function<void(std::string_view key,
                                        const PostingList&)>& fn) const;

  size_t terms() const;  // Non-empty lists.
  uint64_t postings() const;
  size_t bytes() const;

 private:
  // Open addressing with linear probing over a power-of-two table: a term
  // costs one probe of an 8-byte slot and one key comparison instead of a
  // node hop per lookup, which dominated indexing. Lists are never
  // removed, only emptied, so ids stay valid.
  struct Slot {
    uint32_t tag = 0;       // High bits of the key's hash.
    uint32_t id = kNoSlot;  // Index into keys_ and lists_.
  };
  static constexpr uint32_t kNoSlot = UINT32_MAX;

  // The id of `key` (whose KeyHash is `hash`), or kNoSlot; Insert adds
  // an empty list when missing.
  uint32_t Lookup(std::string_view key, uint64_t hash) const;
  // Insert takes the key as its field byte and term (Add builds no key).
  uint32_t Insert(char field, std::string_view term, uint64_t hash);
  // Insert() where Reserve() already made room for the key.
  uint32_t InsertReserved(char field, std::string_view term, uint64_t hash);
  // Makes room for `more` new keys at most half filling the table.
  void Reserve(size_t more);

  std::vector<Slot> slots_;
  // By id; chunked so that growing moves nothing (chunked_vector.h).
  ChunkedVector<std::string> keys_;
  ChunkedVector<PostingList> lists_;
};

}  // namespace ink::store
