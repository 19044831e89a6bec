#include "stages/store/query_parser.h"

#include <algorithm>
#include <set>

#include "stages/store/coding.h"

namespace ink::store {
namespace {

enum class ItemKind { kWord, kPhrase, kOr, kFilter, kOpen, kClose };

// One lexical item of the query text.
struct Item {
  ItemKind kind = ItemKind::kWord;
  bool negated = false;
  bool quoted = false;  // kFilter: the value was quoted (title:"a b").
  std::string name;     // Filter name.
  std::string text;     // Word, phrase contents or filter value.
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

struct FilterSpec {
  const char* name;
  FilterKind kind;
};
constexpr FilterSpec kFilters[] = {
    {"source", FilterKind::kSource},   {"author", FilterKind::kAuthor},
    {"lang", FilterKind::kLanguage},   {"entity", FilterKind::kEntity},
    {"keyword", FilterKind::kKeyword}, {"cluster", FilterKind::kCluster},
    {"after", FilterKind::kAfter},     {"before", FilterKind::kBefore},
};
constexpr char kKnownFields[] =
    "title, source, author, lang, entity, keyword, cluster, after, before";

bool IsFilterName(std::string_view name) {
  if (name == "title") return true;
  for (const FilterSpec& f : kFilters) {
    if (name == f.name) return true;
  }
  return false;
}

// A `name:` that looks like a field: ASCII letters only.
bool LooksLikeField(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

bool IsParen(char c) { return c == '(' || c == ')'; }

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
    if (s[i] == ')') {
      item.kind = ItemKind::kClose;
      items.push_back(std::move(item));
      ++i;
      continue;
    }
    if (s[i] == '-' && i + 1 < s.size() && SpaceAt(s, i + 1) == 0 &&
        s[i + 1] != ')') {
      item.negated = true;
      ++i;
    }
    if (s[i] == '(') {
      item.kind = ItemKind::kOpen;
      items.push_back(std::move(item));
      ++i;
      continue;
    }
    if (size_t q = QuoteAt(s, i)) {
      item.kind = ItemKind::kPhrase;
      RETURN_IF_ERROR(ReadPhrase(s, &i, q, &item.text));
      items.push_back(std::move(item));
      continue;
    }
    size_t start = i;
    while (i < s.size() && SpaceAt(s, i) == 0 && QuoteAt(s, i) == 0 &&
           !IsParen(s[i]))
      ++i;
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
    const bool url =
        colon != std::string::npos && word.compare(colon + 1, 2, "//") == 0;
    if (colon != std::string::npos && LooksLikeField(name) && !url) {
      if (!IsFilterName(name)) {
        return Status::InvalidArgument(
            "unknown field '" + name + ":' at character " +
            std::to_string(item.char_pos) + " (known: " + kKnownFields + ")");
      }
      item.kind = ItemKind::kFilter;
      item.name = name;
      item.text = word.substr(colon + 1);
      if (item.text.empty() && i < s.size()) {
        if (size_t q = QuoteAt(s, i)) {
          RETURN_IF_ERROR(ReadPhrase(s, &i, q, &item.text));
          item.quoted = true;
        }
      }
      if (item.text.empty()) {
        return Status::InvalidArgument("field " + name + ": at character " +
                                       std::to_string(item.char_pos) +
                                       " needs a value");
      }
      if ((name == "after" || name == "before") && !ValidDate(item.text)) {
        return Status::InvalidArgument(
            "bad date in " + name + ":" + item.text + " at character " +
            std::to_string(item.char_pos) + ": expected YYYY-MM-DD");
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

std::string RenderClause(const Clause& c) {
  std::string out = c.title_only ? "title:" : "";
  out += c.phrase ? "\"" : "";
  for (size_t i = 0; i < c.terms.size(); ++i) {
    if (i > 0) out += c.phrase ? " " : "+";
    out += c.terms[i].norm;
  }
  if (c.phrase) out += "\"";
  return out;
}

std::string Render(const QueryNode& n) {
  switch (n.kind) {
    case QueryNode::Kind::kClause:
      return RenderClause(n.clause);
    case QueryNode::Kind::kFilter:
      return std::string(FilterName(n.filter)) + ":" + n.value;
    case QueryNode::Kind::kNot:
      return "NOT(" + Render(n.children[0]) + ")";
    case QueryNode::Kind::kAnd:
    case QueryNode::Kind::kOr: {
      std::string out = n.kind == QueryNode::Kind::kAnd ? "AND(" : "OR(";
      for (size_t i = 0; i < n.children.size(); ++i)
        out += (i ? ", " : "") + Render(n.children[i]);
      return out + ")";
    }
  }
  return {};
}

void CollectPositive(const QueryNode& n, std::set<std::string>* seen,
                     std::vector<std::string>* out) {
  if (n.kind == QueryNode::Kind::kNot) return;
  if (n.kind == QueryNode::Kind::kClause) {
    for (const QueryTerm& t : n.clause.terms) {
      if (seen->insert(t.norm).second) out->push_back(t.norm);
    }
  }
  for (const QueryNode& c : n.children) CollectPositive(c, seen, out);
}

// Recursive descent over the items; an empty kAnd node stands for a part
// that kept no term (stop words only) and drops out of its parent.
class Parser {
 public:
  Parser(const std::vector<Item>& items, const QueryAnalyzer& analyze)
      : items_(items), analyze_(analyze) {}

  Result<QueryNode> ParseAll() {
    ASSIGN_OR_RETURN(QueryNode root, ParseAnd(0));
    if (pos_ < items_.size()) {  // Only a stray ')' stops ParseAnd early.
      return Status::InvalidArgument(
          "unbalanced parenthesis: ')' at character " +
          std::to_string(items_[pos_].char_pos) + " has no matching '('");
    }
    if (root.kind != QueryNode::Kind::kAnd) {
      QueryNode wrapped;
      wrapped.children.push_back(std::move(root));
      root = std::move(wrapped);
    }
    return root;
  }

 private:
  static bool IsEmpty(const QueryNode& n) {
    return n.kind == QueryNode::Kind::kAnd && n.children.empty();
  }
  static Status OrError(size_t char_pos) {
    return Status::InvalidArgument("OR at character " +
                                   std::to_string(char_pos) +
                                   " needs a word, phrase, filter or group "
                                   "on both sides");
  }

  // Items up to the end or a ')', ANDed; single children are unwrapped.
  Result<QueryNode> ParseAnd(int depth) {
    if (depth > kMaxQueryDepth) {
      return Status::InvalidArgument("query is nested deeper than " +
                                     std::to_string(kMaxQueryDepth) +
                                     " parentheses");
    }
    QueryNode node;
    node.kind = QueryNode::Kind::kAnd;
    while (pos_ < items_.size() && items_[pos_].kind != ItemKind::kClose) {
      ASSIGN_OR_RETURN(QueryNode child, ParseOr(depth));
      if (IsEmpty(child)) continue;
      if (child.kind == QueryNode::Kind::kAnd) {
        for (QueryNode& c : child.children)
          node.children.push_back(std::move(c));
      } else {
        node.children.push_back(std::move(child));
      }
    }
    if (node.children.size() == 1 && depth > 0) {
      QueryNode only = std::move(node.children[0]);
      return only;
    }
    return node;
  }

  Result<QueryNode> ParseOr(int depth) {
    QueryNode node;
    node.kind = QueryNode::Kind::kOr;
    ASSIGN_OR_RETURN(QueryNode first, ParseUnary(depth));
    if (!IsEmpty(first)) node.children.push_back(std::move(first));
    while (pos_ < items_.size() && items_[pos_].kind == ItemKind::kOr) {
      const size_t or_pos = items_[pos_].char_pos;
      ++pos_;
      if (pos_ == items_.size() || items_[pos_].kind == ItemKind::kOr ||
          items_[pos_].kind == ItemKind::kClose) {
        return OrError(or_pos);
      }
      ASSIGN_OR_RETURN(QueryNode next, ParseUnary(depth));
      if (IsEmpty(next)) continue;
      if (next.kind == QueryNode::Kind::kOr) {
        for (QueryNode& c : next.children)
          node.children.push_back(std::move(c));
      } else {
        node.children.push_back(std::move(next));
      }
    }
    if (node.children.empty()) return QueryNode();
    if (node.children.size() == 1) {
      QueryNode only = std::move(node.children[0]);
      return only;
    }
    return node;
  }

  static QueryNode Negate(QueryNode n, bool negated) {
    if (!negated || IsEmpty(n)) return n;
    QueryNode out;
    out.kind = QueryNode::Kind::kNot;
    out.children.push_back(std::move(n));
    return out;
  }

  Result<QueryNode> ParseUnary(int depth) {
    const Item& item = items_[pos_];
    switch (item.kind) {
      case ItemKind::kOr:
        return OrError(item.char_pos);
      case ItemKind::kClose:  // ParseAnd stops before it.
        return Status::Internal("unexpected ')'");
      case ItemKind::kOpen: {
        ++pos_;
        const bool empty_group =
            pos_ < items_.size() && items_[pos_].kind == ItemKind::kClose;
        ASSIGN_OR_RETURN(QueryNode group, ParseAnd(depth + 1));
        if (pos_ == items_.size()) {
          return Status::InvalidArgument(
              "unbalanced parenthesis: '(' at character " +
              std::to_string(item.char_pos) + " is never closed");
        }
        if (empty_group) {
          return Status::InvalidArgument("empty parentheses at character " +
                                         std::to_string(item.char_pos));
        }
        ++pos_;  // The ')'.
        return Negate(std::move(group), item.negated);
      }
      case ItemKind::kFilter: {
        ++pos_;
        if (item.name == "title") {
          return Negate(MakeClause(item.text, item.quoted, true), item.negated);
        }
        QueryNode n;
        n.kind = QueryNode::Kind::kFilter;
        for (const FilterSpec& f : kFilters) {
          if (item.name == f.name) n.filter = f.kind;
        }
        n.value =
            n.filter == FilterKind::kSource || n.filter == FilterKind::kCluster
                ? item.text
                : NormalizeTagValue(item.text);
        if (n.value.empty()) {
          return Status::InvalidArgument(
              "field " + item.name + ": at character " +
              std::to_string(item.char_pos) + " needs a value");
        }
        return Negate(std::move(n), item.negated);
      }
      case ItemKind::kWord:
      case ItemKind::kPhrase:
        ++pos_;
        return Negate(
            MakeClause(item.text, item.kind == ItemKind::kPhrase, false),
            item.negated);
    }
    return Status::Internal("unknown query item");
  }

  QueryNode MakeClause(const std::string& text, bool phrase, bool title_only) {
    QueryNode n;
    n.kind = QueryNode::Kind::kClause;
    Clause& clause = n.clause;
    clause.text = text;
    clause.phrase = phrase;
    clause.title_only = title_only;
    clause.terms = analyze_(text);
    if (clause.terms.empty()) return QueryNode();  // Stop words only.
    uint32_t base = clause.terms.front().offset;
    for (QueryTerm& t : clause.terms) t.offset -= base;
    if (clause.terms.size() == 1) clause.phrase = false;
    return n;
  }

  const std::vector<Item>& items_;
  const QueryAnalyzer& analyze_;
  size_t pos_ = 0;
};

}  // namespace

const char* FilterName(FilterKind kind) {
  for (const FilterSpec& f : kFilters) {
    if (f.kind == kind) return f.name;
  }
  return "?";
}

std::vector<std::string> Query::PositiveTerms() const {
  std::vector<std::string> out;
  std::set<std::string> seen;
  CollectPositive(root, &seen, &out);
  return out;
}

std::string Query::DebugString() const { return Render(root); }

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
  Parser parser(items, analyze);
  Query q;
  ASSIGN_OR_RETURN(q.root, parser.ParseAll());
  if (q.root.children.empty()) {
    return Status::InvalidArgument(
        "query has no searchable words (only stop words or "
        "punctuation): " +
        std::string(text));
  }
  return q;
}

}  // namespace ink::store
