// Whole-line patterns of page chrome (navigation, widgets, counters,
// trailers of related links).
#include "stages/cleaner/chrome.h"

#include <regex>
#include <string>
#include <vector>

#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

constexpr auto kRe =
    std::regex::ECMAScript | std::regex::icase | std::regex::optimize;

// One row of the table: a whole-line pattern and the literals one of which
// starts every line it matches (lower case). std::regex costs about a
// microsecond per call even when it fails at the first character, and
// ClassifyChrome runs on every line of every article, so a rule's pattern
// only runs on lines that start with one of its keys.
struct ChromeRow {
  const char* pattern;
  Chrome kind;
  std::vector<std::string_view> keys;
};

struct ChromeRule {
  std::regex re;
  Chrome kind;
  std::vector<std::string_view> keys;
};

// Whole-line patterns of page chrome. Add rows here, not special cases;
// the keys must cover how every alternative of the pattern begins
// (ChromeTest checks one line per alternative).
const std::vector<ChromeRule>& ChromeRules() {
  static const std::vector<ChromeRule> rules = [] {
    const ChromeRow rows[] = {
        {"文章正文", Chrome::kLine, {"文章正文"}},
        {"(我要)?评论\\s*(?:\\(|（)?\\s*\\d*\\s*(?:\\)|）)?",
         Chrome::kLine,
         {"我要评论", "评论"}},
        {"(已有|共有|共)\\s*\\d+\\s*(条|人)(评论|参与).{0,20}",
         Chrome::kLine,
         {"已有", "共"}},
        {"(网友)?评论\\s*(?:\\(|（)\\d+(?:\\)|）).{0,20}",
         Chrome::kLine,
         {"网友评论", "评论"}},
        {"(发表|查看|网友|热门|最新)评论.{0,20}|我来说两句.{0,20}",
         Chrome::kLine,
         {"发表评论", "查看评论", "网友评论", "热门评论", "最新评论",
          "我来说两句"}},
        {"分享到.{0,60}|分享(?::|：).{0,60}", Chrome::kLine, {"分享"}},
        {"(?:【|\\[)?(打印|打印本页|打印此文|关闭|关闭窗口|关闭本页|返回顶部|"
         "回到顶部|"
         "收藏|收藏本文|举报|纠错|复制链接|返回首页|返回列表)(?:】|\\])?"
         "(\\s*(?:【|\\[)?(打印|打印本页|关闭|关闭窗口|收藏|返回顶部)(?:】|\\])"
         "?)*",
         Chrome::kLine,
         {"【", "[", "打印", "关闭", "返回顶部", "回到顶部", "收藏", "举报",
          "纠错", "复制链接", "返回首页", "返回列表"}},
        {"(字号|字体)(?::|：)?.{0,30}", Chrome::kLine, {"字号", "字体"}},
        {"((?:【|\\[)(?:大|中|小)(?:】|\\])\\s*)+", Chrome::kLine, {"【", "["}},
        {"(上一篇|下一篇|上一页|下一页|上一条|下一条|上篇|下篇)(?::|：)?.{0,"
         "80}",
         Chrome::kLine,
         {"上一篇", "下一篇", "上一页", "下一页", "上一条", "下一条", "上篇",
          "下篇"}},
        {"(微信)?扫一扫.{0,60}|(扫描|长按)(二维码|识别).{0,60}",
         Chrome::kLine,
         {"微信扫一扫", "扫一扫", "扫描", "长按"}},
        {"(点击|浏览|阅读)(次数|量|数)?(?::|：)\\s*\\d+.{0,20}",
         Chrome::kLine,
         {"点击", "浏览", "阅读"}},
        {"(原文链接|本文链接|文章链接)(?::|：).{0,200}",
         Chrome::kLine,
         {"原文链接", "本文链接", "文章链接"}},
        {"(版权所有|copyright|©).{0,160}",
         Chrome::kLine,
         {"版权所有", "copyright", "©"}},
        {"(免责声明|特别声明)(?::|：).{0,300}",
         Chrome::kLine,
         {"免责声明", "特别声明"}},
        {"(share|print|email|tweet|share this( article| story)?|advertisement|"
         "skip to (main )?content|read more|sign up|subscribe)",
         Chrome::kLine,
         {"share", "print", "email", "tweet", "advertisement", "skip to",
          "read more", "sign up", "subscribe"}},
        {"(?:【|\\[)?(相关链接|相关新闻|相关阅读|相关文章|相关推荐|推荐阅读|"
         "延伸阅读|"
         "热门推荐|热点推荐|猜你喜欢|更多新闻|相关报道)(?:】|\\])?(?::|：)?",
         Chrome::kEnd,
         {"【", "[", "相关", "推荐阅读", "延伸阅读", "热门推荐", "热点推荐",
          "猜你喜欢", "更多新闻"}},
        // Placeholders that scripts replace ("Loading prices for your
        // region…"), left in collapsed tabs and panels.
        // At most four words follow ("Loading the trucks took the crew all
        // night..." is prose).
        {"loading(\\s+\\S+){0,4}\\s*(…|\\.\\.\\.)", Chrome::kLine, {"loading"}},
        {"(related (articles|stories|coverage)|more from .{0,40}|you may also "
         "like)",
         Chrome::kEnd,
         {"related", "more from", "you may also like"}},
    };
    std::vector<ChromeRule> out;
    for (const ChromeRow& row : rows) {
      out.push_back({std::regex(std::string("^(?:") + row.pattern + ")$", kRe),
                     row.kind, row.keys});
    }
    return out;
  }();
  return rules;
}

