// Keyword extraction: TF-IDF over an article's title and body word tokens,
// with jieba's IDF table (jieba.analyse.extract_tags, on the segmenter's
// tokens instead of a second segmentation).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/status.h"
#include "ink/v1/envelope.pb.h"
#include "stages/enricher/term_index.h"

namespace ink::enricher {

// Debian's python3-jieba IDF table: "word idf" per line.
inline constexpr char kDefaultIdfPath[] =
    "/usr/lib/python3/dist-packages/jieba/analyse/idf.txt";

// Heterogeneous lookup (string_view keys) for the tables below.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const {
    return std::hash<std::string_view>{}(s);
  }
};

// Inverse document frequencies by word. Immutable once made: one table is
// shared by every thread.
class IdfTable {
 public:
  // Reads "word idf" lines (blank lines skipped). IOError if the file cannot
  // be read; Corruption naming the file and line for a malformed line or an
  // empty table.
  static Result<std::unique_ptr<IdfTable>> Load(const std::string& path);
  // A table from given entries (tests, small custom tables). The median of
  // an empty table is 0.
  static std::unique_ptr<IdfTable> FromEntries(
      std::vector<std::pair<std::string, double>> entries);

  IdfTable(const IdfTable&) = delete;
  IdfTable& operator=(const IdfTable&) = delete;

  // The word's IDF; the median IDF for an unknown word, as jieba does.
  double Idf(std::string_view word) const;
  // True if the table has an entry for `word`.
  bool Contains(std::string_view word) const;
  // The median as jieba computes it: sorted values at index size / 2.
  double median() const { return median_; }
  size_t size() const { return idf_.size(); }

 private:
  IdfTable() = default;
  void ComputeMedian();
  std::unordered_map<std::string, double, StringHash, std::equal_to<>> idf_;
  double median_ = 0;
};

// Document frequencies of terms in a corpus (the store's own articles): in
// how many of `documents` each term occurs. Immutable once made; share it.
class DocumentFrequencies {
 public:
  // Reads "documents N" on the first line, then "term df" per line (blank
  // lines skipped). IOError if unreadable; Corruption naming the line.
  static Result<std::unique_ptr<DocumentFrequencies>> Load(
      const std::string& path);
  static std::unique_ptr<DocumentFrequencies> FromCounts(
      uint64_t documents, std::vector<std::pair<std::string, uint64_t>> df);

  DocumentFrequencies(const DocumentFrequencies&) = delete;
  DocumentFrequencies& operator=(const DocumentFrequencies&) = delete;

  uint64_t documents() const { return documents_; }
  // True if the table has a frequency for `term` (possibly 0).
  bool Contains(std::string_view term) const {
    return df_.find(term) != df_.end();
  }
  // The frequency of `term`, or null if the table has none.
  const uint64_t* Find(std::string_view term) const {
    auto it = df_.find(term);
    return it == df_.end() ? nullptr : &it->second;
  }
  // ln((documents + 1) / (df + 1)) + 1: a term in no document gets the
  // highest value.
  double Idf(std::string_view term) const;
  // The same for a term of frequency `df`.
  double IdfOfFrequency(uint64_t df) const;

 private:
  DocumentFrequencies() = default;
  uint64_t documents_ = 0;
  std::unordered_map<std::string, uint64_t, StringHash, std::equal_to<>> df_;
};

// Words that are never keywords: function words, English stop words and
// news-page chrome (责任编辑, 来源, ...). Compared against token norms.
// Immutable once built; share it freely.
class StopWords {
 public:
  // The built-in Chinese and English list.
  static StopWords BuiltIn();
  // Adds the words of a file, one per line (blank lines and lines starting
  // with '#' skipped). IOError if the file cannot be read.
  Status AddFile(const std::string& path);
  void Add(std::string_view word) {
    words_.emplace(word);
    const uint64_t h = ShortHash(word) & (kFilterBits - 1);
    filter_[h / 64] |= uint64_t{1} << (h % 64);
  }
  bool Contains(std::string_view word) const {
    // Asked of every word of every article, and nearly always false: a
    // bit of the filter answers most at once.
    const uint64_t h = ShortHash(word) & (kFilterBits - 1);
    if ((filter_[h / 64] >> (h % 64) & 1) == 0) return false;
    return words_.find(word) != words_.end();
  }
  size_t size() const { return words_.size(); }

 private:
  static constexpr size_t kFilterBits = 1 << 16;
  std::unordered_set<std::string, StringHash, std::equal_to<>> words_;
  // Bit ShortHash(w) mod kFilterBits set for every word w.
  std::vector<uint64_t> filter_ = std::vector<uint64_t>(kFilterBits / 64, 0);
};

