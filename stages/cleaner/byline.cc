#include "stages/cleaner/byline.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "stages/cleaner/chrome.h"
#include "stages/cleaner/date_parse.h"
#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

constexpr auto kRe =
    std::regex::ECMAScript | std::regex::icase | std::regex::optimize;

enum class Field { kSource, kAuthor, kEditor, kDate, kTags };

struct Label {
  std::string_view text;
  Field field;
};

// Labels that introduce a metadata value after a colon. Longer labels come
// first so "责任编辑" wins over "编辑".
constexpr Label kLabels[] = {
    {"本文来源", Field::kSource}, {"文章来源", Field::kSource},
    {"责任编辑", Field::kEditor}, {"责编", Field::kEditor},
    {"编辑", Field::kEditor},     {"来源", Field::kSource},
    {"稿源", Field::kSource},     {"出处", Field::kSource},
    {"作者", Field::kAuthor},     {"记者", Field::kAuthor},
    {"撰文", Field::kAuthor},     {"文", Field::kAuthor},
    {"发布时间", Field::kDate},   {"发表时间", Field::kDate},
    {"发布日期", Field::kDate},   {"更新时间", Field::kDate},
    {"时间", Field::kDate},       {"日期", Field::kDate},
    {"标签", Field::kTags},       {"关键词", Field::kTags},
    {"关键字", Field::kTags},     {"source", Field::kSource},
    {"author", Field::kAuthor},   {"editor", Field::kEditor},
    {"tags", Field::kTags},
};

struct LabelHit {
  size_t begin;        // Start of the label.
  size_t value_begin;  // After the colon.
  Field field;
};

// ASCII case-insensitive `s.compare(at, p.size(), p) == 0` for a lower-case
// `p`.
bool MatchesAtIgnoreCase(std::string_view s, size_t at, std::string_view p) {
  if (at > s.size() || s.size() - at < p.size()) return false;
  for (size_t k = 0; k < p.size(); ++k) {
    char c = s[at + k];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != p[k]) return false;
  }
  return true;
}

// Finds "label:" / "label：" occurrences in `s`. A label inside a word
// (e.g. "通讯员" is fine, but "中文" + ":" is not a label) is accepted only
// at the start or after a space or bracket, so prose rarely matches.
//
// Every label ends at a colon (or "文" at a slash), so the scan goes from
// colon to colon and looks back for the label: most lines have none, and
// testing every label at every character cost more than the rest of
// ParseByline. Of the labels ending at one colon the one that starts first
// (the longest: "责任编辑" over "编辑") wins, and a label never starts
// inside the value of the one before it.
std::vector<LabelHit> FindLabels(std::string_view s) {
  std::vector<LabelHit> hits;
  size_t floor = 0;  // Labels start at or after this (the last value).
  for (size_t i = 0; i < s.size(); ++i) {
    size_t colon = 0;
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ':' || c == '/')
      colon = 1;
    else if (c == 0xEF && s.compare(i, 3, "：") == 0)
      colon = 3;
    if (colon == 0) continue;
    size_t j = i;  // Where the label (and the spaces after it) ends.
    while (j > floor && s[j - 1] == ' ') --j;
    const Label* best = nullptr;
    size_t best_begin = 0;
    for (const Label& l : kLabels) {
      if (c == '/' && l.text != "文") continue;
      if (j < floor + l.text.size()) continue;
      size_t begin = j - l.text.size();
      if (best && begin >= best_begin) continue;
      if (!MatchesAtIgnoreCase(s, begin, l.text)) continue;
      // A one-character label must not be the tail of another word.
      if (l.text == "文" && begin > 0) {
        std::string_view before = s.substr(0, begin);
        char last = before.back();
        if (last != ' ' && last != '(' &&
            before.substr(before.size() >= 3 ? before.size() - 3 : 0) != "（")
          continue;
      }
      best = &l;
      best_begin = begin;
    }
    if (!best) continue;
    hits.push_back({best_begin, i + colon, best->field});
    floor = i + colon;
    i += colon - 1;
  }
  return hits;
}

// Strips wrapping brackets: "[责任编辑:CXer]" -> "责任编辑:CXer".
std::string_view Unwrap(std::string_view s) {
  static constexpr std::pair<std::string_view, std::string_view> kPairs[] = {
      {"[", "]"}, {"【", "】"}, {"(", ")"}, {"（", "）"}};
  for (const auto& [open, close] : kPairs) {
    if (s.size() > open.size() + close.size() &&
        s.substr(0, open.size()) == open &&
        s.substr(s.size() - close.size()) == close)
      return Trim(s.substr(open.size(), s.size() - open.size() - close.size()));
  }
  return s;
}

std::string_view StripClosers(std::string_view s) {
  s = Trim(s);
  for (bool again = true; again && !s.empty();) {
    again = false;
    for (std::string_view c : {"]", "】", ")", "）", "|", "｜"}) {
      if (s.size() >= c.size() && s.substr(s.size() - c.size()) == c) {
        s = Trim(s.substr(0, s.size() - c.size()));
        again = true;
      }
    }
  }
  return s;
}

