// Test helpers: envelopes with hand-made tokens, so the index, ranking and
// phrase logic are tested without the dictionary.
#pragma once

#include <sstream>
#include <string>
#include <vector>

#include "ink/v1/envelope.pb.h"
#include "stages/store/query_parser.h"
#include "stages/store/store.h"

namespace ink::store::testing {

// A field whose text is `words` joined by spaces; word i is at position i.
// Words starting with '~' are stop words (indexed as stop, "~" removed).
inline void AddField(v1::SegmentedArticle* article, const std::string& name,
                     const std::vector<std::string>& words) {
  v1::SegmentedField* field = article->add_fields();
  field->set_name(name);
  std::string text;
  for (size_t i = 0; i < words.size(); ++i) {
    bool stop = !words[i].empty() && words[i][0] == '~';
    std::string w = stop ? words[i].substr(1) : words[i];
    if (i > 0) text += ' ';
    v1::Token* t = field->add_tokens();
    t->set_text(w);
    t->set_norm(w);
    t->set_position(static_cast<uint32_t>(i));
    t->set_byte_begin(static_cast<uint32_t>(text.size()));
    text += w;
    t->set_byte_end(static_cast<uint32_t>(text.size()));
    t->set_stop(stop);
  }
  field->set_text(text);
}

inline std::vector<std::string> Words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// An envelope ready for Store::Put with title and body words.
inline v1::Envelope MakeEnvelope(
    const std::string& doc_id, const std::string& source,
    const std::string& title, const std::string& body,
    const std::string& date = "2020-03-31T16:40:00+08:00") {
  v1::Envelope env;
  env.set_doc_id(doc_id);
  env.set_source(source);
  env.set_attempt(1);
  env.set_delivery_key("key-" + doc_id);
  env.mutable_clean()->set_title(title);
  env.mutable_clean()->set_date(date);
  env.mutable_clean()->add_paragraphs(body);
  AddField(env.mutable_segmented(), "title", Words(title));
  AddField(env.mutable_segmented(), "body", Words(body));
  return env;
}

// Splits on spaces; position = word index. Stands in for the segmenter.
inline QueryAnalyzer WhitespaceAnalyzer() {
  return [](std::string_view text) {
    std::vector<QueryTerm> terms;
    uint32_t pos = 0;
    for (const std::string& w : Words(std::string(text)))
      terms.push_back({w, pos++});
    return terms;
  };
}

// DocumentFrequency() and ReadPostings() as a searcher calls them, under
// ReadLock() (which waits for the indexing thread to index every Put).
inline uint64_t Df(const Store& store, Field field, std::string_view term) {
  const auto lock = store.ReadLock();
  return store.DocumentFrequency(field, term);
}
inline Status ReadPostingsLocked(const Store& store, Field field,
                                 std::string_view term,
                                 std::vector<Posting>* out) {
  const auto lock = store.ReadLock();
  return store.ReadPostings(field, term, out);
}

}  // namespace ink::store::testing
