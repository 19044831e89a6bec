#include "stages/segmenter/segmenter.h"

#include <libstemmer.h>
#include <opencc/opencc.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <exception>
#include <optional>
#include <utility>

#include "stages/segmenter/case_fold.h"
#include "stages/segmenter/dictionary.h"
#include "stages/segmenter/hmm.h"
#include "stages/segmenter/lexicon.h"
#include "stages/segmenter/utf8.h"

namespace ink::segmenter {
namespace {

constexpr std::string_view kTagEnglish = "eng";
constexpr std::string_view kTagNumber = "m";
constexpr std::string_view kTagPunct = "x";
constexpr std::string_view kTagName = "nr";
// Words the HMM found that match no rule: a generic noun.
constexpr std::string_view kTagUnknown = "n";

bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) ||
         c == 0x3007;  // 〇, the ideographic zero of 二〇二〇年.
}

// ICU's classes for the characters that are neither ASCII nor invalid.
bool IcuIsSpace(char32_t c) {
  // Zero-width characters separate nothing visible; treat them as spaces so
  // that they never end up inside a token.
  return u_isUWhiteSpace(c) || (c >= 0x200B && c <= 0x200D) || c == 0x2060 ||
         c == 0xFEFF;
}
// Letters and digits of any script but Han, and combining marks (so that
// "café" written with a combining accent stays one word).
bool IcuIsWordChar(char32_t c) {
  if (u_isalnum(c)) return true;
  int8_t type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

// The same for the BMP, asked of ICU once: the cutting loops ask for every
// character that is not ASCII, three ICU calls for each punctuation mark.
enum : uint8_t { kClassSpace = 1, kClassWord = 2, kClassDigit = 4 };
const std::array<uint8_t, 0x10000>& BmpClasses() {
  static const std::array<uint8_t, 0x10000> table = [] {
    std::array<uint8_t, 0x10000> t{};
    for (char32_t c = 0x80; c < 0x10000; ++c) {
      t[c] = (IcuIsSpace(c) ? kClassSpace : 0) |
             (IcuIsWordChar(c) ? kClassWord : 0) |
             (u_isdigit(c) ? kClassDigit : 0);
    }
    return t;
  }();
  return table;
}

bool IsSpace(char32_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  if (c < 0x10000) return (BmpClasses()[c] & kClassSpace) != 0;
  return c != kInvalidByte && IcuIsSpace(c);
}

bool IsLineBreak(char32_t c) {
  return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x85;
}

bool IsDigit(char32_t c) {
  if (c < 0x80) return c >= '0' && c <= '9';
  if (c < 0x10000) return (BmpClasses()[c] & kClassDigit) != 0;
  return c != kInvalidByte && u_isdigit(c);
}

// Letters and digits of any script but Han, and combining marks.
bool IsWordChar(char32_t c) {
  if (c < 0x80) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  }
  if (c < 0x10000) return (BmpClasses()[c] & kClassWord) != 0;
  return c != kInvalidByte && IcuIsWordChar(c);
}

bool IsDecimalPoint(char32_t c) { return c == '.' || c == 0xFF0E; }
bool IsMinus(char32_t c) { return c == '-' || c == 0xFF0D || c == 0x2212; }
// ○ (U+25CB) is a shape, but Chinese text writes the zero of years with it
// ("二○○一年"): next to a Chinese numeral it joins the Han run so that the
// year stays one word; elsewhere (a bullet) it is punctuation.
constexpr char32_t kCircleZero = 0x25CB;
bool IsNumeralCircle(const CodePoints& cps, size_t i) {
  if (cps[i] != kCircleZero) return false;
  size_t b = i, e = i + 1;
  while (b > 0 && cps[b - 1] == kCircleZero) --b;
  while (e < cps.size() && cps[e] == kCircleZero) ++e;
  return (b > 0 && IsChineseNumeral(cps[b - 1])) ||
         (e < cps.size() && IsChineseNumeral(cps[e]));
}
bool IsPercent(char32_t c) { return c == '%' || c == 0xFF05; }
bool IsApostrophe(char32_t c) { return c == '\'' || c == 0x2019; }

// Characters that belong to the sentence they follow: closing quotes and
// brackets.
bool IsCloser(char32_t c) {
  switch (c) {
    case 0x300D:  // 」
    case 0x300F:  // 』
    case 0x201D:  // ”
    case 0x2019:  // ’
    case 0xFF09:  // ）
    case ')':
    case ']':
    case 0x3011:  // 】
    case 0x300B:  // 》
    case 0x3009:  // 〉
    case 0xFF3D:  // ］
    case 0x00BB:  // »
      return true;
  }
  return false;
}

