#include "stages/segmenter/segmenter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "stages/segmenter/lexicon.h"
#include "stages/segmenter/utf8.h"

namespace ink::segmenter {
namespace {

// One segmenter over the installed jieba dictionary for the whole suite:
// loading is the expensive part and the segmenter is immutable.
class SegmenterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto seg = Segmenter::Create(Options());
    ASSERT_TRUE(seg.ok()) << seg.status().ToString();
    seg_ = std::move(seg).value().release();
  }
  static void TearDownTestSuite() {
    delete seg_;
    seg_ = nullptr;
  }

  static std::vector<std::string> Words(std::string_view text,
                                        Mode mode = Mode::kExact) {
    std::vector<std::string> out;
    for (const Token& t : seg_->Cut(text, mode)) out.emplace_back(t.text);
    return out;
  }

  static Segmenter* seg_;
};
Segmenter* SegmenterTest::seg_ = nullptr;

using WordList = std::vector<std::string>;

// DecodeText() reads runs of three-byte sequences four bytes at a time: it
// must agree with DecodeUtf8() one code point at a time, for overlong forms,
// surrogates, truncated sequences and the last bytes of the text too.
TEST(Utf8Test, DecodeTextAgreesWithDecodeUtf8) {
  const std::string pieces[] = {"中",
                                "文",
                                "\xE0\xA0\x80",  // U+0800, the smallest.
                                "\xE0\x9F\xBF",  // Overlong.
                                "\xED\x9F\xBF",  // U+D7FF.
                                "\xED\xA0\x80",  // A surrogate.
                                "\xEF\xBF\xBF",
                                "\xE4\xB8",  // Truncated.
                                "a",
                                "\xF0\x9F\x98\x80",
                                "\xC3\xA9",
                                "\xFF"};
  std::mt19937 rng(5);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int count = static_cast<int>(rng() % 12);
    for (int k = 0; k < count; ++k) text += pieces[rng() % std::size(pieces)];
    DecodedText d;
    DecodeText(text, &d);
    size_t pos = 0, i = 0;
    for (; pos < text.size(); ++i) {
      int len;
      const char32_t c = DecodeUtf8(text, pos, &len);
      ASSERT_LT(i, d.cps.size()) << round;
      ASSERT_EQ(d.cps[i], c) << round << " at " << pos;
      ASSERT_EQ(d.bytes[i], pos) << round;
      pos += len;
    }
    ASSERT_EQ(d.cps.size(), i) << round;
    ASSERT_EQ(d.bytes[i], text.size()) << round;
  }
}

TEST_F(SegmenterTest, ExactCutFollowsTheDictionary) {
  EXPECT_EQ(Words("我们在北京大学学习"),
            (WordList{"我们", "在", "北京大学", "学习"}));
  EXPECT_EQ(Words("今天天气很好"), (WordList{"今天", "天气", "很", "好"}));
  EXPECT_EQ(Words("我来到北京清华大学"),
            (WordList{"我", "来到", "北京", "清华大学"}));
}

TEST_F(SegmenterTest, HmmJoinsUnknownWords) {
  // jieba's README example: 杭研 is not in the dictionary.
  EXPECT_EQ(Words("他来到了网易杭研大厦"),
            (WordList{"他", "来到", "了", "网易", "杭研", "大厦"}));
}

TEST_F(SegmenterTest, LatinWordsNumbersAndPunctuation) {
  std::vector<Token> t =
      seg_->Cut("iPhone 15 售价 4.33 美元，涨了50%！", Mode::kExact);
  std::vector<std::string> words;
  for (const Token& x : t) words.emplace_back(x.text);
  EXPECT_EQ(words, (WordList{"iPhone", "15", "售价", "4.33", "美元", "，", "涨",
                             "了", "50%", "！"}));
  EXPECT_EQ(t[0].tag, "eng");
  EXPECT_EQ(t[0].norm, seg_->Normalize("IPHONE"));
  EXPECT_EQ(t[1].tag, "m");
  EXPECT_EQ(t[3].tag, "m");
  EXPECT_EQ(t[5].tag, "x");
  EXPECT_TRUE(t[5].stop);
  EXPECT_FALSE(t[4].stop);
  EXPECT_EQ(t[8].tag, "m");
  EXPECT_EQ(Words("Don't stop: 1,000 items."),
            (WordList{"Don't", "stop", ":", "1,000", "items", "."}));
  EXPECT_EQ(Words("——好……"), (WordList{"——", "好", "……"}));
}