std::vector<std::string> SplitList(std::string_view value) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string t(Trim(cur));
    if (!t.empty()) out.push_back(t);
    cur.clear();
  };
  for (size_t i = 0; i < value.size();) {
    size_t start = i;
    char32_t c = NextChar(value, &i);
    if (c == ' ' || c == U'、' || c == U'，' || c == ',' || c == ';' ||
        c == U'；' || c == '/' || c == U'\u3000' || c == '|') {
      flush();
    } else {
      cur.append(value.substr(start, i - start));
    }
  }
  flush();
  return out;
}

bool EndsWithAny(std::string_view s,
                 std::initializer_list<std::string_view> suffixes) {
  for (std::string_view x : suffixes) {
    if (s.size() >= x.size() && s.substr(s.size() - x.size()) == x) return true;
  }
  return false;
}

void AddUnique(std::vector<std::string>* v, const std::string& s) {
  if (!s.empty() && std::find(v->begin(), v->end(), s) == v->end())
    v->push_back(s);
}

// A job title written after a name: "CEO of Acme", "Shipping Expert",
// "Senior Editor". Names are never made of these words.
bool IsRole(std::string_view part) {
  static constexpr std::string_view kRoles[] = {"ceo",
                                                "cto",
                                                "cfo",
                                                "founder",
                                                "co-founder",
                                                "editor",
                                                "writer",
                                                "reporter",
                                                "director",
                                                "manager",
                                                "expert",
                                                "educator",
                                                "specialist",
                                                "president",
                                                "officer",
                                                "professor",
                                                "consultant",
                                                "analyst",
                                                "contributor",
                                                "journalist",
                                                "correspondent",
                                                "representative",
                                                "horticulturalist",
                                                "engineer",
                                                "coach",
                                                "advisor",
                                                "strategist",
                                                "scientist"};
  std::string lower = AsciiLower(part);
  for (size_t i = 0; i < lower.size();) {
    size_t j = lower.find_first_of(" &", i);
    if (j == std::string::npos) j = lower.size();
    std::string_view word = std::string_view(lower).substr(i, j - i);
    for (std::string_view r : kRoles) {
      if (word == r) return true;
    }
    i = j + 1;
  }
  return false;
}

// Literal prefilter for the anchored regexes below, which cost far more:
// `s` starts with one of `prefixes` (ASCII letters compared without case).
bool StartsWithAnyAscii(std::string_view s,
                        std::initializer_list<std::string_view> prefixes) {
  for (std::string_view p : prefixes) {
    if (s.size() >= p.size() && AsciiLower(s.substr(0, p.size())) == p)
      return true;
  }
  return false;
}

// What is left of "Jane Doe · Updated " once the date is cut off: the
// names, without the separator and the word that introduced the date.
std::string StripTrailingDateWords(std::string_view s) {
  for (bool again = true; again;) {
    again = false;
    s = Trim(s);
    for (std::string_view w :
         {"·", "•", "|", "-", "–", "—", ",", "on", "updated", "published",
          "posted", "last updated", "updated on", "published on"}) {
      if (s.size() > w.size() &&
          AsciiLower(s.substr(s.size() - w.size())) == w &&
          (w.size() == 1 || !std::isalpha(static_cast<unsigned char>(w[0])) ||
           s[s.size() - w.size() - 1] == ' ')) {
        s = s.substr(0, s.size() - w.size());
        again = true;
        break;
      }
    }
  }
  return std::string(s);
}

// "杨倩_NF4425": portals append the editor's staff id to the name.
std::string StripStaffId(const std::string& name) {
  size_t at = name.find('_');
  if (at == std::string::npos || at == 0 || HanCount(name.substr(0, at)) == 0)
    return name;
  for (size_t k = at + 1; k < name.size(); ++k) {
    if (!std::isalnum(static_cast<unsigned char>(name[k]))) return name;
  }
  return name.substr(0, at);
}

// True if `s` holds only what English pages print around a date: a time
// ("1:39", "10:48"), "am"/"pm", a zone ("EST", "GMT"), a weekday
// ("Wednesday", "Tue") and "at"/"on", separated by spaces and commas:
// "1:39 am EST, Wednesday, " before "November 20, 2019".
bool OnlyTimeAndWeekday(std::string_view s) {
  bool any = false;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ' || s[i] == ',') {
      ++i;
      continue;
    }
    size_t j = s.find_first_of(" ,", i);
    if (j == std::string_view::npos) j = s.size();
    std::string word = AsciiLower(s.substr(i, j - i));
    i = j;
    any = true;
    size_t colon = word.find(':');
    if (colon != std::string::npos && colon >= 1 && colon <= 2 &&
        word.size() == colon + 3 &&
        std::all_of(word.begin(), word.end(),
                    [](char c) { return c == ':' || std::isdigit(c); }))
      continue;
    static constexpr std::string_view kWords[] = {
        "am",     "pm",      "a.m.",      "p.m.",     "at",     "on",
        "est",    "edt",     "cst",       "cdt",      "mst",    "mdt",
        "pst",    "pdt",     "pt",        "et",       "gmt",    "utc",
        "bst",    "cet",     "mon",       "tue",      "tues",   "wed",
        "thu",    "thur",    "thurs",     "fri",      "sat",    "sun",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday"};
    if (!word.empty() && word.back() == '.') word.pop_back();
    bool known = false;
    for (std::string_view w : kWords) known |= word == w;
    if (!known) return false;
  }
  return any;
}

bool LooksLikeOrg(std::string_view name);
bool StartsWithSurname(std::string_view name);

}  // namespace