// Always end a sentence, whatever follows.
bool IsStrongTerminal(char32_t c) {
  return c == 0x3002 || c == 0xFF01 || c == 0xFF1F ||
         c == 0xFF1B ||                        // 。！？；
         c == '!' || c == '?' || c == 0xFF61;  // ｡
}

// A piece of the exact cut, in code-point offsets.
struct Piece {
  uint32_t begin, end;
  std::string_view tag;
  bool stop;
  bool han;  // Cut from a Han run: may contain dictionary sub-words.
  // Its code points were rewritten to their simplified reading (CutWords()):
  // they no longer spell the text.
  bool folded = false;
  // All its code points are Han characters that fold to themselves
  // (IsPlainHan()): the text is its own norm.
  bool plain = false;
};

// True if the '.' at cps[dot] ends an abbreviation or an initial ("Mr.",
// "e.g.", "J. Smith", "U.S. troops") rather than a sentence.
bool IsAbbreviation(const CodePoints& cps, size_t dot) {
  size_t b = dot;
  while (b > 0 && (IsWordChar(cps[b - 1]) || cps[b - 1] == '.')) --b;
  size_t len = dot - b;
  if (len == 0) return false;
  if (len == 1 || (len >= 3 && cps[dot - 2] == '.')) return true;
  static constexpr std::u32string_view kAbbrev[] = {
      U"mr",  U"mrs",  U"ms",  U"dr",  U"prof", U"st",  U"jr",
      U"sr",  U"vs",   U"no",  U"inc", U"ltd",  U"co",  U"corp",
      U"gen", U"gov",  U"sen", U"rep", U"etc",  U"jan", U"feb",
      U"aug", U"sept", U"oct", U"nov", U"dec",  U"fig", U"approx"};
  if (len > 6) return false;
  std::u32string word;
  for (size_t i = b; i < dot; ++i) {
    char32_t c = cps[i];
    word.push_back(c < 0x80 ? (c | 0x20) : c);
  }
  for (std::u32string_view a : kAbbrev) {
    if (word == a) return true;
  }
  return false;
}

// The end of the number cps[b, e) with the unit PKU keeps in the same
// word: a year of four digits ("2000年"), a month, day or hour ("12月",
// "31日", "8时"), minutes after an hour ("8时 30分"), or magnitudes
// ("50万", "1万亿"). `plain` is true if the number is digits only.
uint32_t NumberUnitEnd(const CodePoints& cps, uint32_t b, uint32_t e,
                       bool plain, const std::vector<Piece>& before) {
  const size_t n = cps.size();
  if (e >= n || IsPercent(cps[e - 1])) return e;
  const char32_t u = cps[e];
  const uint32_t digits = e - b;
  if (plain) {
    if (u == U'年') return digits == 4 ? e + 1 : e;
    if (digits <= 2 && (u == U'月' || u == U'日' || u == U'时')) return e + 1;
    if (digits <= 2 && (u == U'分' || u == U'秒') && !before.empty() &&
        before.back().end == b && before.back().end - before.back().begin > 1) {
      const char32_t prev = cps[before.back().end - 1];
      if ((u == U'分' && prev == U'时') || (u == U'秒' && prev == U'分')) {
        return e + 1;
      }
    }
  }
  uint32_t j = e;
  while (j < n && (cps[j] == U'万' || cps[j] == U'亿' || cps[j] == U'千')) ++j;
  return j;
}

// True for the dictionary's compounds that PKU writes as two words: a
// numeral or 多/几 and its classifier ("一年", "两个", "多名", "万元"),
// "这/那" with 一, 是 or 位, and enumerations ("一是", "二是").
bool SplitByStandard(std::u32string_view w) {
  if (w.size() > 2 && w[0] == U'第') w.remove_prefix(1);  // 第一次, 第三个.
  if (w.size() < 2 || w.size() > 3) return false;
  const char32_t last = w.back();
  bool numeral = true;
  for (size_t i = 0; i + 1 < w.size(); ++i) {
    numeral &= IsChineseNumeral(w[i]) || w[i] == U'多' || w[i] == U'几';
  }
  // 一个 is one word in PKU's standard, unlike 两 个 or 几 个.
  if (w == U"一个") return false;
  if (numeral && (IsClassifier(last) || last == U'是')) return true;
  return w.size() == 2 && (w[0] == U'这' || w[0] == U'那') &&
         (last == U'一' || last == U'是' || last == U'位');
}

// Snowball stemmers keep state between calls: one per thread keeps
// Normalize() const and thread-safe.
struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};
sb_stemmer* EnglishStemmer() {
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(
      sb_stemmer_new("english", "UTF_8"));
  return stemmer.get();
}

// The range of code points whose traditional-to-simplified mapping is
// tabulated for Cut(); the Han blocks are all in the BMP.
constexpr char32_t kT2sBegin = 0x3400, kT2sEnd = 0xA000;

}  // namespace

