#include "stages/enricher/keywords.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "common/fs.h"
#include "stages/enricher/compounds.h"
#include "stages/enricher/field_tokens.h"

namespace ink::enricher {
namespace {

// The built-in stop words, space-separated: words that jieba's IDF table
// rates too high for IDF alone to keep them out of the keywords.

// Chrome of news pages.
constexpr char kChromeWords[] =
    "责任编辑 编辑 来源 作者 评论 相关链接 相关阅读 相关新闻 原标题 记者 "
    "通讯员 摄影 图片 图片来源 点击 阅读 阅读全文 阅读原文 分享 转载 版权 "
    "版权所有 声明 免责声明 本文 文章 正文 文章正文 我要评论 发表评论 "
    "网友评论 返回 首页 上一篇 下一篇 打印 关闭 收藏 字号 扫一扫 二维码 "
    "微信 公众号 关注 订阅 新闻 资讯 频道 栏目 热门 推荐 更多 登录 注册 "
    "网站 链接 标签 发布 发布时间 浏览 次数 本报讯 新华社 日电 报道 据悉 "
    "获悉 表示 介绍 指出 称 原文 查看 查看原文 展开 全文 收起";

// Markup and address words that escaped the cleaner (HTML tag and
// attribute names, URL parts).
constexpr char kMarkupWords[] =
    "strong br div span align center style text class href src img nbsp "
    "amp quot lt gt http https www com cn net org html htm shtml php asp "
    "jsp undefined undefin null width height font color px left right "
    "index jpg jpeg png gif";

// The same chrome in traditional characters (the norm keeps the script).
constexpr char kTraditionalChromeWords[] =
    "責任編輯 編輯 來源 評論 相關鏈接 相關閱讀 原標題 記者 圖片 點擊 閱讀 "
    "分享 轉載 版權 聲明 本文 文章";

// Function words and fillers.
constexpr char kChineseStopWords[] =
    "我们 你们 他们 她们 它们 我 你 他 她 它 自己 大家 这个 那个 这些 "
    "那些 这里 那里 这样 那样 这种 那种 这么 那么 什么 怎么 怎样 如何 "
    "为什么 哪里 哪些 一个 一些 一种 一样 一直 一起 一定 一般 已经 正在 "
    "将要 曾经 现在 当时 同时 之后 之前 以后 以前 以来 以上 以下 之间 "
    "其中 其他 其它 另外 此外 而且 并且 或者 还是 但是 可是 然而 不过 "
    "因为 所以 因此 于是 如果 即使 虽然 尽管 只要 只有 除了 关于 对于 "
    "通过 根据 按照 为了 由于 以及 及其 以便 进行 开展 实现 有关 相关 "
    "方面 情况 问题 工作 时候 时间 可以 能够 应该 需要 必须 可能 没有 "
    "不是 就是 还有 也是 都是 的话 来说 而言 等等 左右 有些 有的 所有 "
    "每个 各个 各种 许多 很多 非常 十分 特别 比较 更加 最终 目前 今年 "
    "去年 明年 今天 昨天 明天 日前 近日 近期 当前 期间 方式 一是 二是 "
    "三是 四是 五是 首先 其次 最后 然后 接着 随着 不断 继续 作为 成为 "
    "认为 提出 要求 有效 积极 充分 全面 切实 进一步 不仅 而是 就要 起来 "
    "下来 出来 上来 过来 之一 如此 某些 任何 本身 做好 做到 确保 加强 "
    "全力 坚持 努力 主要 重要";

// English.
constexpr char kEnglishStopWords[] =
    "the of is and to in that we for an are by be as on with can if from "
    "which you it this then at have all not one has or a i he she they "
    "them his her its their our your was were been being do does did will "
    "would shall should could may might must but so no than too very just "
    "also about into over after before more most other some such only own "
    "same there here when where why how what who whom these those am had "
    "having up down out off again further once any both each few nor said "
    "says new news editor source author comments comment share click read "
    "copyright reporter mr mrs ms dr two three four five six seven eight "
    "nine ten amid us told yet via per";

// Removes the first line from *rest and returns it without surrounding
// spaces, tabs and '\r'.
std::string_view NextLine(std::string_view* rest) {
  size_t eol = rest->find('\n');
  std::string_view line = rest->substr(0, eol);
  rest->remove_prefix(eol == std::string_view::npos ? rest->size() : eol + 1);
  size_t begin = line.find_first_not_of(" \t\r");
  if (begin == std::string_view::npos) return {};
  size_t end = line.find_last_not_of(" \t\r");
  return line.substr(begin, end - begin + 1);
}

bool HasAsciiAlnum(std::string_view term) {
  return std::any_of(term.begin(), term.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
  });
}

// Digits (ASCII or full-width) and the punctuation found inside numbers.
bool IsNumberOnly(std::string_view term) {
  bool any = false;
  for (size_t i = 0; i < term.size();) {
    unsigned char c = term[i];
    if ((c >= '0' && c <= '9') || c == '.' || c == ',' || c == '%' ||
        c == '-' || c == '+' || c == ':' || c == '/') {
      any = true;
      ++i;
      continue;
    }
    // Full-width digits U+FF10..U+FF19: EF BC 90..99.
    if (c == 0xEF && i + 2 < term.size() &&
        static_cast<unsigned char>(term[i + 1]) == 0xBC &&
        static_cast<unsigned char>(term[i + 2]) >= 0x90 &&
        static_cast<unsigned char>(term[i + 2]) <= 0x99) {
      any = true;
      i += 3;
      continue;
    }
    return false;
  }
  return any;
}

}  // namespace