// TF-IDF weight of each candidate term of an article, by term.
using TermScores =
    std::unordered_map<std::string, double, StringHash, std::equal_to<>>;

struct KeywordOptions {
  // How many keywords Top() returns at most.
  size_t max_keywords = 10;
  // A title occurrence counts as this many body occurrences. The title
  // names the story; the store also ranks title matches up.
  double title_weight = 6.0;
  // An image caption occurrence counts as this many body occurrences.
  double caption_weight = 1.0;
  // Words the segmenter's HMM made up (tag "n", not in jieba's IDF table,
  // not a name) are no candidates: they are often fragments of a longer
  // unknown word (泽连 of 泽连斯基) that a search for them alone cuts
  // differently, so they find nothing.
  bool skip_unknown_words = false;
  // Words the segmenter's HMM made up (not in jieba's IDF table) that
  // begin with a preposition, conjunction or adverb (因势 of 因时因势, 从代
  // of 从代中央管理, 为诺沃亚) or end with a verb of saying or wanting (俄称,
  // 杨振武作 of 杨振武作说明, 厄方愿) are never keywords (Top() passes over
  // them; they still count for TextRank, the summary and the fingerprint):
  // the HMM glued a function word to a piece of a phrase or name, and the
  // piece is a keyword no reader would look for.
  bool skip_function_word_fragments = true;
  // tf is 1 + ln(weighted count) instead of the weighted count, so a word
  // said often does not outweigh a rarer, more telling one.
  bool sublinear_tf = true;
  // The IDF enters the score raised to this power: above 1 favours rare,
  // telling terms over frequent ones. keyword_eval on the first 6000
  // xwlb_zh items, store statistics blended: title_weight 3, idf_power 1,
  // textrank_weight 0.1 rank 93.00% of the items first by their top 5
  // keywords; 6, 1.5, 0.05: 94.07% (idf_power 2: 92.87%; corpus_weight 0.7:
  // 93.07%; sublinear_tf off: 92.33%).
  double idf_power = 1.5;
  // Share of TextRank in the fused score: (1 - w) * tfidf / max tfidf +
  // w * textrank / max textrank. 0 is TF-IDF alone.
  double textrank_weight = 0.05;
  // TextRank: terms within this many candidate terms of each other are
  // linked; damping and iterations of the power method.
  size_t textrank_window = 5;
  double textrank_damping = 0.85;
  int textrank_iterations = 30;
  // With corpus document frequencies, the IDF of a term the corpus table
  // has is (1 - w) * jieba's + w * the corpus's, w = corpus_weight *
  // min(1, documents / corpus_min_documents): the store's own statistics
  // take over as it fills. A term the table lacks keeps jieba's.
  double corpus_weight = 1.0;
  uint64_t corpus_min_documents = 1000;
  // Keywords(): candidate terms always written side by side become one
  // compound keyword (compounds.h) of at most this many terms; below 2,
  // never. A run of nouns needs compound_min_occurrences. keyword_eval (all
  // 19876 xwlb_zh items stored, 2000 queried, store statistics blended):
  // 92.40% ranked first without compounds and drop_overlapping, 94.20%
  // with both.
  size_t compound_max_parts = 4;
  size_t compound_min_occurrences = 2;
  // Top() skips a term written inside a better one (肺炎 after 新冠肺炎) and
  // lets a term replace the better ones written inside it (疫情防控 takes
  // the place of 疫情): a search for the longer finds the shorter anyway,
  // so the shorter is a wasted keyword. Only for terms without ASCII
  // letters or digits (a Latin word inside another is another word).
  bool drop_overlapping = true;
};

// One candidate term of a field, in text order.
struct TermOccurrence {
  std::string term;
  uint32_t byte_begin = 0, byte_end = 0;  // Into the field text.
  // The token's part-of-speech tag ("nr" for a joined name); borrows from
  // the field.
  std::string_view tag;
  // The term's id in FieldTerms::index (ArticleTerms() only; 0 otherwise).
  uint32_t id = 0;
};

// The candidate terms of an article's fields (KeywordExtractor::Terms()),
// made once and shared by the scores, the keywords and the store
// statistics. Empty for a missing field. `index` numbers the distinct terms
// (title, body, then captions, in order of first occurrence) and keeps
// views of the occurrences' strings: move it, never copy it, and leave the
// occurrences as ArticleTerms() made them.
struct FieldTerms {
  FieldTerms() = default;
  FieldTerms(FieldTerms&&) = default;
  FieldTerms& operator=(FieldTerms&&) = default;
  FieldTerms(const FieldTerms&) = delete;
  FieldTerms& operator=(const FieldTerms&) = delete;