struct Segmenter::Impl {
  Options options;
  Dictionary dict;
  std::optional<Hmm> hmm;
  std::optional<CaseFolder> folder;
  std::unique_ptr<opencc::SimpleConverter> t2s;
  // The simplified form of each traditional character that OpenCC maps to
  // one character, indexed by c - kT2sBegin; 0 where there is none. Cut()
  // looks words up through it so that traditional text finds the
  // (simplified) dictionary's words, with offsets untouched.
  std::vector<char32_t> t2s_char;

  char32_t Simplified(char32_t c) const {
    if (c < kT2sBegin || c >= kT2sEnd || t2s_char.empty()) return 0;
    return t2s_char[c - kT2sBegin];
  }
  // One bit per BMP code point: a character of the main Han blocks that
  // Simplified() leaves alone, so Normalize() keeps it as it is. 8 KB, which
  // the cache holds, instead of t2s_char's 110 KB.
  std::vector<uint64_t> plain_han;
  bool IsPlainHan(char32_t c) const {
    return c < 0x10000 && ((plain_han[c / 64] >> (c % 64)) & 1) != 0;
  }
  void FillPlainHan() {
    plain_han.assign(0x10000 / 64, 0);
    for (char32_t c = 0x3400; c <= 0x9FFF; ++c) {
      if (c > 0x4DBF && c < 0x4E00) continue;
      if (Simplified(c) == 0) plain_han[c / 64] |= uint64_t{1} << (c % 64);
    }
  }
  Status LoadOpenCC(const std::string& config);

  // Normalize() of each one-character punctuation mark or symbol of the
  // BMP, by mark_index[c] (0: none): marks are the commonest tokens after
  // words, and most need the fold table. Filled by FillMarkNorms() from
  // Normalize() itself, once everything that reads is loaded.
  std::vector<uint16_t> mark_index;
  std::vector<std::string> mark_norm;
  void FillMarkNorms();
  // Sets the norm and stop flag of the token whose text is `text`
  // (Normalize(), IsStopWord()), by shortcuts for the common tokens. s[0, n)
  // are its code points unless `folded`.
  void TokenNorm(std::string_view text, const char32_t* s, uint32_t n,
                 bool folded, Token* t) const {
    if (folded) {
      Normalize(text, &t->norm);
      t->stop = t->stop || IsStopWord(t->norm);
      return;
    }
    // Han characters that fold to themselves spell their own norm (the
    // fast path of Normalize(), on code points already decoded).
    uint32_t k = 0;
    while (k < n && IsPlainHan(s[k])) ++k;
    if (k == n) {
      t->norm.assign(text);
      t->stop = t->stop || IsHanStopWord(s, n, t->norm);
      return;
    }
    if (n == 1 && s[0] < 0x10000) {
      if (const uint16_t m = mark_index[s[0]]) {
        t->norm = mark_norm[m];
        t->stop = t->stop || IsStopWord(t->norm);
        return;
      }
    }
    Normalize(text, &t->norm);
    t->stop = t->stop || IsStopWord(t->norm);
  }

  // Cuts the Han run s[0, n): Chinese dates ("二○○一年", "十二月") are
  // words of their own, the text between them goes to CutWords().
  void CutHan(char32_t* s, uint32_t base, uint32_t n,
              std::vector<Piece>* out) const;
  // The dictionary cut of s[0, n) with the HMM for runs of single
  // characters; may rewrite s to its simplified reading, which later
  // dictionary lookups of the same text must use.
  void CutWords(char32_t* s, uint32_t base, uint32_t n,
                std::vector<Piece>* out) const;
  void FlushSingles(const char32_t* s, uint32_t base, uint32_t begin,
                    uint32_t end, std::vector<Piece>* out) const;
  // Appends the word s[begin, end) (tag: its dictionary tag index, or
  // Dictionary::kNoWord); splits a person's name into surname and given
  // name.
  void AddWord(const char32_t* s, uint16_t tag_index, uint32_t base,
               uint32_t begin, uint32_t end, bool from_hmm,
               std::vector<Piece>* out) const;
  void CutPieces(CodePoints& cps, std::vector<Piece>* out) const;
  // Segmenter::Normalize() into *norm, whose buffer it reuses.
  void Normalize(std::string_view term, std::string* norm) const;
};

