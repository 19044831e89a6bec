#include "stages/enricher/entities.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "stages/enricher/amounts.h"
#include "stages/enricher/dates.h"
#include "stages/enricher/english_amounts.h"
#include "stages/enricher/english_dates.h"
#include "stages/enricher/english_names.h"
#include "stages/enricher/field_tokens.h"
#include "stages/enricher/term_index.h"
#include "stages/enricher/text_scan.h"

namespace ink::enricher {
namespace {

using Words = std::vector<const v1::Token*>;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.substr(s.size() - suffix.size()) == suffix;
}

bool OneOf(std::string_view s, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// Last words of organisation names, longest first where one ends another.
constexpr std::string_view kOrgSuffixes[] = {
    "分理处",   "储蓄所",   "营业部", "信用社", "农商行", "分行",   "支行",
    "银行",     "人民政府", "政府",   "党工委", "党委",   "纪委",   "党组",
    "委员会",   "管委会",   "公安局", "局",     "厅",     "卫健委", "发改委",
    "办公室",   "法院",     "检察院", "派出所", "海关",   "卫生院", "医院",
    "疾控中心", "有限公司", "公司",   "集团",   "大酒店", "酒店",   "宾馆",
    "联合会",   "协会",     "商会",   "学会",   "大学",   "学院",   "中学",
    "小学",     "幼儿园"};

// Words ending like an organisation that are not one.
constexpr std::string_view kNotOrg[] = {
    "格局", "布局",   "结局", "大局",   "当局", "开局", "全局",
    "骗局", "时局",   "僵局", "饭局",   "残局", "终局", "棋局",
    "邮局", "分支行", "总行", "党组织", "常委", "编委", "编辑部"};

// Bank abbreviations and their full names.
constexpr std::pair<std::string_view, std::string_view> kBanks[] = {
    {"工行", "中国工商银行"},    {"建行", "中国建设银行"},
    {"农行", "中国农业银行"},    {"中行", "中国银行"},
    {"交行", "交通银行"},        {"招行", "招商银行"},
    {"邮储", "中国邮政储蓄银行"}};

std::string_view BankFullName(std::string_view word) {
  // Asked of every word: the first byte rules out nearly all at once.
  if (word.empty()) return {};
  for (const auto& [abbr, full] : kBanks) {
    if (abbr[0] == word[0] && word == abbr) return full;
  }
  return {};
}

// Last words of place names; a bare one needs a name before it.
constexpr std::string_view kPlaceSuffixes[] = {
    "街道", "社区", "新城", "开发区", "高新区", "自贸区", "新区",
    "省",   "市",   "县",   "区",     "镇",     "乡",     "村"};

// Words ending like a place that name none on their own.
constexpr std::string_view kGenericPlaces[] = {
    "街道",       "社区",       "新城",   "开发区", "高新区",     "自贸区",
    "新区",       "辖区",       "小区",   "地区",   "城区",       "片区",
    "园区",       "景区",       "灾区",   "疫区",   "市区",       "郊区",
    "山区",       "街区",       "营区",   "全省",   "本省",       "该省",
    "外省",       "全市",       "本市",   "该市",   "全县",       "该县",
    "本县",       "城市",       "超市",   "股市",   "上市",       "城镇",
    "乡镇",       "城乡",       "家乡",   "故乡",   "农村",       "乡村",
    "新农村",     "经济开发区", "风险区", "封控区", "管控区",     "防范区",
    "保税区",     "示范区",     "试验区", "行政区", "中风险地区", "高风险地区",
    "低风险地区", "社区"};

// Place-tagged dictionary words that are common words.
constexpr std::string_view kNotPlace[] = {
    "城市", "东西",   "南北", "东北",   "西北", "西南", "东南",   "外国",
    "爱国", "英雄",   "太阳", "哥哥",   "海洋", "湖泊", "大桥",   "高原",
    "上市", "美丽",   "江湖", "大街",   "王国", "开国", "共和国", "庆典",
    "南路", "深度",   "山脉", "回国",   "治安", "大国", "新鲜",   "古城",
    "海峡", "河口",   "冰川", "长度",   "山水", "长大", "莫非",   "琉璃瓦",
    "平原", "朝廷",   "建国", "城镇",   "山区", "阿哥", "大都",   "京城",
    "中断", "新城",   "锦城", "省直",   "市直", "县直", "中华",   "华夏",
    "天下", "全国",   "各地", "当地",   "本地", "外地", "异地",   "上岗",
    "延时", "城中村", "下岗", "上海滩", "上口"};

// Words that never start or continue a name to the left of its last word.
constexpr std::string_view kNotNamePart[] = {
    "辖内",   "辖区", "所在",   "全行", "全省", "全市",   "全国",   "该行",
    "本行",   "员工", "客户",   "群众", "人员", "志愿者", "网点",   "单位",
    "企业",   "部门", "地方",   "当地", "各级", "上级",   "下属",   "所属",
    "其他",   "经办", "负责人", "行长", "干部", "党员",   "分支行", "总行",
    "总省行", "一线", "疫情",   "防疫", "防控", "抗疫",   "金融",   "服务",
    "业务",   "工作", "以及",   "相关", "有关", "国有",   "大行",   "我行",
    "他行",   "同业", "本部",   "全辖", "小区", "社区",   "地区",   "风险",
    "城区",   "片区"};

// A list of words as a hash set: the lists are tried for many words.
class WordList {
 public:
  template <size_t N>
  explicit WordList(const std::string_view (&words)[N]) : index_(N) {
    for (std::string_view w : words) index_.Add(w);
  }
  bool Contains(std::string_view w) const {
    return index_.Find(w) != TermIndex::kNone;
  }

 private:
  TermIndex index_;  // Views of the constant lists.
};

bool IsNotOrg(std::string_view w) {
  static const WordList kList(kNotOrg);
  return kList.Contains(w);
}
bool IsGenericPlace(std::string_view w) {
  static const WordList kList(kGenericPlaces);
  return kList.Contains(w);
}
bool IsNotPlace(std::string_view w) {
  static const WordList kList(kNotPlace);
  if (kList.Contains(w)) return true;
  // A count or a pointer before a kind of place names none: 两国, 多国,
  // 各省, 贵国, 该市 ("the two countries", "that city"), though the
  // dictionary tags some of them as places.
  if (w.size() != 6) return false;  // Two Han characters, three bytes each.
  const std::u32string cps = ToUtf32(w);
  return cps.size() == 2 && In(cps[0], U"两几多各诸贵本该我他邻此某这那") &&
         In(cps[1], U"国省市县区地城邦");
}
bool IsNotNamePart(std::string_view w) {
  static const WordList kList(kNotNamePart);
  return kList.Contains(w);
}

// The last code point of `s` (0 if none or not valid UTF-8).
char32_t LastCodePoint(std::string_view s) {
  // Most words end in a three-byte character (CJK).
  const size_t size = s.size();
  if (size >= 3 && (static_cast<unsigned char>(s[size - 3]) & 0xF0) == 0xE0 &&
      (static_cast<unsigned char>(s[size - 2]) & 0xC0) == 0x80 &&
      (static_cast<unsigned char>(s[size - 1]) & 0xC0) == 0x80) {
    return (static_cast<char32_t>(s[size - 3] & 0x0F) << 12) |
           (static_cast<char32_t>(s[size - 2] & 0x3F) << 6) |
           static_cast<char32_t>(s[size - 1] & 0x3F);
  }
  size_t i = s.size();
  while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
  if (i == 0) return 0;
  const std::string_view last = s.substr(i - 1);
  const auto lead = static_cast<unsigned char>(last[0]);
  const size_t n = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
  if (last.size() != n) return 0;
  if (n == 1) return lead;
  char32_t c = lead & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    c = (c << 6) | (static_cast<unsigned char>(last[k]) & 0x3F);
  }
  return c;
}

// The suffixes of a list by their last character, each character's in list
// order: a word is tried only against the suffixes it could end with (the
// lists are tried for every word of an article).
class SuffixIndex {
 public:
  template <size_t N>
  explicit SuffixIndex(const std::string_view (&suffixes)[N])
      : last_(LastCodePoints(suffixes, N)) {
    for (std::string_view s : suffixes) {
      const char32_t c = LastCodePoint(s);
      auto it = std::lower_bound(
          by_last_.begin(), by_last_.end(), c,
          [](const auto& entry, char32_t key) { return entry.first < key; });
      if (it == by_last_.end() || it->first != c) {
        it = by_last_.insert(it, {c, {}});
      }
      it->second.push_back(s);
    }
  }

