#include "stages/store/query_parser.h"

#include <algorithm>
#include <set>

namespace ink::store {
namespace {

enum class ItemKind { kWord, kPhrase, kOr, kFilter };

// One lexical item of the query text.
struct Item {
  ItemKind kind = ItemKind::kWord;
  bool negated = false;
  std::string name;  // Filter name.
  std::string text;  // Word, phrase contents or filter value.
  size_t char_pos = 0;
};

constexpr std::string_view kOpenCn = "\xE2\x80\x9C";   // “
constexpr std::string_view kCloseCn = "\xE2\x80\x9D";  // ”
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

// Length of the whitespace at s[i], 0 when none.
size_t SpaceAt(std::string_view s, size_t i) {
  if (IsAsciiSpace(s[i])) return 1;
  if (s.substr(i, 3) == kIdeographicSpace) return 3;
  return 0;
}

// Length of an opening quote at s[i], 0 when none.
size_t QuoteAt(std::string_view s, size_t i) {
  if (s[i] == '"') return 1;
  if (s.substr(i, 3) == kOpenCn) return 3;
  return 0;
}

size_t CharIndex(std::string_view s, size_t byte) {
  size_t n = 0;
  for (size_t i = 0; i < byte && i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// Reads the phrase whose opening quote (of `quote_len` bytes) is at s[*i].
Status ReadPhrase(std::string_view s, size_t* i, size_t quote_len,
                  std::string* out) {
  const size_t start = *i;
  const std::string_view close =
      quote_len == 1 ? std::string_view("\"") : kCloseCn;
  size_t end = s.find(close, start + quote_len);
  // Be lenient with mixed quote styles: “…" and "…”.
  size_t alt = s.find(quote_len == 1 ? kCloseCn : std::string_view("\""),
                      start + quote_len);
  size_t close_len = close.size();
  if (end == std::string_view::npos ||
      (alt != std::string_view::npos && alt < end)) {
    end = alt;
    close_len = quote_len == 1 ? kCloseCn.size() : 1;
  }
  if (end == std::string_view::npos) {
    return Status::InvalidArgument(
        "unbalanced quote: the phrase at character " +
        std::to_string(CharIndex(s, start)) + " has no closing quote");
  }
  *out = std::string(s.substr(start + quote_len, end - start - quote_len));
  *i = end + close_len;
  return Status::OK();
}

bool IsFilterName(std::string_view name) {
  return name == "source" || name == "after" || name == "before";
}

bool ValidDate(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (d[i] < '0' || d[i] > '9') return false;
  }
  int month = (d[5] - '0') * 10 + (d[6] - '0');
  int day = (d[8] - '0') * 10 + (d[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

Result<std::vector<Item>> Lex(std::string_view s) {
  std::vector<Item> items;
  size_t i = 0;
  while (i < s.size()) {
    if (size_t n = SpaceAt(s, i)) {
      i += n;
      continue;
    }
    Item item;
    item.char_pos = CharIndex(s, i);
    if (s[i] == '-' && i + 1 < s.size() && SpaceAt(s, i + 1) == 0) {
      item.negated = true;
      ++i;
    }
    if (size_t q = QuoteAt(s, i)) {
      item.kind = ItemKind::kPhrase;
      RETURN_IF_ERROR(ReadPhrase(s, &i, q, &item.text));
      items.push_back(std::move(item));
      continue;
    }
    size_t start = i;
    while (i < s.size() && SpaceAt(s, i) == 0 && QuoteAt(s, i) == 0) ++i;
    std::string word(s.substr(start, i - start));
    if (word == "OR" && !item.negated) {
      item.kind = ItemKind::kOr;
      items.push_back(std::move(item));
      continue;
    }
    size_t colon = word.find(':');
    std::string name = colon == std::string::npos ? "" : word.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (colon != std::string::npos && IsFilterName(name)) {
      item.kind = ItemKind::kFilter;
      item.name = name;
      item.text = word.substr(colon + 1);
      if (item.text.empty() && i < s.size()) {
        if (size_t q = QuoteAt(s, i))
          RETURN_IF_ERROR(ReadPhrase(s, &i, q, &item.text));
      }
      if (item.text.empty()) {
        return Status::InvalidArgument("filter " + name + ": needs a value");
      }
      if ((name == "after" || name == "before") && !ValidDate(item.text)) {
        return Status::InvalidArgument("filter " + name + ":" + item.text +
                                       ": expected a date as YYYY-MM-DD");
      }
      if ((name == "after" || name == "before") && item.negated) {
        return Status::InvalidArgument(
            "filter " + name + ": cannot be negated; use " +
            (name == "after" ? "before:" : "after:"));
      }
      items.push_back(std::move(item));
      continue;
    }
    item.kind = ItemKind::kWord;
    item.text = std::move(word);
    if (!item.text.empty()) items.push_back(std::move(item));
  }
  return items;
}

bool IsPositiveClause(const Item& item) {
  return (item.kind == ItemKind::kWord || item.kind == ItemKind::kPhrase) &&
         !item.negated;
}

std::string RenderClause(const Clause& c) {
  std::string out = c.phrase ? "\"" : "";
  for (size_t i = 0; i < c.terms.size(); ++i) {
    if (i > 0) out += c.phrase ? " " : "+";
    out += c.terms[i].norm;
  }
  if (c.phrase) out += "\"";
  return out;
}

}  // namespace

std::vector<std::string> Query::PositiveTerms() const {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& group : required) {
    for (const Clause& c : group) {
      for (const QueryTerm& t : c.terms) {
        if (seen.insert(t.norm).second) out.push_back(t.norm);
      }
    }
  }
  return out;
}

std::string Query::DebugString() const {
  std::vector<std::string> parts;
  for (const auto& group : required) {
    if (group.size() == 1) {
      parts.push_back(RenderClause(group[0]));
      continue;
    }
    std::string g = "OR(";
    for (size_t i = 0; i < group.size(); ++i)
      g += (i ? ", " : "") + RenderClause(group[i]);
    parts.push_back(g + ")");
  }
  for (const Clause& c : excluded)
    parts.push_back("NOT(" + RenderClause(c) + ")");
  std::string out = "AND(";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  out += ")";
  for (const auto& s : sources) out += " source=" + s;
  for (const auto& s : excluded_sources) out += " -source=" + s;
  if (!after.empty()) out += " after=" + after;
  if (!before.empty()) out += " before=" + before;
  return out;
}

QueryAnalyzer SegmenterAnalyzer(const segmenter::Segmenter* seg) {
  return [seg](std::string_view text) {
    std::vector<QueryTerm> terms;
    for (const segmenter::Token& t : seg->Cut(text, segmenter::Mode::kExact)) {
      if (t.stop || t.norm.empty() || t.norm.find('\0') != std::string::npos)
        continue;
      terms.push_back({t.norm, t.position});
    }
    return terms;
  };
}

Result<Query> ParseQuery(std::string_view text, const QueryAnalyzer& analyze) {
  ASSIGN_OR_RETURN(std::vector<Item> items, Lex(text));
  if (items.empty()) return Status::InvalidArgument("empty query");

  // OR must sit between two positive words or phrases.
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].kind != ItemKind::kOr) continue;
    if (i == 0 || i + 1 == items.size() || !IsPositiveClause(items[i - 1]) ||
        !IsPositiveClause(items[i + 1])) {
      return Status::InvalidArgument("OR at character " +
                                     std::to_string(items[i].char_pos) +
                                     " needs a word or phrase on both sides");
    }
  }