// The end of the Chinese date that starts with the numeral s[k, m) (m is
// the end of the run of numerals), or 0 if there is none: a year spelt in
// digits ("一九九八年"), a month ("十二月") or a day after a month
// ("三十一日").
uint32_t ChineseDateEnd(const char32_t* s, uint32_t k, uint32_t m, uint32_t n) {
  if (m >= n) return 0;
  const char32_t unit = s[m];
  if (unit == U'年') {
    if (m - k < 2) return 0;
    for (uint32_t i = k; i < m; ++i) {
      if (!IsChineseDigit(s[i])) return 0;
    }
    return m + 1;
  }
  const int v = SmallChineseNumber(s + k, m - k);
  if (unit == U'月' && v >= 1 && v <= 12) return m + 1;
  if ((unit == U'日' || unit == U'号') && v >= 1 && v <= 31 && k > 0 &&
      s[k - 1] == U'月') {
    return m + 1;
  }
  return 0;
}

void Segmenter::Impl::AddWord(const char32_t* s, uint16_t tag_index,
                              uint32_t base, uint32_t begin, uint32_t end,
                              bool from_hmm, std::vector<Piece>* out) const {
  const bool known = tag_index != Dictionary::kNoWord;
  std::string_view tag = known ? dict.TagName(tag_index) : "";
  const uint32_t len = end - begin;
  // Names: the dictionary's, or what the HMM found, if they start with a
  // surname. PKU writes surname and given name as two words.
  const bool name_like = known ? tag == kTagName : from_hmm;
  if (name_like && (len == 3 || len == 4)) {
    // 欧阳 修, 司马 相如, 江 泽民.
    uint32_t surname = 0;
    if (IsCompoundSurname(s[begin], s[begin + 1])) {
      surname = 2;
    } else if (len == 3 && IsSurname(s[begin])) {
      surname = 1;
    }
    if (surname != 0) {
      const uint32_t mid = base + begin + surname;
      out->push_back(Piece{base + begin, mid, kTagName, false, true});
      out->push_back(Piece{mid, base + end, kTagName, false, true});
      return;
    }
  }
  if (!known && from_hmm && len > 1) tag = kTagUnknown;
  out->push_back(Piece{base + begin, base + end, tag, false, true});
}

void Segmenter::Impl::FlushSingles(const char32_t* s, uint32_t base,
                                   uint32_t begin, uint32_t end,
                                   std::vector<Piece>* out) const {
  // jieba: consecutive single characters that do not form a known word are
  // handed to the HMM, which may join them into new words.
  if (end - begin > 1 && hmm) {
    if (dict.FindTag(s + begin, s + end) == Dictionary::kNoWord) {
      thread_local std::vector<uint32_t> ends;
      ends.clear();
      hmm->Cut(s + begin, end - begin, &ends);
      uint32_t b = begin;
      for (uint32_t e : ends) {
        const uint32_t x = begin + e;
        if (x - b > 1 && SplitByStandard(std::u32string_view(s + b, x - b))) {
          for (uint32_t i = b; i < x; ++i) {
            AddWord(s, dict.CharTag(s[i]), base, i, i + 1, false, out);
          }
          b = x;
          continue;
        }
        AddWord(s, x - b == 1 ? dict.CharTag(s[b]) : dict.FindTag(s + b, s + x),
                base, b, x, /*from_hmm=*/true, out);
        b = x;
      }
      return;
    }
  }
  for (uint32_t i = begin; i < end; ++i) {
    AddWord(s, dict.CharTag(s[i]), base, i, i + 1, false, out);
  }
}

void Segmenter::Impl::CutHan(char32_t* s, uint32_t base, uint32_t n,
                             std::vector<Piece>* out) const {
  uint32_t begin = 0;  // Start of the text not cut yet.
  for (uint32_t k = 0; k < n;) {
    if (!IsChineseNumeral(s[k]) || (k > begin && IsChineseNumeral(s[k - 1]))) {
      ++k;
      continue;
    }
    uint32_t m = k + 1;
    while (m < n && IsChineseNumeral(s[m])) ++m;
    const uint32_t end = ChineseDateEnd(s, k, m, n);
    if (end == 0) {
      k = m;
      continue;
    }
    if (k > begin) CutWords(s + begin, base + begin, k - begin, out);
    out->push_back(Piece{base + k, base + end, kTagNumber, false, false});
    begin = k = end;
  }
  if (begin < n) CutWords(s + begin, base + begin, n - begin, out);
}

