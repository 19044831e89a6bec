#include "stages/segmenter/lexicon.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "stages/segmenter/utf8.h"

namespace ink::segmenter {
namespace {

constexpr std::u32string_view kChineseDigits = U"〇○零一二三四五六七八九";

// Measure words that PKU keeps apart from the numeral before them. Words
// that also form common compounds with 一 ("一下", "一点", "一起", "一道",
// "一度", "一面", "一边", "一样", "一月") are left out: the dictionary
// decides those.
constexpr std::u32string_view kClassifiers =
    U"个位种条次年天项批名件片支份场级棵只家张套台辆架部本篇首句段层座所"
    U"间声番届轮期类股群阵对双步岁元吨米人倍周员户笔枚颗根块封箱斤亩章节"
    U"集幅页门匹粒滴串例趟遍回季代份桩宗座艘列";

// The most common single-character surnames (about 95% of the population).
constexpr std::u32string_view kSurnames =
    U"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田"
    U"董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方"
    U"白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    U"常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
    U"柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳"
    U"管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄"
    U"窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商"
    U"刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝尉";

constexpr std::array<std::u32string_view, 12> kCompoundSurnames = {
    U"欧阳", U"司马", U"上官", U"诸葛", U"东方", U"皇甫",
    U"令狐", U"慕容", U"尉迟", U"公孙", U"司徒", U"夏侯"};

// Chinese function words (particles, pronouns, prepositions, conjunctions
// and adverbs with no content of their own) and English stop words.
constexpr std::string_view kStopWords[] = {
    "的",   "了",    "着",    "过",    "地",   "得",    "之",    "和",
    "与",   "及",    "或",    "而",    "在",   "是",    "也",    "就",
    "都",   "又",    "还",    "被",    "把",   "给",    "对",    "从",
    "向",   "以",    "为",    "于",    "由",   "将",    "让",    "使",
    "这",   "那",    "其",    "此",    "该",   "我",    "你",    "他",
    "她",   "它",    "我们",  "你们",  "他们", "她们",  "它们",  "吗",
    "呢",   "吧",    "啊",    "呀",    "嘛",   "哦",    "么",    "个",
    "等",   "并",    "但",    "却",    "则",   "即",    "若",    "如",
    "因",   "所",    "很",    "更",    "最",   "不",    "没",    "有",
    "这个", "那个",  "这些",  "那些",  "一个", "以及",  "因为",  "所以",
    "但是", "而且",  "并且",  "如果",  "虽然", "已经",  "可以",  "就是",
    "还是", "a",     "about", "after", "all",  "also",  "an",    "and",
    "any",  "are",   "as",    "at",    "be",   "been",  "but",   "by",
    "can",  "could", "did",   "do",    "does", "for",   "from",  "had",
    "has",  "have",  "he",    "her",   "his",  "how",   "i",     "if",
    "in",   "into",  "is",    "it",    "its",  "may",   "more",  "most",
    "no",   "not",   "of",    "on",    "or",   "our",   "she",   "so",
    "than", "that",  "the",   "their", "them", "then",  "there", "these",
    "they", "this",  "those", "to",    "was",  "we",    "were",  "what",
    "when", "which", "who",   "will",  "with", "would", "you",   "your"};

bool In(std::u32string_view set, char32_t c) {
  return set.find(c) != std::u32string_view::npos;
}

// Membership bits for the BMP, so that the per-token checks are one load.
enum : uint8_t {
  kClassifier = 1,
  kSurname = 2,
  kStopFirst = 8,  // The first character of a Chinese stop word.
  kStopChar = 32,  // A Chinese stop word of one character.
};
// The first code point of a UTF-8 word, at compile time.
constexpr char32_t FirstCodePoint(std::string_view w) {
  const auto byte = [&](size_t i) {
    return static_cast<char32_t>(static_cast<unsigned char>(w[i]));
  };
  if (byte(0) < 0x80) return byte(0);
  if (byte(0) < 0xE0) return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
  if (byte(0) < 0xF0) {
    return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) |
           (byte(2) & 0x3F);
  }
  return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) |
         ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F);
}

