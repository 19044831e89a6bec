#include "stages/segmenter/dictionary.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "common/testing/temp_dir.h"
#include "stages/segmenter/hmm.h"
#include "stages/segmenter/utf8.h"

namespace ink::segmenter {
namespace {

std::vector<std::u32string> Words(const Dictionary& d, std::u32string_view s) {
  std::vector<double> score;
  std::vector<uint32_t> next;
  std::vector<uint16_t> tags;
  d.Route(s.data(), s.size(), &score, &next, &tags);
  std::vector<std::u32string> out;
  for (size_t i = 0; i < s.size(); i = next[i]) {
    out.emplace_back(s.substr(i, next[i] - i));
  }
  return out;
}

// A four-word dictionary, loaded and finalized.
void LoadSmall(const ink::testing::TempDir& dir, Dictionary* d) {
  ink::testing::WriteFile(
      dir.Sub("dict.txt"),
      "北京 100 ns\n北京大学 50 nt\n大学 80 n\n学习 60 v\n");
  ASSERT_TRUE(d->LoadFile(dir.Sub("dict.txt")).ok());
  d->Finalize();
}

TEST(DictionaryTest, LoadsWordsAndPrefixes) {
  ink::testing::TempDir dir;
  Dictionary d;
  LoadSmall(dir, &d);
  EXPECT_EQ(d.word_count(), 4u);
  std::u32string w = U"北京大学";
  auto node = d.Find(w.data(), w.data() + w.size());
  ASSERT_NE(node, Dictionary::kNone);
  EXPECT_TRUE(d.IsWord(node));
  EXPECT_EQ(d.Tag(node), "nt");
  EXPECT_NEAR(d.LogProb(node), std::log(50.0 / 290.0), 1e-12);
  // "北京大" is only a prefix.
  node = d.Find(w.data(), w.data() + 3);
  ASSERT_NE(node, Dictionary::kNone);
  EXPECT_FALSE(d.IsWord(node));
  std::u32string x = U"上海";
  EXPECT_EQ(d.Find(x.data(), x.data() + 2), Dictionary::kNone);
}

TEST(DictionaryTest, RoutePrefersLikelyWords) {
  ink::testing::TempDir dir;
  Dictionary d;
  LoadSmall(dir, &d);
  EXPECT_EQ(Words(d, U"北京大学学习"),
            (std::vector<std::u32string>{U"北京大学", U"学习"}));
  EXPECT_EQ(Words(d, U"上北京"), (std::vector<std::u32string>{U"上", U"北京"}));
}

TEST(DictionaryTest, UserWordsWithoutFrequencyStayWhole) {
  ink::testing::TempDir dir;
  ink::testing::WriteFile(dir.Sub("dict.txt"), "北京 100 ns\n大学 80 n\n");
  ink::testing::WriteFile(dir.Sub("user.txt"), "\xEF\xBB\xBF京大 nz\n");
  Dictionary d;
  ASSERT_TRUE(d.LoadFile(dir.Sub("dict.txt")).ok());
  ASSERT_TRUE(d.LoadUserFile(dir.Sub("user.txt")).ok());
  d.Finalize();
  std::u32string w = U"京大";
  auto node = d.Find(w.data(), w.data() + 2);
  ASSERT_NE(node, Dictionary::kNone);
  EXPECT_TRUE(d.IsWord(node));
  EXPECT_EQ(d.Tag(node), "nz");
  EXPECT_EQ(Words(d, U"京大"), (std::vector<std::u32string>{U"京大"}));
}

// CharTag() is inline: it reads the compact trie's root table that
// Finalize() (in dictionary.cc) fills. It must agree with WordTag() for
// every character; a disagreement means the two translation units see
// different RootEntry layouts (the fuzz build once linked a dictionary.cc.o
// compiled before RootEntry shrank to 16 bytes, and the segmenter read tag
// 0x7FFF).
TEST(DictionaryTest, CharTagAgreesWithWordTagForEveryCharacter) {
  ink::testing::TempDir dir;
  ink::testing::WriteFile(dir.Sub("dict.txt"),
                          "王 100 nr\n芳 20 nr\n在 300 p\n辖 5 v\n内 80 f\n"
                          "王芳菲 3 nr\n辖区 40 n\n\U00020000 2 zz\n");
  Dictionary d;
  ASSERT_TRUE(d.LoadFile(dir.Sub("dict.txt")).ok());
  d.Finalize();
  for (char32_t c = 0; c < 0x10000; ++c) {
    ASSERT_EQ(d.CharTag(c), d.WordTag(d.Child(Dictionary::kRoot, c)))
        << "U+" << std::hex << static_cast<uint32_t>(c);
  }
  EXPECT_EQ(d.TagName(d.CharTag(U'王')), "nr");
  EXPECT_EQ(d.TagName(d.CharTag(U'辖')), "v");
  EXPECT_EQ(d.TagName(d.CharTag(U'\U00020000')), "zz");
  // 区 only follows 辖: it is no one-character word.
  EXPECT_EQ(d.CharTag(U'区'), Dictionary::kNoWord);
  // Route()'s tags for single characters match too.
  std::u32string s = U"在辖内王芳";
  std::vector<double> score;
  std::vector<uint32_t> next;
  std::vector<uint16_t> tags;
  d.Route(s.data(), s.size(), &score, &next, &tags);
  for (size_t i = 0; i < s.size(); i = next[i]) {
    ASSERT_EQ(next[i], i + 1);
    EXPECT_EQ(tags[i], d.CharTag(s[i])) << i;
  }
}

// jieba's route computed the slow way, word by word through Find(): what
// Route() over the compact trie must reproduce exactly, scores included.
void ReferenceRoute(const Dictionary& d, double bonus, std::u32string_view s,
                    std::vector<double>* score, std::vector<uint32_t>* next,
                    std::vector<uint16_t>* tags) {
  const size_t n = s.size();
  score->assign(n + 1, 0);
  next->assign(n, 0);
  tags->assign(n, Dictionary::kNoWord);
  for (size_t i = n; i-- > 0;) {
    double best = 0;
    uint32_t best_end = 0;
    uint16_t best_tag = Dictionary::kNoWord;
    for (size_t j = i + 1; j < n; ++j) {
      auto node = d.Find(s.data() + i, s.data() + j + 1);
      if (node == Dictionary::kNone) break;
      if (!d.IsWord(node)) continue;
      double v = static_cast<float>(d.LogProb(node)) + bonus + (*score)[j + 1];
      if (best_end == 0 || v >= best) {
        best = v;
        best_end = static_cast<uint32_t>(j + 1);
        best_tag = d.WordTag(node);
      }
    }
    auto one = d.Child(Dictionary::kRoot, s[i]);
    const bool word = one != Dictionary::kNone && d.IsWord(one);
    if (word || best_end == 0) {
      double v = (word ? static_cast<float>(d.LogProb(one)) + bonus
                       : -d.LogTotal() + bonus) +
                 (*score)[i + 1];
      if (best_end == 0 || v > best) {
        best = v;
        best_end = static_cast<uint32_t>(i + 1);
        best_tag = word ? d.WordTag(one) : Dictionary::kNoWord;
      }
    }
    (*score)[i] = best;
    (*next)[i] = best_end;
    (*tags)[i] = best_tag;
  }
}

TEST(DictionaryTest, RouteMatchesTheWordByWordReference) {
  ink::testing::TempDir dir;
  std::mt19937 rng(11);
  const std::u32string alphabet =
      U"的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年"
      U"\U00020000a";
  std::string lines;
  for (int k = 0; k < 3000; ++k) {
    std::u32string w;
    const int len = 1 + static_cast<int>(rng() % 5);
    for (int i = 0; i < len; ++i) w += alphabet[rng() % alphabet.size()];
    std::string utf8;
    for (char32_t c : w) AppendUtf8(c, &utf8);
    lines += utf8 + " " + std::to_string(1 + rng() % 5000) + " t" +
             std::to_string(rng() % 30) + "\n";
  }
  ink::testing::WriteFile(dir.Sub("dict.txt"), lines);
  for (double bonus : {0.0, 2.0}) {
    Dictionary d;
    d.set_word_bonus(bonus);
    ASSERT_TRUE(d.LoadFile(dir.Sub("dict.txt")).ok());
    d.Finalize();
    for (int k = 0; k < 300; ++k) {
      std::u32string s;
      const int len = static_cast<int>(rng() % 40);
      for (int i = 0; i < len; ++i) {
        // Now and then a character the dictionary has never seen.
        s += rng() % 10 == 0 ? U'灣' : alphabet[rng() % alphabet.size()];
      }
      std::vector<double> score, ref_score;
      std::vector<uint32_t> next, ref_next;
      std::vector<uint16_t> tags, ref_tags;
      d.Route(s.data(), s.size(), &score, &next, &tags);
      ReferenceRoute(d, bonus, s, &ref_score, &ref_next, &ref_tags);
      ASSERT_EQ(next, ref_next) << k;
      ASSERT_EQ(tags, ref_tags) << k;
      ASSERT_EQ(score, ref_score) << k;
      // The segmenter's lookups through the compact trie agree too.
      for (size_t b = 0; b < s.size(); ++b) {
        for (size_t e = b + 1; e <= s.size() && e <= b + 6; ++e) {
          ASSERT_EQ(d.FindTag(s.data() + b, s.data() + e),
                    d.WordTag(d.Find(s.data() + b, s.data() + e)));
        }
      }
    }
  }
}

// A dictionary with more distinct characters than the compact trie's slots
// can rank keeps working through the building trie, with the same routes.
TEST(DictionaryTest, DictionaryTooBigForTheCompactTrieStillRoutes) {
  Dictionary d;
  d.set_word_bonus(2.0);
  std::u32string text;
  for (char32_t c = 0x4E00; c < 0x4E00 + 17000; ++c) {
    ASSERT_TRUE(d.AddWord(std::u32string{U'一', c}, 1 + c % 97, "n"));
    if (c % 1000 == 0) text += std::u32string{U'一', c, c};
  }
  ASSERT_TRUE(d.AddWord(U"\U00020000\U00020001", 50, "zz"));
  text += U"\U00020000\U00020001一";
  d.Finalize();
  std::vector<double> score, ref_score;
  std::vector<uint32_t> next, ref_next;
  std::vector<uint16_t> tags, ref_tags;
  d.Route(text.data(), text.size(), &score, &next, &tags);
  ReferenceRoute(d, 2.0, text, &ref_score, &ref_next, &ref_tags);
  EXPECT_EQ(next, ref_next);
  EXPECT_EQ(tags, ref_tags);
  EXPECT_EQ(score, ref_score);
  EXPECT_EQ(next[0], 2u);  // 一 and the character after it.
  const std::u32string w = U"一\u4E01";
  EXPECT_EQ(d.TagName(d.FindTag(w.data(), w.data() + 2)), "n");
  EXPECT_EQ(d.CharTag(U'一'), Dictionary::kNoWord);
}

// Words added after Finalize() are seen at once: Route() then walks the
// building trie until the next Finalize().
TEST(DictionaryTest, WordsAddedAfterFinalizeAreFound) {
  ink::testing::TempDir dir;
  Dictionary d;
  LoadSmall(dir, &d);
  std::u32string w = U"学北";
  EXPECT_EQ(d.FindTag(w.data(), w.data() + 2), Dictionary::kNoWord);
  ASSERT_TRUE(d.AddWord(w, 1000, "zz"));
  EXPECT_EQ(d.TagName(d.FindTag(w.data(), w.data() + 2)), "zz");
  EXPECT_EQ(Words(d, U"学北京"), (std::vector<std::u32string>{U"学北", U"京"}));
  d.Finalize();
  EXPECT_EQ(d.TagName(d.FindTag(w.data(), w.data() + 2)), "zz");
  EXPECT_EQ(Words(d, U"学北京"), (std::vector<std::u32string>{U"学北", U"京"}));
}

TEST(DictionaryTest, ErrorsNameTheFile) {
  ink::testing::TempDir dir;
  Dictionary d;
  Status s = d.LoadFile(dir.Sub("missing.txt"));
  EXPECT_EQ(s.code(), Status::Code::kIOError);
  EXPECT_NE(s.message().find("missing.txt"), std::string::npos);

  ink::testing::WriteFile(dir.Sub("bad.txt"), "北京 100 ns\n大学 lots n\n");
  s = d.LoadFile(dir.Sub("bad.txt"));
  EXPECT_EQ(s.code(), Status::Code::kCorruption);
  EXPECT_NE(s.message().find("bad.txt:2"), std::string::npos) << s.ToString();
}

TEST(HmmTest, ParsesTablesAndCuts) {
  ink::testing::TempDir dir;
  ink::testing::WriteFile(dir.Sub("prob_start.py"),
                          "P={'B': -0.26, 'E': -3.14e+100, 'M': -3.14e+100, "
                          "'S': -1.46}\n");
  ink::testing::WriteFile(
      dir.Sub("prob_trans.py"),
      "P={'B': {'E': -0.51, 'M': -0.91},\n 'E': {'B': -0.58, 'S': -0.80},\n"
      " 'M': {'E': -0.33, 'M': -1.26},\n 'S': {'B': -0.72, 'S': -0.66}}\n");
  // 甲 likes to begin a word and 乙 to end one.
  ink::testing::WriteFile(dir.Sub("prob_emit.py"),
                          "from __future__ import unicode_literals\n"
                          "P={'B': {'\\u7532': -0.1, '乙': -9.0},\n"
                          " 'E': {'\\u7532': -9.0, '乙': -0.1},\n"
                          " 'M': {'\\u7532': -9.0, '乙': -9.0},\n"
                          " 'S': {'\\u7532': -5.0, '乙': -5.0}}\n");
  auto hmm = Hmm::Load(dir.path());
  ASSERT_TRUE(hmm.ok()) << hmm.status().ToString();
  std::u32string s = U"甲乙丙甲乙";
  std::vector<uint32_t> ends;
  hmm->Cut(s.data(), s.size(), &ends);
  // 丙 is unknown to the model and stands alone.
  EXPECT_EQ(ends, (std::vector<uint32_t>{2, 3, 5}));

  EXPECT_FALSE(Hmm::Load(dir.Sub("nowhere")).ok());
}

}  // namespace
}  // namespace ink::segmenter
