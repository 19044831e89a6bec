#include "stages/store/inverted_index.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace ink::store {
namespace {

// The hash of an index key (field byte + term) from its term's hash, so
// that DocTerms' hashes serve the index.
uint64_t KeyHash(uint64_t term_hash, char field) {
  return term_hash ^ (static_cast<uint64_t>(static_cast<unsigned char>(field)) *
                      0x9E3779B97F4A7C15ULL);
}

uint64_t HashKey(std::string_view key) {
  return KeyHash(TermHash(key.substr(1)), key[0]);
}

// Occurrences of a field's terms are grouped through a table of this many
// slots per token at least (a power of two).
constexpr size_t kGroupSlotsPerToken = 2;

}  // namespace

void DocTerms::Clear() {
  text_.clear();
  for (int slot = 0; slot < 2; ++slot) {
    entries_[slot].clear();
    positions_[slot].clear();
    length[slot] = 0;
  }
}

void DocTerms::Add(int slot, std::string_view term,
                   std::span<const uint32_t> positions) {
  entries_[slot].push_back({TermHash(term), static_cast<uint32_t>(text_.size()),
                            static_cast<uint32_t>(term.size()),
                            static_cast<uint32_t>(positions_[slot].size()),
                            static_cast<uint32_t>(positions.size())});
  text_.append(term);
  positions_[slot].insert(positions_[slot].end(), positions.begin(),
                          positions.end());
}

