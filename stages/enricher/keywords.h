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
  void Add(std::string_view word) { words_.emplace(word); }
  bool Contains(std::string_view word) const {
    return words_.find(word) != words_.end();
  }
  size_t size() const { return words_.size(); }

 private:
  std::unordered_set<std::string, StringHash, std::equal_to<>> words_;
};

// TF-IDF weight of each candidate term of an article, by term.
using TermScores =
    std::unordered_map<std::string, double, StringHash, std::equal_to<>>;

struct KeywordOptions {
  // How many keywords Top() returns at most.
  size_t max_keywords = 10;
  // A title occurrence counts as this many body occurrences.
  double title_weight = 1.5;
};

// Scores terms by TF-IDF. Thread-safe: all methods are const; the tables
// are borrowed and must outlive the extractor.
class KeywordExtractor {
 public:
  KeywordExtractor(const IdfTable* idf, const StopWords* stop_words,
                   KeywordOptions options = {})
      : idf_(idf), stop_words_(stop_words), options_(options) {}

  // True if the token may be a keyword: not flagged stop, not punctuation
  // (tag x) or a number (tag m, or digits only), at least two characters,
  // and not in the stop list.
  bool IsCandidate(const v1::Token& token) const;

  // TF-IDF of every candidate term among the word tokens (sub-words
  // excluded) of `title` and `body`, either of which may be null:
  // tf = weighted count / total weighted count of candidates, times IDF.
  TermScores Score(const v1::SegmentedField* title,
                   const v1::SegmentedField* body) const;

  // The best max_keywords terms, highest first (ties by term), weights
  // divided by the highest so the first keyword weighs 1.0.
  std::vector<v1::Keyword> Top(const TermScores& scores) const;

 private:
  const IdfTable* idf_;
  const StopWords* stop_words_;
  KeywordOptions options_;
};

}  // namespace ink::enricher
