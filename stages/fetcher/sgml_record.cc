#include "stages/fetcher/sgml_record.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

namespace ink::fetcher {
namespace {

constexpr std::string_view kOpen = "<REUTERS";

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

char Upper(char c) { return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c; }

}  // namespace

bool SgmlHasAt(std::string_view s, size_t pos, std::string_view what) {
  if (pos > s.size() || s.size() - pos < what.size()) return false;
  for (size_t i = 0; i < what.size(); ++i) {
    if (Upper(s[pos + i]) != Upper(what[i])) return false;
  }
  return true;
}

bool SgmlStartTagAt(std::string_view s, size_t pos, std::string_view name) {
  if (!SgmlHasAt(s, pos, "<") || !SgmlHasAt(s, pos + 1, name)) return false;
  size_t after = pos + 1 + name.size();
  return after < s.size() && (IsSpace(s[after]) || s[after] == '>');
}

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// ---- Character data -------------------------------------------------------

// Lenient: the lead byte and the count of continuation bytes. What slips
// through is replaced when the record is serialised.
bool IsUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80                 ? 0
               : c >= 0xC2 && c <= 0xDF ? 1
               : (c & 0xF0) == 0xE0     ? 2
               : c >= 0xF0 && c <= 0xF4 ? 3
                                        : 4;
    if (n == 4 || s.size() - i <= n) return false;
    for (size_t k = 1; k <= n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n + 1;
  }
  return true;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string Latin1ToUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) AppendUtf8(static_cast<unsigned char>(c), &out);
  return out;
}

// Control characters are the wire's framing (&#2; starts a story, &#3; ends
// it, &#31; separates header fields), not text.
bool Printable(char32_t cp) {
  if (cp == '\n' || cp == '\t') return true;
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return false;
  return cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF);
}

// DEL stands where a wire operator struck a character out, most often the
// space between two words ("500 mln dlr&#127;untied loan").
constexpr char kRubout = 0x7F;

// The reference at s[i] ('&'): appends what it stands for and returns its
// length, or 0 when it is no reference (a bare '&' stays as written).
size_t Reference(std::string_view s, size_t i, std::string* out) {
  size_t semi = s.find(';', i);
  if (semi == std::string_view::npos || semi - i > 12) return 0;
  std::string_view ref = s.substr(i + 1, semi - i - 1);
  if (ref.size() >= 2 && ref[0] == '#') {
    bool hex = ref[1] == 'x' || ref[1] == 'X';
    std::string_view digits = ref.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    char32_t cp = 0;
    for (char c : digits) {
      int d = c >= '0' && c <= '9'                        ? c - '0'
              : hex && Upper(c) >= 'A' && Upper(c) <= 'F' ? Upper(c) - 'A' + 10
                                                          : -1;
      if (d < 0) return 0;
      cp = cp * (hex ? 16 : 10) + d;
      if (cp > 0x10FFFF) cp = 0x110000;  // Stays out of range.
    }
    if (cp == kRubout) {
      out->push_back(' ');
    } else if (Printable(cp)) {
      AppendUtf8(cp, out);
    }
    return semi - i + 1;
  }
  static const std::pair<std::string_view, char> kNamed[] = {
      {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
  for (const auto& [name, c] : kNamed) {
    if (ref == name) {
      out->push_back(c);
      return semi - i + 1;
    }
  }
  return 0;
}

// Character data with markup removed and references resolved. `raw` is
// UTF-8 already (see SgmlRecord).
std::string Decode(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size();) {
    char c = raw[i];
    if (c == '<' && i + 1 < raw.size() &&
        (std::isalpha(static_cast<unsigned char>(raw[i + 1])) ||
         raw[i + 1] == '/' || raw[i + 1] == '!')) {
      size_t gt = raw.find('>', i);
      if (gt != std::string_view::npos) {
        i = gt + 1;
        continue;
      }
    }
    if (c == '&') {
      if (size_t n = Reference(raw, i, &out)) {
        i += n;
        continue;
      }
    }
    if (c == '\r') {
      ++i;
      continue;
    }
    if (c == kRubout || c == '\t') {
      out.push_back(' ');
    } else if (static_cast<unsigned char>(c) >= 0x20 || c == '\n') {
      out.push_back(c);
    }
    ++i;
  }
  return out;
}

// ---- Elements -------------------------------------------------------------

struct Element {
  std::string_view attributes;  // Between the name and '>'.
  std::string_view content;
  size_t begin = 0;  // The start tag's '<'.
  size_t end = 0;    // Past the end tag (or the end of the searched text).
};

// The first <NAME ...>...</NAME> in `s` at or after `from`. An element
// whose end tag is missing runs to the end of `s`.
std::optional<Element> Find(std::string_view s, std::string_view name,
                            size_t from = 0) {
  for (size_t lt = s.find('<', from); lt != std::string_view::npos;
       lt = s.find('<', lt + 1)) {
    if (!SgmlStartTagAt(s, lt, name)) continue;
    size_t gt = s.find('>', lt);
    if (gt == std::string_view::npos) return std::nullopt;
    Element e;
    e.begin = lt;
    e.attributes = s.substr(lt + 1 + name.size(), gt - lt - 1 - name.size());
    size_t body = gt + 1;
    for (size_t c = s.find("</", body); c != std::string_view::npos;
         c = s.find("</", c + 2)) {
      if (!SgmlHasAt(s, c + 2, name)) continue;
      size_t after = c + 2 + name.size();
      while (after < s.size() && IsSpace(s[after])) ++after;
      if (after < s.size() && s[after] == '>') {
        e.content = s.substr(body, c - body);
        e.end = after + 1;
        return e;
      }
    }
    e.content = s.substr(body);
    e.end = s.size();
    return e;
  }
  return std::nullopt;
}

// NAME="value", NAME='value' or NAME=value; names in upper case.
std::map<std::string, std::string> Attributes(std::string_view s) {
  std::map<std::string, std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && IsSpace(s[i])) ++i;
    size_t b = i;
    while (i < s.size() && !IsSpace(s[i]) && s[i] != '=' && s[i] != '>') ++i;
    if (i == b) {
      ++i;
      continue;
    }
    std::string name;
    for (char c : s.substr(b, i - b)) name.push_back(Upper(c));
    while (i < s.size() && IsSpace(s[i])) ++i;
    if (i >= s.size() || s[i] != '=') {
      out[name] = "";
      continue;
    }
    ++i;
    while (i < s.size() && IsSpace(s[i])) ++i;
    std::string_view value;
    if (i < s.size() && (s[i] == '"' || s[i] == '\'')) {
      size_t q = s.find(s[i], i + 1);
      if (q == std::string_view::npos) q = s.size();
      value = s.substr(i + 1, q - i - 1);
      i = q + 1;
    } else {
      size_t v = i;
      while (i < s.size() && !IsSpace(s[i])) ++i;
      value = s.substr(v, i - v);
    }
    out[name] = std::string(Trim(value));
  }
  return out;
}