void DocTerms::AddField(Field f, const v1::SegmentedField& field) {
  const int slot = Slot(f);
  std::vector<Entry>& entries = entries_[slot];
  std::vector<uint32_t>& positions = positions_[slot];
  entries.clear();
  positions.clear();
  // One pass over the tokens gives every kept occurrence its term's entry
  // through a small hash table (entries count their occurrences); the
  // positions are then placed term by term from that list, without
  // walking the tokens again. The scratch is reused: no allocation per
  // term, none per field once warm.
  // Slots hold generation << 32 | entry: a slot of an older generation
  // is free, so the table is cleared only when it grows (clearing it per
  // field cost as much as filling it).
  thread_local std::vector<uint64_t> table;
  thread_local uint32_t generation = 0;
  struct Occurrence {
    uint32_t entry, position;
  };
  thread_local std::vector<Occurrence> occurrences;
  const size_t n = static_cast<size_t>(field.tokens_size());
  size_t table_size = 16;
  while (table_size < n * kGroupSlotsPerToken) table_size *= 2;
  if (table.size() < table_size || ++generation == 0) {
    table.assign(std::max(table.size(), table_size), 0);
    generation = 1;
  }
  const uint64_t stamp = static_cast<uint64_t>(generation) << 32;
  occurrences.clear();
  occurrences.reserve(n);
  // The field's length: distinct positions. Tokens come in position order
  // (sub-words at their parent's), so counting changes suffices; they are
  // sorted only if an out-of-order position shows up.
  uint32_t distinct = 0, last_position = 0;
  bool in_order = true;
  const size_t mask = table_size - 1;
  // Each token is three dependent loads away (the message, its norm
  // string, the bytes): fetched ahead, they arrive while earlier tokens
  // are grouped instead of stalling the loop one after another.
  const auto& tokens = field.tokens();
  constexpr size_t kTokenAhead = 16, kNormAhead = 8;
  for (size_t k = 0; k < n; ++k) {
    if (k + kTokenAhead < n) __builtin_prefetch(&tokens.Get(k + kTokenAhead));
    if (k + kNormAhead < n) {
      const std::string& ahead = tokens.Get(k + kNormAhead).norm();
      __builtin_prefetch(&ahead);
      __builtin_prefetch(ahead.data());
    }
    const v1::Token& t = tokens.Get(k);
    const std::string& norm = t.norm();
    if (t.stop() || norm.empty()) continue;
    const uint64_t h = TermHash(norm);
    size_t i = h & mask;
    uint32_t e;
    for (;; i = (i + 1) & mask) {
      if ((table[i] & ~uint64_t{UINT32_MAX}) != stamp) {
        // A new term; '\0' ends the term in segment keys, so a term
        // holding one is skipped (never entered, so each of its
        // occurrences comes here).
        if (norm.find('\0') != std::string::npos) {
          e = UINT32_MAX;
          break;
        }
        e = static_cast<uint32_t>(entries.size());
        table[i] = stamp | e;
        entries.push_back({h, static_cast<uint32_t>(text_.size()),
                           static_cast<uint32_t>(norm.size()), 0, 0});
        text_.append(norm);
        break;
      }
      e = static_cast<uint32_t>(table[i]);
      const Entry& en = entries[e];
      if (en.hash == h &&
          std::string_view(text_).substr(en.text, en.text_size) == norm)
        break;
    }
    if (e == UINT32_MAX) continue;
    const uint32_t position = t.position();
    if (in_order) {
      if (distinct > 0 && position < last_position) {
        in_order = false;
      } else if (distinct == 0 || position != last_position) {
        ++distinct;
        last_position = position;
      }
    }
    occurrences.push_back({e, position});
    ++entries[e].count;
  }
  uint32_t first = 0;
  for (Entry& e : entries) {
    e.first = first;
    first += e.count;
    e.count = 0;
  }
  positions.resize(first);
  for (const Occurrence& o : occurrences) {
    Entry& e = entries[o.entry];
    positions[e.first + e.count++] = o.position;
  }
  // Tokens come in position order, sub-words at their parent's position:
  // sorting is rarely needed, removing repeats often.
  uint32_t out = 0;
  for (Entry& e : entries) {
    auto begin = positions.begin() + e.first;
    auto end = begin + e.count;
    if (!std::is_sorted(begin, end)) std::sort(begin, end);
    end = std::unique(begin, end);
    const uint32_t count = static_cast<uint32_t>(end - begin);
    // Moved only once a repeat was dropped before them.
    if (out != e.first) std::copy(begin, end, positions.begin() + out);
    e.first = out;
    e.count = count;
    out += count;
  }
  positions.resize(out);
  if (in_order) {
    length[slot] = distinct;
  } else {
    std::vector<uint32_t> all;
    all.reserve(occurrences.size());
    for (const Occurrence& o : occurrences) all.push_back(o.position);
    std::sort(all.begin(), all.end());
    length[slot] = static_cast<uint32_t>(std::unique(all.begin(), all.end()) -
                                         all.begin());
  }
}

size_t DocTerms::EncodedSizeBound() const {
  // Per slot its length and term count; per term the text's length, the
  // text and the tf; per position one delta.
  size_t bound = text_.size();
  for (int slot = 0; slot < 2; ++slot) {
    bound += 2 * kMaxVarint32Bytes +
             entries_[slot].size() * 2 * kMaxVarint32Bytes +
             positions_[slot].size() * kMaxVarint32Bytes;
  }
  return bound;
}

std::string_view EncodeDocTerms(const DocTerms& d, std::string* buffer) {
  // Sized once to the bound, then pointer writes.
  const size_t bound = d.EncodedSizeBound();
  if (buffer->size() < bound) buffer->resize(bound);
  char* const begin = buffer->data();
  char* p = begin;
  for (int slot = 0; slot < 2; ++slot) {
    p = EncodeVarint32(p, d.length[slot]);
    p = EncodeVarint32(p, static_cast<uint32_t>(d.size(slot)));
    for (size_t i = 0; i < d.size(slot); ++i) {
      const std::string_view term = d.term(slot, i);
      p = EncodeVarint32(p, static_cast<uint32_t>(term.size()));
      std::memcpy(p, term.data(), term.size());
      p += term.size();
      const std::span<const uint32_t> positions = d.positions(slot, i);
      p = EncodeVarint32(p, static_cast<uint32_t>(positions.size()));
      uint32_t prev = 0;
      for (uint32_t pos : positions) {
        p = EncodeVarint32(p, pos - prev);
        prev = pos;
      }
    }
  }
  return std::string_view(begin, static_cast<size_t>(p - begin));
}