bool LooksLikePersonName(std::string_view name) {
  size_t n = CharCount(name);
  return n >= 2 && n <= 3 && HanCount(name) == n && StartsWithSurname(name) &&
         !LooksLikeOrg(name);
}

bool LooksLikeOrgName(std::string_view name) { return LooksLikeOrg(name); }

void SplitAuthors(std::string_view value, std::vector<std::string>* persons,
                  std::vector<std::string>* orgs) {
  // English bylines: "Jane Doe and John Roe", "Jane Doe, Reuters".
  bool latin = HanCount(value) == 0;
  if (latin) {
    std::string v(Trim(value));
    // JSON-LD and meta values sometimes keep HTML's escaped ampersand.
    for (size_t at = v.find("&amp;"); at != std::string::npos;
         at = v.find("&amp;", at + 1))
      v.replace(at, 5, "&");
    static const std::regex comma("\\s*(?:,|;)\\s*", kRe);
    static const std::regex conj("\\s*(?:\\band\\b|&)\\s*", kRe);
    for (std::sregex_token_iterator c(v.begin(), v.end(), comma, -1), cend;
         c != cend; ++c) {
      std::string part(Trim(c->str()));
      // "Jane Doe, CEO of Acme", "Jo Roe, Master Gardener & Educator": a
      // job title after a name describes it; it is not another person.
      if (!persons->empty() && IsRole(part)) {
        persons->back() += ", " + part;
        continue;
      }
      for (std::sregex_token_iterator it(part.begin(), part.end(), conj, -1),
           end;
           it != end; ++it) {
        std::string name(Trim(it->str()));
        if (name.empty()) continue;
        if (name.size() > 60) continue;
        // Markup ('size="20"') and ids ("L_104485") are not names.
        size_t digits = 0, letters = 0;
        for (char ch : name) {
          digits += ch >= '0' && ch <= '9';
          letters += std::isalpha(static_cast<unsigned char>(ch)) != 0;
        }
        if (name.find_first_of("=\"<>{}") != std::string::npos ||
            (name.find(' ') == std::string::npos && digits > 2 * letters))
          continue;
        // Degrees and credentials after a comma ("Jane Doe, MS, RD",
        // "John Roe, Ph.D.", "Jr.") belong to the name before them.
        static const std::regex suffix("jr\\.?|sr\\.?|ph\\.?\\s?d\\.?", kRe);
        bool upper_only = std::none_of(name.begin(), name.end(), [](char ch) {
          return ch >= 'a' && ch <= 'z';
        });
        if (!persons->empty() && name.size() <= 8 &&
            (upper_only || std::regex_match(name, suffix))) {
          persons->back() += ", " + name;
          continue;
        }
        AddUnique(persons, name);
      }
    }
    return;
  }
  static constexpr std::string_view kJobWords[] = {
      "本报记者", "特约记者", "实习记者", "见习记者", "记者",
      "通讯员",   "实习生",   "本报",     "摄影",     "图",
      "文",       "编辑",     "撰稿"};
  // Two-character names are often typeset with a space: "赵  培".
  std::vector<std::string> tokens;
  for (std::string& t : SplitList(value)) {
    bool single = CharCount(t) == 1 && HanCount(t) == 1;
    if (single && !tokens.empty() && CharCount(tokens.back()) == 1 &&
        HanCount(tokens.back()) == 1)
      tokens.back() += t;
    else
      tokens.push_back(std::move(t));
  }
  for (std::string token : tokens) {
    // Page chrome after the names ("zboygirl 阅读(1660) 评论(5)", "流泉
    // 访问统计："): no name follows a counter.
    bool chrome = false;
    for (std::string_view w : {"阅读", "评论", "浏览", "点击", "访问", "人气",
                               "收藏", "发表于", "回复", "分享"}) {
      chrome |= token.compare(0, w.size(), w) == 0;
    }
    if (chrome) break;
    for (bool again = true; again;) {
      again = false;
      for (std::string_view j : kJobWords) {
        if (token.size() > j.size() && token.compare(0, j.size(), j) == 0) {
          token = std::string(Trim(token.substr(j.size())));
          again = true;
        }
      }
    }
    bool job_only = false;
    for (std::string_view j : kJobWords) job_only |= token == j;
    // Markup, counters ("评论(5)") and ids ("L_104485") are not names.
    size_t digits = std::count_if(token.begin(), token.end(),
                                  [](char c) { return c >= '0' && c <= '9'; });
    if (token.find_first_of("=\"<>()_") != std::string::npos ||
        token.find("（") != std::string::npos || digits * 2 >= token.size())
      continue;
    // Labels of the next field ("访问统计：") are not names.
    if (token.empty() || job_only || token.find("：") != std::string::npos ||
        token.find(':') != std::string::npos)
      continue;
    // A Latin word in a Chinese byline is a user name ("zboygirl"), or in
    // capitals an organisation's ("CCTV").
    const bool latin_token = HanCount(token) == 0;
    const bool capitals = std::none_of(token.begin(), token.end(), [](char c) {
      return c >= 'a' && c <= 'z';
    });
    // The last words of organisations' names ("工行三明分行", "新华社").
    const bool org_ending = EndsWithAny(
        token, {"行",   "公司", "集团", "报",   "社",  "网", "台", "站",
                "中心", "局",   "部",   "委",   "院",  "会", "办", "处",
                "厅",   "所",   "署",   "队",   "团",  "馆", "校", "大学",
                "频道", "杂志", "日报", "晚报", "新闻"});
    // More than ten Han characters without such an ending are a clause,
    // not a name: "外媒记者：中国正在给世界带来新的机遇" is a headline
    // quoting reporters.
    if (!latin_token && CharCount(token) > 10 && !org_ending) continue;
    bool org = (latin_token && capitals) || org_ending ||
               (!latin_token && CharCount(token) > 6) || CharCount(token) > 20;
    AddUnique(org ? orgs : persons, token);
  }
}