  // The first suffix of the list that `word` ends with, or "".
  std::string_view Find(std::string_view word) const {
    const char32_t c = LastCodePoint(word);
    if (!last_.Contains(c)) return {};  // Most words, at once.
    auto it = std::lower_bound(
        by_last_.begin(), by_last_.end(), c,
        [](const auto& entry, char32_t key) { return entry.first < key; });
    if (it == by_last_.end() || it->first != c) return {};
    for (std::string_view s : it->second) {
      if (EndsWith(word, s)) return s;
    }
    return {};
  }

 private:
  static std::u32string LastCodePoints(const std::string_view* suffixes,
                                       size_t n) {
    std::u32string last;
    for (size_t i = 0; i < n; ++i) last += LastCodePoint(suffixes[i]);
    return last;
  }

  CharSet last_;
  std::vector<std::pair<char32_t, std::vector<std::string_view>>> by_last_;
};

// The organisation suffix `word` ends with, or "".
std::string_view OrgSuffix(std::string_view word) {
  static const SuffixIndex kIndex(kOrgSuffixes);
  std::string_view suffix = kIndex.Find(word);
  if (suffix.empty() || IsNotOrg(word)) return {};
  return suffix;
}

std::string_view PlaceSuffix(std::string_view word) {
  static const SuffixIndex kIndex(kPlaceSuffixes);
  return kIndex.Find(word);
}

bool AllHan(std::string_view word) {
  for (char32_t c : ToUtf32(word)) {
    if (!IsHan(c)) return false;
  }
  return !word.empty();
}

// True if `t` may be part of a name left of the name's last word.
bool IsNamePart(const v1::Token& t, bool place) {
  std::string_view w = t.text();
  std::string_view tag = t.tag();
  if (!AllHan(w) || IsNotNamePart(w)) return false;
  size_t n = CodePointCount(w);
  if (n == 1) {
    // Single characters: place words (湖 of 月亮湖), unknown characters
    // (沌 of 沌口), and province/city words before a branch (省分行).
    if (OneOf(w, {"省", "市", "县", "区"})) return true;
    // nr: the segmenter writes a name as surname + given name (高 新区).
    if (tag.starts_with("ns") || tag.starts_with("nr") || tag == "zg" ||
        tag.empty()) {
      return true;
    }
    return place && !t.stop() && !In(ToUtf32(w)[0], U"条个内点及些上下中") &&
           (tag == "x" || tag == "q" || tag == "ng" || tag == "n");
  }
  if (t.stop()) return false;
  if (tag.empty() || tag[0] == 'n' || tag == "j" || tag == "l" || tag == "a" ||
      tag == "an" || tag == "b" || tag == "s" || tag == "zg") {
    return true;
  }
  if (tag == "f") {
    return !OneOf(w, {"之前", "之后", "以前", "以后", "以上", "以下", "之间",
                      "之中", "期间", "当中", "其中", "前后", "附近", "周边",
                      "左右", "内外", "以来"});
  }
  if (tag == "m") {
    if (w.starts_with("第")) return true;
    for (char32_t c : ToUtf32(w)) {
      if (In(c, U"一两几多每某各个天年月日次些")) return false;
    }
    return true;
  }
  return false;
}

// True if words[k] is one Han character, no function character, next to
// another such word: an unknown name the segmenter cut into characters
// (三/m 明/a of 三明分行).
bool IsLooseChar(const v1::Token& t) {
  std::u32string w = ToUtf32(t.text());
  return w.size() == 1 && IsHan(w[0]) && !t.stop() &&
         !In(w[0],
             U"的了在是和与及等着过给到向对把被这那该其各每本此上下内中为"
             U"将以从由于也都就又而并或个条些点年月日号");
}
bool InSingleRun(const Words& words, size_t k) {
  if (!IsLooseChar(*words[k])) return false;
  auto adjacent = [&](size_t a, size_t b) {
    return words[a]->char_end() == words[b]->char_begin();
  };
  return (k > 0 && adjacent(k - 1, k) && IsLooseChar(*words[k - 1])) ||
         (k + 1 < words.size() && adjacent(k, k + 1) &&
          IsLooseChar(*words[k + 1]));
}

// Extends a name leftwards from word index `last` (exclusive): the first
// word index of the name. Stops at a bank (included), at a word that ends
// another name, and after five words or twenty characters.
size_t ExtendLeft(const Words& words, size_t last, bool place) {
  size_t first = last;
  size_t chars = 0;
  while (first > 0 && last - first < 5) {
    const v1::Token& t = *words[first - 1];
    // Adjacent only: a gap (space, line break) ends the name.
    if (t.char_end() != words[first]->char_begin()) break;
    std::string_view w = t.text();
    bool bank = !BankFullName(w).empty() || EndsWith(w, "银行");
    if (bank && place) break;
    if (!bank) {
      if (!OrgSuffix(w).empty()) break;
      // Before a place, another place ends the name (龙津镇 | 严坊村); before
      // an organisation it is part of it (湖北省分行, 武汉光谷自贸区分行).
      if (place && !PlaceSuffix(w).empty()) break;
      if (!IsNamePart(t, place) && !InSingleRun(words, first - 1)) break;
    }
    chars += CodePointCount(w);
    if (chars > 20) break;
    --first;
    if (bank) break;
  }
  return first;
}

// True if words [first, last) may be the name before a suffix word: a
// place needs two characters; no function characters (这条街道, 点及街道);
// an unknown first word is not a verb with its particle (送上分行).
bool ValidPrefix(const Words& words, size_t first, size_t last, bool place) {
  if (first >= last) return false;
  std::u32string prefix;
  for (size_t k = first; k < last; ++k) prefix += ToUtf32(words[k]->text());
  if (place && (prefix.size() < 2 || In(prefix[0], U"上下"))) return false;
  for (char32_t c : prefix) {
    if (In(c, U"及和与的了在是等着过给到向对把被这那该其各每本此"))
      return false;
  }
  const v1::Token& head = *words[first];
  if (head.tag().empty() || std::string_view(head.tag()) == "n") {
    std::u32string w = ToUtf32(head.text());
    if (In(w.front(), U"上下到给来去在送") ||
        In(w.back(), U"上下到给来去在送")) {
      return false;
    }
  }
  return true;
}

Mention MakeMention(const CodePoints& cps, std::string type, uint32_t begin,
                    uint32_t end) {
  Mention m;
  m.type = std::move(type);
  m.char_begin = begin;
  m.char_end = end;
  m.text = std::string(cps.Sub(begin, end));
  m.normalized = m.text;
  return m;
}

std::string NormalizePlace(std::string_view name) {
  for (std::string_view s : {"省", "市"}) {
    if (EndsWith(name, s) && CodePointCount(name) >= 3) {
      return std::string(name.substr(0, name.size() - s.size()));
    }
  }
  return std::string(name);
}

void FindOrganizations(const CodePoints& cps, const Words& words,
                       std::vector<Mention>* out) {
  for (size_t i = 0; i < words.size(); ++i) {
    const v1::Token& t = *words[i];
    std::string_view w = t.text();
    std::string_view suffix = OrgSuffix(w);
    if (suffix.empty()) {
      std::string_view full = BankFullName(w);
      // A bank named on its own, not as the first word of a branch.
      if (!full.empty()) {
        bool branch_follows = i + 1 < words.size() &&
                              words[i + 1]->char_begin() == t.char_end() &&
                              (IsNamePart(*words[i + 1], false) ||
                               !OrgSuffix(words[i + 1]->text()).empty());
        if (!branch_follows) {
          Mention m =
              MakeMention(cps, "organization", t.char_begin(), t.char_end());
          m.normalized = std::string(full);
          out->push_back(std::move(m));
        }
      }
      continue;
    }
    size_t first = ExtendLeft(words, i, /*place=*/false);
    if (first < i && !ValidPrefix(words, first, i, /*place=*/false)) first = i;
    // A name of two characters the dictionary reads as an adverb or
    // adjective (永定/d) right after punctuation or at the start.
    if (first == i && i > 0 && w == suffix &&
        OneOf(words[i - 1]->tag(), {"d", "a", "an", "ad"}) &&
        words[i - 1]->char_end() == t.char_begin() &&
        CodePointCount(words[i - 1]->text()) == 2 &&
        AllHan(words[i - 1]->text()) && !words[i - 1]->stop() &&
        (i == 1 || !IsHan(ToUtf32(words[i - 2]->text()).back())) &&
        !IsNotNamePart(words[i - 1]->text()) &&
        ValidPrefix(words, i - 1, i, false)) {
      first = i - 1;
    }
    if (first == i) {
      // No name before it: only a tagged organisation word of four or more
      // characters stands alone (武汉经济技术开发区 is one; 卫生局 is not).
      if (!(std::string_view(t.tag()) == "nt" && CodePointCount(w) >= 4) &&
          !EndsWith(w, "银行")) {
        continue;
      }
      if (w == "银行") continue;
    }
    uint32_t begin = words[first]->char_begin();
    // 辖内金水支行 cut as 辖/v 内金水/n: the name starts after 内.
    if (first < i && In(cps.at(begin), U"内在到向给")) ++begin;
    out->push_back(MakeMention(cps, "organization", begin, t.char_end()));
  }
}

bool Inside(uint32_t begin, uint32_t end, const std::vector<Mention>& spans) {
  for (const Mention& m : spans) {
    if (begin >= m.char_begin && end <= m.char_end &&
        (begin != m.char_begin || end != m.char_end)) {
      return true;
    }
  }
  return false;
}

void FindPlaces(const CodePoints& cps, const Words& words,
                std::vector<Mention>* out) {
  std::vector<Mention> composite;
  for (size_t i = 0; i < words.size(); ++i) {
    const v1::Token& t = *words[i];
    std::string_view w = t.text();
    std::string_view suffix = PlaceSuffix(w);
    if (suffix.empty() || !AllHan(w) || IsNotPlace(w)) continue;
    bool generic = w == suffix || IsGenericPlace(w);
    size_t first = generic ? ExtendLeft(words, i, /*place=*/true) : i;
    if (first < i && !ValidPrefix(words, first, i, /*place=*/true)) first = i;
    if (first == i) {
      if (generic || CodePointCount(w) < 3) continue;
    } else if (first + 1 == i && std::string_view(words[first]->tag()) == "m") {
      continue;  // 三县, 两村: a number, not a name.
    }
    Mention m =
        MakeMention(cps, "place", words[first]->char_begin(), t.char_end());
    m.normalized = NormalizePlace(m.text);
    composite.push_back(std::move(m));
  }
  // Places of the dictionary, unless inside a longer place after its start.
  for (const v1::Token* t : words) {
    std::string_view w = t->text();
    if (!t->tag().starts_with("ns") || t->stop() || !AllHan(w) ||
        CodePointCount(w) < 2 || IsNotPlace(w) || !OrgSuffix(w).empty()) {
      continue;
    }
    bool covered = false;
    for (const Mention& m : composite) {
      // The city before a zone stays a place of its own (武汉 of
      // 武汉经济开发区); other parts of a longer place do not (江滨社区).
      bool zone = EndsWith(m.text, "开发区") || EndsWith(m.text, "高新区") ||
                  EndsWith(m.text, "自贸区") || EndsWith(m.text, "新区");
      if (t->char_begin() >= m.char_begin && t->char_end() <= m.char_end &&
          !(zone && t->char_begin() == m.char_begin)) {
        covered = true;
      }
    }
    if (covered) continue;
    Mention m = MakeMention(cps, "place", t->char_begin(), t->char_end());
    m.normalized = NormalizePlace(m.text);
    out->push_back(std::move(m));
  }
  // Lists written with 、 in which places are many (at least two and a
  // third): the other items of two or three characters are places too,
  // whatever the dictionary says (开封/v, 新/a 乡/n, 许昌/nr).
  struct Item {
    size_t first, last;  // Word indexes, inclusive.
  };
  std::vector<Item> items;
  for (size_t i = 0; i < words.size();) {
    items.clear();
    size_t j = i;
    while (j < words.size()) {
      // An item: one or two adjacent Han words of 2-3 characters in all.
      size_t end = j;
      if (end + 1 < words.size() &&
          std::string_view(words[end + 1]->text()) != "、" &&
          words[end + 1]->char_begin() == words[end]->char_end() &&
          CodePointCount(words[end]->text()) +
                  CodePointCount(words[end + 1]->text()) <=
              3 &&
          CodePointCount(words[end + 1]->text()) == 1 &&
          !words[end + 1]->tag().starts_with("u")) {
        ++end;
      }
      items.push_back({j, end});
      if (end + 1 < words.size() &&
          std::string_view(words[end + 1]->text()) == "、") {
        j = end + 2;
      } else {
        break;
      }
    }
    if (items.size() >= 3) {
      size_t places = 0;
      for (const Item& it : items) {
        places +=
            it.first == it.last && words[it.first]->tag().starts_with("ns");
      }
      if (places >= 2 && places * 3 >= items.size()) {
        for (const Item& it : items) {
          uint32_t b = words[it.first]->char_begin();
          uint32_t e = words[it.last]->char_end();
          std::string_view name = cps.Sub(b, e);
          size_t n = e - b;
          if (n < 2 || n > 3 || !AllHan(name) || IsNotPlace(name) ||
              words[it.first]->stop() ||
              (it.first == it.last &&
               words[it.first]->tag().starts_with("ns"))) {
            continue;
          }
          Mention m = MakeMention(cps, "place", b, e);
          m.normalized = NormalizePlace(m.text);
          out->push_back(std::move(m));
        }
      }
    }
    i = j + 1;
  }
  for (Mention& m : composite) out->push_back(std::move(m));
}

// Common Chinese surnames (single characters), without the ones that are
// mostly function words (于, 和, 向, 将...).
constexpr std::u32string_view kSurnames =
    U"王李张刘陈杨黄赵吴周徐孙马朱胡郭林罗梁宋郑谢韩唐冯董萧程曹袁邓许傅"
    U"沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金"
    U"陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文庞樊"
    U"兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍韦申尤毕聂丛焦柴邢岳齐沿梅莫"
    U"庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫"
    U"查屈鲍覃霍翁隋植甘景薄单包司柏宁柯阮桂闵解强柳";

// Characters that end a given name early or never occur in one.
constexpr std::u32string_view kNotNameChars =
    U"的了在是和与及等任因说为到从将被把对向也都就立即带领前往以于"
    U"区部局委会院市县省行司所处室站队组党镇村乡街社网点员人们者家"
    U"一二三四五六七八九十";

// Membership tests of the two lists above, made for every word.
bool IsSurname(char32_t c) {
  static const CharSet kSet(kSurnames);
  return kSet.Contains(c);
}
bool IsNotNameChar(char32_t c) {
  static const CharSet kSet(kNotNameChars);
  return kSet.Contains(c);
}

constexpr std::u32string_view kTitles[] = {
    U"行长",   U"书记", U"主任",  U"经理",   U"董事长", U"负责人",
    U"局长",   U"院长", U"市长",  U"县长",   U"区长",   U"省长",
    U"主席",   U"部长", U"处长",  U"科长",   U"队长",   U"站长",
    U"所长",   U"社长", U"总裁",  U"理事长", U"秘书长", U"记者",
    U"通讯员", U"作者", U"图/文", U"文/",    U"摄影",   U"教授",
    U"医生",   U"护士", U"专家",  U"村民",   U"居民",   U"乡亲"};

constexpr std::u32string_view kHonorifics[] = {U"先生", U"女士", U"同志",
                                               U"老师", U"师傅"};

// True if a title ends at `k`, perhaps followed by a colon or space.
bool TitleEndsAt(const CodePoints& cps, size_t k) {
  while (k > 0 && In(cps.at(k - 1), U":： \u3000")) --k;
  for (std::u32string_view title : kTitles) {
    if (k >= title.size() && cps.Matches(k - title.size(), title)) return true;
  }
  return false;
}

// The length (2 or 3) of a name starting with a surname at `i`, or 0.
size_t NameLength(const CodePoints& cps, size_t i) {
  if (!IsSurname(cps.at(i))) return 0;
  char32_t a = cps.at(i + 1), b = cps.at(i + 2);
  if (!IsHan(a) || IsNotNameChar(a)) return 0;
  if (IsHan(b) && !IsNotNameChar(b)) {
    for (std::u32string_view h : kHonorifics) {
      if (cps.Matches(i + 2, h)) return 2;
    }
    return 3;
  }
  return 2;
}

void FindPeople(const CodePoints& cps, const Words& words,
                const std::vector<Mention>& orgs, std::vector<Mention>* out) {
  std::set<std::string> names;
  std::set<std::string> honorific_names;
  // First characters of the titles and honorifics: most characters start
  // neither, and are passed over at once.
  static const CharSet kTitleFirst = [] {
    std::u32string first;
    for (std::u32string_view t : kTitles) first += t[0];
    return CharSet(first);
  }();
  static const CharSet kHonorificFirst = [] {
    std::u32string first;
    for (std::u32string_view h : kHonorifics) first += h[0];
    return CharSet(first);
  }();
  for (size_t i = 0; i < cps.size(); ++i) {
    // After a title, with an optional colon or space.
    const char32_t c = cps.at(i);
    const char32_t next = cps.at(i + 1);
    const bool title_first = kTitleFirst.Contains(c);
    if (!title_first && !kHonorificFirst.Contains(next)) continue;
    for (std::u32string_view title : kTitles) {
      if (!title_first) break;
      if (title[0] != c || !cps.Matches(i, title)) continue;
      size_t k = i + title.size();
      while (In(cps.at(k), U":： \u3000")) ++k;
      size_t n = NameLength(cps, k);
      if (n > 0) names.emplace(cps.Sub(k, k + n));
    }
    // Before an honorific: 王先生.
    for (std::u32string_view h : kHonorifics) {
      if (h[0] == next && cps.Matches(i + 1, h) && IsSurname(c)) {
        honorific_names.emplace(cps.Sub(i, i + 1 + h.size()));
      }
    }
  }
  // "org的" then a name then punctuation: 分行的孙文艺，
  for (const Mention& org : orgs) {
    size_t k = org.char_end;
    if (cps.at(k) != U'的') continue;
    size_t n = NameLength(cps, k + 1);
    if (n > 0 && !IsHan(cps.at(k + 1 + n)))
      names.emplace(cps.Sub(k + 1, k + 1 + n));
  }
  // Unknown words of three characters starting with a surname, written at
  // least twice (the segmenter may split one as 张富 + 清).
  std::string_view text = cps.Sub(0, cps.size());
  for (size_t i = 0; i < words.size(); ++i) {
    const v1::Token& t = *words[i];
    if (!(t.tag().empty() || std::string_view(t.tag()) == "nr" ||
          std::string_view(t.tag()) == "n"))
      continue;
    // Two or three Han characters are 6 or 9 bytes: other words are passed
    // over before they are decoded.
    if (t.text().size() != 6 && t.text().size() != 9) continue;
    std::u32string w = ToUtf32(t.text());
    if (w.size() == 2 && i + 1 < words.size() &&
        CodePointCount(words[i + 1]->text()) == 1 &&
        words[i + 1]->char_begin() == t.char_end()) {
      w += ToUtf32(words[i + 1]->text());
    }
    if (w.size() != 3 || !IsSurname(w[0]) || !IsHan(w[1]) || !IsHan(w[2]) ||
        IsNotNameChar(w[1]) || IsNotNameChar(w[2])) {
      continue;
    }
    std::string name = ToUtf8(w);
    size_t first = text.find(name);
    if (first != std::string_view::npos &&
        text.find(name, first + name.size()) != std::string_view::npos) {
      names.insert(name);
    }
  }
  // The segmenter's names: a surname and a given name, both tagged nr
  // (陈/nr 飞斌/nr).
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    const v1::Token& s1 = *words[i];
    const v1::Token& s2 = *words[i + 1];
    // The surname may be tagged otherwise (林/ng 志强/nrfg).
    if (!s2.tag().starts_with("nr") || s2.char_begin() != s1.char_end()) {
      continue;
    }
    std::u32string sur = ToUtf32(s1.text()), given = ToUtf32(s2.text());
    if (sur.size() != 1 || !IsSurname(sur[0]) || given.empty() ||
        given.size() > 2) {
      continue;
    }
    bool ok = true;
    for (char32_t c : given) ok = ok && IsHan(c) && !IsNotNameChar(c);
    if (!ok) continue;
    // The dictionary tags some common words nr (安全感): ask for a title
    // before it, no character before it, or a second occurrence.
    std::string name = ToUtf8(sur + given);
    size_t at = s1.char_begin();
    size_t first = text.find(name);
    bool twice = text.find(name, first + name.size()) != std::string_view::npos;
    if (twice || !IsHan(cps.at(at - 1)) || at == 0 || TitleEndsAt(cps, at)) {
      names.insert(name);
    }
  }
  // A name the dictionary reads as another word is none: one word of
  // another kind spans it (关爱/v), or a word crosses its end (高度重|视).
  // Words in order of both offsets (as the segmenter writes them) are
  // searched from the first that ends after the name's start.
  bool ordered = true;
  for (size_t i = 1; i < words.size() && ordered; ++i) {
    ordered = words[i]->char_begin() >= words[i - 1]->char_begin() &&
              words[i]->char_end() >= words[i - 1]->char_end();
  }
  for (auto it = names.begin(); it != names.end();) {
    bool word = false;
    std::string_view text_view = text;
    size_t counted = 0;  // Bytes of text_view whose code points are in b.
    uint32_t b = 0;
    for (size_t at = text_view.find(*it); at != std::string_view::npos;
         at = text_view.find(*it, at + 1)) {
      b += static_cast<uint32_t>(
          CodePointCount(text_view.substr(counted, at - counted)));
      counted = at;
      uint32_t e = b + static_cast<uint32_t>(CodePointCount(*it));
      auto first = words.begin();
      if (ordered) {
        first = std::partition_point(
            words.begin(), words.end(),
            [&](const v1::Token* t) { return t->char_end() <= b; });
      }
      for (auto w = first; w != words.end(); ++w) {
        const v1::Token* t = *w;
        if (ordered && t->char_begin() >= e) break;
        if (t->char_end() <= b || t->char_begin() >= e) continue;
        std::string_view tag = t->tag();
        if (t->char_begin() == b && t->char_end() == e && !tag.empty() &&
            tag != "n" && !tag.starts_with("nr")) {
          word = true;
        }
        if (t->char_begin() > b && t->char_begin() < e && t->char_end() > e) {
          word = true;
        }
      }
    }
    it = word ? names.erase(it) : std::next(it);
  }
  // A name inside another (陈飞 of 陈飞斌) is dropped.
  std::vector<std::string> all(names.begin(), names.end());
  for (const std::string& h : honorific_names) all.push_back(h);
  for (const std::string& name : all) {
    bool part = false;
    for (const std::string& other : all) {
      if (other != name && other.find(name) != std::string::npos) part = true;
    }
    if (part) continue;
    std::u32string u = ToUtf32(name);
    for (size_t i = cps.Find(u, 0); i != std::u32string_view::npos;
         i = cps.Find(u, i + u.size())) {
      out->push_back(MakeMention(cps, "person", static_cast<uint32_t>(i),
                                 static_cast<uint32_t>(i + u.size())));
    }
  }
}

}  // namespace

