// Turns a part of a page into paragraphs and images: every block element
// is a paragraph, a short line that shares a frame with an image is its
// caption; then mends the article's paragraphs (drop caps, repeats).
#include "stages/cleaner/html_paragraphs.h"

#include <cctype>
#include <cstdlib>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "stages/cleaner/byline.h"
#include "stages/cleaner/html_dom.h"
#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

// Text a frame around an image and its caption may hold besides the caption
// (a photo credit, "enlarge").
constexpr size_t kMaxFrameExtraChars = 20;
// A block this short that holds a form is a sign-up box (see Walk).
constexpr size_t kMaxFormBoxChars = 600;
// Repeats of paragraphs this long are dropped (see DropRepeats).
constexpr size_t kMinRepeatChars = 40;
// An image narrower or lower than this many pixels is an icon (see IsIcon).
constexpr int kMaxIconPixels = 60;
// A footnote marker's text is at most this long ("[12]", see IsNoteMarker).
constexpr size_t kMaxNoteMarkerChars = 4;

// Walks a subtree and turns its blocks into paragraphs and images. A short
// paragraph right after an image is the image's caption (not body).
class BlockCollector {
 public:
  BlockCollector(const Options& options, const PageAnalysis* page)
      : options_(options), page_(page) {}

  void Walk(const GumboNode* n) {
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
      cur_ += n->v.text.text;
      return;
    }
    if (n->type == GUMBO_NODE_WHITESPACE) {
      cur_ += ' ';
      return;
    }
    if (!IsElement(n)) return;
    GumboTag t = n->v.element.tag;
    if (IsSkipElement(n)) return;
    if (page_) {
      const Stats& st = page_->Of(n);
      if (st.excluded) return;
      // Lists and boxes of links inside the article (related stories);
      // but not a list the text introduces ("Many patches were sent:"),
      // nor a section of the article that holds prose besides its lists
      // of links (those are judged on their own below).
      bool list = t == GUMBO_TAG_UL || t == GUMBO_TAG_OL || t == GUMBO_TAG_DL;
      if ((list || t == GUMBO_TAG_DIV || t == GUMBO_TAG_TABLE ||
           t == GUMBO_TAG_SECTION) &&
          st.chars > 0 && page_->LinkDensity(n) > 0.5 &&
          !((list || WrapsList(n)) && IsIntroducedList(*page_, n)) &&
          !(!list && HoldsProseParagraph(*page_, n)))
        return;
      // Sign-up and contact boxes in the article: a few lines of prose
      // around a form. (A form that wraps the whole article is the page's.)
      if (st.form && !blocks_.empty() && st.chars < kMaxFormBoxChars &&
          (t == GUMBO_TAG_DIV || t == GUMBO_TAG_SECTION ||
           t == GUMBO_TAG_FORM || t == GUMBO_TAG_ASIDE))
        return;
    }
    if (t == GUMBO_TAG_IMG) {
      // An icon inside a line ("leaving site" arrows after a link, emoji
      // pictures) is neither a picture of the article nor a break in the
      // text.
      if (IsIcon(n)) return;
      Flush();
      AddImage(n);
      return;
    }
    // A footnote marker (<sup><a href="#note-2">2</a></sup>) points to a
    // list of sources the extractor leaves out; in the text it reads as a
    // stray number ("development 2 .").
    if (t == GUMBO_TAG_SUP && IsNoteMarker(n)) return;
    if (t == GUMBO_TAG_BR) {
      Flush();
      return;
    }
    if (t == GUMBO_TAG_FIGCAPTION) {
      Flush();
      std::string saved = std::move(cur_);
      cur_.clear();
      WalkChildren(n);
      std::string caption = CollapseSpace(cur_);
      cur_ = std::move(saved);
      if (!images_.empty() && images_.back().caption().empty()) {
        images_.back().set_caption(caption);
        pending_image_ = false;
      } else if (!caption.empty()) {
        paragraphs_.push_back(caption);
      }
      return;
    }
    bool block = IsBlockTag(t);
    if (block) {
      Flush();
      blocks_.push_back(n);
    }
    bool heading = IsHeading(t);
    if (heading) in_heading_ = true;
    WalkChildren(n);
    if (block) {
      Flush();
      blocks_.pop_back();
    }
    if (heading) in_heading_ = false;
  }

  std::vector<std::string> TakeParagraphs() { return std::move(paragraphs_); }
  std::vector<v1::Image> TakeImages() { return std::move(images_); }

 private:
  void WalkChildren(const GumboNode* n) {
    const GumboVector& kids = Children(n);
    for (unsigned i = 0; i < kids.length; ++i)
      Walk(static_cast<const GumboNode*>(kids.data[i]));
  }

  // True if the image `n` is an icon or a spacer: its width or height is
  // given in pixels below kMaxIconPixels.
  static bool IsIcon(const GumboNode* n) {
    for (const char* dim : {"width", "height"}) {
      std::string_view v = Attr(n, dim);
      if (!v.empty() && v.find('%') == std::string_view::npos &&
          std::atoi(std::string(v).c_str()) > 0 &&
          std::atoi(std::string(v).c_str()) < kMaxIconPixels)
        return true;
    }
    return false;
  }

  // True if the superscript `n` is a footnote marker: a link within the
  // page ("#cite-2") whose text is a short number or label ("2", "[3]",
  // "a"), and nothing else.
  static bool IsNoteMarker(const GumboNode* n) {
    std::string text = TextOf(n);
    if (text.empty() || CharCount(text) > kMaxNoteMarkerChars) return false;
    const GumboNode* link = nullptr;
    std::vector<const GumboNode*> stack = {n};
    while (!stack.empty()) {
      const GumboNode* x = stack.back();
      stack.pop_back();
      if (!IsElement(x)) continue;
      if (x->v.element.tag == GUMBO_TAG_A) {
        if (link) return false;
        link = x;
        continue;
      }
      const GumboVector& kids = Children(x);
      for (unsigned i = 0; i < kids.length; ++i)
        stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
    }
    if (!link || Trim(Attr(link, "href")).substr(0, 1) != "#") return false;
    // Brackets may sit outside the link: <sup>[<a>3</a>]</sup>.
    std::string bare;
    for (char c : text) {
      if (c != '[' && c != ']' && c != '(' && c != ')') bare += c;
    }
    return !bare.empty() && Trim(bare) == Trim(TextOf(link));
  }

  void AddImage(const GumboNode* n) {
    std::string_view src = Attr(n, "src");
    // Lazy-loading pages keep the real address elsewhere.
    for (const char* alt :
         {"data-src", "data-original", "data-url", "data-lazy-src"}) {
      if (src.empty() || src.substr(0, 5) == "data:") {
        std::string_view v = Attr(n, alt);
        if (!v.empty()) src = v;
      }
    }
    if (src.empty() || src.substr(0, 5) == "data:") return;
    v1::Image img;
    img.set_url(std::string(Trim(src)));
    images_.push_back(std::move(img));
    pending_image_ = true;
    image_node_ = n;
  }

  void Flush() {
    std::string p = CollapseSpace(cur_);
    cur_.clear();
    if (p.empty()) return;
    if (pending_image_) {
      pending_image_ = false;
      if (!in_heading_ && CharCount(p) <= options_.max_caption_chars &&
          SharesFrameWithImage(p) && images_.back().caption().empty() &&
          ClassifyChrome(p) == Chrome::kNone &&
          !ParseByline(p, options_.default_utc_offset_minutes)) {
        images_.back().set_caption(p);
        // A caption in the image's own paragraph (<p><img><br>text</p>,
        // as Chinese portals print them) is also a line of the article;
        // one in a figure or photo box is not.
        if (!blocks_.empty() && blocks_.back()->v.element.tag == GUMBO_TAG_P &&
            InBlock(image_node_, blocks_.back()))
          paragraphs_.push_back(std::move(p));
        return;
      }
    }
    paragraphs_.push_back(std::move(p));
  }

  // True if the text being flushed and the pending image sit in a frame
  // of their own (a <figure>, a photo box): the smallest element holding
  // both has little text besides `p`. A paragraph that merely follows an
  // image in the article's flow shares only the article with it, and is
  // body text however short.
  bool SharesFrameWithImage(std::string_view p) const {
    if (!page_ || blocks_.empty() || !image_node_) return true;
    const GumboNode* text_block = blocks_.back();
    const GumboNode* common = nullptr;
    for (const GumboNode* a = text_block; a && !common; a = a->parent) {
      for (const GumboNode* b = image_node_; b; b = b->parent) {
        if (a == b) {
          common = a;
          break;
        }
      }
    }
    if (!common) return false;
    return page_->Of(common).chars <= VisibleChars(p) + kMaxFrameExtraChars;
  }

  // True if `n` is `block` or inside it.
  static bool InBlock(const GumboNode* n, const GumboNode* block) {
    for (; n; n = n->parent) {
      if (n == block) return true;
    }
    return false;
  }

  const Options& options_;
  const PageAnalysis* page_;
  // Block elements being walked, innermost last.
  std::vector<const GumboNode*> blocks_;
  const GumboNode* image_node_ = nullptr;  // Of the pending image.
  std::string cur_;
  bool pending_image_ = false;
  bool in_heading_ = false;
  std::vector<std::string> paragraphs_;
  std::vector<v1::Image> images_;
};

}  // namespace