  std::vector<TermOccurrence> title, body, captions;
  TermIndex index;
  // jieba's IDF (IdfTable::Idf(), never blended) by id: one look-up in the
  // large table per distinct term for the scores and the fingerprint.
  std::vector<double> idf;
};

// Scores of the terms of a FieldTerms, by id.
using TermScoreVector = std::vector<double>;

// Scores terms by TF-IDF. Thread-safe: all methods are const; the tables
// are borrowed and must outlive the extractor.
class KeywordExtractor {
 public:
  // `corpus` may be null (jieba's IDF alone).
  KeywordExtractor(const IdfTable* idf, const StopWords* stop_words,
                   KeywordOptions options = {},
                   const DocumentFrequencies* corpus = nullptr)
      : idf_(idf),
        stop_words_(stop_words),
        options_(options),
        corpus_(corpus) {}

  // The IDF of a term: jieba's, blended with the corpus's (KeywordOptions).
  double Idf(std::string_view term) const;

  // The words that are never candidates.
  const StopWords& stop_words() const { return *stop_words_; }

  // True if the token may be a keyword: not flagged stop, not punctuation
  // (tag x) or a number (tag m, or digits only), at least two characters,
  // and not in the stop list.
  bool IsCandidate(const v1::Token& token) const;

  // The candidate terms of a field in order: word tokens (sub-words
  // excluded) that pass IsCandidate(), outside HTML tags, entities and URLs
  // left in the text (<strong>, &nbsp;, https://...); a surname and given
  // name the segmenter wrote as two nr words (李/nr 克强/nr) are one term.
  std::vector<TermOccurrence> Terms(const v1::SegmentedField& field) const;
  // Terms() of each field given (any may be null).
  FieldTerms ArticleTerms(const v1::SegmentedField* title,
                          const v1::SegmentedField* body,
                          const v1::SegmentedField* captions = nullptr) const;

  // TF-IDF of every candidate term of `title`, `body` and `captions`, any
  // of which may be null: tf = weighted count / total weighted count (or
  // sublinear, KeywordOptions), times IDF.
  TermScores TfIdf(const v1::SegmentedField* title,
                   const v1::SegmentedField* body,
                   const v1::SegmentedField* captions = nullptr) const;
  TermScores TfIdf(const FieldTerms& terms) const;

  // TextRank of the same terms: PageRank over the undirected graph linking
  // terms within textrank_window of each other (title, then body; edge
  // weight = co-occurrences). Empty if there are no terms.
  TermScores TextRank(const v1::SegmentedField* title,
                      const v1::SegmentedField* body,
                      const v1::SegmentedField* captions = nullptr) const;
  TermScores TextRank(const FieldTerms& terms) const;

  // TfIdf() fused with TextRank() as KeywordOptions::textrank_weight says;
  // both are scaled to a maximum of 1 first.
  TermScores Score(const v1::SegmentedField* title,
                   const v1::SegmentedField* body,
                   const v1::SegmentedField* captions = nullptr) const;
  TermScores Score(const FieldTerms& terms) const;
  // Score() by id of terms.index: the same values without a map.
  TermScoreVector ScoreById(const FieldTerms& terms) const;

  // The best max_keywords terms, highest first (ties by term), weights
  // divided by the highest so the first keyword weighs 1.0; overlapping
  // terms as KeywordOptions::drop_overlapping says.
  std::vector<v1::Keyword> Top(const TermScores& scores) const;

  // The article's keywords: Top() of `scores` (Score() of the same fields)
  // with compounds merged (MergeCompounds(), KeywordOptions).
  std::vector<v1::Keyword> Keywords(
      const TermScores& scores, const v1::SegmentedField* title,
      const v1::SegmentedField* body,
      const v1::SegmentedField* captions = nullptr) const;
  std::vector<v1::Keyword> Keywords(const TermScores& scores,
                                    const FieldTerms& terms) const;
  // The same with the scores by id (ScoreById()).
  std::vector<v1::Keyword> KeywordsById(const TermScoreVector& scores,
                                        const FieldTerms& terms) const;

 private:
  // Idf() of a term whose jieba IDF is `jieba`.
  double BlendIdf(std::string_view term, double jieba) const;
  TermScoreVector TfIdfById(const FieldTerms& terms) const;
  TermScoreVector TextRankById(const FieldTerms& terms) const;
  // Top() of terms and scores, in any order.
  std::vector<v1::Keyword> TopOf(
      std::vector<std::pair<std::string_view, double>> ranked) const;

  const IdfTable* idf_;
  const StopWords* stop_words_;
  KeywordOptions options_;
  const DocumentFrequencies* corpus_;
};

}  // namespace ink::enricher
