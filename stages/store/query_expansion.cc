#include "stages/store/query_expansion.h"

#include <algorithm>
#include <string>
#include <vector>

#include "stages/store/store.h"

namespace ink::store {
namespace {

bool Indexed(const Store& store, const std::string& term, bool title_only) {
  return store.index().Find(Field::kTitle, term) != nullptr ||
         (!title_only && store.index().Find(Field::kBody, term) != nullptr);
}

bool HasNonAscii(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x80;
  });
}

// The indexed words that spell `word` end to end, longest first from the
// left (at most kMaxChars code points each), or nothing when some part is
// in no document. A word the segmenter keeps whole when typed alone (an
// unknown name such as 翁丁古寨) may be two indexed words in the articles
// (翁丁, 古寨).
std::vector<std::string> SpellWithIndexedWords(const Store& store,
                                               const std::string& word,
                                               bool title_only) {
  constexpr size_t kMaxChars = 8;
  std::vector<size_t> starts;  // Byte offset of each code point, and the end.
  for (size_t i = 0; i < word.size(); ++i) {
    if ((static_cast<unsigned char>(word[i]) & 0xC0) != 0x80)
      starts.push_back(i);
  }
  starts.push_back(word.size());
  const size_t n = starts.size() - 1;
  std::vector<std::string> out;
  for (size_t c = 0; c < n;) {
    size_t len = std::min(kMaxChars, n - c);
    for (; len > 0; --len) {
      if (c == 0 && len == n) continue;  // The whole word is not indexed.
      std::string piece = word.substr(starts[c], starts[c + len] - starts[c]);
      if (Indexed(store, piece, title_only)) {
        out.push_back(std::move(piece));
        break;
      }
    }
    if (len == 0) return {};
    c += len;
  }
  return out;
}

}  // namespace

void ExpandIndexedWholeWords(const Store& store, QueryNode* n) {
  for (QueryNode& c : n->children) ExpandIndexedWholeWords(store, &c);
  // One term is enough: 因病 alone is cut 因|病 and the stop word 因
  // drops, leaving 病, while the article indexed 因病 as one word.
  if (n->kind != QueryNode::Kind::kClause || n->clause.terms.empty()) return;
  const std::string& text = n->clause.text;
  for (unsigned char ch : text) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') return;
  }
  const segmenter::Segmenter* seg = store.segmenter();
  const std::string whole = seg != nullptr ? seg->Normalize(text) : text;
  if (whole.empty()) return;
  for (const QueryTerm& t : n->clause.terms) {
    if (t.norm == whole) return;
  }
  if (!Indexed(store, whole, n->clause.title_only)) return;
  QueryNode whole_node;
  whole_node.kind = QueryNode::Kind::kClause;
  whole_node.clause.text = text;
  whole_node.clause.title_only = n->clause.title_only;
  whole_node.clause.terms.push_back({whole, 0});
  QueryNode pieces = std::move(*n);
  *n = QueryNode();
  n->kind = QueryNode::Kind::kOr;
  n->children.push_back(std::move(whole_node));
  n->children.push_back(std::move(pieces));
}

void SplitUnindexedTerms(const Store& store, QueryNode* n) {
  for (QueryNode& c : n->children) SplitUnindexedTerms(store, &c);
  const segmenter::Segmenter* seg = store.segmenter();
  if (n->kind != QueryNode::Kind::kClause || n->clause.phrase || seg == nullptr)
    return;
  const bool title_only = n->clause.title_only;
  std::vector<QueryTerm> out;
  auto add = [&out](const std::string& norm, uint32_t offset) {
    for (const QueryTerm& t : out)
      if (t.norm == norm) return;
    out.push_back({norm, offset});
  };
  for (const QueryTerm& t : n->clause.terms) {
    // Latin words are not cut further; a word in no document stays, and
    // the clause matches nothing, as it should.
    if (!HasNonAscii(t.norm) || Indexed(store, t.norm, title_only)) {
      add(t.norm, t.offset);
      continue;
    }
    std::vector<std::string> inside;
    for (const segmenter::Token& p :
         seg->Cut(t.norm, segmenter::Mode::kSearch)) {
      if (!p.sub_word || p.stop || p.norm.empty() || p.norm == t.norm) continue;
      if (p.norm.find('\0') != std::string::npos) continue;
      if (Indexed(store, p.norm, title_only)) inside.push_back(p.norm);
    }
    if (inside.empty())
      inside = SpellWithIndexedWords(store, t.norm, title_only);
    if (inside.empty()) {
      add(t.norm, t.offset);
      continue;
    }
    for (const std::string& w : inside) add(w, t.offset);
  }
  n->clause.terms = std::move(out);
}

}  // namespace ink::store