// Built at compile time: a function-local static would cost a guard check
// on every one of the millions of calls per second.
constexpr std::array<uint8_t, 0x10000> MakeFlags() {
  std::array<uint8_t, 0x10000> f{};
  for (char32_t c : kClassifiers) f[c] |= kClassifier;
  for (char32_t c : kSurnames) f[c] |= kSurname;
  for (std::string_view w : kStopWords) {
    const char32_t c = FirstCodePoint(w);
    if (c >= 0x80 && c < 0x10000) {
      f[c] |= kStopFirst;
      if (w.size() == (c < 0x800 ? 2u : 3u)) f[c] |= kStopChar;
    }
  }
  return f;
}
constexpr std::array<uint8_t, 0x10000> kFlags = MakeFlags();

bool HasFlag(char32_t c, uint8_t flag) {
  return c < 0x10000 && (kFlags[c] & flag) != 0;
}

// The stop words in an open-addressing table: a lookup hashes the first
// eight bytes and compares one or two candidates, not a binary search of
// string comparisons per token.
uint64_t StopKey(std::string_view w) {
  uint64_t k = 0;
  std::memcpy(&k, w.data(), std::min<size_t>(w.size(), 8));
  return (k ^ w.size()) * 0x9E3779B97F4A7C15ull;
}
constexpr size_t kStopSlots = 1024;  // A power of two, > 4x the words.
const std::vector<std::string_view>& StopTable() {
  static const std::vector<std::string_view> table = [] {
    std::vector<std::string_view> t(kStopSlots);
    for (std::string_view w : kStopWords) {
      size_t i = StopKey(w) >> 54;
      while (!t[i].empty() && t[i] != w) i = (i + 1) & (kStopSlots - 1);
      t[i] = w;
    }
    return t;
  }();
  return table;
}
}  // namespace

bool IsChineseDigit(char32_t c) { return In(kChineseDigits, c); }

int SmallChineseNumber(const char32_t* s, size_t n) {
  auto digit = [](char32_t c) -> int {
    size_t p = kChineseDigits.find(c);
    if (p == std::u32string_view::npos) return -1;
    return p < 3 ? 0 : static_cast<int>(p) - 2;  // 〇 ○ 零 are 0.
  };
  if (n == 1) {
    if (s[0] == U'十') return 10;
    return digit(s[0]);
  }
  // [d]十[d]: 十二, 二十, 三十一.
  size_t ten = 0;
  while (ten < n && s[ten] != U'十') ++ten;
  if (ten == n || n > 3) return -1;
  int tens = 1;
  if (ten == 1) {
    tens = digit(s[0]);
    if (tens < 2) return -1;
  } else if (ten != 0) {
    return -1;
  }
  int ones = 0;
  if (ten + 1 < n) {
    if (ten + 2 != n) return -1;
    ones = digit(s[ten + 1]);
    if (ones < 1) return -1;
  }
  return tens * 10 + ones;
}

bool IsMagnitude(char32_t c) {
  return c == U'万' || c == U'亿' || c == U'千' || c == U'百';
}

bool IsClassifier(char32_t c) { return HasFlag(c, kClassifier); }

bool IsSurname(char32_t c) { return HasFlag(c, kSurname); }

bool IsCompoundSurname(char32_t a, char32_t b) {
  for (std::u32string_view s : kCompoundSurnames) {
    if (s[0] == a && s[1] == b) return true;
  }
  return false;
}

bool IsStopWord(std::string_view norm) {
  if (norm.empty() || norm.size() > 12) return false;
  if (static_cast<unsigned char>(norm[0]) >= 0x80) {
    // Most Chinese words start with a character no stop word starts with.
    int len;
    if (!HasFlag(DecodeUtf8(norm, 0, &len), kStopFirst)) return false;
  } else if (norm.size() > 5) {
    return false;  // No English stop word here is longer: "their", "these".
  }
  const auto& table = StopTable();
  for (size_t i = StopKey(norm) >> 54;; i = (i + 1) & (kStopSlots - 1)) {
    if (table[i].empty()) return false;
    if (table[i] == norm) return true;
  }
}

bool IsHanStopWord(const char32_t* s, size_t n, std::string_view norm) {
  if (n == 1) return HasFlag(s[0], kStopChar);
  return HasFlag(s[0], kStopFirst) && IsStopWord(norm);
}

}  // namespace ink::segmenter