std::optional<Byline> ParseByline(std::string_view line,
                                  int default_offset_minutes) {
  std::string_view s = Unwrap(StripListMarker(line));
  if (s.empty()) return std::nullopt;
  std::vector<LabelHit> labels = FindLabels(s);
  std::optional<DateMatch> lead_date = FindDate(
      s.substr(0, std::min<size_t>(s.size(), 200)), default_offset_minutes);

  // "02日14:25 作者： 赵婕 出自[...]": a short line may put a little before
  // its author label (the end of a date broken across lines).
  bool starts_with_label =
      !labels.empty() &&
      (labels[0].begin == 0 ||
       (labels[0].field == Field::kAuthor && CharCount(s) <= 60 &&
        CharCount(s.substr(0, labels[0].begin)) <= 12 &&
        PunctuationCount(s.substr(0, labels[0].begin)) == 0));
  // "Monday, November 18, 2019, 04:05 pm": a weekday or time before a
  // date with a time. (A weekday and a date alone are often the site's
  // "today" widget above the headline.)
  bool starts_with_date =
      lead_date &&
      (Trim(s.substr(0, lead_date->begin)).empty() ||
       (HanCount(s) == 0 && lead_date->has_time && lead_date->begin <= 30 &&
        OnlyTimeAndWeekday(s.substr(0, lead_date->begin))));
  // English "By Jane Doe" bylines.
  // "Written by Jane Doe", "Posted by jdoe", "By 3i Global" (a reviewer's
  // "Reviewed by" names no writer).
  static const std::regex by_re(
      "^(?:(?:written|posted|authored)\\s+)?by\\s*:?\\s+([A-Z0-9][^|]{1,80})$",
      kRe);
  std::string s_str(s);
  std::smatch by;
  if (!starts_with_label && !starts_with_date && CharCount(s) < 80 &&
      StartsWithAnyAscii(s, {"by", "written", "posted", "authored"}) &&
      std::regex_match(s_str, by, by_re) && HanCount(s) == 0) {
    Byline b;
    std::string names = by[1].str();
    // "By Jane Doe December 2, 2025", "By Jane Doe · Updated Dec 4, 2025":
    // the byline and its date printed as one line.
    if (auto d = FindDate(names, default_offset_minutes); d && d->begin > 0) {
      b.date = d->iso;
      b.date_rule = "author-line";
      names = StripTrailingDateWords(names.substr(0, d->begin));
    }
    std::vector<std::string> orgs;
    SplitAuthors(names, &b.authors, &orgs);
    return b;
  }
  // Board and blog posts: "[栏目] 标题 ggjjzhzz 发表于 2005-9-15 11:46:00":
  // the word before "发表于" and a date right after it.
  if (size_t at = s.find("发表于");
      at != std::string_view::npos && at > 0 && CharCount(s) <= 120) {
    std::string_view before = Trim(s.substr(0, at));
    std::string_view poster = before.substr(before.rfind(' ') + 1);
    std::optional<DateMatch> d =
        FindDate(s.substr(at + std::string_view("发表于").size()),
                 default_offset_minutes);
    size_t n = CharCount(poster);
    if (d && d->begin <= 1 && n >= 2 && n <= 20 &&
        PunctuationCount(poster) == 0 &&
        poster.find_first_of("》】]") == std::string_view::npos) {
      Byline b;
      b.authors.emplace_back(poster);
      b.date = d->iso;
      b.date_rule = "poster-line";
      return b;
    }
  }
  // Forum posts: "本贴由大卫于2005年8月12日16:12:21在〖...〗发表".
  static const std::regex forum_re(
      "^(?:本贴|本帖|此贴|此帖)由\\s*([^\\s于]{1,20})\\s*于\\s*", kRe);
  std::smatch forum;
  if (StartsWithAnyAscii(s, {"本贴", "本帖", "此贴", "此帖"}) &&
      std::regex_search(s_str, forum, forum_re)) {
    std::optional<DateMatch> d = FindDate(
        std::string_view(s_str).substr(static_cast<size_t>(forum.length(0))),
        default_offset_minutes);
    if (d && d->begin == 0) {
      Byline b;
      b.authors.push_back(forum[1].str());
      b.date = d->iso;
      b.date_rule = "forum-line";
      return b;
    }
  }
  // "Published August 7, 2023 by Nicole Burke", "Last updated: Dec 4, 2025".
  static const std::regex dated_re(
      "^(?:originally\\s+)?(?:published|posted|updated|last\\s+updated|"
      "last\\s+modified|modified)(?:\\s+on)?\\s*:?\\s*",
      kRe);
  std::smatch dated;
  if (!starts_with_label && !starts_with_date && HanCount(s) == 0 &&
      StartsWithAnyAscii(s, {"originally", "published", "posted", "updated",
                             "last", "modified"}) &&
      std::regex_search(s_str, dated, dated_re)) {
    std::string_view tail = s.substr(static_cast<size_t>(dated.length(0)));
    std::optional<DateMatch> d = FindDate(tail, default_offset_minutes);
    // "Updated 1:39 am EST, Wednesday, November 20, 2019": a time and
    // weekday may come first.
    if (d &&
        (d->begin <= 1 ||
         (d->begin <= 30 && OnlyTimeAndWeekday(tail.substr(0, d->begin)))) &&
        CharCount(tail.substr(d->end)) <= 60) {
      Byline b;
      b.date = d->iso;
      b.date_rule = "date-label-line";
      std::string after(Trim(tail.substr(d->end)));
      std::smatch by_after;
      static const std::regex by_tail(
          "^(?:[|·•,-]\\s*)?by\\s+([A-Z][^|•·]{1,60})$", kRe);
      if (std::regex_match(after, by_after, by_tail)) {
        std::vector<std::string> orgs;
        SplitAuthors(Trim(by_after[1].str()), &b.authors, &orgs);
      }
      return b;
    }
  }
  // "〓 网易娱乐 明星话题 发布时间 2005/03/15 22:36:13 by duscha 〓": a
  // board's post footer names the poster after the date it labels.
  if (!starts_with_label && !starts_with_date && CharCount(s) <= 120) {
    for (std::string_view label : {"发布时间", "发表时间"}) {
      const size_t at = s.find(label);
      if (at == std::string_view::npos) continue;
      std::string_view value = s.substr(at + label.size());
      if (value.substr(0, 3) == "：") value.remove_prefix(3);
      value = Trim(value.substr(!value.empty() && value[0] == ':'));
      std::optional<DateMatch> d = FindDate(value, default_offset_minutes);
      if (!d || d->begin > 1) continue;
      static const std::regex poster_re(
          "^by\\s+([^\\s〓|]{2,30})(?:\\s*(?:〓|\\|).*)?$", kRe);
      std::string after(Trim(value.substr(d->end)));
      std::smatch poster;
      if (!std::regex_match(after, poster, poster_re)) continue;
      Byline b;
      b.authors.push_back(poster[1].str());
      b.date = d->iso;
      b.date_rule = "poster-line";
      return b;
    }
  }
  if (!starts_with_label && !starts_with_date) return std::nullopt;
  if (starts_with_date && labels.empty()) {
    Byline b;
    // "03/01/2017 by Jane Roe, Candidate Representative": the date, then
    // the writer.
    std::string after(Trim(s.substr(lead_date->end)));
    static const std::regex by_after(
        "^(?:[|·•,-]\\s*)?by\\s+([A-Z][^|•·]{1,100})$", kRe);
    std::smatch by;
    if (HanCount(after) == 0 &&
        StartsWithAnyAscii(after, {"by", "|", ",", "-"}) &&
        std::regex_match(after, by, by_after) &&
        std::isupper(static_cast<unsigned char>(by[1].str()[0]))) {
      std::vector<std::string> orgs;
      SplitAuthors(Trim(by[1].str()), &b.authors, &orgs);
    }
    // A bare date line, possibly with a little chrome ("2020-03-31 16:40 阅读
    // 12").
    if (b.authors.empty() &&
        CharCount(s) - CharCount(s.substr(0, lead_date->end)) > 20)
      return std::nullopt;
    b.date = lead_date->iso;
    b.date_rule = "date-line";
    return b;
  }

  Byline b;
  if (lead_date && (starts_with_date || lead_date->begin < labels[0].begin))
    b.date = lead_date->iso;
  b.date_rule = "date-line";
  // "2004年7月16日08:19 [ 黄宇 ] 来源：..." — a bracketed name between the
  // date and the first label is the author.
  if (starts_with_date && labels[0].begin > lead_date->end) {
    std::string_view gap =
        Trim(s.substr(lead_date->end, labels[0].begin - lead_date->end));
    // Icon-font glyphs (private use area, U+E000-U+F8FF) are not text.
    while (gap.size() >= 3 && static_cast<unsigned char>(gap.back()) >= 0x80) {
      size_t k = gap.size() - 3;
      char32_t c = NextChar(gap, &k);
      if (c < 0xE000 || c > 0xF8FF) break;
      gap = Trim(gap.substr(0, gap.size() - 3));
    }
    std::string_view inner = Unwrap(gap);
    size_t n = CharCount(inner);
    if (inner.size() < gap.size() && n >= 2 && n <= 4 && HanCount(inner) == n)
      b.authors.emplace_back(inner);
  }
  for (size_t k = 0; k < labels.size(); ++k) {
    size_t end = k + 1 < labels.size() ? labels[k + 1].begin : s.size();
    std::string_view value =
        Trim(s.substr(labels[k].value_begin, end - labels[k].value_begin));
    bool last = k + 1 == labels.size();
    std::optional<DateMatch> d = FindDate(value, default_offset_minutes);
    switch (labels[k].field) {
      case Field::kDate:
        if (d) {
          if (b.date.empty()) b.date = d->iso;
          std::string after(Trim(value.substr(d->end)));
          // "发表时间 2005/03/15 22:36:13 by duscha": a forum's poster.
          // Boards print chrome after the name: "by duscha 〓 ← 返回".
          static const std::regex by_poster(
              "^by\\s+([^\\s〓|]{2,30})(?:\\s.{0,4}|\\s*(?:〓|\\|).*)?$", kRe);
          std::smatch poster;
          if (std::regex_match(after, poster, by_poster)) {
            b.authors.push_back(poster[1].str());
          } else if (last) {
            b.rest = after;
          }
        }
        break;
      case Field::kSource: {
        value = Unwrap(value);  // "来源：[ 人民网 ]"
        std::string_view name = value;
        if (d) {
          name = Trim(value.substr(0, d->begin));
          if (b.date.empty()) {
            b.date = d->iso;
            b.date_rule = "source-line";
          }
          if (last) b.rest = std::string(Trim(value.substr(d->end)));
        } else if (CharCount(value) > 30) {
          // "来源：新华社 北京3月1日电 ..." — the name is the first word.
          size_t sp = value.find(' ');
          name = value.substr(0, sp);
          if (last && sp != std::string_view::npos)
            b.rest = std::string(Trim(value.substr(sp)));
        }
        // Chinese names have no spaces: what follows one is page chrome
        // ("新京报 举报").
        if (HanCount(name) > 0) name = name.substr(0, name.find(' '));
        name = StripClosers(name);
        // "来源: 尹娟": a person's name where the source goes is the writer.
        if (LooksLikePersonName(name))
          AddUnique(&b.authors, std::string(name));
        else
          b.source = std::string(name);
        break;
      }
      case Field::kAuthor: {
        std::string_view names = d ? Trim(value.substr(0, d->begin)) : value;
        if (d && b.date.empty()) {
          b.date = d->iso;
          b.date_rule = "author-line";
        }
        // "作者: 赵 培：北京物资学院": the affiliation follows a colon.
        names = names.substr(0, std::min(names.find("："), names.find(':')));
        SplitAuthors(StripClosers(names), &b.authors, &b.author_orgs);
        break;
      }
      case Field::kEditor: {
        std::vector<std::string> names = SplitList(StripClosers(value));
        if (!names.empty()) b.editor = StripStaffId(names[0]);
        break;
      }
      case Field::kTags:
        b.tags = SplitList(StripClosers(value));
        break;
    }
  }
  // A metadata line is short unless it carries a glued paragraph.
  if (CharCount(s) - CharCount(b.rest) > 120) return std::nullopt;
  return b;
}