std::string EncodeDocTerms(const DocTerms& d) {
  std::string buffer;
  return std::string(EncodeDocTerms(d, &buffer));
}

bool DecodeDocTerms(std::string_view in, DocTerms* d) {
  d->Clear();
  std::vector<uint32_t> positions;
  for (int slot = 0; slot < 2; ++slot) {
    uint64_t length = 0, n = 0;
    if (!GetVarint64(&in, &length) || !GetVarint64(&in, &n)) return false;
    d->length[slot] = static_cast<uint32_t>(length);
    for (uint64_t i = 0; i < n; ++i) {
      std::string_view term;
      uint64_t tf = 0;
      if (!GetLengthPrefixed(&in, &term) || !GetVarint64(&in, &tf) || tf == 0 ||
          tf > in.size()) {
        return false;
      }
      positions.clear();
      uint64_t at = 0;
      for (uint64_t k = 0; k < tf; ++k) {
        uint64_t delta = 0;
        if (!GetVarint64(&in, &delta)) return false;
        at += delta;
        positions.push_back(static_cast<uint32_t>(at));
      }
      d->Add(slot, term, positions);
    }
  }
  return in.empty();
}

uint32_t InvertedIndex::Lookup(std::string_view key, uint64_t h) const {
  if (slots_.empty()) return kNoSlot;
  const uint32_t tag = static_cast<uint32_t>(h >> 32);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.id == kNoSlot) return kNoSlot;
    if (s.tag == tag && keys_[s.id] == key) return s.id;
  }
}

uint32_t InvertedIndex::Insert(char field, std::string_view term, uint64_t h) {
  Reserve(1);
  return InsertReserved(field, term, h);
}

uint32_t InvertedIndex::InsertReserved(char field, std::string_view term,
                                       uint64_t h) {
  const uint32_t tag = static_cast<uint32_t>(h >> 32);
  const size_t mask = slots_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    Slot& s = slots_[i];
    if (s.id == kNoSlot) {
      s = {tag, static_cast<uint32_t>(keys_.size())};
      std::string& key = keys_.emplace_back();
      key.reserve(term.size() + 1);
      key.push_back(field);
      key.append(term);
      lists_.emplace_back();
      return s.id;
    }
    if (s.tag != tag) continue;
    // The key is the field byte and the term, compared in place.
    const std::string& key = keys_[s.id];
    if (key.size() == term.size() + 1 && key[0] == field &&
        std::memcmp(key.data() + 1, term.data(), term.size()) == 0)
      return s.id;
  }
}

void InvertedIndex::Reserve(size_t more) {
  // At most half full, so probes stay short and a free slot exists.
  if ((keys_.size() + more) * 2 <= slots_.size()) return;
  size_t size = std::max<size_t>(slots_.size(), 1024);
  while ((keys_.size() + more) * 2 > size) size *= 2;
  std::vector<Slot> slots(size);
  const size_t mask = size - 1;
  for (uint32_t id = 0; id < keys_.size(); ++id) {
    const uint64_t h = HashKey(keys_[id]);
    size_t i = h & mask;
    while (slots[i].id != kNoSlot) i = (i + 1) & mask;
    slots[i] = {static_cast<uint32_t>(h >> 32), id};
  }
  slots_ = std::move(slots);
}

const PostingList* InvertedIndex::Find(Field f, std::string_view term) const {
  // Keys are short: the field byte and a word.
  char buf[64];
  if (term.size() < sizeof(buf)) {
    buf[0] = static_cast<char>(f);
    std::copy(term.begin(), term.end(), buf + 1);
    return FindKey(std::string_view(buf, term.size() + 1));
  }
  return FindKey(IndexKey(f, term));
}

