#include "stages/store/posting_list.h"

#include <algorithm>
#include <cstring>

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

}  // namespace

namespace {

// Advances *off past n varints of data[0, size): eight bytes at a time,
// counting the bytes that end a varint (high bit clear).
inline void SkipVarintsFast(const char* data, size_t size, size_t* off,
                            uint32_t n) {
  size_t at = *off;
  while (n > 0 && at + 8 <= size) {
    uint64_t word;
    std::memcpy(&word, data + at, 8);
    uint64_t ends = ~word & 0x8080808080808080ULL;
    // One bit per byte at most: a multiply adds them up in the top byte
    // (no popcnt instruction is assumed).
    const uint32_t count =
        static_cast<uint32_t>(((ends >> 7) * 0x0101010101010101ULL) >> 56);
    if (count < n) {
      n -= count;
      at += 8;
      continue;
    }
    for (; n > 1; --n) ends &= ends - 1;  // Drops the first n - 1 ends.
    at += static_cast<size_t>(__builtin_ctzll(ends)) / 8 + 1;
    *off = at;
    return;
  }
  while (n > 0 && at < size) {
    if (static_cast<unsigned char>(data[at++]) < 0x80) --n;
  }
  *off = at;
}

}  // namespace

bool PostingList::Append(DocNum doc, std::span<const uint32_t> positions) {
  if (positions.empty() || doc == kNoDoc) return false;
  if (count_ > 0 && doc <= last_) return false;
  if (count_ > 0 && count_ % kSkipInterval == 0) PushSkip();
  // Encoded on the stack and appended once per stream: growing the
  // strings by resize() zero-filled the room first and cost two calls.
  char buf[2 * kMaxVarint32Bytes];
  char* out = EncodeVarint32(buf, count_ == 0 ? doc : doc - last_);
  out = EncodeVarint32(out, static_cast<uint32_t>(positions.size()));
  docs_.append(buf, out - buf);
  char pos_buf[32 * kMaxVarint32Bytes];
  out = pos_buf;
  uint32_t prev = 0;
  for (uint32_t p : positions) {
    if (out > pos_buf + sizeof(pos_buf) - kMaxVarint32Bytes) {
      positions_.append(pos_buf, out - pos_buf);
      out = pos_buf;
    }
    out = EncodeVarint32(out, p - prev);
    prev = p;
  }
  positions_.append(pos_buf, out - pos_buf);
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
  // The list's streams are the blob's streams: docs_ starts with the first
  // doc as a delta from 0 and positions_ never depends on the doc numbers.
  // So the postings from `from` on are copied as bytes; only the first
  // one's doc delta is re-based on 0. (Decoding and re-encoding every
  // posting was a large part of writing a segment.)
  uint32_t index = 0;  // Postings before the copied ones.
  size_t doc_off = 0, pos_off = 0;
  DocNum first = kNoDoc;  // The first copied doc.
  size_t first_end = 0;   // Where its doc delta ends in docs_.
  if (count_ > 0 && from <= last_) {
    // The block holding the first doc >= from: skips_[b].last_doc is the
    // last doc of block b.
    const uint32_t b = static_cast<uint32_t>(
        std::lower_bound(
            skips_.begin(), skips_.end(), from,
            [](const Skip& s, DocNum t) { return s.last_doc < t; }) -
        skips_.begin());
    index = b * kSkipInterval;
    DocNum prev = b == 0 ? 0 : skips_[b - 1].last_doc;
    doc_off = b == 0 ? 0 : skips_[b - 1].doc_off;
    pos_off = b == 0 ? 0 : skips_[b - 1].pos_off;
    const char* data = docs_.data();
    for (;; ++index) {
      uint32_t delta = 0, tf = 0;
      size_t off = doc_off;
      // Written by Append/AppendBlob: well formed.
      GetVarint32(data, docs_.size(), &off, &delta);
      first_end = off;
      GetVarint32(data, docs_.size(), &off, &tf);
      prev += delta;
      if (prev >= from) {
        first = prev;
        break;
      }
      doc_off = off;
      SkipVarintsFast(positions_.data(), positions_.size(), &pos_off, tf);
    }
  }
  const uint32_t n = first == kNoDoc ? 0 : count_ - index;
  std::string out;
  if (n == 0) {
    out.push_back(0);  // Count 0, streams of 0 bytes.
    out.push_back(0);
    return out;
  }
  char head[kMaxVarint32Bytes];
  const size_t head_size = EncodeVarint32(head, first) - head;
  const size_t docs_size = head_size + (docs_.size() - first_end);
  const size_t pos_size = positions_.size() - pos_off;
  out.resize(3 * kMaxVarint32Bytes + docs_size + pos_size);
  char* p = EncodeVarint32(out.data(), n);
  p = EncodeVarint32(p, static_cast<uint32_t>(docs_size));
  p = std::copy(head, head + head_size, p);
  p = std::copy(docs_.begin() + first_end, docs_.end(), p);
  p = std::copy(positions_.begin() + pos_off, positions_.end(), p);
  out.resize(p - out.data());
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
    if (count_ > 0 && count_ % kSkipInterval == 0) PushSkip();
    PutVarint32(&docs_, count_ == 0 ? doc : doc - last_);
    PutVarint32(&docs_, tf);
    positions_.append(pos + pos_begin, poff - pos_begin);
    last_ = doc;
    ++count_;
  }
  if (doff != docs_size || poff != pos_size) return fail();
  return true;
}

