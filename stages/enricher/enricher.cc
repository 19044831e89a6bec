#include "stages/enricher/enricher.h"

#include <utility>

#include "stages/enricher/entities.h"
#include "stages/enricher/field_tokens.h"
#include "stages/enricher/keyword_forms.h"
#include "stages/enricher/language.h"
#include "stages/enricher/simhash.h"

namespace ink::enricher {

Result<std::unique_ptr<Enricher>> Enricher::Create(const Options& options) {
  auto idf = IdfTable::Load(options.idf_path);
  if (!idf.ok()) return idf.status().WithContext("enricher: idf");
  std::shared_ptr<const DocumentFrequencies> corpus;
  if (!options.corpus_df_path.empty()) {
    auto df = DocumentFrequencies::Load(options.corpus_df_path);
    if (!df.ok()) return df.status().WithContext("enricher: corpus_df");
    corpus = std::move(df).value();
  }
  return Create(options,
                std::shared_ptr<const IdfTable>(std::move(idf).value()),
                std::move(corpus));
}

Result<std::unique_ptr<Enricher>> Enricher::Create(
    const Options& options, std::shared_ptr<const IdfTable> idf,
    std::shared_ptr<const DocumentFrequencies> corpus) {
  if (idf == nullptr) return Status::InvalidArgument("enricher: no IDF table");
  StopWords stop_words = StopWords::BuiltIn();
  if (!options.stop_words_path.empty()) {
    Status s = stop_words.AddFile(options.stop_words_path);
    if (!s.ok()) return s.WithContext("enricher: stop_words");
  }
  return std::unique_ptr<Enricher>(new Enricher(
      options, std::move(idf), std::move(corpus), std::move(stop_words)));
}

Enricher::Enricher(const Options& options, std::shared_ptr<const IdfTable> idf,
                   std::shared_ptr<const DocumentFrequencies> corpus,
                   StopWords stop_words)
    : options_(options),
      idf_(std::move(idf)),
      corpus_(std::move(corpus)),
      stop_words_(std::move(stop_words)),
      keywords_(idf_.get(), &stop_words_, options.keywords, corpus_.get()) {}

Status Enricher::Enrich(const v1::CleanArticle& article,
                        const v1::SegmentedArticle& segmented,
                        v1::Enrichment* out,
                        std::vector<std::string>* candidate_terms) const {
  for (const v1::SegmentedField& field : segmented.fields()) {
    RETURN_IF_ERROR(ValidateField(field));
  }
  static const v1::SegmentedField kEmpty;
  const v1::SegmentedField* title = FindField(segmented, "title");
  const v1::SegmentedField* body = FindField(segmented, "body");
  if (body == nullptr) body = &kEmpty;

  v1::Enrichment result;
  const v1::SegmentedField* captions = FindField(segmented, "captions");
  const FieldTerms terms = keywords_.ArticleTerms(title, body, captions);
  const TermScoreVector scores = keywords_.ScoreById(terms);
  std::vector<v1::Keyword> keywords = keywords_.KeywordsById(scores, terms);
  ShowKeywordsAsWritten(
      terms, title ? std::string_view(title->text()) : "", body->text(),
      captions ? std::string_view(captions->text()) : "", &keywords);
  for (v1::Keyword& k : keywords) *result.add_keywords() = std::move(k);
  EntityContext context;
  context.reference_date = article.date();
  context.other_texts.push_back(article.source());
  for (const std::string& a : article.authors()) {
    context.other_texts.push_back(a);
  }
  if (captions != nullptr) context.other_fields.push_back(captions);
  for (v1::Entity& e :
       ExtractEntities(*body, title, context, options_.max_entities)) {
    *result.add_entities() = std::move(e);
  }
  for (std::string& s : Summarize(*body, terms, scores, options_.summary)) {
    result.add_summary(std::move(s));
  }
  std::string text = article.title();
  for (const std::string& p : article.paragraphs()) {
    text += '\n';
    text += p;
  }
  result.set_language(DetectLanguage(text));
  result.set_simhash(SimHash(FingerprintFeatures(*body, terms, keywords_, *idf_,
                                                 options_.fingerprint)));
  result.set_body_hash(BodyHash(article));
  *out = std::move(result);
  if (candidate_terms != nullptr) {
    candidate_terms->assign(terms.index.names().begin(),
                            terms.index.names().end());
  }
  return Status::OK();
}

std::vector<std::string> Enricher::CandidateTerms(
    const v1::SegmentedArticle& segmented) const {
  std::vector<std::string> terms;
  for (std::string_view name : {"title", "body", "captions"}) {
    if (const v1::SegmentedField* field = FindField(segmented, name)) {
      for (TermOccurrence& t : keywords_.Terms(*field)) {
        terms.push_back(std::move(t.term));
      }
    }
  }
  return terms;
}

}  // namespace ink::enricher