TEST_F(SegmenterTest, FullWidthRunsAreOneToken) {
  std::vector<Token> t = seg_->Cut("１９９７ ＫＴＶ", Mode::kExact);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].text, "１９９７");
  EXPECT_EQ(t[0].tag, "m");
  EXPECT_EQ(t[0].norm, "1997");
  EXPECT_EQ(t[1].text, "ＫＴＶ");
  EXPECT_EQ(t[1].tag, "eng");
  EXPECT_EQ(t[1].norm, "ktv");
}

TEST_F(SegmenterTest, OffsetsAreMonotoneAndMatchText) {
  const std::string text =
      "中华人民共和国成立了。 The People's Republic, founded in 1949！\n"
      "“你好”, said Zoë — ok?";
  for (Mode mode : {Mode::kExact, Mode::kSearch}) {
    std::vector<Token> tokens = seg_->Cut(text, mode);
    ASSERT_FALSE(tokens.empty());
    uint32_t last_begin = 0, last_char = 0, last_position = 0;
    for (const Token& t : tokens) {
      EXPECT_GE(t.byte_begin, last_begin);
      EXPECT_GE(t.char_begin, last_char);
      EXPECT_GE(t.position, last_position);
      EXPECT_LT(t.byte_begin, t.byte_end);
      EXPECT_EQ(t.text, std::string_view(text).substr(
                            t.byte_begin, t.byte_end - t.byte_begin));
      // The code-point offsets count the code points before the token.
      std::u32string prefix;
      size_t chars = 0;
      for (size_t i = 0; i < t.byte_begin; ++i) {
        chars += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
      }
      EXPECT_EQ(t.char_begin, chars) << t.text;
      size_t len = 0;
      for (char c : t.text)
        len += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      EXPECT_EQ(t.char_end - t.char_begin, len) << t.text;
      last_begin = t.byte_begin;
      last_char = t.char_begin;
      last_position = t.position;
    }
  }
}

TEST_F(SegmenterTest, JoiningExactTokensGivesTheTextWithoutSpaces) {
  const std::string text =
      "２０２０年，新冠肺炎疫情在武汉爆发。 WHO said: \"It's 3.5% worse\" "
      "(again)!\t\u3000结婚的和尚未结婚的都来了……";
  std::string joined, expected;
  for (const Token& t : seg_->Cut(text, Mode::kExact)) joined += t.text;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == ' ' || text[i] == '\t') continue;
    if (text.compare(i, 3, "\u3000") == 0) {
      i += 2;
      continue;
    }
    expected += text[i];
  }
  EXPECT_EQ(joined, expected);
}

TEST_F(SegmenterTest, InvalidUtf8IsNeverFatal) {
  const std::string text = "北京\xFF\xFE大学\xE4\xB8";
  std::vector<Token> t = seg_->Cut(text, Mode::kExact);
  std::string joined;
  for (const Token& x : t) joined += x.text;
  EXPECT_EQ(joined, text);
  EXPECT_EQ(t[1].text, "\xFF");
  EXPECT_EQ(t[2].text, "\xFE");
}