bool IsBylineLabel(std::string_view line) {
  std::string l = AsciiLower(Trim(line));
  while (!l.empty() && (l.back() == ':' || l.back() == ' ')) l.pop_back();
  for (std::string_view label : {"by", "written by", "posted by", "authored by",
                                 "author", "authors", "words by"}) {
    if (l == label) return true;
  }
  return false;
}

// The longest text a credit that TakeCredit removes can span, with room
// to spare: "（图/文 " and 60 bytes of names and a closing bracket.
constexpr size_t kCreditTailBytes = 256;

// What every credit TakeCredit's pattern matches needs, tested before the
// regex runs (most paragraphs have neither): a closing bracket ending the
// text, or "文"/"图" followed by "/", ":" or "：".
bool MayEndInCredit(std::string_view tail) {
  size_t end = tail.find_last_not_of(" \t\n\r\f\v");
  if (end != std::string_view::npos &&
      (tail[end] == ')' || (end >= 2 && tail.substr(end - 2, 3) == "）")))
    return true;
  for (std::string_view word : {"文", "图"}) {
    for (size_t at = tail.find(word); at != std::string_view::npos;
         at = tail.find(word, at + 1)) {
      size_t k = at + word.size();
      while (k < tail.size() &&
             std::isspace(static_cast<unsigned char>(tail[k])))
        ++k;
      if (k < tail.size() &&
          (tail[k] == '/' || tail[k] == ':' || tail.compare(k, 3, "：") == 0))
        return true;
    }
  }
  return false;
}