namespace {

// FindNames() with the field text's code points already decoded and its
// English sentences (EnglishSpans()) found.
std::vector<Mention> FindNamesIn(const v1::SegmentedField& field,
                                 const CodePoints& cps,
                                 const CharSpans& english) {
  Words words = WordTokens(field);
  std::vector<Mention> orgs;
  FindOrganizations(cps, words, &orgs);
  // An organisation inside a longer one (武汉经济技术开发区 of its 支行).
  std::vector<Mention> kept;
  for (const Mention& m : orgs) {
    if (!Inside(m.char_begin, m.char_end, orgs)) kept.push_back(m);
  }
  std::vector<Mention> out;
  FindPeople(cps, words, kept, &out);
  FindPlaces(cps, words, &out);
  // A place or person that is the whole of an organisation name is not one.
  for (Mention& m : kept) out.push_back(std::move(m));
  // English sentences: their own rules (the Chinese ones find nothing in
  // Latin words).
  if (!english.empty()) {
    for (Mention& m : FindEnglishNames(cps, words, english)) {
      out.push_back(std::move(m));
    }
  }
  return out;
}

}  // namespace

std::vector<Mention> FindNames(const v1::SegmentedField& field) {
  return FindNamesIn(field, CodePoints(field.text()), EnglishSpans(field));
}