TEST_F(SegmenterTest, RandomBytesKeepTheInvariants) {
  // Mixed pieces of valid text and arbitrary bytes, from a fixed seed.
  const std::string parts[] = {"北京", "大學",   "Hello", " ",
                               "。",   "4.5%",   "\xFF",  "\xE4\xB8",
                               "’",    "ＫＴＶ", "\n",    "?"};
  uint32_t state = 12345;
  auto next = [&] { return state = state * 1103515245u + 12345u; };
  for (int round = 0; round < 300; ++round) {
    std::string text;
    int n = next() % 40;
    for (int k = 0; k < n; ++k) {
      if (next() % 4 == 0) {
        text.push_back(static_cast<char>(next() >> 8));
      } else {
        text += parts[(next() >> 8) % std::size(parts)];
      }
    }
    std::string joined;
    uint32_t last = 0;
    for (const Token& t : seg_->Cut(text, Mode::kSearch)) {
      ASSERT_LE(t.byte_end, text.size());
      ASSERT_LT(t.byte_begin, t.byte_end);
      ASSERT_GE(t.byte_begin, last);
      last = t.byte_begin;
      if (!t.sub_word) joined += t.text;
    }
    for (const SentenceSpan& sp : seg_->Sentences(text)) {
      ASSERT_LT(sp.byte_begin, sp.byte_end);
      ASSERT_LE(sp.byte_end, text.size());
    }
    ASSERT_LE(joined.size(), text.size());
  }
}

TEST_F(SegmenterTest, SearchModeAddsSubWordsSharingThePosition) {
  std::vector<Token> t = seg_->Cut("中华人民共和国成立", Mode::kSearch);
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(t[0].text, "中华人民共和国");
  EXPECT_FALSE(t[0].sub_word);
  std::vector<std::string> subs;
  size_t i = 1;
  for (; i < t.size() && t[i].sub_word; ++i) {
    EXPECT_EQ(t[i].position, t[0].position);
    EXPECT_GE(t[i].byte_begin, t[0].byte_begin);
    EXPECT_LE(t[i].byte_end, t[0].byte_end);
    subs.emplace_back(t[i].text);
  }
  EXPECT_EQ(subs, (WordList{"中华", "华人", "人民", "共和", "共和国"}));
  ASSERT_LT(i, t.size());
  EXPECT_EQ(t[i].text, "成立");
  EXPECT_EQ(t[i].position, t[0].position + 1);
}

TEST_F(SegmenterTest, PositionsCountEveryExactToken) {
  // Punctuation takes a position (so phrases never match across it);
  // whitespace does not.
  std::vector<Token> t = seg_->Cut("北京，上海 广州", Mode::kExact);
  ASSERT_EQ(t.size(), 4u);
  for (uint32_t i = 0; i < 4; ++i) EXPECT_EQ(t[i].position, i);
  std::vector<Token> q = seg_->Cut("上海 广州", Mode::kExact);
  EXPECT_EQ(q[1].position - q[0].position, t[3].position - t[2].position);
}

TEST_F(SegmenterTest, NormalizeStemsEnglishAndSimplifiesChinese) {
  EXPECT_EQ(seg_->Normalize("Running"), "run");
  EXPECT_EQ(seg_->Normalize("runs"), "run");
  EXPECT_EQ(seg_->Normalize("Companies"), seg_->Normalize("company"));
  EXPECT_EQ(seg_->Normalize("說明書"), "说明书");
  EXPECT_EQ(seg_->Normalize("臺灣"), seg_->Normalize("台湾"));
  // Normalize is a pure function of the term.
  EXPECT_EQ(seg_->Normalize("說明書"), seg_->Normalize("說明書"));
}

TEST_F(SegmenterTest, TraditionalTextCutsLikeSimplified) {
  std::vector<Token> t = seg_->Cut("我們在北京大學學習", Mode::kExact);
  std::vector<std::string> words, norms;
  for (const Token& x : t) {
    words.emplace_back(x.text);
    norms.push_back(x.norm);
  }
  EXPECT_EQ(words, (WordList{"我們", "在", "北京大學", "學習"}));
  EXPECT_EQ(norms, (WordList{"我们", "在", "北京大学", "学习"}));
  // Simplified words whose characters OpenCC would also fold stay whole.
  EXPECT_EQ(Words("著名作家的著作"), (WordList{"著名", "作家", "的", "著作"}));
  EXPECT_EQ(Words("乾隆年间"), (WordList{"乾隆年间"}));
}