std::vector<std::string> TakeCredit(std::string* paragraph) {
  // Character classes would split multi-byte characters: full-width
  // brackets and colons are written as alternatives.
  static const std::regex re(
      "(?:\\(|（)\\s*(?:图/文|文/"
      "图|图文|文|图|记者|通讯员|摄影|摄|撰稿|撰文|作者)\\s*(?:/|:|：)?\\s*"
      "((?:(?!（|）)[^()]){1,60})(?:\\)|）)\\s*$|"
      "(?:^|\\s)(?:文/图|图/文|文|图)\\s*(?:/|:|：)\\s*((?:(?!（|）)[^()/"
      "]){1,30})$",
      kRe);
  // A credit ends the paragraph and spans at most about 80 bytes (the
  // pattern bounds every part), so only the tail is searched: the regex
  // costs time in proportion to the text it is run over. Starting inside
  // the text, "^" must not match where the tail begins.
  const std::string& text = *paragraph;
  size_t from =
      text.size() > kCreditTailBytes ? text.size() - kCreditTailBytes : 0;
  while (from > 0 && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80)
    --from;
  if (!MayEndInCredit(std::string_view(text).substr(from))) return {};
  std::smatch m;
  if (!std::regex_search(text.begin() + static_cast<std::ptrdiff_t>(from),
                         text.end(), m, re,
                         from > 0 ? std::regex_constants::match_prev_avail
                                  : std::regex_constants::match_default))
    return {};
  std::string names = m[1].matched ? m[1].str() : m[2].str();
  std::vector<std::string> persons, orgs;
  SplitAuthors(names, &persons, &orgs);
  persons.insert(persons.end(), orgs.begin(), orgs.end());
  if (persons.empty()) return {};
  *paragraph = std::string(
      Trim(paragraph->substr(0, from + static_cast<size_t>(m.position(0)))));
  return persons;
}