// The <D> entries of a category field (<PLACES><D>usa</D>...</PLACES>).
std::vector<std::string> Entries(std::string_view content) {
  std::vector<std::string> out;
  size_t from = 0;
  while (auto d = Find(content, "D", from)) {
    std::string v(Trim(Decode(d->content)));
    if (!v.empty() && std::find(out.begin(), out.end(), v) == out.end())
      out.push_back(std::move(v));
    from = d->end;
  }
  return out;
}

// ---- Fields ---------------------------------------------------------------

// "26-FEB-1987 15:01:01.79", maybe with leading spaces, doubled spaces and
// trailing notes ("# date added by S Finch as guesswork"). ISO 8601 without
// a zone, or "" when there is no valid date.
std::string IsoDate(std::string_view s) {
  s = Trim(s);
  static const char* const kMonths[] = {"JAN", "FEB", "MAR", "APR",
                                        "MAY", "JUN", "JUL", "AUG",
                                        "SEP", "OCT", "NOV", "DEC"};
  size_t i = 0;
  auto number = [&](size_t min_digits, size_t max_digits) -> int {
    size_t b = i;
    int v = 0;
    while (i < s.size() && i - b < max_digits && s[i] >= '0' && s[i] <= '9')
      v = v * 10 + (s[i++] - '0');
    return i - b >= min_digits ? v : -1;
  };
  int day = number(1, 2);
  if (day < 1 || !SgmlHasAt(s, i, "-")) return "";
  ++i;
  int month = 0;
  for (int m = 0; m < 12; ++m) {
    if (SgmlHasAt(s, i, kMonths[m])) month = m + 1;
  }
  if (month == 0 || !SgmlHasAt(s, i + 3, "-")) return "";
  i += 4;
  int year = number(4, 4);
  if (year < 0) return "";
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDays[month - 1] || (month == 2 && day == 29 && !leap)) return "";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  std::string iso = buf;
  while (i < s.size() && IsSpace(s[i])) ++i;
  int hour = number(2, 2);
  if (hour < 0 || hour > 23 || !SgmlHasAt(s, i, ":")) return iso;
  ++i;
  int minute = number(2, 2);
  if (minute < 0 || minute > 59) return iso;
  int second = 0;
  if (SgmlHasAt(s, i, ":")) {
    ++i;
    second = number(2, 2);
    if (second < 0 || second > 59) return iso;
  }
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", hour, minute, second);
  return iso + buf;
}

