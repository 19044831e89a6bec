#include "stages/segmenter/compact_trie.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace ink::segmenter {
namespace {

// A trie over explicit words: node 0 is the root, each new prefix gets the
// next id; log_prob/tag are per node (kNotWord for a prefix).
struct TestTrie {
  std::map<std::pair<uint32_t, char32_t>, uint32_t> children;
  std::vector<CompactTrie::Edge> edges;
  std::vector<float> log_prob{CompactTrie::kNotWord};
  std::vector<uint16_t> tag{0};

  void Add(std::u32string_view word, float lp, uint16_t t) {
    uint32_t node = 0;
    for (char32_t c : word) {
      auto [it, added] = children.try_emplace(
          {node, c}, static_cast<uint32_t>(log_prob.size()));
      if (added) {
        edges.push_back(CompactTrie::Edge{node, c, it->second});
        log_prob.push_back(CompactTrie::kNotWord);
        tag.push_back(0);
      }
      node = it->second;
    }
    log_prob[node] = lp;
    tag[node] = t;
  }
  CompactTrie Build() const {
    std::optional<CompactTrie> t =
        CompactTrie::Build(log_prob.size(), edges, log_prob, tag);
    EXPECT_TRUE(t.has_value());
    return t ? std::move(*t) : CompactTrie();
  }
};

// What the compact trie says of `word`: its log probability and tag, or
// nullopt-like {false} if the walk leaves the trie.
struct Lookup {
  bool found = false;
  float log_prob = CompactTrie::kNotWord;
  uint16_t tag = CompactTrie::kNoWord;
};
Lookup Walk(const CompactTrie& t, std::u32string_view word) {
  Lookup out;
  uint32_t offset, bits;
  if (word[0] < CompactTrie::kRootDirect) {
    const CompactTrie::RootEntry& r = t.Root(word[0]);
    if (r.log_prob == CompactTrie::kNotWord && r.child_sig == 0) return out;
    offset = CompactTrie::ChildOffset(r);
    bits = CompactTrie::ChildBits(r);
    out.log_prob = r.log_prob;
    out.tag = r.tag;
  } else {
    const CompactTrie::Slot* s = t.FindRoot(word[0]);
    if (s == nullptr) return out;
    offset = CompactTrie::ChildOffset(*s);
    bits = CompactTrie::ChildBits(*s);
    out.log_prob = t.GetWord(CompactTrie::WordIndex(*s)).log_prob;
    out.tag = t.GetWord(CompactTrie::WordIndex(*s)).tag;
  }
  for (size_t i = 1; i < word.size(); ++i) {
    const CompactTrie::Slot* s = t.Find(offset, bits, t.Rank(word[i]));
    if (s == nullptr) return out;
    offset = CompactTrie::ChildOffset(*s);
    bits = CompactTrie::ChildBits(*s);
    out.log_prob = t.GetWord(CompactTrie::WordIndex(*s)).log_prob;
    out.tag = t.GetWord(CompactTrie::WordIndex(*s)).tag;
  }
  out.found = true;
  return out;
}

TEST(CompactTrieTest, FindsEveryWordAndPrefix) {
  TestTrie tt;
  tt.Add(U"北京", -1.5f, 3);
  tt.Add(U"北京大学", -4.0f, 4);
  tt.Add(U"大学", -2.0f, 5);
  tt.Add(U"\U00020000\U00020001", -6.0f, 6);  // Outside the BMP.
  tt.Add(U"\U00020000", -7.0f, 7);
  const CompactTrie t = tt.Build();

  Lookup w = Walk(t, U"北京大学");
  ASSERT_TRUE(w.found);
  EXPECT_EQ(w.log_prob, -4.0f);
  EXPECT_EQ(w.tag, 4);
  w = Walk(t, U"北京大");  // A prefix only.
  ASSERT_TRUE(w.found);
  EXPECT_EQ(w.log_prob, CompactTrie::kNotWord);
  EXPECT_EQ(w.tag, CompactTrie::kNoWord);
  EXPECT_FALSE(Walk(t, U"北大").found);
  EXPECT_FALSE(Walk(t, U"北京大学生").found);  // 学 has no children.
  w = Walk(t, U"\U00020000\U00020001");
  ASSERT_TRUE(w.found);
  EXPECT_EQ(w.tag, 6);
  w = Walk(t, U"\U00020000");
  ASSERT_TRUE(w.found);
  EXPECT_EQ(w.log_prob, -7.0f);
  EXPECT_FALSE(Walk(t, U"\U00020001").found);
  // The single characters: 北 is a prefix, 京 no root child at all.
  EXPECT_EQ(t.Root(U'北').log_prob, CompactTrie::kNotWord);
  EXPECT_NE(t.Root(U'北').child_sig & CompactTrie::RootChildBit(U'京'), 0u);
  EXPECT_EQ(t.Root(U'京').child_sig, 0u);
  EXPECT_EQ(t.Root(U'京').tag, CompactTrie::kNoWord);
}

// Many children per node (collisions in the open-addressing tables), many
// nodes with one child, and characters that are in no word: every word and
// prefix is found with its own values, and nothing else is.
TEST(CompactTrieTest, RandomTriesAgreeWithTheirWords) {
  std::mt19937 rng(7);
  const std::u32string alphabet =
      U"的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年"
      U"\U00020000\U0002A700aZ";
  for (int round = 0; round < 20; ++round) {
    TestTrie tt;
    std::map<std::u32string, std::pair<float, uint16_t>> words;
    const int count = 50 + round * 40;
    for (int k = 0; k < count; ++k) {
      std::u32string w;
      const int len = 1 + static_cast<int>(rng() % 5);
      for (int i = 0; i < len; ++i) w += alphabet[rng() % alphabet.size()];
      const float lp = -static_cast<float>(1 + rng() % 1000) / 10;
      const uint16_t tag = static_cast<uint16_t>(rng() % 40);
      tt.Add(w, lp, tag);
      words[w] = {lp, tag};
    }
    const CompactTrie t = tt.Build();
    for (int k = 0; k < 500; ++k) {
      std::u32string w;
      const int len = 1 + static_cast<int>(rng() % 6);
      for (int i = 0; i < len; ++i) w += alphabet[rng() % alphabet.size()];
      const Lookup got = Walk(t, w);
      auto it = words.find(w);
      bool prefix = false;
      for (auto p = words.lower_bound(w);
           p != words.end() && p->first.compare(0, w.size(), w) == 0; ++p) {
        prefix = true;
      }
      ASSERT_EQ(got.found, prefix) << round << " " << k;
      if (it != words.end()) {
        EXPECT_EQ(got.log_prob, it->second.first);
        EXPECT_EQ(got.tag, it->second.second);
      } else if (got.found) {
        EXPECT_EQ(got.log_prob, CompactTrie::kNotWord);
        EXPECT_EQ(got.tag, CompactTrie::kNoWord);
      }
    }
  }
}

TEST(CompactTrieTest, EmptyTrieFindsNothing) {
  const CompactTrie t =
      CompactTrie::Build(1, {}, {CompactTrie::kNotWord}, {0}).value();
  EXPECT_EQ(t.Root(U'中').child_sig, 0u);
  EXPECT_EQ(t.Root(U'中').log_prob, CompactTrie::kNotWord);
  EXPECT_EQ(t.FindRoot(U'\U00020000'), nullptr);
}

// Words with the same log probability and tag share one entry of the word
// table, and characters that label no slot rank as kNoRank.
TEST(CompactTrieTest, SharesWordEntriesAndRanksOnlyUsedCharacters) {
  TestTrie tt;
  tt.Add(U"中国", -3.0f, 2);
  tt.Add(U"中心", -3.0f, 2);
  tt.Add(U"中间", -3.0f, 5);
  tt.Add(U"国心", -4.0f, 2);
  const CompactTrie t = tt.Build();
  EXPECT_EQ(t.word_count(), 4u);  // No word, and three distinct pairs.
  EXPECT_NE(t.Rank(U'国'), CompactTrie::kNoRank);
  EXPECT_EQ(t.Rank(U'中'), CompactTrie::kNoRank);  // Only a first character.
  EXPECT_EQ(t.Rank(U'\U00020000'), CompactTrie::kNoRank);
  // 心 labels two edges, 国 and 间 one: 心 ranks first.
  EXPECT_EQ(t.Rank(U'心'), 0u);
}

// A trie whose characters outgrow the slot's rank field is refused (the
// dictionary then walks its building trie).
TEST(CompactTrieTest, RefusesTooManyCharacters) {
  TestTrie tt;
  for (char32_t c = 0x4E00; c < 0x4E00 + CompactTrie::kNoRank + 1; ++c) {
    tt.Add(std::u32string{U'一', c}, -5.0f, 1);
  }
  EXPECT_FALSE(
      CompactTrie::Build(tt.log_prob.size(), tt.edges, tt.log_prob, tt.tag)
          .has_value());
  tt.edges.pop_back();  // One character fewer fits.
  tt.log_prob.pop_back();
  tt.tag.pop_back();
  EXPECT_TRUE(
      CompactTrie::Build(tt.log_prob.size(), tt.edges, tt.log_prob, tt.tag)
          .has_value());
}

// So does a trie with more distinct (log probability, tag) pairs than the
// word field can index.
TEST(CompactTrieTest, RefusesTooManyDistinctWords) {
  TestTrie tt;
  const uint32_t pairs = uint32_t{1} << CompactTrie::kWordBits;
  for (uint32_t k = 0; k < pairs; ++k) {
    const std::u32string w{U'一', static_cast<char32_t>(0x4E00 + k % 4000),
                           static_cast<char32_t>(0x4E00 + k / 4000)};
    tt.Add(w, -1.0f - static_cast<float>(k) / 64, 1);
  }
  EXPECT_FALSE(
      CompactTrie::Build(tt.log_prob.size(), tt.edges, tt.log_prob, tt.tag)
          .has_value());
}

TEST(HugePageAllocatorTest, BigTablesAreAlignedAndUsable) {
  std::vector<uint64_t, HugePageAllocator<uint64_t>> big(
      (size_t{3} << 20) / sizeof(uint64_t), 7);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(big.data()) %
                HugePageAllocator<uint64_t>::kHugePage,
            0u);
  big.back() = 9;
  EXPECT_EQ(big.front() + big.back(), 16u);
  std::vector<uint64_t, HugePageAllocator<uint64_t>> small(10, 1);
  small.resize(100000, 2);  // Moves from the small to the big kind.
  EXPECT_EQ(small[9], 1u);
  EXPECT_EQ(small[99999], 2u);
}

}  // namespace
}  // namespace ink::segmenter