namespace {

// Words that end a reporter's name when glued to it ("罗科苏盈发自北京",
// "马俊峰/文" is split by the slash already).
constexpr std::string_view kAfterName[] = {
    "发自", "报道", "摄影",   "摄",   "通讯员", "实习生", "记者", "整理",
    "采写", "供图", "受访者", "综合", "电",     "文",     "图"};

// Org-like endings that are not personal names ("新华社", "人民网").
bool LooksLikeOrg(std::string_view name) {
  return EndsWithAny(name, {"社", "报", "网", "台", "站", "部",   "局",
                            "委", "院", "会", "办", "厅", "所",   "署",
                            "队", "团", "馆", "校", "刊", "中心", "公司"});
}

// The common Chinese surnames (with the compound ones), which start the
// name in nearly every byline.
bool StartsWithSurname(std::string_view name) {
  static constexpr std::string_view kCompound[] = {
      "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙",
      "慕容", "令狐", "宇文", "长孙", "夏侯", "司徒", "端木", "南宫"};
  for (std::string_view c : kCompound) {
    if (name.substr(0, c.size()) == c) return true;
  }
  static constexpr std::u32string_view kSingle =
      U"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董"
      U"袁潘于蒋蔡余杜叶程"
      U"苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷"
      U"侯龙史陶黎贺顾毛"
      U"郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳"
      U"翟殷詹申欧耿关兰"
      U"焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛"
      U"靳管柴蒙鲍华喻"
      U"祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜"
      U"冷晏席卫米柏宗"
      U"瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查"
      U"麻苑迟邝";
  size_t i = 0;
  char32_t first = NextChar(name, &i);
  return kSingle.find(first) != std::u32string_view::npos;
}

// Reads up to `max` names of 2-4 Han characters from `s` at `*i`, separated
// by spaces or "、". Returns false (and no names) if a run of Han
// characters is not a name: too long or too short.
bool ReadNames(std::string_view s, size_t* i, std::vector<std::string>* names) {
  std::vector<std::string> found;
  while (*i < s.size()) {
    size_t start = *i, end = *i, k = *i;
    size_t count = 0;
    while (k < s.size()) {
      size_t before = k;
      char32_t c = NextChar(s, &k);
      if (!IsHan(c) && c != U'·') {
        k = before;
        break;
      }
      end = k;
      ++count;
    }
    std::string_view run = s.substr(start, end - start);
    // "樊亮 张明超 记者惠禾": the next credit starts; its own job word reads
    // the names after it.
    bool job = false;
    for (std::string_view w : {"记者", "通讯员", "实习生"})
      job |= run.substr(0, w.size()) == w;
    if (job) break;
    // Cut at a word that follows names.
    size_t cut = run.size();
    for (std::string_view w : kAfterName) {
      size_t at =
          run.find(w, w.size() <= 3 ? 6 : 3);  // Not inside a 1-2 char name.
      if (at != std::string_view::npos && at < cut) cut = at;
    }
    std::string_view name = run.substr(0, cut);
    size_t n = CharCount(name);
    if (n < 2 || n > 4 || LooksLikeOrg(name)) break;
    found.emplace_back(name);
    *i = start + cut;
    if (cut < run.size()) break;  // "发自北京" etc. follows.
    // More names after a separator.
    size_t j = *i;
    bool sep = false;
    while (j < s.size()) {
      size_t before = j;
      char32_t c = NextChar(s, &j);
      if (c == ' ' || c == U'\u3000' || c == U'、' || c == 0xA0) {
        sep = true;
        continue;
      }
      j = before;
      break;
    }
    if (!sep || j >= s.size()) break;
    size_t probe = j;
    if (!IsHan(NextChar(s, &probe))) break;
    *i = j;
  }
  if (found.empty()) return false;
  for (std::string& f : found) AddUnique(names, f);
  return true;
}

// True if only spaces, closers and a few credit words ("/文", "报道") are
// left in `rest`.
bool OnlyCreditTail(std::string_view rest) {
  rest = Trim(rest);
  for (bool again = true; again && !rest.empty();) {
    again = false;
    for (std::string_view w :
         {"/文", "/图", "文", "发自", "报道", "摄", "）", ")", "/", " "}) {
      if (rest.substr(0, w.size()) == w) {
        rest = Trim(rest.substr(w.size()));
        again = true;
      }
    }
  }
  return rest.empty() || CharCount(rest) <= 8;
}

}  // namespace

