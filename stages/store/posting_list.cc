#include "stages/store/posting_list.h"

#include <algorithm>

#include "stages/store/coding.h"

namespace ink::store {
namespace {

void PutVarint32(std::string* dst, uint32_t v) {
  char buf[5];
  size_t n = 0;
  while (v >= 0x80) {
    buf[n++] = static_cast<char>(v | 0x80);
    v >>= 7;
  }
  buf[n++] = static_cast<char>(v);
  dst->append(buf, n);
}

// Decodes a varint at data[*off] (bounded by size); false when truncated or
// longer than 5 bytes.
inline bool GetVarint32(const char* data, size_t size, size_t* off,
                        uint32_t* v) {
  uint32_t result = 0;
  for (int shift = 0; shift <= 28 && *off < size; shift += 7) {
    const uint32_t byte = static_cast<unsigned char>(data[(*off)++]);
    result |= (byte & 0x7F) << shift;
    if (byte < 0x80) {
      *v = result;
      return true;
    }
  }
  return false;
}

// Advances *off past n varints.
inline void SkipVarints(const std::string& s, size_t* off, uint32_t n) {
  while (n > 0 && *off < s.size()) {
    if (static_cast<unsigned char>(s[(*off)++]) < 0x80) --n;
  }
}

}  // namespace

bool PostingList::Append(DocNum doc, std::span<const uint32_t> positions) {
  if (positions.empty() || doc == kNoDoc) return false;
  if (count_ > 0 && doc <= last_) return false;
  if (count_ > 0 && count_ % kSkipInterval == 0) {
    skips_.push_back({last_, static_cast<uint32_t>(docs_.size()),
                      static_cast<uint32_t>(positions_.size())});
  }
  // Sized once and written through a pointer: appending varint by varint
  // was a large part of indexing.
  size_t at = docs_.size();
  docs_.resize(at + 2 * kMaxVarint32Bytes);
  char* out =
      EncodeVarint32(docs_.data() + at, count_ == 0 ? doc : doc - last_);
  out = EncodeVarint32(out, static_cast<uint32_t>(positions.size()));
  docs_.resize(out - docs_.data());
  at = positions_.size();
  positions_.resize(at + kMaxVarint32Bytes * positions.size());
  out = positions_.data() + at;
  uint32_t prev = 0;
  for (uint32_t p : positions) {
    out = EncodeVarint32(out, p - prev);
    prev = p;
  }
  positions_.resize(out - positions_.data());
  last_ = doc;
  ++count_;
  return true;
}

bool PostingList::Remove(DocNum doc) {
  std::vector<DecodedPosting> all;
  if (!DecodeBlob(EncodeBlob(), &all)) return false;
  auto it =
      std::find_if(all.begin(), all.end(),
                   [doc](const DecodedPosting& p) { return p.doc == doc; });
  if (it == all.end()) return false;
  all.erase(it);
  *this = PostingList();
  for (const DecodedPosting& p : all) Append(p.doc, p.positions);
  return true;
}

std::string PostingList::EncodeBlob(DocNum from) const {
  std::string docs, positions;
  uint32_t n = 0;
  DocNum prev = 0;
  std::vector<uint32_t> pos;
  Cursor c(this);
  for (DocNum d = c.SkipTo(from); d != kNoDoc; d = c.Next()) {
    PutVarint32(&docs, n == 0 ? d : d - prev);
    PutVarint32(&docs, c.tf());
    c.Positions(&pos);
    uint32_t p0 = 0;
    for (uint32_t p : pos) {
      PutVarint32(&positions, p - p0);
      p0 = p;
    }
    prev = d;
    ++n;
  }
  std::string out;
  PutVarint32(&out, n);
  PutVarint32(&out, static_cast<uint32_t>(docs.size()));
  out += docs;
  out += positions;
  return out;
}

namespace {

// A segment blob: varint count, varint size of the doc part, the doc part
// (delta, tf per posting), then the position part (deltas).
struct BlobParts {
  uint32_t count = 0;
  const char* docs = nullptr;
  size_t docs_size = 0;
  const char* positions = nullptr;
  size_t positions_size = 0;
};

bool SplitBlob(std::string_view blob, BlobParts* b) {
  size_t off = 0;
  uint32_t docs_size = 0;
  if (!GetVarint32(blob.data(), blob.size(), &off, &b->count) ||
      !GetVarint32(blob.data(), blob.size(), &off, &docs_size) ||
      docs_size > blob.size() - off)
    return false;
  b->docs = blob.data() + off;
  b->docs_size = docs_size;
  b->positions = b->docs + docs_size;
  b->positions_size = blob.size() - off - docs_size;
  return true;
}

}  // namespace

bool DecodeBlob(std::string_view blob, std::vector<DecodedPosting>* out) {
  out->clear();
  BlobParts b;
  if (!SplitBlob(blob, &b)) return false;
  const uint32_t n = b.count;
  const char* docs = b.docs;
  const size_t docs_size = b.docs_size;
  const char* pos = b.positions;
  const size_t pos_size = b.positions_size;
  size_t doff = 0, poff = 0;
  DocNum prev = 0;
  out->reserve(n);
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t delta = 0, tf = 0;
    if (!GetVarint32(docs, docs_size, &doff, &delta) ||
        !GetVarint32(docs, docs_size, &doff, &tf) || tf == 0 ||
        (i > 0 && delta == 0)) {
      return false;
    }
    DecodedPosting& p = out->emplace_back();
    p.doc = i == 0 ? delta : prev + delta;
    if (p.doc < prev || p.doc == kNoDoc) return false;  // Overflow.
    prev = p.doc;
    uint32_t at = 0;
    p.positions.reserve(tf);
    for (uint32_t k = 0; k < tf; ++k) {
      uint32_t d = 0;
      if (!GetVarint32(pos, pos_size, &poff, &d)) return false;
      at += d;
      p.positions.push_back(at);
    }
  }
  return doff == docs_size && poff == pos_size;
}

