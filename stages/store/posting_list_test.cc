#include "stages/store/posting_list.h"

#include <gtest/gtest.h>

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

TEST(PostingListTest, RejectsOutOfOrderAndEmptyPostings) {
  PostingList list;
  EXPECT_TRUE(list.Append(5, {1}));
  EXPECT_FALSE(list.Append(5, {2}));
  EXPECT_FALSE(list.Append(4, {2}));
  EXPECT_FALSE(list.Append(6, {}));
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

TEST(PostingListTest, MalformedBlobsAreRejected) {
  std::vector<DecodedPosting> decoded;
  const std::string blob = MakeList(10).EncodeBlob();
  EXPECT_FALSE(DecodeBlob("", &decoded));
  EXPECT_FALSE(DecodeBlob(blob.substr(0, blob.size() - 1), &decoded));
  EXPECT_FALSE(DecodeBlob(blob + "x", &decoded));
  EXPECT_FALSE(DecodeBlob("\xff\xff\xff\xff\xff\xff", &decoded));
  PostingList list;
  EXPECT_FALSE(list.AppendBlob("\x05\x01\x00"));
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
  terms.terms[0]["央行"] = {0, 3};
  terms.terms[1]["bank"] = {2};
  terms.length[0] = 4;
  terms.length[1] = 9;
  DocTerms back;
  ASSERT_TRUE(DecodeDocTerms(EncodeDocTerms(terms), &back));
  EXPECT_EQ(back.terms[0], terms.terms[0]);
  EXPECT_EQ(back.terms[1], terms.terms[1]);
  EXPECT_EQ(back.length[1], 9u);
  EXPECT_FALSE(DecodeDocTerms(EncodeDocTerms(terms) + "x", &back));
  EXPECT_FALSE(DecodeDocTerms("\x01", &back));
}

}  // namespace
}  // namespace ink::store