Result<std::unique_ptr<IdfTable>> IdfTable::Load(const std::string& path) {
  ASSIGN_OR_RETURN(std::string content,
                   fs::ReadFile(path, UINT64_MAX, fs::Links::kFollow));
  std::unique_ptr<IdfTable> table(new IdfTable());
  table->idf_.reserve(content.size() / 20);
  std::string_view rest(content);
  size_t line_no = 0;
  while (!rest.empty()) {
    std::string_view line = NextLine(&rest);
    ++line_no;
    if (line.empty()) continue;
    size_t sep = line.find_last_of(" \t");
    double value = 0;
    if (sep == std::string_view::npos || sep == 0) {
      return Status::Corruption(path + ":" + std::to_string(line_no) +
                                ": expected \"word idf\"");
    }
    std::string_view number = line.substr(sep + 1);
    auto [end, ec] =
        std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc() || end != number.data() + number.size() ||
        !std::isfinite(value)) {
      return Status::Corruption(path + ":" + std::to_string(line_no) +
                                ": bad idf value '" + std::string(number) +
                                "'");
    }
    std::string_view word = line.substr(0, sep);
    while (!word.empty() && (word.back() == ' ' || word.back() == '\t')) {
      word.remove_suffix(1);
    }
    table->idf_.insert_or_assign(std::string(word), value);
  }
  if (table->idf_.empty()) {
    return Status::Corruption(path + ": no IDF entries");
  }
  table->ComputeMedian();
  return table;
}

std::unique_ptr<IdfTable> IdfTable::FromEntries(
    std::vector<std::pair<std::string, double>> entries) {
  std::unique_ptr<IdfTable> table(new IdfTable());
  for (auto& [word, idf] : entries) {
    table->idf_.insert_or_assign(std::move(word), idf);
  }
  table->ComputeMedian();
  return table;
}

void IdfTable::ComputeMedian() {
  if (idf_.empty()) {
    median_ = 0;
    return;
  }
  std::vector<double> values;
  values.reserve(idf_.size());
  for (const auto& [word, idf] : idf_) values.push_back(idf);
  auto mid = values.begin() + values.size() / 2;
  std::nth_element(values.begin(), mid, values.end());
  median_ = *mid;
}

double IdfTable::Idf(std::string_view word) const {
  auto it = idf_.find(word);
  return it == idf_.end() ? median_ : it->second;
}

bool IdfTable::Contains(std::string_view word) const {
  return idf_.find(word) != idf_.end();
}

Result<std::unique_ptr<DocumentFrequencies>> DocumentFrequencies::Load(
    const std::string& path) {
  ASSIGN_OR_RETURN(std::string content,
                   fs::ReadFile(path, UINT64_MAX, fs::Links::kFollow));
  std::unique_ptr<DocumentFrequencies> table(new DocumentFrequencies());
  std::string_view rest(content);
  size_t line_no = 0;
  bool header = false;
  while (!rest.empty()) {
    std::string_view line = NextLine(&rest);
    ++line_no;
    if (line.empty()) continue;
    size_t sep = line.find_last_of(" \t");
    uint64_t value = 0;
    std::string_view number =
        sep == std::string_view::npos ? "" : line.substr(sep + 1);
    auto [end, ec] =
        std::from_chars(number.data(), number.data() + number.size(), value);
    if (sep == std::string_view::npos || sep == 0 || ec != std::errc() ||
        end != number.data() + number.size()) {
      return Status::Corruption(path + ":" + std::to_string(line_no) +
                                ": expected \"term df\"");
    }
    std::string_view word = line.substr(0, sep);
    while (!word.empty() && (word.back() == ' ' || word.back() == '\t')) {
      word.remove_suffix(1);
    }
    if (!header) {
      if (word != "documents") {
        return Status::Corruption(path +
                                  ": first line must be \"documents N\"");
      }
      table->documents_ = value;
      header = true;
      continue;
    }
    table->df_.insert_or_assign(std::string(word), value);
  }
  if (!header) return Status::Corruption(path + ": no \"documents N\" line");
  return table;
}