namespace {

// True if `short_form` abbreviates `full` (see LinkOrganizations()).
bool Abbreviates(const std::u32string& short_form, const std::u32string& full) {
  if (short_form.size() >= full.size() || short_form.size() < 3) return false;
  if (full.compare(full.size() - short_form.size(), short_form.size(),
                   short_form) == 0) {
    return true;
  }
  if (short_form.size() < 4 || short_form.substr(short_form.size() - 2) !=
                                   full.substr(full.size() - 2)) {
    return false;
  }
  size_t start = full.find(short_form.substr(0, 2));
  if (start == std::u32string::npos) return false;
  size_t k = start;
  for (char32_t c : short_form) {
    k = full.find(c, k);
    if (k == std::u32string::npos) return false;
    ++k;
  }
  return true;
}

}  // namespace

void LinkOrganizations(const std::vector<std::string>& targets,
                       std::vector<Mention>* mentions) {
  std::set<std::string> forms(targets.begin(), targets.end());
  for (const Mention& m : *mentions) {
    if (m.type == "organization") forms.insert(m.normalized);
  }
  // Chinese names only: English ones come linked (FindEnglishNames()),
  // and a Latin name's letters in order say nothing.
  std::vector<std::u32string> all;
  for (const std::string& f : forms) {
    if (!AllHan(f)) continue;
    all.push_back(ToUtf32(f));
  }
  // The longest form each one abbreviates, followed to the end.
  std::map<std::string, std::string> link;
  for (const std::u32string& f : all) {
    const std::u32string* best = nullptr;
    for (const std::u32string& g : all) {
      if (Abbreviates(f, g) && (best == nullptr || g.size() > best->size())) {
        best = &g;
      }
    }
    if (best != nullptr) link[ToUtf8(f)] = ToUtf8(*best);
  }
  for (Mention& m : *mentions) {
    if (m.type != "organization") continue;
    for (int hops = 0; hops < 8; ++hops) {
      auto it = link.find(m.normalized);
      if (it == link.end()) break;
      m.normalized = it->second;
    }
  }
}

