// Plain text copied from news sites. Lines are either chrome (dropped by the
// table in byline.cc), metadata (来源/作者/责任编辑: moved to fields), the
// title (the first substantive line) or body.
#include <string>
#include <vector>

#include "stages/cleaner/byline.h"
#include "stages/cleaner/formats.h"
#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

// A title is a single short line; longer first lines are body.
constexpr size_t kMaxTitleChars = 100;

bool IsCjkBoundary(std::string_view left, std::string_view right) {
  if (left.empty() || right.empty()) return false;
  size_t i = 0;
  char32_t first = NextChar(right, &i);
  size_t j = left.size() - 1;
  while (j > 0 && (static_cast<uint8_t>(left[j]) & 0xC0) == 0x80) --j;
  char32_t last = NextChar(left, &j);
  return IsHan(first) || IsHan(last) || first >= 0x3000 || last >= 0x3000;
}

// Text wrapped at a fixed width (blank lines between paragraphs, several
// lines per paragraph) is joined back; otherwise each line is a paragraph.
std::vector<std::string> Paragraphs(std::string_view text) {
  std::vector<std::string_view> lines = SplitLines(text);
  // Hard-wrapped text: several blank-line separated blocks of two or more
  // lines each, most lines not ending a sentence.
  size_t blocks = 0, nonblank = 0, sentence_ends = 0;
  bool in_block = false;
  for (std::string_view l : lines) {
    std::string_view t = Trim(l);
    if (t.empty()) {
      in_block = false;
      continue;
    }
    ++nonblank;
    sentence_ends += EndsLikeSentence(t);
    if (!in_block) ++blocks;
    in_block = true;
  }
  bool wrapped =
      blocks >= 3 && nonblank >= 2 * blocks && sentence_ends * 2 < nonblank;
  std::vector<std::string> out;
  std::string cur;
  for (std::string_view raw : lines) {
    std::string_view l = Trim(raw);
    if (l.empty()) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    if (!wrapped) {
      out.push_back(CollapseSpace(l));
      continue;
    }
    // Keep chrome and metadata lines separate even inside a block.
    if (ClassifyChrome(l) != Chrome::kNone || ParseByline(l, 0)) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      out.push_back(CollapseSpace(l));
      continue;
    }
    if (!cur.empty() && !IsCjkBoundary(cur, l)) cur.push_back(' ');
    cur += CollapseSpace(l);
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

}  // namespace

Status CleanPlainText(std::string_view text, const Options& options,
                      v1::CleanArticle* out) {
  auto& rules = *out->mutable_field_rules();
  // Chrome and metadata lines are looked at here only until the title or
  // the first body line is found; FinishParagraphs filters the rest the
  // same way, and doing it twice doubled the cost of short articles.
  bool started = false;
  for (std::string& p : Paragraphs(text)) {
    if (started) {
      out->add_paragraphs(std::move(p));
      continue;
    }
    Chrome chrome = ClassifyChrome(p);
    if (chrome == Chrome::kEnd && out->paragraphs_size() > 0) break;
    if (chrome != Chrome::kNone) continue;
    if (auto byline = ParseByline(p, options.default_utc_offset_minutes)) {
      MergeByline(*byline, "", out);
      if (!byline->rest.empty()) out->add_paragraphs(byline->rest);
      continue;
    }
    if (out->title().empty() && out->paragraphs_size() == 0 &&
        CharCount(p) <= kMaxTitleChars && !EndsLikeSentence(p)) {
      out->set_title(p);
      rules["title"] = "first-line";
      started = true;
      continue;
    }
    out->add_paragraphs(std::move(p));
    started = true;
  }
  FinishParagraphs(options, out);
  return Status::OK();
}

}  // namespace ink::cleaner