void Segmenter::Impl::CutWords(char32_t* s, uint32_t base, uint32_t n,
                               std::vector<Piece>* out) const {
  thread_local std::vector<double> score;
  thread_local std::vector<uint32_t> next;
  thread_local std::vector<uint16_t> tags;
  dict.Route(s, n, &score, &next, &tags);
  const size_t first_piece = out->size();
  bool rewritten = false;
  // Whether every character of the run is plain Han: then so is every
  // piece, whose norm is then its text (Cut() skips TokenNorm()'s checks).
  bool all_plain = true;
  if (t2s_char.empty()) {
    for (uint32_t k = 0; k < n && all_plain; ++k) all_plain = IsPlainHan(s[k]);
  } else {
    // Traditional text: look the run up again with its characters folded
    // to simplified ones, and keep whichever reading the dictionary finds
    // more probable. Folding only by character would break simplified
    // words such as 乾隆 or 著名 whose characters OpenCC also maps.
    // Most runs are simplified already: the 8 KB bit set tells without
    // copying the run or reading the 110 KB table.
    bool any = false;
    for (uint32_t k = 0; k < n; ++k) {
      if (IsPlainHan(s[k])) continue;
      all_plain = false;
      if (Simplified(s[k]) != 0) {
        any = true;
        break;
      }
    }
    if (any) {
      thread_local std::vector<char32_t> folded;
      folded.assign(s, s + n);
      for (char32_t& c : folded) {
        if (char32_t d = Simplified(c)) c = d;
      }
      thread_local std::vector<double> score2;
      thread_local std::vector<uint32_t> next2;
      thread_local std::vector<uint16_t> tags2;
      dict.Route(folded.data(), n, &score2, &next2, &tags2);
      if (score2[0] > score[0]) {
        std::copy(folded.begin(), folded.end(), s);
        rewritten = true;
        score.swap(score2);
        next.swap(next2);
        tags.swap(tags2);
      }
    }
  }
  uint32_t singles = 0;  // Start of the pending run of single characters.
  bool pending = false;
  for (uint32_t x = 0; x < n;) {
    uint32_t y = next[x];
    if (y - x == 1) {
      if (!pending) singles = x;
      pending = true;
    } else {
      if (pending) FlushSingles(s, base, singles, x, out);
      pending = false;
      AddWord(s, tags[x], base, x, y, false, out);
    }
    x = y;
  }
  if (pending) FlushSingles(s, base, singles, n, out);
  if (rewritten || all_plain) {
    for (size_t k = first_piece; k < out->size(); ++k) {
      (*out)[k].folded = rewritten;
      (*out)[k].plain = all_plain;
    }
  }
}

void Segmenter::Impl::CutPieces(CodePoints& cps,
                                std::vector<Piece>* out) const {
  const uint32_t n = static_cast<uint32_t>(cps.size());
  uint32_t i = 0;
  while (i < n) {
    char32_t c = cps[i];
    if (IsSpace(c)) {
      ++i;
    } else if (IsHan(c) || IsNumeralCircle(cps, i)) {
      uint32_t j = i + 1;
      while (j < n && (IsHan(cps[j]) || IsNumeralCircle(cps, j))) ++j;
      CutHan(cps.data() + i, i, j - i, out);
      i = j;
    } else if (IsWordChar(c) ||
               (IsMinus(c) && i + 1 < n && IsDigit(cps[i + 1]) &&
                (i == 0 || IsHan(cps[i - 1]) || !IsWordChar(cps[i - 1])))) {
      // A run of letters and digits; numbers keep their sign, decimal
      // point, thousands separators and percent sign ("-5", "4.33",
      // "1,000", "50%"), and words their inner apostrophe ("don't").
      const uint32_t start = i;
      if (!IsWordChar(c)) ++i;  // The minus sign.
      bool letters = !IsDigit(cps[i]);
      bool plain = !letters;  // Digits only.
      uint32_t j = i + 1;
      while (j < n) {
        char32_t d = cps[j];
        if (IsWordChar(d) && !IsHan(d)) {
          letters |= !IsDigit(d);
          ++j;
        } else if (j + 1 < n && IsDigit(cps[j - 1]) && IsDigit(cps[j + 1]) &&
                   (IsDecimalPoint(d) || d == ',')) {
          plain = false;
          j += 2;
        } else if (j + 1 < n && IsApostrophe(d) && !IsDigit(cps[j - 1]) &&
                   IsWordChar(cps[j + 1]) && !IsDigit(cps[j + 1]) &&
                   !IsHan(cps[j + 1])) {
          j += 2;
        } else if (IsPercent(d) && IsDigit(cps[j - 1])) {
          plain = false;
          ++j;
          break;
        } else {
          break;
        }
      }
      if (!letters) j = NumberUnitEnd(cps, i, j, plain && start == i, *out);
      out->push_back(
          Piece{start, j, letters ? kTagEnglish : kTagNumber, false, false});
      i = j;
    } else {
      // Punctuation and symbols; a run of the same mark ("——", "……", "!!")
      // is one token. Invalid bytes stay single.
      uint32_t j = i + 1;
      if (c != kInvalidByte && c != 0xFFFD) {
        while (j < n && cps[j] == c) ++j;
      }
      out->push_back(Piece{i, j, kTagPunct, true, false});
      i = j;
    }
  }
}