std::vector<std::string> FindReporterCredit(std::string_view line,
                                            bool* whole_line) {
  std::string_view s = Trim(line);
  *whole_line = false;
  std::vector<std::string> names;
  if (s.empty() || HanCount(s) == 0) return names;
  const bool short_line = CharCount(s) <= 40;
  // "记者 X" and kin.
  for (std::string_view job : {"记者", "实习生", "通讯员", "执笔人："}) {
    for (size_t at = s.find(job); at != std::string_view::npos;
         at = s.find(job, at + 1)) {
      // Inside "（...）"? Then the group bounds the credit.
      size_t open = s.rfind("（", at);
      size_t open2 = s.rfind("(", at);
      bool in_paren = false;
      size_t close = std::string_view::npos;
      for (size_t o : {open, open2}) {
        if (o == std::string_view::npos) continue;
        size_t c = s.find_first_of(")", o);
        size_t c2 = s.find("）", o);
        size_t cc = std::min(c, c2);
        if (cc != std::string_view::npos && cc > at &&
            CharCount(s.substr(o, cc - o)) <= 30) {
          in_paren = true;
          close = cc;
        }
      }
      if (!short_line && !in_paren) continue;
      size_t i = at + job.size();
      while (i < s.size() && (s[i] == ' ' || s[i] == ':' || s[i] == '/')) ++i;
      if (s.compare(i, 3, "：") == 0) i += 3;
      while (i < s.size() && s[i] == ' ') ++i;
      std::vector<std::string> got;
      if (!ReadNames(s, &i, &got)) continue;
      // Outside brackets the credit must read as a name: a common surname
      // first ("小记者训练营" is a club, not a reporter).
      if (!in_paren && !StartsWithSurname(got[0])) continue;
      std::string_view rest = in_paren ? s.substr(i, close - i) : s.substr(i);
      // Prose goes on after the name: "记者张三说，" is not a credit line.
      if (!in_paren && !OnlyCreditTail(rest)) continue;
      if (in_paren && !OnlyCreditTail(rest)) continue;
      for (std::string& g : got) AddUnique(&names, g);
      if (!in_paren && short_line) *whole_line = true;
    }
  }
  if (!names.empty()) return names;
  // A parenthesised name ending the line: "（袁源）", "（姚峰 上海报道）".
  for (auto [open, close] :
       {std::pair<std::string_view, std::string_view>{"（", "）"},
        {"(", ")"}}) {
    if (s.size() < close.size() || s.substr(s.size() - close.size()) != close)
      continue;
    size_t o = s.rfind(open);
    if (o == std::string_view::npos) continue;
    std::string_view inner = Trim(
        s.substr(o + open.size(), s.size() - close.size() - o - open.size()));
    size_t sp = inner.find(' ');
    std::string_view name = inner.substr(0, sp);
    std::string_view tail = sp == std::string_view::npos
                                ? std::string_view()
                                : Trim(inner.substr(sp));
    size_t n = CharCount(name);
    if (n < 2 || n > 3 || HanCount(name) != n || LooksLikeOrg(name)) continue;
    // A bare name, or a name and "<place>报道".
    if (!tail.empty() && !(EndsWithAny(tail, {"报道"}) && CharCount(tail) <= 6))
      continue;
    if (tail.empty() && !Trim(s.substr(0, o)).empty() &&
        !EndsLikeSentence(Trim(s.substr(0, o))))
      continue;
    names.emplace_back(name);
    *whole_line = Trim(s.substr(0, o)).empty();
  }
  return names;
}

void MergeByline(const Byline& byline, const std::string& rule_prefix,
                 v1::CleanArticle* out) {
  auto& rules = *out->mutable_field_rules();
  auto rule = [&](std::string_view name) {
    return rule_prefix + std::string(name);
  };
  if (!byline.source.empty() && out->source().empty()) {
    out->set_source(byline.source);
    rules["source"] = rule("source-line");
  }
  if (!byline.date.empty() && out->date().empty()) {
    out->set_date(byline.date);
    rules["date"] =
        rule(byline.date_rule.empty() ? "date-line" : byline.date_rule);
  }
  if (!byline.editor.empty() && out->editor().empty()) {
    out->set_editor(byline.editor);
    rules["editor"] = rule("editor-line");
  }
  for (const std::string& a : byline.authors) {
    if (std::find(out->authors().begin(), out->authors().end(), a) ==
        out->authors().end()) {
      out->add_authors(a);
      rules.emplace("authors", rule("author-line"));
    }
  }
  if (!byline.author_orgs.empty() && out->source().empty()) {
    out->set_source(byline.author_orgs[0]);
    rules["source"] = rule("author-line");
  }
  for (const std::string& t : byline.tags) {
    if (std::find(out->tags().begin(), out->tags().end(), t) ==
        out->tags().end()) {
      out->add_tags(t);
      rules.emplace("tags", rule("tags-line"));
    }
  }
}

bool IsCreditLabel(std::string_view line) {
  std::string_view s = Trim(line);
  for (std::string_view end : {"：", ":"}) {
    if (s.size() > end.size() && s.substr(s.size() - end.size()) == end)
      s = Trim(s.substr(0, s.size() - end.size()));
  }
  for (std::string_view prefix : {"本报", "特约", "实习", "见习"}) {
    if (s.size() > prefix.size() && s.substr(0, prefix.size()) == prefix) {
      s = s.substr(prefix.size());
      break;
    }
  }
  for (std::string_view job : {"记者", "实习生", "通讯员", "作者", "撰文",
                               "撰稿", "文", "文/图", "图/文"}) {
    if (s == job) return true;
  }
  return false;
}

}  // namespace ink::cleaner