bool StartsWithAnyKey(std::string_view lower,
                      const std::vector<std::string_view>& keys) {
  for (std::string_view k : keys) {
    if (lower.substr(0, k.size()) == k) return true;
  }
  return false;
}

// A photo credit printed under a picture: "Photo: Jane Doe, AP", "Alex
// Wong | Getty Images", "Jo Roe/Hindustan Times/Getty Images". Short, and
// either labelled or ending in a photo agency after a separator.
bool IsPhotoCredit(std::string_view s, std::string_view lower) {
  if (s.size() > 100) return false;
  for (std::string_view label : {"photo:", "photos:", "photograph:",
                                 "photo by ", "image:", "picture:"}) {
    // "Photo Credit: www.example.com" under a roundup's items names the
    // item's source, which readers keep with it.
    if (lower.substr(0, label.size()) == label) return true;
  }
  for (std::string_view agency :
       {"getty images", "afp", "ap", "reuters", "shutterstock", "istock", "epa",
        "ap photo", "afp/getty images", "alamy"}) {
    if (lower.size() <= agency.size() + 2 ||
        lower.substr(lower.size() - agency.size()) != agency)
      continue;
    std::string_view before =
        Trim(lower.substr(0, lower.size() - agency.size()));
    if (!before.empty() &&
        (before.back() == ',' || before.back() == '|' || before.back() == '/'))
      return true;
  }
  return false;
}

// A promotion line: a bracketed call to action anywhere in it
// ("...人物评选火热进行中！【点击投票】", "【点击进入】"). Article sentences
// name links in running text, not in 【】 buttons.
bool HasBracketedCallToAction(std::string_view s) {
  constexpr std::string_view kOpen = "【点击";
  size_t at = s.find(kOpen);
  if (at == std::string_view::npos) return false;
  size_t close = s.find("】", at + kOpen.size());
  // The button's label is a word or two: up to 6 more Han characters.
  return close != std::string_view::npos && close - at - kOpen.size() <= 18;
}

}  // namespace

// Strips "- ", "* ", "· ", "• " list markers that copied navigation keeps.
std::string_view StripListMarker(std::string_view s) {
  s = Trim(s);
  for (std::string_view m : {"- ", "* ", "· ", "• ", "·", "•"}) {
    if (s.substr(0, m.size()) == m) return Trim(s.substr(m.size()));
  }
  return s;
}

Chrome ClassifyChrome(std::string_view line) {
  std::string_view s = StripListMarker(line);
  if (s.empty() || s.size() > 400) return Chrome::kNone;
  // The patterns ignore ASCII case; so do the keys.
  std::string lower = AsciiLower(s);
  if (IsPhotoCredit(s, lower)) return Chrome::kLine;
  if (HasBracketedCallToAction(s)) return Chrome::kLine;
  std::string text;  // `s` as std::regex wants it, made on first use.
  for (const ChromeRule& r : ChromeRules()) {
    if (!StartsWithAnyKey(lower, r.keys)) continue;
    if (text.empty()) text = std::string(s);
    if (std::regex_match(text, r.re)) return r.kind;
  }
  return Chrome::kNone;
}

}  // namespace ink::cleaner