Status Segmenter::Impl::LoadOpenCC(const std::string& config) {
  try {
    t2s = std::make_unique<opencc::SimpleConverter>(config);
  } catch (const std::exception& e) {
    return Status::IOError("OpenCC " + config + ": " + e.what());
  }
  // Convert every character at once, one per line, so that OpenCC's phrase
  // table cannot join neighbours.
  std::string all;
  all.reserve((kT2sEnd - kT2sBegin) * 4);
  for (char32_t c = kT2sBegin; c < kT2sEnd; ++c) {
    AppendUtf8(c, &all);
    all.push_back('\n');
  }
  std::string converted;
  try {
    converted = t2s->Convert(all);
  } catch (const std::exception& e) {
    return Status::Internal("OpenCC " + config + ": " + e.what());
  }
  t2s_char.assign(kT2sEnd - kT2sBegin, 0);
  size_t pos = 0;
  for (char32_t c = kT2sBegin; c < kT2sEnd && pos < converted.size(); ++c) {
    size_t eol = converted.find('\n', pos);
    if (eol == std::string::npos) break;
    std::string_view line(converted.data() + pos, eol - pos);
    pos = eol + 1;
    int len = 0;
    char32_t d = line.empty() ? 0 : DecodeUtf8(line, 0, &len);
    if (d != c && d != kInvalidByte &&
        static_cast<size_t>(len) == line.size() && IsHan(d)) {
      t2s_char[c - kT2sBegin] = d;
    }
  }
  return Status::OK();
}

void Segmenter::Impl::FillMarkNorms() {
  mark_index.assign(0x10000, 0);
  mark_norm.assign(1, std::string());
  std::string text, norm;
  for (char32_t c = 0; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    const int8_t type = u_charType(c);
    if (!(U_MASK(type) & (U_GC_P_MASK | U_GC_S_MASK))) continue;
    text.clear();
    AppendUtf8(c, &text);
    Normalize(text, &norm);
    mark_index[c] = static_cast<uint16_t>(mark_norm.size());
    mark_norm.push_back(norm);
  }
}

Segmenter::Segmenter() : impl_(std::make_unique<Impl>()) {}
Segmenter::~Segmenter() = default;

Result<std::unique_ptr<Segmenter>> Segmenter::Create(const Options& options) {
  std::unique_ptr<Segmenter> seg(new Segmenter());
  Impl& impl = *seg->impl_;
  impl.options = options;
  impl.dict.set_word_bonus(options.word_bonus);
  RETURN_IF_ERROR(impl.dict.LoadFile(options.dict_path, &SplitByStandard));
  impl.dict.Finalize();
  if (!options.user_dict_path.empty()) {
    RETURN_IF_ERROR(impl.dict.LoadUserFile(options.user_dict_path));
    impl.dict.Finalize();
  }
  if (!options.hmm_dir.empty()) {
    ASSIGN_OR_RETURN(Hmm hmm, Hmm::Load(options.hmm_dir));
    impl.hmm.emplace(std::move(hmm));
  }
  if (!options.opencc_config.empty()) {
    RETURN_IF_ERROR(impl.LoadOpenCC(options.opencc_config));
  }
  impl.FillPlainHan();
  ASSIGN_OR_RETURN(CaseFolder folder, CaseFolder::Create());
  impl.folder.emplace(std::move(folder));
  impl.FillMarkNorms();
  BmpClasses();  // Built now rather than in the first Cut().
  return seg;
}