namespace {

int TypeRank(std::string_view type) {
  static constexpr std::string_view kOrder[] = {
      "organization", "person", "place",    "date",
      "time",         "money",  "quantity", "percent"};
  for (size_t i = 0; i < std::size(kOrder); ++i) {
    if (kOrder[i] == type) return static_cast<int>(i);
  }
  return static_cast<int>(std::size(kOrder));
}

}  // namespace

std::vector<v1::Entity> GroupMentions(std::vector<Mention> mentions) {
  // Sorted by index: a Mention is five strings to move.
  std::vector<uint32_t> by_offset(mentions.size());
  for (uint32_t i = 0; i < by_offset.size(); ++i) by_offset[i] = i;
  std::stable_sort(by_offset.begin(), by_offset.end(),
                   [&](uint32_t i, uint32_t j) {
                     const Mention& a = mentions[i];
                     const Mention& b = mentions[j];
                     if (a.in_body != b.in_body) return a.in_body;
                     return a.char_begin < b.char_begin;
                   });
  std::vector<v1::Entity> entities;
  // Keys borrow from `mentions`, which no longer change.
  std::map<std::pair<std::string_view, std::string_view>, size_t> index;
  std::vector<uint32_t> first_offset;
  for (uint32_t i : by_offset) {
    const Mention& m = mentions[i];
    auto [it, inserted] = index.try_emplace(
        {std::string_view(m.type), std::string_view(m.normalized)},
        entities.size());
    if (inserted) {
      v1::Entity& e = entities.emplace_back();
      e.set_type(m.type);
      e.set_text(m.text);
      e.set_normalized(m.normalized);
      e.set_value(m.value);
      e.set_unit(m.unit);
      e.set_currency(m.currency);
      e.set_approximate(m.approximate);
      first_offset.push_back(m.in_body ? m.char_begin : UINT32_MAX);
    }
    v1::Entity& e = entities[it->second];
    if (!m.in_body) {
      e.set_count(e.count() + 1);
      if (m.text != e.text() &&
          std::find(e.aliases().begin(), e.aliases().end(), m.text) ==
              e.aliases().end()) {
        e.add_aliases(m.text);
      }
      continue;
    }
    // The same place written inside an organisation and alone counts once
    // per offset.
    if (!e.char_offsets().empty() &&
        e.char_offsets(e.char_offsets_size() - 1) == m.char_begin) {
      continue;
    }
    e.set_count(e.count() + 1);
    e.add_char_offsets(m.char_begin);
    if (m.text != e.text() && std::find(e.aliases().begin(), e.aliases().end(),
                                        m.text) == e.aliases().end()) {
      e.add_aliases(m.text);
    }
  }
  std::vector<size_t> order(entities.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    int ta = TypeRank(entities[a].type()), tb = TypeRank(entities[b].type());
    if (ta != tb) return ta < tb;
    if (entities[a].count() != entities[b].count()) {
      return entities[a].count() > entities[b].count();
    }
    return first_offset[a] < first_offset[b];
  });
  std::vector<v1::Entity> sorted;
  sorted.reserve(order.size());
  for (size_t i : order) sorted.push_back(std::move(entities[i]));
  return sorted;
}

