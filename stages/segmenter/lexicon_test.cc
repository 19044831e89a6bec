#include "stages/segmenter/lexicon.h"

#include <gtest/gtest.h>

#include <string>

#include "stages/segmenter/utf8.h"

namespace ink::segmenter {
namespace {

int Small(std::u32string_view s) {
  return SmallChineseNumber(s.data(), s.size());
}

TEST(LexiconTest, SmallChineseNumbers) {
  EXPECT_EQ(Small(U"三"), 3);
  EXPECT_EQ(Small(U"十"), 10);
  EXPECT_EQ(Small(U"十二"), 12);
  EXPECT_EQ(Small(U"二十"), 20);
  EXPECT_EQ(Small(U"三十一"), 31);
  EXPECT_EQ(Small(U"零"), 0);
  EXPECT_EQ(Small(U"一十"), -1);  // Not how 10 is written.
  EXPECT_EQ(Small(U"十十"), -1);
  EXPECT_EQ(Small(U"二三"), -1);
  EXPECT_EQ(Small(U"一百"), -1);  // Out of range.
  EXPECT_EQ(Small(U"三十一二"), -1);
}

// IsHanStopWord() is IsStopWord() by table: they agree on every Han
// character and on every stop word and its two-character neighbours.
TEST(LexiconTest, HanStopWordsAgreeWithStopWords) {
  std::string utf8;
  for (char32_t c = 0x3400; c < 0xA000; ++c) {
    utf8.clear();
    AppendUtf8(c, &utf8);
    ASSERT_EQ(IsHanStopWord(&c, 1, utf8), IsStopWord(utf8)) << utf8;
  }
  for (std::u32string w : {U"我们", U"这个", U"因为", U"我的", U"这里", U"一个",
                           U"一些", U"但是", U"虽然", U"国家"}) {
    utf8.clear();
    for (char32_t c : w) AppendUtf8(c, &utf8);
    EXPECT_EQ(IsHanStopWord(w.data(), w.size(), utf8), IsStopWord(utf8))
        << utf8;
  }
  EXPECT_TRUE(IsHanStopWord(U"的", 1, "的"));
  EXPECT_TRUE(IsHanStopWord(U"我们", 2, "我们"));
  EXPECT_FALSE(IsHanStopWord(U"国家", 2, "国家"));
}

// The hashed numeral table answers for every code point (and the invalid
// byte marker just above them) exactly as the list does.
TEST(LexiconTest, NumeralsAndNothingElse) {
  const std::u32string_view numerals = U"〇○零一二三四五六七八九两十百千万亿";
  for (char32_t c = 0; c <= 0x110000; ++c) {
    ASSERT_EQ(IsChineseNumeral(c),
              numerals.find(c) != std::u32string_view::npos)
        << std::hex << static_cast<uint32_t>(c);
  }
}

TEST(LexiconTest, CharacterClasses) {
  EXPECT_TRUE(IsChineseNumeral(U'○'));
  EXPECT_TRUE(IsChineseNumeral(U'亿'));
  EXPECT_FALSE(IsChineseNumeral(U'年'));
  EXPECT_TRUE(IsChineseDigit(U'〇'));
  EXPECT_FALSE(IsChineseDigit(U'十'));
  EXPECT_TRUE(IsClassifier(U'个'));
  EXPECT_FALSE(IsClassifier(U'样'));  // 一样 is a word.
  EXPECT_TRUE(IsSurname(U'王'));
  EXPECT_FALSE(IsSurname(U'的'));
  EXPECT_TRUE(IsCompoundSurname(U'欧', U'阳'));
  EXPECT_FALSE(IsCompoundSurname(U'阳', U'欧'));
  EXPECT_TRUE(IsMagnitude(U'万'));
  EXPECT_FALSE(IsSurname(0x20000));  // Outside the BMP tables.
}

TEST(LexiconTest, StopWords) {
  EXPECT_TRUE(IsStopWord("的"));
  EXPECT_TRUE(IsStopWord("我们"));
  EXPECT_TRUE(IsStopWord("the"));
  EXPECT_FALSE(IsStopWord("The"));  // Callers pass the normalised form.
  EXPECT_FALSE(IsStopWord("北京"));
  EXPECT_FALSE(IsStopWord("theory"));
  EXPECT_FALSE(IsStopWord(""));
}

}  // namespace
}  // namespace ink::segmenter