std::vector<Token> Segmenter::Cut(std::string_view text, Mode mode) const {
  thread_local DecodedText decoded;
  thread_local std::vector<Piece> pieces;
  DecodeText(text, &decoded);
  pieces.clear();
  impl_->CutPieces(decoded.cps, &pieces);

  const auto& bytes = decoded.bytes;
  const char32_t* s = decoded.cps.data();
  std::vector<Token> tokens;
  tokens.reserve(pieces.size() +
                 (mode == Mode::kSearch ? pieces.size() / 4 : 0));
  // Inlined: a call would spill its eight arguments for every token.
  auto make = [&](uint32_t b, uint32_t e, std::string_view tag, bool stop,
                  uint32_t position, bool sub, bool folded, bool plain)
      __attribute__((always_inline)) {
    // Every field given: value-initialising the token first would zero
    // it with a block store that costs more than the rest of this.
    const uint32_t bb = bytes[b], be = bytes[e];
    const std::string_view word(text.data() + bb, be - bb);
    if (plain) {
      // Most tokens: plain Han, their own norm (TokenNorm()'s fast path).
      Token& t = tokens.emplace_back(
          Token{word, std::string(), tag, position, bb, be, b, e, stop, sub});
      t.norm.append(word);
      t.stop = stop || IsHanStopWord(s + b, e - b, t.norm);
      return;
    }
    Token& t = tokens.emplace_back(
        Token{word, std::string(), tag, position, bb, be, b, e, stop, sub});
    impl_->TokenNorm(t.text, s + b, e - b, folded, &t);
  };

  const Dictionary& dict = impl_->dict;
  uint32_t position = 0;
  struct Sub {
    uint32_t b, e;
    std::string_view tag;
  };
  std::vector<Sub> subs;
  for (const Piece& p : pieces) {
    make(p.begin, p.end, p.tag, p.stop, position, false, p.folded, p.plain);
    const uint32_t len = p.end - p.begin;
    if (mode == Mode::kSearch && p.han && len > 2) {
      // jieba's cut_for_search: the dictionary's 2-character words inside a
      // word of 3 or more, and its 3-character words inside one of 4 or more.
      subs.clear();
      for (uint32_t k = 2; k <= 3 && k < len; ++k) {
        for (uint32_t b = p.begin; b + k <= p.end; ++b) {
          const uint16_t tag = dict.FindTag(s + b, s + b + k);
          if (tag != Dictionary::kNoWord) {
            subs.push_back(Sub{b, b + k, dict.TagName(tag)});
          }
        }
      }
      std::sort(subs.begin(), subs.end(), [](const Sub& x, const Sub& y) {
        return x.b != y.b ? x.b < y.b : x.e < y.e;
      });
      for (const Sub& sub : subs) {
        make(sub.b, sub.e, sub.tag, false, position, true, p.folded, p.plain);
      }
    }
    ++position;
  }
  // Per-thread scratch must not pin the memory of one huge document.
  if (decoded.cps.capacity() > (1u << 20)) {
    decoded = DecodedText();
    pieces = std::vector<Piece>();
  }
  return tokens;
}

std::vector<SentenceSpan> Segmenter::Sentences(std::string_view text) const {
  DecodedText d;
  DecodeText(text, &d);
  const auto& cps = d.cps;
  const size_t n = cps.size();
  std::vector<SentenceSpan> out;
  auto emit = [&](size_t b, size_t e) {
    while (b < e && IsSpace(cps[b])) ++b;
    while (e > b && IsSpace(cps[e - 1])) --e;
    if (b == e) return;
    out.push_back(SentenceSpan{d.bytes[b], d.bytes[e], static_cast<uint32_t>(b),
                               static_cast<uint32_t>(e)});
  };
  size_t start = 0;
  for (size_t i = 0; i < n;) {
    char32_t c = cps[i];
    if (IsLineBreak(c)) {
      emit(start, i);
      start = ++i;
      continue;
    }
    bool strong = IsStrongTerminal(c);
    bool dot = c == '.';
    if (!strong && !dot) {
      ++i;
      continue;
    }
    // Take the whole run of terminal marks ("？！", "..."), then the closing
    // quotes and brackets, which belong to the sentence they close.
    size_t j = i + 1;
    while (j < n && (IsStrongTerminal(cps[j]) || cps[j] == '.')) {
      strong |= IsStrongTerminal(cps[j]);
      ++j;
    }
    while (j < n && IsCloser(cps[j])) ++j;
    // An ASCII double quote closes the sentence only if one was opened in it.
    if (j < n && cps[j] == '"' &&
        std::count(cps.begin() + start, cps.begin() + i, U'"') % 2 == 1) {
      ++j;
      while (j < n && IsCloser(cps[j])) ++j;
    }
    bool split = strong;
    if (strong && j < n && cps[j] < 0x80 && !IsSpace(cps[j])) {
      // ASCII text right after the mark: "Yahoo!News", "a.php?id=3". Only
      // full-width marks end a sentence there.
      split = false;
      for (size_t k = i; k < j; ++k)
        split |= cps[k] >= 0x80 && IsStrongTerminal(cps[k]);
    }
    if (!strong && (j == n || IsSpace(cps[j]))) {
      // An English full stop: before a space, but not after an abbreviation
      // or initial, nor before a lower-case word.
      size_t k = j;
      while (k < n && IsSpace(cps[k]) && !IsLineBreak(cps[k])) ++k;
      bool lower_next = k < n && cps[k] >= 'a' && cps[k] <= 'z';
      split = !lower_next && !(j == i + 1 && IsAbbreviation(cps, i));
    }
    if (split) {
      emit(start, j);
      start = j;
    }
    i = j;
  }
  emit(start, n);
  return out;
}

std::string Segmenter::Normalize(std::string_view term) const {
  std::string out;
  impl_->Normalize(term, &out);
  return out;
}