TEST(SegmenterOptionsTest, FoldingCanBeTurnedOff) {
  Options o;
  o.opencc_config.clear();
  o.stem_english = false;
  auto seg = Segmenter::Create(o);
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  EXPECT_EQ((*seg)->Normalize("Running"), "running");
  EXPECT_EQ((*seg)->Normalize("說明書"), "說明書");
  o.opencc_config = "no-such-config.json";
  EXPECT_FALSE(Segmenter::Create(o).ok());
}

TEST_F(SegmenterTest, NormalizeFoldsWidthAndCase) {
  EXPECT_EQ(seg_->Normalize("ＡＢＣ１２３"), "abc123");
  EXPECT_EQ(seg_->Normalize("Hello"), "hello");
  EXPECT_EQ(seg_->Normalize("ＫＴＶ"), "ktv");
  EXPECT_EQ(seg_->Normalize("Straße"), seg_->Normalize("STRASSE"));
  EXPECT_EQ(seg_->Normalize("ΣΊΣΥΦΟΣ"), seg_->Normalize("σίσυφος"));
  EXPECT_EQ(seg_->Normalize("北京"), "北京");
  EXPECT_EQ(seg_->Normalize("５０％"), "50%");
  EXPECT_EQ(seg_->Normalize(""), "");
  for (const Token& t : seg_->Cut("ＩＢＭ和Apple", Mode::kSearch)) {
    EXPECT_EQ(t.norm, seg_->Normalize(t.text));
  }
}

std::vector<std::string> SentenceTexts(const Segmenter& seg,
                                       std::string_view text) {
  std::vector<std::string> out;
  for (const SentenceSpan& s : seg.Sentences(text)) {
    out.emplace_back(text.substr(s.byte_begin, s.byte_end - s.byte_begin));
  }
  return out;
}

TEST_F(SegmenterTest, SentencesSplitAtChineseAndEnglishPunctuation) {
  EXPECT_EQ(
      SentenceTexts(*seg_, "今天下雨了。他说：「不去了！」真的吗？好；走吧"),
      (WordList{"今天下雨了。", "他说：「不去了！」", "真的吗？", "好；",
                "走吧"}));
  EXPECT_EQ(SentenceTexts(*seg_,
                          "Mr. Smith paid $4.33 today. He left! Why? "
                          "\"Fine.\" Done"),
            (WordList{"Mr. Smith paid $4.33 today.", "He left!", "Why?",
                      "\"Fine.\"", "Done"}));
  EXPECT_EQ(SentenceTexts(*seg_, "第一行\n第二行。”（注）\n\n  "),
            (WordList{"第一行", "第二行。”", "（注）"}));
  EXPECT_EQ(SentenceTexts(*seg_, "见 a.php?id=3 页。好!走"),
            (WordList{"见 a.php?id=3 页。", "好!", "走"}));
  EXPECT_TRUE(seg_->Sentences("").empty());
}

TEST_F(SegmenterTest, SentenceOffsetsInCodePoints) {
  std::string text = "你好。世界！";
  auto s = seg_->Sentences(text);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].char_begin, 0u);
  EXPECT_EQ(s[0].char_end, 3u);
  EXPECT_EQ(s[1].char_begin, 3u);
  EXPECT_EQ(s[1].char_end, 6u);
  EXPECT_EQ(s[1].byte_begin, 9u);
  EXPECT_EQ(s[1].byte_end, 18u);
}

