// near_duplicate_eval: does the enricher's SimHash link edited reposts and
// keep different articles apart? Splits the xwlb_zh corpus into items at
// each "### " heading, and for every item of at least INK_EVAL_MIN_SENTENCES
// body sentences makes edited copies, as a repost on another site would be:
//
//   drop      one sentence in the middle removed
//   add       one sentence of another item inserted in the middle
//   word      one word of a middle sentence replaced by another word
//   numbers   every digit changed (1200 -> 2311)
//   byline    a byline sentence appended to the last paragraph
//   chrome    a source line before the body and an editor line after it
//
// Each copy goes through the segmenter and enricher like the original; the
// report gives, per edit, the share of copies within Hamming distance 3
// (what the store links) and the mean distance. Different articles: every
// pair of items of one day (one broadcaster, often one topic; pairs with
// equal body hashes excluded) and the share within distance 3, which must be
// near zero.
//
//   INK_BENCH_CORPUS        corpus folder (default ../shared/corpus/xwlb_zh);
//                           skipped cleanly when absent
//   INK_EVAL_LIMIT          items read at most (default 5000; 0 = all)
//   INK_EVAL_MIN_SENTENCES  body sentences an item needs to be edited
//                           (default 8)
//   INK_EVAL_VERBOSE        1 prints the titles of different items within
//                           distance 3
//   INK_FP_TF_POWER, INK_FP_BOILERPLATE_TERMS override FingerprintOptions
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/bench/news_corpus.h"
#include "stages/enricher/enricher.h"
#include "stages/enricher/simhash.h"
#include "stages/segmenter/segmenter.h"

namespace ink {
namespace {

size_t EnvSize(const char* name, size_t fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::strtoul(v, nullptr, 10) : fallback;
}

// The paragraphs of an item body (blank-line separated).
std::vector<std::string> Paragraphs(const std::string& body) {
  std::vector<std::string> out;
  size_t begin = 0;
  while (begin <= body.size()) {
    size_t end = body.find("\n\n", begin);
    std::string p = body.substr(
        begin, end == std::string::npos ? std::string::npos : end - begin);
    if (!p.empty()) out.push_back(std::move(p));
    if (end == std::string::npos) break;
    begin = end + 2;
  }
  return out;
}

// A sentence of an article: paragraph index and byte range in it.
struct SentenceRef {
  size_t paragraph;
  size_t begin, end;
};

class Evaluator {
 public:
  Evaluator(const segmenter::Segmenter* seg, const enricher::Enricher* enr)
      : seg_(seg), enr_(enr) {}

  std::vector<SentenceRef> Sentences(
      const std::vector<std::string>& paragraphs) const {
    std::vector<SentenceRef> out;
    for (size_t p = 0; p < paragraphs.size(); ++p) {
      for (const auto& s : seg_->Sentences(paragraphs[p])) {
        out.push_back({p, s.byte_begin, s.byte_end});
      }
    }
    return out;
  }

  // SimHash and body hash as the pipeline computes them.
  std::pair<uint64_t, std::string> Fingerprint(
      const std::string& title,
      const std::vector<std::string>& paragraphs) const {
    v1::CleanArticle article;
    article.set_title(title);
    for (const auto& p : paragraphs) article.add_paragraphs(p);
    v1::SegmentedArticle segmented;
    seg_->SegmentArticle(article, &segmented);
    v1::Enrichment e;
    if (!enr_->Enrich(article, segmented, &e).ok()) return {0, ""};
    return {e.simhash(), e.body_hash()};
  }

  // A word (2+ characters, tagged noun or verb) of `text`'s middle, as a
  // byte range; {0, 0} when there is none.
  std::pair<size_t, size_t> MiddleWord(const std::string& text) const {
    auto tokens = seg_->Cut(text, segmenter::Mode::kExact);
    for (size_t k = 0; k < tokens.size(); ++k) {
      const auto& t = tokens[(tokens.size() / 2 + k) % tokens.size()];
      if (t.text.size() >= 6 && !t.tag.empty() &&
          (t.tag[0] == 'n' || t.tag[0] == 'v')) {
        return {t.byte_begin, t.byte_end};
      }
    }
    return {0, 0};
  }