std::unique_ptr<DocumentFrequencies> DocumentFrequencies::FromCounts(
    uint64_t documents, std::vector<std::pair<std::string, uint64_t>> df) {
  std::unique_ptr<DocumentFrequencies> table(new DocumentFrequencies());
  table->documents_ = documents;
  for (auto& [term, n] : df) table->df_.insert_or_assign(std::move(term), n);
  return table;
}

double DocumentFrequencies::Idf(std::string_view term) const {
  const uint64_t* df = Find(term);
  return IdfOfFrequency(df == nullptr ? 0 : *df);
}

double DocumentFrequencies::IdfOfFrequency(uint64_t df) const {
  return std::log((documents_ + 1.0) / (static_cast<double>(df) + 1.0)) + 1.0;
}

double KeywordExtractor::Idf(std::string_view term) const {
  return BlendIdf(term, idf_->Idf(term));
}

double KeywordExtractor::BlendIdf(std::string_view term, double idf) const {
  if (corpus_ == nullptr || corpus_->documents() == 0) return idf;
  const uint64_t* df = corpus_->Find(term);
  if (df == nullptr) return idf;
  double w = options_.corpus_weight;
  if (corpus_->documents() < options_.corpus_min_documents) {
    w *= static_cast<double>(corpus_->documents()) /
         static_cast<double>(options_.corpus_min_documents);
  }
  return (1 - w) * idf + w * corpus_->IdfOfFrequency(*df);
}

StopWords StopWords::BuiltIn() {
  StopWords stop;
  for (std::string_view list :
       {kChromeWords, kTraditionalChromeWords, kChineseStopWords,
        kEnglishStopWords, kMarkupWords}) {
    while (!list.empty()) {
      size_t space = list.find(' ');
      stop.Add(list.substr(0, space));
      list.remove_prefix(space == std::string_view::npos ? list.size()
                                                         : space + 1);
    }
  }
  return stop;
}

Status StopWords::AddFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string content,
                   fs::ReadFile(path, UINT64_MAX, fs::Links::kFollow));
  std::string_view rest(content);
  while (!rest.empty()) {
    std::string_view line = NextLine(&rest);
    if (line.empty() || line.front() == '#') continue;
    Add(line);
  }
  return Status::OK();
}

namespace {

// True if `term` begins or ends with a character that is a function word
// there (see KeywordOptions::skip_function_word_fragments). 向, 于 and 和
// begin surnames, so they do not count at the start.
bool HasFunctionWordEdge(std::string_view term) {
  static constexpr std::string_view kFirst[] = {"从", "因", "为", "在", "并",
                                                "已", "对", "把", "被", "将",
                                                "与", "及", "据"};
  static constexpr std::string_view kLast[] = {"称", "作", "愿", "致", "拟",
                                               "在", "说", "的", "了", "是"};
  for (std::string_view c : kFirst) {
    if (term.size() > c.size() && term.starts_with(c)) return true;
  }
  for (std::string_view c : kLast) {
    if (term.size() > c.size() && term.ends_with(c)) return true;
  }
  return false;
}

}  // namespace

bool KeywordExtractor::IsCandidate(const v1::Token& token) const {
  if (token.stop() || std::string_view(token.tag()) == "x" ||
      std::string_view(token.tag()) == "m")
    return false;
  std::string_view term = TermOf(token);
  if (CodePointCount(term) < 2) return false;
  if (IsNumberOnly(term)) return false;
  if (options_.skip_unknown_words && std::string_view(token.tag()) == "n" &&
      !idf_->Contains(term)) {
    return false;
  }
  return !stop_words_->Contains(term);
}