TEST_F(SegmenterTest, SegmentArticleFillsTitleAndBody) {
  v1::CleanArticle a;
  a.set_title("北京大学");
  a.add_paragraphs("我们在北京大学学习。");
  a.add_paragraphs("Second paragraph.");
  EXPECT_EQ(BodyText(a), "我们在北京大学学习。\n\nSecond paragraph.");
  v1::SegmentedArticle out;
  seg_->SegmentArticle(a, &out);
  ASSERT_EQ(out.fields_size(), 2);
  EXPECT_EQ(out.fields(0).name(), "title");
  EXPECT_EQ(out.fields(0).text(), "北京大学");
  EXPECT_EQ(out.fields(1).name(), "body");
  EXPECT_EQ(out.fields(1).text(), BodyText(a));
  EXPECT_EQ(out.fields(1).sentences_size(), 2);
  const auto& tokens = out.fields(0).tokens();
  ASSERT_GE(tokens.size(), 3);  // 北京大学, 北京, 大学.
  EXPECT_EQ(tokens[0].text(), "北京大学");
  EXPECT_EQ(tokens[1].text(), "北京");
  EXPECT_EQ(tokens[1].position(), 0u);
  const std::string body = BodyText(a);
  std::vector<Token> direct = seg_->Cut(body, Mode::kSearch);
  ASSERT_EQ(out.fields(1).tokens_size(), static_cast<int>(direct.size()));
  for (size_t i = 0; i < direct.size(); ++i) {
    const v1::Token& p = out.fields(1).tokens(static_cast<int>(i));
    EXPECT_EQ(p.text(), direct[i].text);
    EXPECT_EQ(p.norm(), direct[i].norm);
    EXPECT_EQ(p.tag(), direct[i].tag);
    EXPECT_EQ(p.position(), direct[i].position);
    EXPECT_EQ(p.byte_begin(), direct[i].byte_begin);
    EXPECT_EQ(p.char_end(), direct[i].char_end);
    EXPECT_EQ(p.stop(), direct[i].stop);
  }
}

TEST_F(SegmenterTest, ConcurrentCutsAgree) {
  const std::string text =
      "新华社北京3月31日电 國務院新聞辦公室31日舉行發布會。GDP fell 6.8% "
      "in the first quarter. 他来到了网易杭研大厦。";
  auto flatten = [&] {
    std::string out;
    for (const Token& t : seg_->Cut(text, Mode::kSearch)) {
      out += std::string(t.text) + "/" + t.norm + "/" +
             std::to_string(t.position) + " ";
    }
    return out;
  };
  const std::string expected = flatten();
  std::vector<std::string> got(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      for (int r = 0; r < 50; ++r) got[i] = flatten();
    });
  }
  for (auto& t : threads) t.join();
  for (const std::string& g : got) EXPECT_EQ(g, expected);
}

// Tokens as "text/tag", for the rule tests below.
std::vector<std::string> Tagged(const Segmenter& seg, std::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : seg.Cut(text, Mode::kExact)) {
    out.push_back(std::string(t.text) + "/" + std::string(t.tag));
  }
  return out;
}

TEST_F(SegmenterTest, DigitsKeepTheirDateAndTimeUnits) {
  EXPECT_EQ(Words("会议于１９８５年３月８日在上海召开"),
            (WordList{"会议", "于", "１９８５年", "３月", "８日", "在", "上海",
                      "召开"}));
  EXPECT_EQ(
      Words("他们在2019年10月1日9时15分出发"),
      (WordList{"他们", "在", "2019年", "10月", "1日", "9时", "15分", "出发"}));
  // A duration is not a year: the number and 年 stay apart, and so do
  // minutes without an hour before them.
  EXPECT_EQ(Words("干了15年"), (WordList{"干", "了", "15", "年"}));
  EXPECT_EQ(Words("得了15分"), (WordList{"得", "了", "15", "分"}));
  EXPECT_EQ(Tagged(*seg_, "３月")[0], "３月/m");
}

TEST_F(SegmenterTest, NumbersKeepMagnitudesSignsAndPercent) {
  EXPECT_EQ(Words("投资50万元，其中３．５亿来自银行"),
            (WordList{"投资", "50万", "元", "，", "其中", "３．５亿", "来自",
                      "银行"}));
  EXPECT_EQ(Words("共1万亿"), (WordList{"共", "1万亿"}));
  EXPECT_EQ(Words("气温－５℃"), (WordList{"气温", "－５", "℃"}));
  EXPECT_EQ(Words("-3 and 5-3"), (WordList{"-3", "and", "5", "-", "3"}));
  EXPECT_EQ(Words("增长了５０％"), (WordList{"增长", "了", "５０％"}));
}