 private:
  const segmenter::Segmenter* seg_;
  const enricher::Enricher* enr_;
};

struct Tally {
  size_t n = 0, within = 0;
  double distance = 0;
  void Add(int d) {
    ++n;
    within += d <= 3;
    distance += d;
  }
};

int Main() {
  const char* env_corpus = std::getenv("INK_BENCH_CORPUS");
  const std::string corpus =
      env_corpus != nullptr ? env_corpus : "../shared/corpus/xwlb_zh";
  const size_t limit = EnvSize("INK_EVAL_LIMIT", 5000);
  const size_t min_sentences = EnvSize("INK_EVAL_MIN_SENTENCES", 8);
  const bool verbose = EnvSize("INK_EVAL_VERBOSE", 0) > 0;
  std::error_code ec;
  if (!std::filesystem::is_directory(corpus, ec)) {
    std::printf(
        "near_duplicate_eval: corpus %s not found; skipping (set "
        "INK_BENCH_CORPUS)\n",
        corpus.c_str());
    return 0;
  }
  std::vector<bench::NewsItem> items = bench::LoadNewsItems(corpus);
  if (limit > 0 && items.size() > limit) items.resize(limit);
  if (items.size() < 2) {
    std::printf("near_duplicate_eval: too few items in %s; skipping\n",
                corpus.c_str());
    return 0;
  }
  auto seg = segmenter::Segmenter::Create(segmenter::Options());
  if (!seg.ok()) {
    std::fprintf(stderr, "segmenter: %s\n", seg.status().ToString().c_str());
    return 1;
  }
  enricher::Options options;
  if (const char* v = std::getenv("INK_FP_TF_POWER")) {
    options.fingerprint.tf_power = std::strtod(v, nullptr);
  }
  options.fingerprint.boilerplate_max_terms = EnvSize(
      "INK_FP_BOILERPLATE_TERMS", options.fingerprint.boilerplate_max_terms);
  auto enr = enricher::Enricher::Create(options);
  if (!enr.ok()) {
    std::fprintf(stderr, "enricher: %s\n", enr.status().ToString().c_str());
    return 1;
  }
  Evaluator eval(seg->get(), enr->get());

  std::vector<std::pair<uint64_t, std::string>> prints(items.size());
  std::map<std::string, Tally> edits;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::vector<std::string> paragraphs = Paragraphs(items[i].body);
    prints[i] = eval.Fingerprint(items[i].title, paragraphs);
    const std::vector<SentenceRef> sentences = eval.Sentences(paragraphs);
    if (sentences.size() < min_sentences) continue;
    const SentenceRef mid = sentences[sentences.size() / 2];
    auto distance = [&](const std::vector<std::string>& edited) {
      return enricher::HammingDistance(
          prints[i].first, eval.Fingerprint(items[i].title, edited).first);
    };
    std::vector<std::string> p = paragraphs;
    p[mid.paragraph].erase(mid.begin, mid.end - mid.begin);
    edits["drop"].Add(distance(p));

    // A sentence of the item 7 further on (another story).
    const auto& other = items[(i + 7) % items.size()];
    std::vector<std::string> other_paragraphs = Paragraphs(other.body);
    auto other_sentences = eval.Sentences(other_paragraphs);
    if (!other_sentences.empty()) {
      const SentenceRef& s = other_sentences[other_sentences.size() / 2];
      p = paragraphs;
      p[mid.paragraph].insert(mid.begin, other_paragraphs[s.paragraph].substr(
                                             s.begin, s.end - s.begin));
      edits["add"].Add(distance(p));
    }

    p = paragraphs;
    std::string sentence =
        p[mid.paragraph].substr(mid.begin, mid.end - mid.begin);
    auto [wb, we] = eval.MiddleWord(sentence);
    auto [ob, oe] = eval.MiddleWord(other.title);
    if (we > wb && oe > ob) {
      sentence.replace(wb, we - wb, other.title.substr(ob, oe - ob));
      p[mid.paragraph].replace(mid.begin, mid.end - mid.begin, sentence);
      edits["word"].Add(distance(p));
    }

    p = paragraphs;
    bool changed = false;
    for (std::string& para : p) {
      for (char& c : para) {
        if (c >= '0' && c <= '9') {
          c = static_cast<char>('0' + (c - '0' + 1) % 10);
          changed = true;
        }
      }
    }
    if (changed) edits["numbers"].Add(distance(p));

    p = paragraphs;
    p.back() += "（记者王建国 通讯员刘晓燕报道）";
    edits["byline"].Add(distance(p));

    p = paragraphs;
    p.insert(p.begin(), "来源：新华网 作者：张伟");
    p.push_back("责任编辑：李娜");
    edits["chrome"].Add(distance(p));
  }
  std::printf(
      "near_duplicate_eval: %zu items; edited copies of items with "
      ">= %zu sentences:\n",
      items.size(), min_sentences);
  for (const auto& [name, t] : edits) {
    std::printf("  %-8s %6zu copies  within 3: %6.2f%%  mean distance %.2f\n",
                name.c_str(), t.n, t.n ? 100.0 * t.within / t.n : 0.0,
                t.n ? t.distance / t.n : 0.0);
  }
  // Different articles of one day.
  Tally pairs;
  for (size_t a = 0; a < items.size(); ++a) {
    for (size_t b = a + 1; b < items.size() && items[b].date == items[a].date;
         ++b) {
      if (prints[a].second == prints[b].second || prints[a].first == 0 ||
          prints[b].first == 0) {
        continue;
      }
      const int d = enricher::HammingDistance(prints[a].first, prints[b].first);
      pairs.Add(d);
      if (d <= 3 && verbose) {
        std::printf("  close (%d): %s | %s\n", d, items[a].title.c_str(),
                    items[b].title.c_str());
      }
    }
  }
  std::printf(
      "  same-day pairs of different items: %zu  within 3: %zu (%.4f%%)  "
      "mean distance %.2f\n",
      pairs.n, pairs.within, pairs.n ? 100.0 * pairs.within / pairs.n : 0.0,
      pairs.n ? pairs.distance / pairs.n : 0.0);
  return 0;
}

}  // namespace
}  // namespace ink

int main() { return ink::Main(); }