void Segmenter::Impl::Normalize(std::string_view term,
                                std::string* norm) const {
  // NFKC and case folding. Fast path: ASCII and the main Han blocks are
  // NFKC-stable and caseless but for ASCII capitals, so most terms are
  // copied whole, without the fold table; one pass also notes what the
  // later steps need.
  std::string& out = *norm;
  bool simple = true;
  bool traditional = false;
  bool upper = false;
  bool english = term.size() >= 3;
  const auto* bytes = reinterpret_cast<const unsigned char*>(term.data());
  for (size_t i = 0; i < term.size();) {
    const unsigned char b = bytes[i];
    if (b < 0x80) {
      const bool capital = b >= 'A' && b <= 'Z';
      upper |= capital;
      english &= capital || (b >= 'a' && b <= 'z') || b == '\'';
      ++i;
      continue;
    }
    if ((b & 0xF0) == 0xE0 && i + 2 < term.size()) {
      // The three-byte sequences of Chinese text, decoded inline. Only a
      // valid sequence can decode to a character of the bit set.
      const char32_t c = ((b & 0x0Fu) << 12) | ((bytes[i + 1] & 0x3Fu) << 6) |
                         (bytes[i + 2] & 0x3Fu);
      if ((bytes[i + 1] & 0xC0) == 0x80 && (bytes[i + 2] & 0xC0) == 0x80 &&
          IsPlainHan(c)) {
        english = false;
        i += 3;
        continue;
      }
    }
    int len;
    const char32_t c = DecodeUtf8(term, i, &len);
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)) {
      traditional |= Simplified(c) != 0;
      english = false;
    } else {
      simple = false;
      break;
    }
    i += len;
  }
  if (simple) {
    out.assign(term);
    if (upper) {
      for (char& ch : out) {
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
      }
    }
  } else {
    out.clear();
    folder->Fold(term, &out);
    // Traditional to simplified, and English stems.
    traditional = false;
    english = out.size() >= 3;
    for (size_t i = 0; i < out.size();) {
      int len;
      char32_t c = DecodeUtf8(out, i, &len);
      traditional |= Simplified(c) != 0;
      english &= (c >= 'a' && c <= 'z') || c == '\'';
      i += len;
    }
  }
  if (traditional && t2s) {
    try {
      out = t2s->Convert(out);
    } catch (const std::exception&) {
      // Keep the unconverted form: never fatal on odd input.
    }
  }
  if (english && options.stem_english) {
    if (sb_stemmer* stemmer = EnglishStemmer()) {
      const sb_symbol* stem = sb_stemmer_stem(
          stemmer, reinterpret_cast<const sb_symbol*>(out.data()),
          static_cast<int>(out.size()));
      if (stem) {
        out.assign(reinterpret_cast<const char*>(stem),
                   sb_stemmer_length(stemmer));
      }
    }
  }
}

void Segmenter::SegmentArticle(const v1::CleanArticle& article,
                               v1::SegmentedArticle* out) const {
  auto add = [&](std::string_view name, std::string text) {
    v1::SegmentedField* field = out->add_fields();
    field->set_name(std::string(name));
    field->set_text(std::move(text));
    const std::string& t = field->text();
    std::vector<Token> tokens = Cut(t, Mode::kSearch);
    field->mutable_tokens()->Reserve(static_cast<int>(tokens.size()));
    for (Token& tok : tokens) {
      v1::Token* p = field->add_tokens();
      p->set_text(std::string(tok.text));
      p->set_norm(std::move(tok.norm));
      p->set_tag(std::string(tok.tag));
      p->set_position(tok.position);
      p->set_byte_begin(tok.byte_begin);
      p->set_byte_end(tok.byte_end);
      p->set_char_begin(tok.char_begin);
      p->set_char_end(tok.char_end);
      p->set_stop(tok.stop);
    }
    for (const SentenceSpan& s : Sentences(t)) {
      v1::Sentence* p = field->add_sentences();
      p->set_byte_begin(s.byte_begin);
      p->set_byte_end(s.byte_end);
      p->set_char_begin(s.char_begin);
      p->set_char_end(s.char_end);
    }
  };
  add("title", article.title());
  add("body", BodyText(article));
  // Image captions, one per paragraph: the enricher reads them (entities,
  // keywords); the store indexes only title and body.
  std::string captions;
  for (const v1::Image& image : article.images()) {
    if (image.caption().empty()) continue;
    if (!captions.empty()) captions += "\n\n";
    captions += image.caption();
  }
  if (!captions.empty()) add("captions", std::move(captions));
}

std::string BodyText(const v1::CleanArticle& article) {
  std::string out;
  for (int i = 0; i < article.paragraphs_size(); ++i) {
    if (i > 0) out += "\n\n";
    out += article.paragraphs(i);
  }
  return out;
}

}  // namespace ink::segmenter