TEST_F(SegmenterTest, ChineseNumeralDatesAreOneWord) {
  EXPECT_EQ(Words("一九八五年五月四日"),
            (WordList{"一九八五年", "五月", "四日"}));
  EXPECT_EQ(Words("二○一○年十二月三十一日"),
            (WordList{"二○一○年", "十二月", "三十一日"}));
  EXPECT_EQ(Words("那天是十月二十一日"),
            (WordList{"那天", "是", "十月", "二十一日"}));
  // Not a date: a duration.
  EXPECT_EQ(Words("他干了三年"), (WordList{"他", "干", "了", "三", "年"}));
  // ○ away from numerals is a bullet, i.e. punctuation.
  std::vector<Token> t = seg_->Cut("○北京", Mode::kExact);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].tag, "x");
}

TEST_F(SegmenterTest, NumeralsAndClassifiersAreSeparateWords) {
  EXPECT_EQ(Words("买了两个苹果"), (WordList{"买", "了", "两", "个", "苹果"}));
  EXPECT_EQ(Words("来了几位客人"), (WordList{"来", "了", "几", "位", "客人"}));
  EXPECT_EQ(Words("第三次会议"), (WordList{"第三", "次", "会议"}));
  // 一个 is one word in the standard.
  EXPECT_EQ(Words("这是一个好办法"),
            (WordList{"这", "是", "一个", "好", "办法"}));
}

TEST_F(SegmenterTest, PersonNamesSplitIntoSurnameAndGivenName) {
  EXPECT_EQ(Tagged(*seg_, "毛泽东和欧阳修"),
            (WordList{"毛/nr", "泽东/nr", "和/c", "欧阳/nr", "修/nr"}));
  // A name the dictionary does not know, found by the HMM.
  EXPECT_EQ(Tagged(*seg_, "记者王小明报道"),
            (WordList{"记者/n", "王/nr", "小明/nr", "报道/v"}));
}

TEST_F(SegmenterTest, HmmWordsGetAGenericTag) {
  std::vector<Token> t = seg_->Cut("他来到了网易杭研大厦", Mode::kExact);
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[4].text, "杭研");
  EXPECT_EQ(t[4].tag, "n");
}

TEST_F(SegmenterTest, DashesAndEllipsesAreOneToken) {
  EXPECT_EQ(Words("好——真的……走"), (WordList{"好", "——", "真的", "……", "走"}));
  EXPECT_EQ(Words("他说———"), (WordList{"他", "说", "———"}));
}

// Cut() sets most norms and stop flags by shortcuts (tables for marks,
// plain Han spelling its own norm): they must say what Normalize() and
// IsStopWord() say.
TEST_F(SegmenterTest, TokenNormsAreNormalizeOfTheirText) {
  auto check = [](std::string_view text) {
    for (const Token& t : seg_->Cut(text, Mode::kSearch)) {
      ASSERT_EQ(t.norm, seg_->Normalize(t.text)) << text;
      // Punctuation ("x", as are some dictionary characters) is a stop
      // token whatever its norm.
      if (t.tag != "x" || IsStopWord(t.norm)) {
        ASSERT_EQ(t.stop, IsStopWord(t.norm)) << t.text;
      }
    }
  };
  check(
      "我们的国家，這個問題。“Ｈｅｌｌｏ”——ＡＢＣ们 ① ¼ ﹏﹏ ～ ℃ ™ Ⅻ "
      "我們是 café Don't STOP ２０２０年 〇 ｡");
  // Every punctuation mark and symbol of the BMP, alone and doubled.
  std::string one, two;
  for (char32_t c = 0x21; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    one.clear();
    AppendUtf8(c, &one);
    two = one + one;
    check(one);
    check(two);
  }
}

TEST_F(SegmenterTest, StopWordsAreFlagged) {
  std::vector<Token> t = seg_->Cut("我的朋友和The book", Mode::kExact);
  std::vector<std::string> stops;
  for (const Token& x : t) {
    if (x.stop) stops.emplace_back(x.text);
  }
  EXPECT_EQ(stops, (WordList{"我", "的", "和", "The"}));
}