// "    By Patti Domm, Reuters" -> {"Patti Domm"}; "By Norma Cohen and Geert
// Linnebank" -> two names. The byline word and the agency (the record's
// source) are not part of a name.
std::vector<std::string> AuthorNames(std::string_view raw) {
  std::string decoded = Decode(raw);
  std::string_view s = Trim(decoded);
  if (SgmlHasAt(s, 0, "by ")) s = Trim(s.substr(3));
  while (!s.empty() && s.back() == '.') s.remove_suffix(1);
  for (std::string_view agency : {", reuters", ", reuter"}) {
    if (s.size() >= agency.size() &&
        SgmlHasAt(s, s.size() - agency.size(), agency)) {
      s = Trim(s.substr(0, s.size() - agency.size()));
      break;
    }
  }
  std::vector<std::string> names;
  while (!s.empty()) {
    size_t i = 0;
    while (i < s.size() && !SgmlHasAt(s, i, " and ")) ++i;
    if (std::string_view name = Trim(s.substr(0, i)); !name.empty())
      names.emplace_back(name);
    s = i < s.size() ? s.substr(i + 5) : std::string_view();
  }
  return names;
}

// The wire's sign-off under each story: "Reuter" (REUTER, reuter,
// Reuters, REUTER...) as a last line of its own, or at the end of the last
// line after a sentence or a wide gap ("the sources said. REUTER").
void DropSignOff(std::vector<std::string>* paragraphs) {
  if (paragraphs->empty()) return;
  std::string& p = paragraphs->back();
  size_t start = p.find_last_of(" \t");
  start = start == std::string::npos ? 0 : start + 1;
  std::string_view word = std::string_view(p).substr(start);
  while (!word.empty() && word.back() == '.') word.remove_suffix(1);
  if (!(word.size() == 6 || word.size() == 7) ||
      !SgmlHasAt(word, 0, "reuter") ||
      (word.size() == 7 && Upper(word[6]) != 'S')) {
    return;
  }
  if (start == 0) {
    paragraphs->pop_back();
    return;
  }
  std::string_view head = std::string_view(p).substr(0, start);
  const bool wide_gap = head.size() >= 2 && IsSpace(head[head.size() - 2]);
  head = Trim(head);
  if (wide_gap ||
      (!head.empty() && std::string_view(".!?\")'").find(head.back()) !=
                            std::string_view::npos)) {
    p.resize(head.size());
  }
}

// Text wrapped at a fixed width back into paragraphs (see the header):
// a blank line or an indented line starts a paragraph. With `keep_lines`,
// every non-blank line is a paragraph of its own (tables).
std::vector<std::string> Paragraphs(std::string_view text, bool keep_lines) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string_view t = Trim(cur);
    if (!t.empty()) out.emplace_back(t);
    cur.clear();
  };
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(start, nl - start);
    start = nl + 1;
    std::string_view t = Trim(line);
    if (t.empty() || keep_lines || IsSpace(line.front())) flush();
    if (t.empty()) continue;
    if (!cur.empty()) cur.push_back(' ');
    cur.append(t);
  }
  flush();
  DropSignOff(&out);
  return out;
}

std::string Join(const std::vector<std::string>& paragraphs) {
  std::string out;
  for (const std::string& p : paragraphs) {
    if (!out.empty()) out += "\n\n";
    out += p;
  }
  return out;
}

// <TEXT> content without the elements that have fields of their own.
std::string LooseText(std::string_view text) {
  std::string out;
  size_t from = 0;
  while (from < text.size()) {
    std::optional<Element> next;
    for (std::string_view name : {"TITLE", "DATELINE", "AUTHOR"}) {
      auto e = Find(text, name, from);
      if (e && (!next || e->begin < next->begin)) next = e;
    }
    size_t stop = next ? next->begin : text.size();
    out.append(text.substr(from, stop - from));
    if (!next) break;
    out.push_back('\n');
    from = next->end;
  }
  return out;
}