namespace {

// Byte spans of markup left in a text: <...> tags, &name; entities and
// http(s):// or www. addresses up to the next space or CJK character.
std::vector<std::pair<uint32_t, uint32_t>> MarkupSpans(std::string_view text) {
  std::vector<std::pair<uint32_t, uint32_t>> spans;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '<') {
      size_t end = text.find('>', i + 1);
      if (end != std::string_view::npos && end - i < 512 &&
          text.substr(i + 1, end - i - 1).find('<') == std::string_view::npos) {
        spans.emplace_back(i, end + 1);
        i = end;
      }
    } else if (c == '&') {
      size_t end = i + 1;
      while (end < text.size() && end - i < 10 &&
             (std::isalnum(static_cast<unsigned char>(text[end])) ||
              text[end] == '#')) {
        ++end;
      }
      if (end < text.size() && text[end] == ';' && end > i + 1) {
        spans.emplace_back(i, end + 1);
        i = end;
      }
    } else if ((c == 'h' || c == 'w') && (text.compare(i, 7, "http://") == 0 ||
                                          text.compare(i, 8, "https://") == 0 ||
                                          text.compare(i, 4, "www.") == 0)) {
      size_t end = i;
      while (end < text.size() && static_cast<unsigned char>(text[end]) > ' ' &&
             static_cast<unsigned char>(text[end]) < 0x80 && text[end] != '"' &&
             text[end] != '<') {
        ++end;
      }
      spans.emplace_back(i, end);
      i = end;
    }
  }
  return spans;
}

// PageRank over an undirected graph on `n` nodes given as its links: both
// directions of every co-occurrence, repeated as often as it occurs (a
// repeated link is a heavier edge). Each node's incoming links are summed
// in the order given, so the ranks do not depend on how they are stored.
std::vector<double> PageRank(
    size_t n, const std::vector<std::pair<uint32_t, uint32_t>>& links,
    double damping, int iterations) {
  // Incoming links grouped by target, in link order (counting sort).
  std::vector<uint32_t> in_begin(n + 1, 0), in_from(links.size());
  std::vector<double> out_weight(n, 0);
  for (const auto& [from, to] : links) {
    out_weight[from] += 1;
    ++in_begin[to + 1];
  }
  for (size_t i = 0; i < n; ++i) in_begin[i + 1] += in_begin[i];
  {
    std::vector<uint32_t> fill(in_begin.begin(), in_begin.end() - 1);
    for (const auto& [from, to] : links) in_from[fill[to]++] = from;
  }
  std::vector<double> rank(n, 1.0), share(n);
  for (int it = 0; it < iterations; ++it) {
    // Each link's share of its source's rank.
    for (size_t j = 0; j < n; ++j) {
      share[j] = out_weight[j] > 0 ? rank[j] / out_weight[j] : 0;
    }
    for (size_t i = 0; i < n; ++i) {
      // Unrolled by hand (the additions stay in order, so the sum is the
      // same): this loop is most of TextRank's time.
      double sum = 0;
      uint32_t k = in_begin[i];
      const uint32_t end = in_begin[i + 1];
      for (; k + 4 <= end; k += 4) {
        sum += share[in_from[k]];
        sum += share[in_from[k + 1]];
        sum += share[in_from[k + 2]];
        sum += share[in_from[k + 3]];
      }
      for (; k < end; ++k) sum += share[in_from[k]];
      rank[i] = (1 - damping) + damping * sum;
    }
  }
  return rank;
}

}  // namespace

std::vector<TermOccurrence> KeywordExtractor::Terms(
    const v1::SegmentedField& field) const {
  std::vector<TermOccurrence> terms;
  auto markup = MarkupSpans(field.text());
  size_t m = 0;  // Markup spans and words are both in text order.
  std::vector<const v1::Token*> words = WordTokens(field);
  for (size_t i = 0; i < words.size(); ++i) {
    const v1::Token& t = *words[i];
    while (m < markup.size() && markup[m].second <= t.byte_begin()) ++m;
    if (m < markup.size() && t.byte_begin() >= markup[m].first &&
        t.byte_end() <= markup[m].second) {
      continue;
    }
    // 李/nr 克强/nr: one name.
    if (i + 1 < words.size() && t.tag().starts_with("nr") &&
        CodePointCount(t.text()) == 1) {
      const v1::Token& given = *words[i + 1];
      size_t n = CodePointCount(given.text());
      if (given.tag().starts_with("nr") && n >= 1 && n <= 2 &&
          given.byte_begin() == t.byte_end()) {
        terms.push_back({std::string(TermOf(t)) + std::string(TermOf(given)),
                         t.byte_begin(), given.byte_end(), "nr"});
        ++i;
        continue;
      }
    }
    if (!IsCandidate(t)) continue;
    terms.push_back(
        {std::string(TermOf(t)), t.byte_begin(), t.byte_end(), t.tag()});
  }
  return terms;
}