std::vector<v1::Entity> ExtractEntities(const v1::SegmentedField& body,
                                        const v1::SegmentedField* title,
                                        const EntityContext& context,
                                        size_t max_entities) {
  const CodePoints cps(body.text());
  const CharSpans english = EnglishSpans(body);
  std::vector<Mention> mentions = FindNamesIn(body, cps, english);
  for (const v1::SegmentedField* field : context.other_fields) {
    for (Mention& m : FindNames(*field)) {
      m.in_body = false;
      mentions.push_back(std::move(m));
    }
  }
  std::vector<std::string> targets;
  if (title != nullptr) {
    for (const Mention& m : FindNames(*title)) {
      if (m.type == "organization") targets.push_back(m.normalized);
    }
  }
  for (const std::string& text : context.other_texts) {
    std::string_view rest = text;
    while (!rest.empty()) {
      size_t space = rest.find_first_of(" \t\n");
      std::string_view piece = rest.substr(0, space);
      rest.remove_prefix(space == std::string_view::npos ? rest.size()
                                                         : space + 1);
      if (!OrgSuffix(piece).empty() && CodePointCount(piece) >= 4 &&
          AllHan(piece)) {
        targets.emplace_back(piece);
      }
    }
  }
  LinkOrganizations(targets, &mentions);
  for (Mention& m : FindDates(cps, context.reference_date)) {
    mentions.push_back(std::move(m));
  }
  for (Mention& m : FindAmounts(cps)) mentions.push_back(std::move(m));
  if (!english.empty()) {
    for (Mention& m : FindEnglishDates(cps, context.reference_date, english)) {
      mentions.push_back(std::move(m));
    }
    for (Mention& m : FindEnglishAmounts(cps, english)) {
      mentions.push_back(std::move(m));
    }
  }
  std::vector<v1::Entity> entities = GroupMentions(std::move(mentions));
  if (entities.size() > max_entities) {
    // Keep each type's most frequent: drop from the end of the lowest
    // counts first.
    std::vector<size_t> order(entities.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return entities[a].count() > entities[b].count();
    });
    std::vector<bool> keep(entities.size(), false);
    for (size_t i = 0; i < max_entities; ++i) keep[order[i]] = true;
    std::vector<v1::Entity> kept;
    for (size_t i = 0; i < entities.size(); ++i) {
      if (keep[i]) kept.push_back(std::move(entities[i]));
    }
    entities = std::move(kept);
  }
  return entities;
}

}  // namespace ink::enricher