nlohmann::json Record(std::string_view document) {
  nlohmann::json r = nlohmann::json::object();
  r["source"] = "Reuters";
  size_t gt = document.find('>');
  if (gt == std::string_view::npos) gt = document.size();
  auto attrs = Attributes(document.substr(std::min(kOpen.size(), gt),
                                          gt - std::min(kOpen.size(), gt)));
  if (!attrs["NEWID"].empty()) r["guid"] = attrs["NEWID"];
  if (!attrs["OLDID"].empty()) r["oldid"] = attrs["OLDID"];
  std::string_view inner =
      gt < document.size() ? document.substr(gt + 1) : std::string_view();

  if (auto date = Find(inner, "DATE")) {
    if (std::string iso = IsoDate(Decode(date->content)); !iso.empty())
      r["published"] = iso;
  }
  if (auto topics = Find(inner, "TOPICS")) {
    if (auto v = Entries(topics->content); !v.empty()) r["categories"] = v;
  }
  std::vector<std::string> tags;
  for (auto [element, key] : {std::pair{"PLACES", "places"},
                              {"PEOPLE", "people"},
                              {"ORGS", "orgs"},
                              {"EXCHANGES", "exchanges"},
                              {"COMPANIES", "companies"}}) {
    auto e = Find(inner, element);
    if (!e) continue;
    std::vector<std::string> v = Entries(e->content);
    if (v.empty()) continue;
    for (const std::string& t : v) {
      if (std::find(tags.begin(), tags.end(), t) == tags.end())
        tags.push_back(t);
    }
    r[key] = std::move(v);
  }
  if (!tags.empty()) r["tags"] = tags;

  auto text = Find(inner, "TEXT");
  if (!text) {
    r["error"] = "the document has no <TEXT>";
    return r;
  }
  std::string type = Attributes(text->attributes)["TYPE"];
  for (char& c : type) c = Upper(c);
  if (!type.empty() && type != "NORM") r["text_type"] = type;
  std::string title;
  if (auto t = Find(text->content, "TITLE")) {
    title = Decode(t->content);
    // Titles are one line; some BRIEF titles run over two.
    std::replace(title.begin(), title.end(), '\n', ' ');
    title = std::string(Trim(title));
    if (!title.empty()) r["title"] = title;
  }
  if (auto a = Find(text->content, "AUTHOR")) {
    if (auto names = AuthorNames(a->content); !names.empty())
      r["authors"] = std::move(names);
  }
  std::string dateline;
  if (auto d = Find(text->content, "DATELINE")) {
    dateline = std::string(Trim(Decode(d->content)));
    if (!dateline.empty()) r["dateline"] = dateline;
  }
  std::vector<std::string> paragraphs;
  if (auto body = Find(text->content, "BODY")) {
    paragraphs = Paragraphs(Decode(body->content), false);
  } else if (type == "BRIEF") {
    // The collection puts a flash's whole text in its <TITLE>.
    if (!title.empty()) paragraphs.push_back(title);
  } else {
    paragraphs = Paragraphs(Decode(LooseText(text->content)), type == "UNPROC");
  }
  if (paragraphs.empty()) {
    r["error"] = "the document's <TEXT" +
                 (type.empty() ? std::string() : " TYPE=\"" + type + "\"") +
                 "> holds no body text";
    return r;
  }
  if (!dateline.empty())
    paragraphs.front() = dateline + " " + paragraphs.front();
  r["text"] = Join(paragraphs);
  return r;
}

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The NEWID of a start tag, for messages ("" when it has none).
std::string NewId(std::string_view start_tag) {
  size_t gt = start_tag.find('>');
  if (gt == std::string_view::npos || gt < kOpen.size()) return "";
  return Attributes(start_tag.substr(kOpen.size(), gt - kOpen.size()))["NEWID"];
}
}  // namespace

std::string SgmlRecord(std::string_view document) {
  if (IsUtf8(document)) return Dump(Record(document));
  return Dump(Record(Latin1ToUtf8(document)));
}

std::string SgmlNewId(std::string_view document) { return NewId(document); }

std::string SgmlOverlongRecord(std::string_view document, uint64_t limit) {
  nlohmann::json r = {{"source", "Reuters"},
                      {"error", "document longer than the limit of " +
                                    std::to_string(limit) + " bytes"}};
  // Only the first `limit` bytes: how much of a longer document has
  // arrived varies, and the record must not.
  if (std::string id = NewId(document.substr(0, limit)); !id.empty())
    r["guid"] = id;
  return Dump(r);
}

}  // namespace ink::fetcher