FieldTerms KeywordExtractor::ArticleTerms(
    const v1::SegmentedField* title, const v1::SegmentedField* body,
    const v1::SegmentedField* captions) const {
  FieldTerms terms;
  if (title != nullptr) terms.title = Terms(*title);
  if (body != nullptr) terms.body = Terms(*body);
  if (captions != nullptr) terms.captions = Terms(*captions);
  terms.index =
      TermIndex(terms.title.size() + terms.body.size() + terms.captions.size());
  for (auto* field : {&terms.title, &terms.body, &terms.captions}) {
    for (TermOccurrence& t : *field) t.id = terms.index.Add(t.term);
  }
  terms.idf.resize(terms.index.size());
  for (uint32_t id = 0; id < terms.idf.size(); ++id) {
    terms.idf[id] = idf_->Idf(terms.index.name(id));
  }
  return terms;
}

namespace {

TermScores ToTermScores(const FieldTerms& terms, const TermScoreVector& v) {
  TermScores scores;
  scores.reserve(v.size());
  for (uint32_t id = 0; id < v.size(); ++id) {
    scores.emplace(terms.index.name(id), v[id]);
  }
  return scores;
}

void ScaleToMax(TermScoreVector* scores) {
  double best = 0;
  for (double v : *scores) best = std::max(best, v);
  if (best <= 0) return;
  for (double& v : *scores) v /= best;
}

}  // namespace

TermScores KeywordExtractor::TfIdf(const v1::SegmentedField* title,
                                   const v1::SegmentedField* body,
                                   const v1::SegmentedField* captions) const {
  return TfIdf(ArticleTerms(title, body, captions));
}

TermScores KeywordExtractor::TfIdf(const FieldTerms& terms) const {
  return ToTermScores(terms, TfIdfById(terms));
}

TermScoreVector KeywordExtractor::TfIdfById(const FieldTerms& terms) const {
  TermScoreVector weights(terms.index.size(), 0.0);
  double total = 0;
  auto count = [&](const std::vector<TermOccurrence>& field, double weight) {
    for (const TermOccurrence& t : field) {
      weights[t.id] += weight;
      total += weight;
    }
  };
  count(terms.title, options_.title_weight);
  count(terms.body, 1.0);
  count(terms.captions, options_.caption_weight);
  if (total <= 0) return weights;
  for (uint32_t id = 0; id < weights.size(); ++id) {
    double& weight = weights[id];
    double tf = options_.sublinear_tf ? 1.0 + std::log(std::max(weight, 1.0))
                                      : weight / total;
    weight = tf * std::pow(BlendIdf(terms.index.name(id), terms.idf[id]),
                           options_.idf_power);
  }
  return weights;
}

TermScores KeywordExtractor::TextRank(
    const v1::SegmentedField* title, const v1::SegmentedField* body,
    const v1::SegmentedField* captions) const {
  return TextRank(ArticleTerms(title, body, captions));
}

TermScores KeywordExtractor::TextRank(const FieldTerms& terms) const {
  return ToTermScores(terms, TextRankById(terms));
}

TermScoreVector KeywordExtractor::TextRankById(const FieldTerms& terms) const {
  std::vector<std::pair<uint32_t, uint32_t>> links;
  links.reserve(
      2 * options_.textrank_window *
      (terms.title.size() + terms.body.size() + terms.captions.size()));
  for (const auto* field : {&terms.title, &terms.body, &terms.captions}) {
    const std::vector<TermOccurrence>& seq = *field;
    for (size_t i = 0; i < seq.size(); ++i) {
      for (size_t j = i + 1;
           j < seq.size() && j <= i + options_.textrank_window; ++j) {
        if (seq[i].id == seq[j].id) continue;
        links.emplace_back(seq[i].id, seq[j].id);
        links.emplace_back(seq[j].id, seq[i].id);
      }
    }
  }
  return PageRank(terms.index.size(), links, options_.textrank_damping,
                  options_.textrank_iterations);
}

TermScores KeywordExtractor::Score(const v1::SegmentedField* title,
                                   const v1::SegmentedField* body,
                                   const v1::SegmentedField* captions) const {
  return Score(ArticleTerms(title, body, captions));
}