TEST_F(SegmenterTest, SegmentingThenJoiningGivesBackTheText) {
  // Each token's text plus the whitespace between tokens is the input.
  const std::string texts[] = {
      "二○一○年十二月三十一日，毛泽东和欧阳修在北京。",
      "投资50万元（约７．５％）—— 2019年10月1日9时15分 出发……",
      "Mr. Smith's café\tcosts $4.33;\n  结婚的和尚未结婚的",
      "鑫淼焱垚　ＫＴＶ －５℃ \xFF 半个",
  };
  for (const std::string& text : texts) {
    for (Mode mode : {Mode::kExact, Mode::kSearch}) {
      std::string joined;
      uint32_t end = 0;
      for (const Token& t : seg_->Cut(text, mode)) {
        if (t.sub_word) continue;
        ASSERT_GE(t.byte_begin, end);
        for (uint32_t i = end; i < t.byte_begin; ++i) {
          // Only whitespace (ASCII or U+3000) is left out.
          EXPECT_TRUE(text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
                      static_cast<unsigned char>(text[i]) >= 0x80)
              << text;
        }
        joined += text.substr(end, t.byte_begin - end);
        joined += t.text;
        end = t.byte_end;
      }
      joined += text.substr(end);
      EXPECT_EQ(joined, text);
    }
  }
}

TEST(SegmenterOptionsTest, WordBonusZeroCutsLikeJieba) {
  Options o;
  o.word_bonus = 0;
  auto seg = Segmenter::Create(o);
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  std::vector<std::string> words;
  for (const Token& t : (*seg)->Cut("今天天气很好", Mode::kExact)) {
    words.emplace_back(t.text);
  }
  EXPECT_EQ(words, (WordList{"今天天气", "很", "好"}));
}

TEST(SegmenterCreateTest, MissingDictionaryIsAnIOError) {
  Options o;
  o.dict_path = "/nonexistent/dict.txt";
  auto seg = Segmenter::Create(o);
  ASSERT_FALSE(seg.ok());
  EXPECT_EQ(seg.status().code(), Status::Code::kIOError);
  EXPECT_NE(seg.status().message().find("/nonexistent/dict.txt"),
            std::string::npos);
}

}  // namespace
}  // namespace ink::segmenter

namespace ink::segmenter {
namespace {

// The store indexes the search-mode tokens of a text and parses a query
// with exact mode: a word typed alone must be found inside the longer word
// or the different context that the text puts it in.
TEST_F(SegmenterTest, QueryWordsAreAmongTheSearchTokensOfTheirText) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"肺炎", "新冠肺炎疫情持续蔓延"},
      {"疫情", "新冠肺炎疫情持续蔓延"},
      {"新冠肺炎", "新冠肺炎疫情持续蔓延"},
      {"北京", "北京大学的学生"},
      {"大学", "我们在北京大学学习"},
      {"清华大学", "我来到北京清华大学"},
      {"人民", "中华人民共和国成立七十周年"},
      {"共和国", "中华人民共和国成立七十周年"},
      {"金融服务", "提升金融服务实体经济的能力"},
      {"经济增长", "中国经济增长明显放缓"},
      {"信息技术", "大力发展信息技术产业"},
      {"国务院新闻办公室", "国务院新闻办公室31日举行新闻发布会"},
      {"新闻发布会", "国务院新闻办公室31日举行新闻发布会"},
      {"发布会", "国务院新闻办公室31日举行新闻发布会"},
      {"世界卫生组织", "世界卫生组织总干事表示"},
      {"卫生组织", "世界卫生组织总干事表示"},
      {"研究生", "北京大学研究生院招生"},
      {"Health", "The World Health Organization said"},
      {"增长", "第三产业增加值增长4.33%"},
  };
  for (const auto& [query, text] : cases) {
    std::vector<std::string> indexed;
    for (const Token& t : seg_->Cut(text, Mode::kSearch)) {
      indexed.push_back(t.norm);
    }
    for (const Token& q : seg_->Cut(query, Mode::kExact)) {
      if (q.stop) continue;
      EXPECT_NE(std::find(indexed.begin(), indexed.end(), q.norm),
                indexed.end())
          << "query " << query << ": " << q.norm << " is not indexed in "
          << text;
    }
  }
}

}  // namespace
}  // namespace ink::segmenter