  Query q;
  bool join_previous = false;  // The previous item was OR.
  for (const Item& item : items) {
    switch (item.kind) {
      case ItemKind::kOr:
        join_previous = true;
        continue;
      case ItemKind::kFilter:
        if (item.name == "source") {
          (item.negated ? q.excluded_sources : q.sources).push_back(item.text);
        } else if (item.name == "after") {
          q.after = std::max(q.after, item.text);
        } else if (item.name == "before") {
          q.before =
              q.before.empty() ? item.text : std::min(q.before, item.text);
        }
        continue;
      case ItemKind::kWord:
      case ItemKind::kPhrase:
        break;
    }
    Clause clause;
    clause.text = item.text;
    clause.phrase = item.kind == ItemKind::kPhrase;
    clause.terms = analyze(item.text);
    if (!clause.terms.empty()) {
      uint32_t base = clause.terms.front().offset;
      for (QueryTerm& t : clause.terms) t.offset -= base;
    }
    if (clause.terms.size() == 1) clause.phrase = false;
    if (item.negated) {
      if (!clause.terms.empty()) q.excluded.push_back(std::move(clause));
      continue;
    }
    // Groups are made per item (OR was checked to sit between positive
    // items); a clause of stop words only is then dropped from its group.
    if (!join_previous) q.required.emplace_back();
    join_previous = false;
    if (!clause.terms.empty()) q.required.back().push_back(std::move(clause));
  }
  std::erase_if(q.required,
                [](const std::vector<Clause>& g) { return g.empty(); });
  if (q.required.empty() && q.excluded.empty() && !q.HasFilters()) {
    return Status::InvalidArgument(
        "query has no searchable words (only stop words or "
        "punctuation): " +
        std::string(text));
  }
  return q;
}

}  // namespace ink::store
