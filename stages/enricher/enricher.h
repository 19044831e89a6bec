// The enricher's logic: keywords, entities, summary, language and duplicate
// fingerprints of a cleaned and segmented article. No sockets.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "ink/v1/envelope.pb.h"
#include "stages/enricher/keywords.h"
#include "stages/enricher/simhash.h"
#include "stages/enricher/summary.h"

namespace ink::enricher {

struct Options {
  // jieba's IDF table, "word idf" per line.
  std::string idf_path = kDefaultIdfPath;
  // Optional extra stop words for keywords, one per line; empty for none.
  std::string stop_words_path;
  // Optional document frequencies of the store's own articles
  // (DocumentFrequencies::Load format), blended into the IDF; empty for
  // jieba's IDF alone.
  std::string corpus_df_path;
  // Keyword count and title weighting.
  KeywordOptions keywords;
  // Near-duplicate fingerprint features.
  FingerprintOptions fingerprint;
  // Summary length and sentence scoring.
  SummaryOptions summary;
  // Most entities kept (names, dates and amounts together).
  size_t max_entities = 100;
};

// Thread-safe: Enrich() is const and the loaded tables are immutable, so
// one Enricher serves every thread.
class Enricher {
 public:
  // Loads the IDF table and stop words. IOError or Corruption naming the
  // file if one cannot be read or parsed.
  static Result<std::unique_ptr<Enricher>> Create(const Options& options);
  // As Create(), with an already loaded IDF table (options.idf_path is
  // ignored); lets tests and reloads share a table.
  // `corpus` (may be null) replaces options.corpus_df_path.
  static Result<std::unique_ptr<Enricher>> Create(
      const Options& options, std::shared_ptr<const IdfTable> idf,
      std::shared_ptr<const DocumentFrequencies> corpus = nullptr);

  Enricher(const Enricher&) = delete;
  Enricher& operator=(const Enricher&) = delete;

  // Replaces *out with the enrichment of `article`, whose title and body
  // were segmented into `segmented` (fields "title" and "body"; a missing
  // field counts as empty):
  //  - keywords: TF-IDF fused with TextRank over the title, body and
  //    image captions ("captions", when segmented) (KeywordExtractor);
  //  - entities: ExtractEntities() of the body, linked to the title's,
  //    source's and authors' organisations, dates resolved against
  //    article.date();
  //  - summary: up to options.summary.max_sentences body sentences;
  //  - language: DetectLanguage() of the title and paragraphs;
  //  - simhash: SimHash() of FingerprintFeatures() of the body, with
  //    jieba's IDF alone (never the corpus's: it must not drift);
  //  - body_hash: BodyHash() of the paragraphs.
  // InvalidArgument (and *out unchanged) if a field's token or sentence
  // offsets lie outside its text. `candidate_terms`, if not null, receives
  // the distinct terms of CandidateTerms() of `segmented` in order of first
  // occurrence (made anyway for the keywords; all that
  // StoreFrequencies::Note() needs, with each term looked up once).
  Status Enrich(const v1::CleanArticle& article,
                const v1::SegmentedArticle& segmented, v1::Enrichment* out,
                std::vector<std::string>* candidate_terms = nullptr) const;

  // The keyword candidate terms of the title, body and captions (in order,
  // repeated as they occur): what StoreFrequencies asks the store about.
  std::vector<std::string> CandidateTerms(
      const v1::SegmentedArticle& segmented) const;

  const IdfTable& idf() const { return *idf_; }
  const std::shared_ptr<const IdfTable>& idf_table() const { return idf_; }
  // The corpus document frequencies in use; may be null.
  const std::shared_ptr<const DocumentFrequencies>& corpus() const {
    return corpus_;
  }

 private:
  Enricher(const Options& options, std::shared_ptr<const IdfTable> idf,
           std::shared_ptr<const DocumentFrequencies> corpus,
           StopWords stop_words);

  Options options_;
  std::shared_ptr<const IdfTable> idf_;
  std::shared_ptr<const DocumentFrequencies> corpus_;
  StopWords stop_words_;
  KeywordExtractor keywords_;
};

}  // namespace ink::enricher
