#include "stages/store/posting_list.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "stages/store/chunked_vector.h"
#include "stages/store/inverted_index.h"

namespace ink::store {
namespace {

// Doc 3i + 1 holds positions {i, i + 2} (tf 2), so values are checkable.
PostingList MakeList(uint32_t n) {
  PostingList list;
  for (uint32_t i = 0; i < n; ++i)
    EXPECT_TRUE(list.Append(3 * i + 1, {i, i + 2}));
  return list;
}

TEST(PostingListTest, CursorWalksEveryPostingWithItsPositions) {
  PostingList list = MakeList(1000);  // Several skip blocks.
  EXPECT_EQ(list.size(), 1000u);
  PostingList::Cursor c = list.cursor();
  std::vector<uint32_t> positions;
  uint32_t i = 0;
  for (DocNum d = c.Next(); d != kNoDoc; d = c.Next(), ++i) {
    ASSERT_EQ(d, 3 * i + 1);
    ASSERT_EQ(c.tf(), 2u);
    c.Positions(&positions);
    ASSERT_EQ(positions, (std::vector<uint32_t>{i, i + 2}));
  }
  EXPECT_EQ(i, 1000u);
}

TEST(PostingListTest, SkipToJumpsForwardOnly) {
  PostingList list = MakeList(1000);
  PostingList::Cursor c = list.cursor();
  EXPECT_EQ(c.SkipTo(0), 1u);
  EXPECT_EQ(c.SkipTo(500), 502u);  // 3 * 167 + 1.
  std::vector<uint32_t> positions;
  c.Positions(&positions);
  EXPECT_EQ(positions, (std::vector<uint32_t>{167, 169}));
  EXPECT_EQ(c.SkipTo(100), 502u);  // Never backwards.
  EXPECT_EQ(c.SkipTo(2998), 2998u);
  c.Positions(&positions);
  EXPECT_EQ(positions, (std::vector<uint32_t>{999, 1001}));
  EXPECT_EQ(c.SkipTo(2999), kNoDoc);
  // Every target from a fresh cursor, across block boundaries.
  for (DocNum t = 0; t < 3000; t += 7) {
    PostingList::Cursor f = list.cursor();
    const DocNum want = t <= 1 ? 1 : (t - 1 + 2) / 3 * 3 + 1;
    ASSERT_EQ(f.SkipTo(t), want > 2998 ? kNoDoc : want) << t;
  }
}

TEST(PostingListTest, CursorAgreesWithTheAppendedPostingsUnderRandomMoves) {
  // Gaps and frequencies of one to several varint bytes, so blocks decode
  // both the one-byte and the long varints; moves mix Next(), SkipTo()
  // inside a block, to the next one and far ahead.
  std::mt19937 rng(42);
  std::vector<DecodedPosting> want;
  PostingList list;
  DocNum doc = 0;
  for (int i = 0; i < 2000; ++i) {
    doc += 1 + (rng() % 8 == 0 ? rng() % 50000 : rng() % 4);
    DecodedPosting& p = want.emplace_back();
    p.doc = doc;
    const uint32_t tf = 1 + (rng() % 10 == 0 ? rng() % 300 : rng() % 3);
    uint32_t at = rng() % 1000;
    for (uint32_t k = 0; k < tf; ++k) {
      p.positions.push_back(at);
      at += 1 + (rng() % 4 == 0 ? rng() % 20000 : rng() % 100);
    }
    ASSERT_TRUE(list.Append(p.doc, p.positions));
  }
  for (int trial = 0; trial < 50; ++trial) {
    PostingList::Cursor c = list.cursor();
    size_t i = 0;  // Index in `want` of the cursor's posting.
    bool started = false;
    std::vector<uint32_t> positions;
    while (true) {
      const uint32_t move = rng() % 4;
      DocNum got;
      if (move == 0 || !started) {
        got = c.Next();
        i = started ? i + 1 : 0;
      } else {
        const DocNum from = want[i].doc;
        const DocNum target =
            move == 1 ? from : from + (move == 2 ? rng() % 300 : rng() % 60000);
        got = c.SkipTo(target);
        while (i < want.size() && want[i].doc < target) ++i;
      }
      started = true;
      if (i >= want.size()) {
        ASSERT_EQ(got, kNoDoc);
        ASSERT_EQ(c.SkipTo(0), kNoDoc);
        break;
      }
      ASSERT_EQ(got, want[i].doc) << "trial " << trial << " index " << i;
      ASSERT_EQ(c.doc(), want[i].doc);
      ASSERT_EQ(c.tf(), want[i].positions.size());
      if (rng() % 3 == 0) {
        c.Positions(&positions);
        ASSERT_EQ(positions, want[i].positions) << "index " << i;
        c.Positions(&positions);  // Twice on one posting.
        ASSERT_EQ(positions, want[i].positions) << "index " << i;
      }
    }
  }
}

TEST(PostingListTest, RejectsOutOfOrderAndEmptyPostings) {
  PostingList list;
  EXPECT_TRUE(list.Append(5, {1}));
  EXPECT_FALSE(list.Append(5, {2}));
  EXPECT_FALSE(list.Append(4, {2}));
  EXPECT_FALSE(list.Append(6, std::vector<uint32_t>()));
  EXPECT_EQ(list.size(), 1u);
}

TEST(PostingListTest, BlobsRoundTripAndConcatenate) {
  PostingList list = MakeList(300);
  // The tail from doc 451 on (postings 150..299) appended to the head.
  PostingList head;
  for (uint32_t i = 0; i < 150; ++i) head.Append(3 * i + 1, {i, i + 2});
  ASSERT_TRUE(head.AppendBlob(list.EncodeBlob(451)));
  EXPECT_EQ(head.EncodeBlob(), list.EncodeBlob());
  std::vector<DecodedPosting> decoded;
  ASSERT_TRUE(DecodeBlob(list.EncodeBlob(), &decoded));
  ASSERT_EQ(decoded.size(), 300u);
  EXPECT_EQ(decoded[299].doc, 898u);
  EXPECT_EQ(decoded[299].positions, (std::vector<uint32_t>{299, 301}));
  // A blob whose docs are not after the list's last is refused.
  EXPECT_FALSE(head.AppendBlob(list.EncodeBlob()));
}

// The blob format spelled out (posting_list.h): varint count, varint size
// of the doc stream, the doc stream (delta from the previous doc, the
// first from 0, then tf), the position stream (deltas within a doc).
std::string ReferenceBlob(const std::vector<DecodedPosting>& postings) {
  auto varint = [](std::string* out, uint32_t v) {
    while (v >= 0x80) {
      out->push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    out->push_back(static_cast<char>(v));
  };
  std::string docs, positions, out;
  DocNum prev = 0;
  for (const DecodedPosting& p : postings) {
    varint(&docs, p.doc - prev);
    varint(&docs, static_cast<uint32_t>(p.positions.size()));
    prev = p.doc;
    uint32_t at = 0;
    for (uint32_t pos : p.positions) {
      varint(&positions, pos - at);
      at = pos;
    }
  }
  varint(&out, static_cast<uint32_t>(postings.size()));
  varint(&out, static_cast<uint32_t>(docs.size()));
  return out + docs + positions;
}

// EncodeBlob(from) copies the list's bytes from the first doc >= from on:
// whatever the block, gap sizes and varint lengths, it is the format's
// encoding of exactly those postings.
TEST(PostingListTest, EncodeBlobFromAnyDocIsTheTailsEncoding) {
  std::mt19937 rng(7);
  PostingList list;
  std::vector<DecodedPosting> all;
  DocNum doc = 0;
  for (int i = 0; i < 700; ++i) {
    // Gaps of one byte and of several (varints of 1-3 bytes).
    doc += 1 + (rng() % 4 == 0 ? rng() % 40000 : rng() % 5);
    DecodedPosting p{doc, {}};
    uint32_t pos = rng() % 3;
    for (uint32_t k = 0, tf = 1 + rng() % 6; k < tf; ++k) {
      p.positions.push_back(pos);
      pos += 1 + (rng() % 5 == 0 ? rng() % 20000 : rng() % 8);
    }
    ASSERT_TRUE(list.Append(p.doc, p.positions));
    all.push_back(std::move(p));
  }
  std::vector<DocNum> froms = {0, 1, all.back().doc, all.back().doc + 1,
                               kNoDoc - 1};
  for (size_t i = 0; i < all.size(); i += 1 + rng() % 9) {
    froms.push_back(all[i].doc);
    froms.push_back(all[i].doc + 1);
  }
  for (uint32_t b = 1; b * PostingList::kSkipInterval < all.size(); ++b) {
    // Both sides of every block boundary.
    froms.push_back(all[b * PostingList::kSkipInterval - 1].doc);
    froms.push_back(all[b * PostingList::kSkipInterval].doc);
  }
  for (DocNum from : froms) {
    std::vector<DecodedPosting> tail;
    for (const DecodedPosting& p : all)
      if (p.doc >= from) tail.push_back(p);
    EXPECT_EQ(list.EncodeBlob(from), ReferenceBlob(tail)) << "from " << from;
  }
  EXPECT_EQ(PostingList().EncodeBlob(), ReferenceBlob({}));
}

TEST(PostingListTest, MalformedBlobsAreRejected) {
  std::vector<DecodedPosting> decoded;
  const std::string blob = MakeList(10).EncodeBlob();
  EXPECT_FALSE(DecodeBlob("", &decoded));
  EXPECT_FALSE(DecodeBlob(blob.substr(0, blob.size() - 1), &decoded));
  EXPECT_FALSE(DecodeBlob(blob + "x", &decoded));
  EXPECT_FALSE(DecodeBlob("\xff\xff\xff\xff\xff\xff", &decoded));
  PostingList list;
  EXPECT_FALSE(list.AppendBlob("\x05\x01\x00"));
  // A blob found malformed half-way leaves the list as it was.
  PostingList head = MakeList(5);
  const std::string before = head.EncodeBlob();
  const std::string tail = MakeList(300).EncodeBlob(100);
  EXPECT_FALSE(head.AppendBlob(tail.substr(0, tail.size() - 1)));
  EXPECT_EQ(head.EncodeBlob(), before);
  EXPECT_EQ(head.size(), 5u);
  ASSERT_TRUE(head.AppendBlob(tail));
  EXPECT_EQ(head.size(), 5u + 300u - 33u);  // Docs >= 100: i >= 33.
}

TEST(PostingListTest, BlockBoundsBoundEveryPostingOfTheirBlock) {
  // Random docs, frequencies and field lengths. A block's bound is at
  // least every posting's tf / (tf + a + b * length), and close to the
  // largest (it is computed with b * kBoundSlack); it is kept while b stays
  // at or above that, and computed again below it. Lists read back from a
  // blob give the same bounds.
  std::mt19937 rng(17);
  std::vector<DocNum> docs;
  std::vector<std::vector<uint32_t>> positions;
  std::vector<uint32_t> lengths;  // By doc.
  DocNum doc = 0;
  for (int i = 0; i < 1000; ++i) {
    doc += 1 + rng() % 5;
    const uint32_t tf = 1 + (rng() % 8 == 0 ? rng() % 40 : rng() % 3);
    std::vector<uint32_t> p;
    for (uint32_t k = 0; k < tf; ++k) p.push_back(k * 2);
    docs.push_back(doc);
    positions.push_back(p);
    lengths.resize(doc + 1);
    lengths[doc] = tf + rng() % 300;
  }
  PostingList list;
  for (size_t i = 0; i < docs.size(); ++i)
    ASSERT_TRUE(list.Append(docs[i], positions[i]));
  PostingList blob;
  ASSERT_TRUE(blob.AppendBlob(list.EncodeBlob()));
  int asked = 0;
  auto length_of = [&](DocNum d) {
    ++asked;
    return lengths[d];
  };
  const double a = 0.3, b = 0.9 / 250;
  auto share = [&](size_t i, double bb) {
    const double tf = static_cast<double>(positions[i].size());
    return tf / (tf + a + bb * lengths[docs[i]]);
  };
  ASSERT_EQ(list.blocks(), 8u);  // 1000 postings.
  for (uint32_t blk = 0; blk < list.blocks(); ++blk) {
    SCOPED_TRACE(blk);
    if (blk + 1 == list.blocks()) {
      asked = 0;
      EXPECT_EQ(list.BlockBound(blk, a, b, length_of), 1.0);  // May grow.
      EXPECT_EQ(asked, 0);
      continue;
    }
    double exact = 0, loose = 0;
    for (size_t i = blk * PostingList::kSkipInterval;
         i < (blk + 1) * PostingList::kSkipInterval; ++i) {
      exact = std::max(exact, share(i, b));
      loose = std::max(loose, share(i, b * PostingList::kBoundSlack));
    }
    asked = 0;
    const double bound = list.BlockBound(blk, a, b, length_of);
    EXPECT_EQ(asked, static_cast<int>(PostingList::kSkipInterval));
    EXPECT_GE(bound, exact);
    EXPECT_GE(bound, loose * (1 - 1e-6));
    EXPECT_LE(bound, loose * (1 + 1e-6));
    EXPECT_EQ(blob.BlockBound(blk, a, b, length_of), bound);
    // Kept for a larger b, and for one a little smaller; computed again
    // once b falls below b * kBoundSlack, still a bound.
    asked = 0;
    EXPECT_EQ(list.BlockBound(blk, a, b * 2, length_of), bound);
    EXPECT_EQ(list.BlockBound(blk, a, b * 0.97, length_of), bound);
    EXPECT_EQ(asked, 0);
    const double lower_b = b * 0.5;
    double exact_lower = 0;
    for (size_t i = blk * PostingList::kSkipInterval;
         i < (blk + 1) * PostingList::kSkipInterval; ++i)
      exact_lower = std::max(exact_lower, share(i, lower_b));
    EXPECT_GE(list.BlockBound(blk, a, lower_b, length_of), exact_lower);
    EXPECT_EQ(asked, static_cast<int>(PostingList::kSkipInterval));
    // A smaller `a` than the cached bounds' gets no bound.
    EXPECT_EQ(list.BlockBound(blk, a / 2, b, length_of), 1.0);
    EXPECT_EQ(list.BlockLast(blk),
              docs[(blk + 1) * PostingList::kSkipInterval - 1]);
  }
  EXPECT_EQ(list.BlockLast(list.blocks() - 1), docs.back());
  // BlockOf finds the block of the first doc >= target, from any start
  // block at or before it; CountBelow is exact at block ends.
  for (DocNum t = 0; t <= docs.back() + 1; ++t) {
    const size_t first =
        std::lower_bound(docs.begin(), docs.end(), t) - docs.begin();
    const uint32_t want =
        first == docs.size()
            ? list.blocks()
            : static_cast<uint32_t>(first / PostingList::kSkipInterval);
    ASSERT_EQ(list.BlockOf(t), want) << t;
    if (want > 0 && want < list.blocks()) {
      ASSERT_EQ(list.BlockOf(t, want - 1), want) << t;
    }
    const double below = list.CountBelow(t);
    ASSERT_GE(below, first > 0 ? (first - 1) / 128 * 128.0 : 0) << t;
    ASSERT_LE(below, std::min<double>(docs.size(), (first / 128 + 1) * 128.0))
        << t;
  }
  EXPECT_EQ(list.CountBelow(list.BlockLast(0) + 1), 128.0);
  EXPECT_EQ(list.CountBelow(kNoDoc), 1000.0);
  // Cursors report how many postings precede theirs.
  PostingList::Cursor c = list.cursor();
  EXPECT_EQ(c.ordinal(), 0u);
  c.SkipTo(docs[300]);
  EXPECT_EQ(c.ordinal(), 300u);
  c.Next();
  EXPECT_EQ(c.ordinal(), 301u);
  c.SkipTo(kNoDoc);
  EXPECT_EQ(c.ordinal(), 1000u);
}

TEST(PostingListTest, RemoveDropsOnePosting) {
  PostingList list = MakeList(200);
  EXPECT_TRUE(list.Remove(301));  // i = 100.
  EXPECT_FALSE(list.Remove(301));
  EXPECT_EQ(list.size(), 199u);
  PostingList::Cursor c = list.cursor();
  EXPECT_EQ(c.SkipTo(300), 304u);
}

TEST(DocTermsTest, EncodingRoundTrips) {
  DocTerms terms;
  const uint32_t bank[] = {0, 3};
  const uint32_t central[] = {2};
  terms.Add(0, "央行", bank);
  terms.Add(1, "bank", central);
  terms.Add(1, "rates", bank);
  terms.length[0] = 4;
  terms.length[1] = 9;
  DocTerms back;
  ASSERT_TRUE(DecodeDocTerms(EncodeDocTerms(terms), &back));
  for (int slot = 0; slot < 2; ++slot) {
    ASSERT_EQ(back.size(slot), terms.size(slot));
    for (size_t i = 0; i < terms.size(slot); ++i) {
      EXPECT_EQ(back.term(slot, i), terms.term(slot, i));
      EXPECT_TRUE(std::ranges::equal(back.positions(slot, i),
                                     terms.positions(slot, i)));
    }
  }
  EXPECT_EQ(back.length[1], 9u);
  EXPECT_FALSE(DecodeDocTerms(EncodeDocTerms(terms) + "x", &back));
  EXPECT_FALSE(DecodeDocTerms("\x01", &back));
}

TEST(DocTermsTest, AddFieldGroupsPositionsPerTerm) {
  v1::SegmentedField field;
  auto token = [&](const std::string& norm, uint32_t position, bool stop) {
    v1::Token* t = field.add_tokens();
    t->set_norm(norm);
    t->set_position(position);
    t->set_stop(stop);
  };
  token("bank", 0, false);
  token("the", 1, true);  // Stop word: not indexed, not counted.
  token("rates", 2, false);
  token("bank", 3, false);
  token("ban", 3, false);   // Sub-word at its parent's position.
  token("bank", 3, false);  // Repeated position: kept once.
  token(std::string("a\0b", 3), 4, false);  // NUL: skipped.
  DocTerms terms;
  terms.AddField(Field::kBody, field);
  const int slot = DocTerms::Slot(Field::kBody);
  ASSERT_EQ(terms.size(slot), 3u);
  EXPECT_EQ(terms.size(0), 0u);
  EXPECT_EQ(terms.length[slot], 3u);  // Positions 0, 2 and 3.
  EXPECT_EQ(terms.term(slot, 0), "bank");
  EXPECT_TRUE(std::ranges::equal(terms.positions(slot, 0),
                                 std::vector<uint32_t>{0, 3}));
  EXPECT_EQ(terms.term(slot, 1), "rates");
  EXPECT_EQ(terms.term(slot, 2), "ban");
  EXPECT_TRUE(
      std::ranges::equal(terms.positions(slot, 2), std::vector<uint32_t>{3}));
  EXPECT_EQ(terms.hash(slot, 1), TermHash("rates"));
}

TEST(InvertedIndexTest, ManyTermsStayFindableAndRemovable) {
  // Enough terms to grow the table several times.
  InvertedIndex index;
  const uint32_t at[] = {0};
  for (DocNum doc = 0; doc < 10; ++doc) {
    DocTerms terms;
    for (int i = 0; i < 1000; ++i) {
      std::string term = "w";  // Not "w" + ...: GCC 12 warns (-Wrestrict).
      term += std::to_string(doc * 500 + i);
      terms.Add(1, term, at);
    }
    ASSERT_TRUE(index.Add(doc, terms));
  }
  EXPECT_EQ(index.terms(), 5500u);
  EXPECT_EQ(index.postings(), 10000u);
  ASSERT_NE(index.Find(Field::kBody, "w600"), nullptr);
  EXPECT_EQ(index.Find(Field::kBody, "w600")->size(), 2u);  // Docs 0, 1.
  EXPECT_EQ(index.Find(Field::kBody, "w0")->size(), 1u);
  EXPECT_EQ(index.Find(Field::kTitle, "w0"), nullptr);
  EXPECT_EQ(index.Find(Field::kBody, "w5500"), nullptr);
  const std::vector<std::string> keys = index.KeysOf(0);
  EXPECT_EQ(keys.size(), 1000u);
  index.Remove(0, keys);
  EXPECT_EQ(index.Find(Field::kBody, "w0"), nullptr);  // Emptied.
  EXPECT_EQ(index.Find(Field::kBody, "w600")->size(), 1u);
  EXPECT_EQ(index.terms(), 5000u);
}

}  // namespace
}  // namespace ink::store

namespace ink::store {
namespace {

// Growing past a chunk keeps every element where it was, with its value.
TEST(ChunkedVectorTest, GrowingMovesNoElement) {
  ChunkedVector<std::string, 2> v;  // Chunks of four.
  std::vector<const std::string*> at;
  for (int i = 0; i < 11; ++i) {
    at.push_back(&v.emplace_back(std::string(20, static_cast<char>('a' + i))));
  }
  ASSERT_EQ(v.size(), 11u);
  for (int i = 0; i < 11; ++i) {
    EXPECT_EQ(&v[i], at[i]);
    EXPECT_EQ(v[i], std::string(20, static_cast<char>('a' + i)));
  }
  EXPECT_TRUE(v.emplace_back().empty());
}

}  // namespace
}  // namespace ink::store