void PostingList::DecodeBlock(uint32_t b, DocNum* docs, uint32_t* tfs) const {
  size_t off = b == 0 ? 0 : skips_[b - 1].doc_off;
  DocNum prev = b == 0 ? 0 : skips_[b - 1].last_doc;
  const uint32_t n = std::min(kSkipInterval, count_ - b * kSkipInterval);
  const char* data = docs_.data();
  const size_t size = docs_.size();
  for (uint32_t k = 0; k < n; ++k) {
    uint32_t delta = 0, tf = 0;
    GetVarint32(data, size, &off, &delta);  // Checked when written.
    GetVarint32(data, size, &off, &tf);
    prev += delta;
    docs[k] = prev;
    tfs[k] = tf;
  }
}

uint32_t PostingList::BlockOf(DocNum target, uint32_t from) const {
  if (count_ == 0 || target > last_) return blocks();
  // skips_[k].last_doc is the last doc of block k; the last block ends at
  // last_ (>= target).
  uint32_t b = std::min<uint32_t>(from, static_cast<uint32_t>(skips_.size()));
  if (b < skips_.size() && skips_[b].last_doc < target) {
    b = static_cast<uint32_t>(
        std::lower_bound(
            skips_.begin() + b + 1, skips_.end(), target,
            [](const Skip& s, DocNum t) { return s.last_doc < t; }) -
        skips_.begin());
  }
  return b;
}

double PostingList::CountBelow(DocNum target) const {
  if (count_ == 0) return 0;
  if (target > last_) return count_;
  const uint32_t b = BlockOf(target);
  DocNum first = 0;  // About the block's first doc.
  if (b > 0) {
    first = skips_[b - 1].last_doc + 1;
  } else {
    size_t off = 0;
    GetVarint32(docs_.data(), docs_.size(), &off, &first);
  }
  if (target <= first) return static_cast<double>(b) * kSkipInterval;
  const double n = std::min(kSkipInterval, count_ - b * kSkipInterval);
  const double span = static_cast<double>(BlockLast(b) - first) + 1;
  return static_cast<double>(b) * kSkipInterval +
         n * static_cast<double>(target - first) / span;
}