const PostingList* InvertedIndex::FindKey(std::string_view key) const {
  if (key.empty()) return nullptr;
  const uint32_t id = Lookup(key, HashKey(key));
  return id == kNoSlot || lists_[id].empty() ? nullptr : &lists_[id];
}

bool InvertedIndex::Add(DocNum doc, const DocTerms& d) {
  Reserve(d.size(0) + d.size(1));
  // Indexing is bound by cache misses on the table, the lists and their
  // buffers: look-ups run kAhead terms ahead of the appends, prefetching
  // what the append will touch.
  constexpr size_t kAhead = 8;
  for (int slot = 0; slot < 2; ++slot) {
    const char field = static_cast<char>(kFields[slot]);
    const size_t n = d.size(slot);
    const size_t mask = slots_.size() - 1;
    for (size_t i = 0; i < n && i < kAhead; ++i)
      __builtin_prefetch(&slots_[KeyHash(d.hash(slot, i), field) & mask]);
    for (size_t i = 0; i < n; ++i) {
      if (i + kAhead < n) {
        __builtin_prefetch(
            &slots_[KeyHash(d.hash(slot, i + kAhead), field) & mask]);
      }
      if (i + kAhead / 2 < n) {
        // Its slot has arrived: fetch the key and the list's header.
        const Slot& s =
            slots_[KeyHash(d.hash(slot, i + kAhead / 2), field) & mask];
        if (s.id != kNoSlot) {
          __builtin_prefetch(keys_[s.id].data());
          __builtin_prefetch(&lists_[s.id]);
        }
      }
      if (i + 2 < n) {
        // Its header has arrived: fetch where the append writes.
        const Slot& s = slots_[KeyHash(d.hash(slot, i + 2), field) & mask];
        if (s.id != kNoSlot) lists_[s.id].PrefetchTail();
      }
      const uint32_t id = InsertReserved(field, d.term(slot, i),
                                         KeyHash(d.hash(slot, i), field));
      if (!lists_[id].Append(doc, d.positions(slot, i))) return false;
    }
  }
  return true;
}

bool InvertedIndex::AppendBlob(std::string_view key, std::string_view blob) {
  if (key.empty()) return false;
  return lists_[Insert(key[0], key.substr(1), HashKey(key))].AppendBlob(blob);
}

std::vector<std::string> InvertedIndex::KeysOf(DocNum doc) const {
  std::vector<std::string> keys;
  for (uint32_t id = 0; id < lists_.size(); ++id) {
    const PostingList& list = lists_[id];
    if (list.last() == kNoDoc || list.last() < doc) continue;
    PostingList::Cursor c = list.cursor();
    if (c.SkipTo(doc) == doc) keys.push_back(keys_[id]);
  }
  return keys;
}

void InvertedIndex::Remove(DocNum doc, const std::vector<std::string>& keys) {
  for (const std::string& key : keys) {
    const uint32_t id = key.empty() ? kNoSlot : Lookup(key, HashKey(key));
    if (id != kNoSlot) lists_[id].Remove(doc);
  }
}

void InvertedIndex::ForEach(
    const std::function<void(std::string_view, const PostingList&)>& fn) const {
  for (uint32_t id = 0; id < lists_.size(); ++id) {
    if (!lists_[id].empty()) fn(keys_[id], lists_[id]);
  }
}

size_t InvertedIndex::terms() const {
  size_t n = 0;
  for (size_t id = 0; id < lists_.size(); ++id) n += lists_[id].empty() ? 0 : 1;
  return n;
}

uint64_t InvertedIndex::postings() const {
  uint64_t n = 0;
  for (size_t id = 0; id < lists_.size(); ++id) n += lists_[id].size();
  return n;
}

size_t InvertedIndex::bytes() const {
  size_t n = slots_.size() * sizeof(Slot);
  for (uint32_t id = 0; id < lists_.size(); ++id)
    n += keys_[id].size() + lists_[id].bytes();
  return n;
}

}  // namespace ink::store