ExtractedContent CollectBlocks(const std::vector<const GumboNode*>& roots,
                               const PageAnalysis& page,
                               const Options& options) {
  BlockCollector collector(options, &page);
  for (const GumboNode* n : roots) collector.Walk(n);
  ExtractedContent result;
  result.paragraphs = collector.TakeParagraphs();
  result.images = collector.TakeImages();
  return result;
}

void RestoreDropCap(const GumboNode* first_block,
                    std::vector<std::string>* paragraphs) {
  if (paragraphs->empty() || !first_block->parent) return;
  const std::string& p = paragraphs->front();
  if (p.empty() || !std::islower(static_cast<unsigned char>(p[0]))) return;
  const GumboVector& sibs = Children(first_block->parent);
  const GumboNode* prev = nullptr;
  for (unsigned i = 0; i < sibs.length; ++i) {
    const GumboNode* s = static_cast<const GumboNode*>(sibs.data[i]);
    if (s == first_block) break;
    if (IsElement(s) && !IsSkipElement(s) && !IsHidden(s)) prev = s;
  }
  if (!prev) return;
  std::string letter = TextOf(prev);
  if (letter.size() == 1 && std::isupper(static_cast<unsigned char>(letter[0])))
    paragraphs->front().insert(0, 1, letter[0]);
}

std::vector<std::string> DropRepeats(std::vector<std::string> paragraphs) {
  std::unordered_set<std::string> seen;
  std::vector<std::string> out;
  for (std::string& p : paragraphs) {
    if (CharCount(p) >= kMinRepeatChars && !seen.insert(p).second) continue;
    out.push_back(std::move(p));
  }
  return out;
}

ExtractedContent CollectAll(const GumboNode* n, const Options& options) {
  BlockCollector c(options, nullptr);
  c.Walk(n);
  ExtractedContent result;
  result.paragraphs = c.TakeParagraphs();
  result.images = c.TakeImages();
  return result;
}

std::vector<std::string> LinesOf(const GumboNode* n, const Options& options) {
  BlockCollector c(options, nullptr);
  c.Walk(n);
  return c.TakeParagraphs();
}

}  // namespace ink::cleaner