TermScores KeywordExtractor::Score(const FieldTerms& terms) const {
  return ToTermScores(terms, ScoreById(terms));
}

TermScoreVector KeywordExtractor::ScoreById(const FieldTerms& terms) const {
  TermScoreVector scores = TfIdfById(terms);
  const double w = options_.textrank_weight;
  if (w <= 0 || scores.empty()) return scores;
  TermScoreVector rank = TextRankById(terms);
  ScaleToMax(&scores);
  ScaleToMax(&rank);
  for (size_t id = 0; id < scores.size(); ++id) {
    scores[id] = (1 - w) * scores[id] + w * rank[id];
  }
  return scores;
}

std::vector<v1::Keyword> KeywordExtractor::Top(const TermScores& scores) const {
  return TopOf({scores.begin(), scores.end()});
}

std::vector<v1::Keyword> KeywordExtractor::TopOf(
    std::vector<std::pair<std::string_view, double>> ranked) const {
  auto better = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  std::sort(ranked.begin(), ranked.end(), better);
  std::vector<std::pair<std::string_view, double>> chosen;
  for (const auto& candidate : ranked) {
    if (chosen.size() >= options_.max_keywords) break;
    const std::string_view term = candidate.first;
    if (options_.skip_function_word_fragments && !HasAsciiAlnum(term) &&
        HasFunctionWordEdge(term) && !idf_->Contains(term)) {
      continue;
    }
    if (options_.drop_overlapping && !HasAsciiAlnum(term)) {
      auto inside = [](std::string_view small, std::string_view big) {
        return small.size() < big.size() && !HasAsciiAlnum(big) &&
               big.find(small) != std::string_view::npos;
      };
      bool covered = false;
      for (const auto& c : chosen) covered = covered || inside(term, c.first);
      if (covered) continue;
      // The first better keyword inside this term gives it its place;
      // further ones are dropped.
      bool placed = false;
      for (size_t k = 0; k < chosen.size();) {
        if (!inside(chosen[k].first, term)) {
          ++k;
        } else if (!placed) {
          chosen[k].first = term;
          placed = true;
          ++k;
        } else {
          chosen.erase(chosen.begin() + static_cast<std::ptrdiff_t>(k));
        }
      }
      if (placed) continue;
    }
    chosen.push_back(candidate);
  }
  std::vector<v1::Keyword> top;
  top.reserve(chosen.size());
  const double best = chosen.empty() ? 0 : chosen[0].second;
  for (const auto& [term, score] : chosen) {
    v1::Keyword keyword;
    keyword.set_term(std::string(term));
    keyword.set_weight(best > 0 ? score / best : 0);
    top.push_back(std::move(keyword));
  }
  return top;
}

std::vector<v1::Keyword> KeywordExtractor::Keywords(
    const TermScores& scores, const v1::SegmentedField* title,
    const v1::SegmentedField* body, const v1::SegmentedField* captions) const {
  if (options_.compound_max_parts < 2) return Top(scores);
  return Keywords(scores, ArticleTerms(title, body, captions));
}

std::vector<v1::Keyword> KeywordExtractor::Keywords(
    const TermScores& scores, const FieldTerms& terms) const {
  if (options_.compound_max_parts < 2) return Top(scores);
  CompoundOptions compounds;
  compounds.max_parts = options_.compound_max_parts;
  compounds.min_occurrences = options_.compound_min_occurrences;
  return Top(MergeCompounds(
      scores, {&terms.title, &terms.body, &terms.captions}, *idf_, compounds));
}

std::vector<v1::Keyword> KeywordExtractor::KeywordsById(
    const TermScoreVector& scores, const FieldTerms& terms) const {
  std::vector<std::pair<std::string_view, double>> ranked;
  if (options_.compound_max_parts < 2) {
    ranked.reserve(scores.size());
    for (uint32_t id = 0; id < scores.size(); ++id) {
      ranked.emplace_back(terms.index.name(id), scores[id]);
    }
    return TopOf(std::move(ranked));
  }
  CompoundOptions compounds;
  compounds.max_parts = options_.compound_max_parts;
  compounds.min_occurrences = options_.compound_min_occurrences;
  std::deque<std::string> names;  // Borrowed by `ranked`.
  MergeCompounds(scores, terms, *idf_, compounds, &ranked, &names);
  return TopOf(std::move(ranked));
}

}  // namespace ink::enricher