void PostingList::Cursor::LoadBlock(uint32_t b) {
  const PostingList& l = *list_;
  const std::string& docs = l.docs_;
  size_t off = b == 0 ? 0 : l.skips_[b - 1].doc_off;
  DocNum prev = b == 0 ? 0 : l.skips_[b - 1].last_doc;
  const uint32_t n = std::min(kSkipInterval, l.count_ - b * kSkipInterval);
  // The stream was checked when it was written (Append, AppendBlob): one
  // byte varints, the common case, take the short path.
  const char* data = docs.data();
  const size_t size = docs.size();
  for (uint32_t k = 0; k < n; ++k) {
    uint32_t delta = static_cast<unsigned char>(data[off]);
    if (delta < 0x80) {
      ++off;
    } else {
      GetVarint32(data, size, &off, &delta);
    }
    uint32_t tf = static_cast<unsigned char>(data[off]);
    if (tf < 0x80) {
      ++off;
    } else {
      GetVarint32(data, size, &off, &tf);
    }
    prev += delta;
    docs_[k] = prev;
    tfs_[k] = tf;
  }
  block_ = b;
  n_ = n;
  i_ = 0;
  block_pos_off_ = b == 0 ? 0 : l.skips_[b - 1].pos_off;
  pos_index_ = 0;
  pos_seen_off_ = block_pos_off_;
  doc_ = docs_[0];
}

DocNum PostingList::Cursor::NextSlow() {
  if (list_ == nullptr || list_->count_ == 0) {
    started_ = true;
    return doc_ = kNoDoc;
  }
  if (!started_) {
    started_ = true;
    LoadBlock(0);
    return doc_;
  }
  if (doc_ == kNoDoc) return doc_;
  if (i_ + 1 < n_) return doc_ = docs_[++i_];
  if ((block_ + 1) * kSkipInterval >= list_->count_) return doc_ = kNoDoc;
  LoadBlock(block_ + 1);
  return doc_;
}

DocNum PostingList::Cursor::SkipToSlow(DocNum target) {
  if (list_ == nullptr || list_->count_ == 0 || target == kNoDoc ||
      target > list_->last_) {
    started_ = true;
    return doc_ = kNoDoc;
  }
  // skips[k].last_doc is the last doc of block k; the last block ends at
  // last_ (>= target), so some block from the current one on holds it.
  const auto& skips = list_->skips_;
  const uint32_t from = started_ ? block_ : 0;
  uint32_t b = from;
  if (b < skips.size() && skips[b].last_doc < target) {
    ++b;
    if (b < skips.size() && skips[b].last_doc < target) {
      b = static_cast<uint32_t>(
          std::lower_bound(
              skips.begin() + b, skips.end(), target,
              [](const Skip& s, DocNum t) { return s.last_doc < t; }) -
          skips.begin());
    }
  }
  if (!started_ || b != block_) {
    started_ = true;
    LoadBlock(b);
  }
  while (docs_[i_] < target) ++i_;
  return doc_ = docs_[i_];
}

void PostingList::Cursor::Positions(std::vector<uint32_t>* out) const {
  if (list_ == nullptr || !started_ || doc_ == kNoDoc) {
    out->clear();
    return;
  }
  const std::string& pos = list_->positions_;
  if (pos_index_ > i_) {
    pos_index_ = 0;
    pos_seen_off_ = block_pos_off_;
  }
  uint32_t skip = 0;
  for (uint32_t k = pos_index_; k < i_; ++k) skip += tfs_[k];
  SkipVarintsFast(pos.data(), pos.size(), &pos_seen_off_, skip);
  pos_index_ = i_;
  size_t off = pos_seen_off_;
  const uint32_t tf = tfs_[i_];
  out->resize(tf);  // Every element is written below.
  uint32_t* dst = out->data();
  const char* data = pos.data();
  const size_t size = pos.size();
  uint32_t at = 0;
  for (uint32_t k = 0; k < tf; ++k) {
    uint32_t d = off < size ? static_cast<unsigned char>(data[off]) : 0x80;
    if (d < 0x80) {
      ++off;
    } else if (!GetVarint32(data, size, &off, &d)) {
      out->resize(k);
      return;
    }
    at += d;
    dst[k] = at;
  }
}

}  // namespace ink::store