bool PostingList::AppendBlob(std::string_view blob) {
  // Streams the blob into the list without decoding it into postings (a
  // store's open appends every segment blob): doc deltas are re-based on
  // the list's last doc, position varints are copied as they are (the
  // blob's and the list's encodings agree). A malformed blob rolls back.
  BlobParts b;
  if (!SplitBlob(blob, &b)) return false;
  const uint32_t n = b.count;
  const char* docs = b.docs;
  const size_t docs_size = b.docs_size;
  const char* pos = b.positions;
  const size_t pos_size = b.positions_size;
  const size_t old_docs = docs_.size(), old_positions = positions_.size();
  const size_t old_skips = skips_.size();
  const uint32_t old_count = count_;
  const DocNum old_last = last_;
  auto fail = [&] {
    docs_.resize(old_docs);
    positions_.resize(old_positions);
    skips_.resize(old_skips);
    count_ = old_count;
    last_ = old_last;
    return false;
  };
  size_t doff = 0, poff = 0;
  DocNum prev = 0;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t delta = 0, tf = 0;
    if (!GetVarint32(docs, docs_size, &doff, &delta) ||
        !GetVarint32(docs, docs_size, &doff, &tf) || tf == 0 ||
        (i > 0 && delta == 0)) {
      return fail();
    }
    const DocNum doc = i == 0 ? delta : prev + delta;
    if (doc < prev || doc == kNoDoc) return fail();  // Overflow.
    if (count_ > 0 && doc <= last_) return fail();   // Out of order.
    prev = doc;
    const size_t pos_begin = poff;
    for (uint32_t k = 0; k < tf; ++k) {
      uint32_t unused = 0;
      if (!GetVarint32(pos, pos_size, &poff, &unused)) return fail();
    }
    if (count_ > 0 && count_ % kSkipInterval == 0) {
      skips_.push_back({last_, static_cast<uint32_t>(docs_.size()),
                        static_cast<uint32_t>(positions_.size())});
    }
    PutVarint32(&docs_, count_ == 0 ? doc : doc - last_);
    PutVarint32(&docs_, tf);
    positions_.append(pos + pos_begin, poff - pos_begin);
    last_ = doc;
    ++count_;
  }
  if (doff != docs_size || poff != pos_size) return fail();
  return true;
}

DocNum PostingList::Cursor::Next() {
  if (list_ == nullptr || index_ >= list_->count_) {
    doc_ = kNoDoc;
    return doc_;
  }
  const std::string& docs = list_->docs_;
  if (index_ % kSkipInterval == 0) {
    // A block starts: its positions start at the skip entry's offset.
    block_pos_off_ =
        index_ == 0 ? 0 : list_->skips_[index_ / kSkipInterval - 1].pos_off;
    pos_before_ = 0;
    pos_seen_off_ = block_pos_off_;
    pos_seen_ = 0;
  } else {
    pos_before_ += tf_;
  }
  uint32_t delta = 0, tf = 0;
  GetVarint32(docs.data(), docs.size(), &doc_off_, &delta);
  GetVarint32(docs.data(), docs.size(), &doc_off_, &tf);
  doc_ = index_ == 0 ? delta : prev_ + delta;
  prev_ = doc_;
  tf_ = tf;
  ++index_;
  started_ = true;
  return doc_;
}

DocNum PostingList::Cursor::SkipTo(DocNum target) {
  if (list_ == nullptr) return doc_ = kNoDoc;
  if (started_ && (doc_ == kNoDoc || doc_ >= target)) return doc_;
  const auto& skips = list_->skips_;
  // The block of the next posting; a target inside it needs no jump.
  const size_t next_block = index_ / kSkipInterval;
  if (next_block < skips.size() && skips[next_block].last_doc < target) {
    // The last block whose preceding doc is < target.
    auto it = std::lower_bound(
        skips.begin() + static_cast<ptrdiff_t>(next_block), skips.end(), target,
        [](const Skip& s, DocNum t) { return s.last_doc < t; });
    const size_t block = static_cast<size_t>(it - skips.begin());  // >= 1.
    const uint32_t start = static_cast<uint32_t>(block * kSkipInterval);
    if (start > index_) {
      const Skip& s = skips[block - 1];
      doc_off_ = s.doc_off;
      prev_ = s.last_doc;
      index_ = start;
    }
  }
  DocNum d;
  do {
    d = Next();
  } while (d != kNoDoc && d < target);
  return d;
}

void PostingList::Cursor::Positions(std::vector<uint32_t>* out) const {
  out->clear();
  if (list_ == nullptr || doc_ == kNoDoc) return;
  const std::string& pos = list_->positions_;
  if (pos_seen_ > pos_before_) {
    pos_seen_off_ = block_pos_off_;
    pos_seen_ = 0;
  }
  SkipVarints(pos, &pos_seen_off_, pos_before_ - pos_seen_);
  pos_seen_ = pos_before_;
  size_t off = pos_seen_off_;
  uint32_t at = 0;
  for (uint32_t k = 0; k < tf_; ++k) {
    uint32_t d = 0;
    if (!GetVarint32(pos.data(), pos.size(), &off, &d)) return;
    at += d;
    out->push_back(at);
  }
}

}  // namespace ink::store
