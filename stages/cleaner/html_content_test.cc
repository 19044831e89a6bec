// Tests of html_content.{h,cc} through CleanHtmlPage on pages written for them.
#include "stages/cleaner/html_content.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "stages/cleaner/cleaner.h"
#include "stages/cleaner/html_dom.h"
#include "stages/cleaner/html_page_analysis.h"

namespace ink::cleaner {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

v1::CleanArticle CleanPage(const std::string& html) {
  v1::RawDocument raw;
  raw.set_content(html);
  raw.set_filename("page.html");
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  Status s = cleaner.Clean(raw, &a);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return a;
}

std::string BodyOf(const v1::CleanArticle& a) {
  std::string out;
  for (const std::string& p : a.paragraphs()) out += p + "\n";
  return out;
}

// The statistics take shortcuts for ASCII text and for elements without
// attributes; they count and exclude as the full tests do: tabs, no-break
// and ideographic spaces are not characters, DEL and CJK are; an element
// without attributes is kept, hidden and furniture-named ones are not.
TEST(HtmlContentTest, PageStatisticsCountTextAndExcludeByAttributes) {
  EXPECT_EQ(VisibleChars("a b\tc\x7F\u00A0新\u3000闻 "), 6u);
  std::string html =
      "<html><body><div id=root>"
      "<div><p>Plain text <b>bold</b></p></div>"
      "<div hidden><p>Hidden by attribute</p></div>"
      "<div style=\"color:red; DISPLAY:NONE\"><p>Hidden by style</p></div>"
      "<div class=\"Sidebar-Box\"><p>Furniture</p></div>"
      "<div role=\"tooltip\">Tip</div>"
      "</div></body></html>";
  GumboPtr doc = Parse(html);
  const GumboNode* body = nullptr;
  std::vector<const GumboNode*> stack = {doc->root};
  std::vector<const GumboNode*> divs;
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (!IsElement(n)) continue;
    if (n->v.element.tag == GUMBO_TAG_BODY) body = n;
    if (n->v.element.tag == GUMBO_TAG_DIV && Attr(n, "id").empty())
      divs.insert(divs.begin(), n);
    const GumboVector& kids = Children(n);
    for (unsigned i = 0; i < kids.length; ++i)
      stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  ASSERT_NE(body, nullptr);
  ASSERT_EQ(divs.size(), 5u);
  PageAnalysis page(body, /*class_filter=*/true);
  EXPECT_FALSE(page.Of(divs[0]).excluded);
  EXPECT_EQ(page.Of(divs[0]).chars, 13u);  // "Plaintextbold".
  for (size_t i = 1; i < divs.size(); ++i)
    EXPECT_TRUE(page.Of(divs[i]).excluded) << i;
  EXPECT_EQ(page.Of(body).chars, 13u);
  PageAnalysis unfiltered(body, /*class_filter=*/false);
  EXPECT_FALSE(unfiltered.Of(divs[3]).excluded);
  EXPECT_EQ(unfiltered.Of(body).chars, 22u);  // With "Furniture".
}

// Trees live in an arena freed with them: a page far larger than one
// chunk (long text nodes, thousands of elements) parses whole, two trees
// can be alive at once, and attributes are found in any case.
TEST(HtmlContentTest, ArenaParsedTreesAreWholeAndIndependent) {
  std::string page = "<html><body><DIV ID=Main Hidden>";
  for (int i = 0; i < 3000; ++i)
    page += "<p class=\"para\">Paragraph " + std::to_string(i) + "</p>";
  const std::string long_text(100000, 'x');
  page += "<pre>" + long_text + "</pre></DIV></body></html>";
  GumboPtr doc = Parse(page);
  GumboPtr small = Parse("<p TITLE=\"Small\">tiny</p>");
  std::vector<const GumboNode*> stack = {doc->root};
  int paragraphs = 0;
  const GumboNode* main = nullptr;
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (!IsElement(n)) continue;
    if (n->v.element.tag == GUMBO_TAG_P) ++paragraphs;
    if (n->v.element.tag == GUMBO_TAG_DIV) main = n;
    const GumboVector& kids = Children(n);
    for (unsigned i = 0; i < kids.length; ++i)
      stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
  }
  EXPECT_EQ(paragraphs, 3000);
  ASSERT_NE(main, nullptr);
  EXPECT_EQ(Attr(main, "id"), "Main");
  EXPECT_EQ(Attr(main, "ID"), "Main");
  EXPECT_NE(FindAttr(main, "hidden"), nullptr);
  EXPECT_EQ(FindAttr(main, "class"), nullptr);
  EXPECT_EQ(TextOf(main).size(),
            TextOf(main).find(long_text) + long_text.size());
  doc.reset();
  EXPECT_EQ(TextOf(small->root), "tiny");
}

// A tooltip is named by the last word of a class name (after "-" or "_",
// before a CSS module's "__hash"), in any case; the word elsewhere in the
// name does not make one.
TEST(HtmlContentTest, TooltipClassNamesAreReadWordByWord) {
  auto excluded = [](const std::string& cls) {
    GumboPtr doc = Parse("<html><body><div><span class=\"" + cls +
                         "\"><b>Definition</b></span> of a word in a "
                         "sentence long enough.</div></body></html>");
    const GumboNode* span = nullptr;
    std::vector<const GumboNode*> stack = {doc->root};
    const GumboNode* body = nullptr;
    while (!stack.empty()) {
      const GumboNode* n = stack.back();
      stack.pop_back();
      if (!IsElement(n)) continue;
      if (n->v.element.tag == GUMBO_TAG_SPAN) span = n;
      if (n->v.element.tag == GUMBO_TAG_BODY) body = n;
      const GumboVector& kids = Children(n);
      for (unsigned i = 0; i < kids.length; ++i)
        stack.push_back(static_cast<const GumboNode*>(kids.data[i]));
    }
    PageAnalysis page(body, /*class_filter=*/false);
    return page.Of(span).excluded;
  };
  EXPECT_TRUE(excluded("term-tooltip"));
  EXPECT_TRUE(excluded("x Term_TOOLTIP__8VNIW"));
  EXPECT_TRUE(excluded("a\tb\ntooltip"));
  EXPECT_FALSE(excluded("tooltip-trigger"));
  EXPECT_FALSE(excluded("tooltips"));
  EXPECT_FALSE(excluded("my__tooltip"));
}

// A page builder's layout: every block of the article is a wrapper holding
// one text widget, and the blocks are siblings in a column.
TEST(HtmlContentTest, BlocksOfOnePageBuilderArticleAreMerged) {
  auto block = [](const std::string& inner) {
    return "<div class=\"layout-block text-block\"><div "
           "class=\"block-inner\"><div class=\"rich-text\">" +
           inner + "</div></div></div>";
  };
  std::string page =
      "<html><head><title>Catering trends</title></head><body>"
      "<div class=\"col\">" +
      block(
          "<p>Office catering is changing quickly, and the menus of this "
          "year look very different from the trays of sandwiches we all "
          "remember from training days.</p><h2>Trend one: lighter "
          "lunches</h2>") +
      block(
          "<p>Salad bars and grain bowls let every guest build a plate that "
          "suits them, and they keep people awake through the afternoon "
          "sessions of a long meeting.</p><p>Caterers now label every "
          "dish with its allergens, which saves the organiser a dozen "
          "questions at the door.</p><p>Portions are smaller, with a second "
          "round offered later, so less food ends up thrown away at the end "
          "of the day, which clients have noticed.</p><p>Drinks follow the "
          "same idea: water stations and fresh juices instead of a crate "
          "of soft drinks in the corner of the room.</p><p>Breakfast, too, "
          "has moved on: porridge, fruit and yoghurt have replaced the "
          "pastries, and coffee comes from a proper machine.</p><p>Late "
          "meetings get a light supper, served at the table, rather than "
          "pizza boxes on a side desk, which guests appreciate.</p>") +
      block("<h2>Trend two: local food</h2>") +
      block(
          "<p>Local suppliers are the second trend, because clients ask "
          "where the food comes from and like to hear the name of the farm "
          "that grew it.</p>") +
      "</div><div class=\"sidebar-links\"><a href=\"/a\">Our menus</a> "
      "<a href=\"/b\">Book a tasting</a> <a href=\"/c\">Contact us</a>"
      "</div></body></html>";
  v1::CleanArticle a = CleanPage(page);
  std::string body = BodyOf(a);
  EXPECT_THAT(body, HasSubstr("Office catering is changing quickly"));
  EXPECT_THAT(body, HasSubstr("Salad bars and grain bowls"));
  EXPECT_THAT(body, HasSubstr("Local suppliers are the second trend"));
  // A block with a heading only has no score of its own; its class makes
  // it part of the article.
  EXPECT_THAT(body, HasSubstr("Trend two: local food"));
  EXPECT_THAT(body, Not(HasSubstr("Book a tasting")));
}

// A short paragraph that follows an inline picture in the article's flow is
// body text; text framed with a picture in a box of its own is its caption.
TEST(HtmlContentTest, OnlyTextFramedWithAPictureIsItsCaption) {
  constexpr char kPage[] =
      R"(<html><head><title>山区学校来了新校长</title></head><body>
<div class="article-text">
<p>老校长退休后，拒绝了高薪聘请，来到贵州山区一所中学支教，条件只有一个：解决吃住，分文不取。</p>
<p><img src="https://img.example.com/school/1.jpg"></p>
<p>邀请说出口，局长自己都觉得不切实际。</p>
<p>他到任后先改造食堂，又从课堂纪律抓起，两年后这所学校的升学人数翻了一番，家长们都说变化看得见。</p>
<div class="photo"><img src="https://img.example.com/school/2.jpg"><span>学生们在新食堂就餐。</span></div>
<p>如今，周边县城的不少校长都来这里取经，学习他管理学校、培养教师的办法，当地教育面貌焕然一新。</p>
</div></body></html>)";
  v1::CleanArticle a = CleanPage(kPage);
  std::string body = BodyOf(a);
  EXPECT_THAT(body, HasSubstr("邀请说出口，局长自己都觉得不切实际。"));
  EXPECT_THAT(body, Not(HasSubstr("学生们在新食堂就餐")));
  ASSERT_EQ(a.images_size(), 2);
  EXPECT_EQ(a.images(0).caption(), "");
  EXPECT_EQ(a.images(1).caption(), "学生们在新食堂就餐。");
}

// Newsletter sign-up boxes and affiliate disclaimers inside the article
// are page furniture.
TEST(HtmlContentTest, SubscriptionBoxAndDisclaimerLeaveTheArticle) {
  constexpr char kPage[] =
      R"(<html><head><title>Patching home routers</title></head><body>
<article><div class="entry-content">
<p>Most home routers never receive a firmware update after the day they are installed, which leaves old holes open for years.</p>
<p>Check the maker's support page twice a year, and replace any router that no longer gets updates at all, however well it works.</p>
<p>Turn off remote administration unless you really need it, and change the default password before the router goes online.</p>
<p class="affiliate-disclaimer">As an affiliate we earn from qualifying purchases made through the links on this page.</p>
<div class="post-subscription-box"><p>Would you like to receive notifications about new posts?</p>
<form><input type="email"><button>Sign me up</button></form></div>
</div></article></body></html>)";
  v1::CleanArticle a = CleanPage(kPage);
  std::string body = BodyOf(a);
  EXPECT_THAT(body, HasSubstr("Turn off remote administration"));
  EXPECT_THAT(body, Not(HasSubstr("receive notifications")));
  EXPECT_THAT(body, Not(HasSubstr("qualifying purchases")));
}

// Page builders number every block in its class ("elementor-element-1a2b3c
// e-con e-child"): blocks that differ only in those numbered names are one
// article, even a block holding only a heading.
TEST(HtmlContentTest, NumberedClassNamesDoNotSplitAPageBuilderArticle) {
  int next = 0;
  auto block = [&next](const std::string& inner) {
    return "<div class=\"elementor-element elementor-element-" +
           std::to_string(1000 + 7 * next++) +
           "f e-con e-child\"><div class=\"widget-container\">" + inner +
           "</div></div>";
  };
  std::string paragraphs;
  for (int i = 0; i < 14; ++i) {
    paragraphs +=
        "<p>Paragraph " + std::to_string(i) +
        " of the first section explains, in plain words and with an "
        "example or two, how a compost heap turns kitchen scraps into "
        "soil.</p>";
  }
  std::string page =
      "<html><head><title>Composting</title></head><body><div "
      "class=\"column\">" +
      block(paragraphs) + block("<h2>Which bin to buy</h2>") +
      block(
          "<p>A closed bin keeps rats out, and it holds the heat that "
          "speeds the whole process up in winter.</p>") +
      "</div><div class=\"sidebar-links\"><a href=\"/a\">Shop</a> <a "
      "href=\"/b\">Courses</a></div></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("Paragraph 0 of the first section"));
  EXPECT_THAT(body, HasSubstr("Which bin to buy"));
  EXPECT_THAT(body, Not(HasSubstr("Courses")));
}

// A lead set apart above the article body (a definition box, an excerpt)
// is part of the article; a box of prose below it (the author's bio) and a
// sign-up box with a form are not.
TEST(HtmlContentTest, LeadBoxAboveTheArticleIsKept) {
  std::string paragraphs;
  for (int i = 0; i < 8; ++i) {
    paragraphs +=
        "<p>Point " + std::to_string(i) +
        ": a budget works best when every expense has a line of its own, "
        "checked against the bank statement at the end of each month.</p>";
  }
  std::string page =
      "<html><head><title>Budgeting</title></head><body><main>"
      "<div class=\"signup-box\"><p>Get our free budgeting workbook every "
      "month, with worksheets for each of your accounts.</p><form><input "
      "type=\"email\"><button>Send it</button></form></div>"
      "<div class=\"definition\"><div class=\"label\">Definition</div><div "
      "class=\"definition-text\"><p>A budget is a plan for how money coming "
      "in will be spent, saved or invested over a given period.</p></div>"
      "</div><div class=\"article-body\">" +
      paragraphs +
      "</div><div class=\"writer-box\"><p>Sam Lee has written about "
      "household money for ten years and lives in Leeds with two cats.</p>"
      "</div></main></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("A budget is a plan for how money"));
  EXPECT_THAT(body, HasSubstr("Point 7: a budget works best"));
  EXPECT_THAT(body, Not(HasSubstr("free budgeting workbook")));
  EXPECT_THAT(body, Not(HasSubstr("Sam Lee has written")));
}

// Chinese portals print a picture and its caption in one paragraph
// (<p><img><br>caption</p>): the caption is a line of the article as well
// as the picture's caption.
TEST(HtmlContentTest, CaptionInThePictureParagraphStaysInTheBody) {
  constexpr char kPage[] =
      R"(<html><head><title>庄园新院门</title></head><body>
<div class="article-text">
<p>游戏每周的版本更新都安排在周四，玩家总是提前守在官方微博，期待能第一个看到更新内容和新的玩法。</p>
<p>这周更新后，玩家发现每个庄园都多了一批可以自由写字的院门，官方还亲自写了一批横幅和对联。</p>
<p align="center"><img src="https://img.example.com/gate/1.jpg"><br>我不要你觉得，我就要我觉得。横批：明言明语</p>
<p>院门上线后，玩家们纷纷在自己的庄园里写下各种对联，截图分享到社区，引来许多围观和点赞。</p>
</div></body></html>)";
  v1::CleanArticle a = CleanPage(kPage);
  EXPECT_THAT(BodyOf(a), HasSubstr("横批：明言明语"));
  ASSERT_EQ(a.images_size(), 1);
  EXPECT_EQ(a.images(0).caption(),
            "我不要你觉得，我就要我觉得。横批：明言明语");
}

// A <video>'s text is the fallback of browsers that cannot play it.
TEST(HtmlContentTest, VideoFallbackTextIsNotBody) {
  constexpr char kPage[] =
      R"(<html><head><title>女民警一天拨打百个电话</title></head><body>
<div class="post_body">
<p>近日，一位女民警为了提醒群众防范诈骗，一天之内拨打了一百多个电话，结果手机号码被电信公司暂停服务。</p>
<div class="video"><video controls><source type="video/mp4" src="https://v.example.com/1.mp4">您的浏览器暂时无法播放此视频。</video></div>
<p>电信公司核实情况后，很快为她恢复了服务，并表示将为反诈骗工作提供更多便利，这件事在网上引起了热议。</p>
</div></body></html>)";
  std::string body = BodyOf(CleanPage(kPage));
  EXPECT_THAT(body, HasSubstr("恢复了服务"));
  EXPECT_THAT(body, Not(HasSubstr("无法播放")));
}

// A slideshow prints each caption once per slide and again in a thumbnail
// strip; only the first copy of a paragraph stays.
TEST(HtmlContentTest, RepeatedParagraphsAreKeptOnce) {
  const std::string caption =
      "A long row of unsold cars sits at a dealer's lot in the suburbs on "
      "Sunday, Nov. 10.";
  std::string page =
      "<html><head><title>Car sales slow</title></head><body><div "
      "class=\"story\"><p>Car sales slowed for the third month in a row in "
      "October, as buyers waited for the discounts that dealers usually "
      "offer at the end of the year.</p><div class=\"slide\"><p>" +
      caption + "</p></div><div class=\"slide\"><p>" + caption +
      "</p></div><p>Dealers said stock was piling up and that they expected "
      "to cut prices sooner than usual, which analysts welcomed.</p><div "
      "class=\"slide\"><p>" +
      caption + "</p></div></div></body></html>";
  v1::CleanArticle a = CleanPage(page);
  int copies = 0;
  for (const std::string& p : a.paragraphs()) copies += p == caption;
  EXPECT_EQ(copies, 1);
  EXPECT_THAT(BodyOf(a), HasSubstr("Dealers said stock was piling up"));
}

// An article written as sections (asciidoc's "sect1"): one section holds
// most of the prose, and must not win alone.
TEST(HtmlContentTest, SectionsOfOneArticleAreKeptTogether) {
  auto section = [](const std::string& heading, const std::string& paras) {
    return "<div class=\"sect1\"><h2>" + heading +
           "</h2><div class=\"sectionbody\">" + paras + "</div></div>";
  };
  std::string long_section;
  for (const char* target : {"ARM", "RISC-V", "MIPS", "PowerPC"}) {
    long_section += std::string(
                        "<p>The compiler now builds the standard "
                        "library for ") +
                    target +
                    ", and most of the test suite passes there, which took "
                    "several months of work on both sides of the "
                    "project.</p>";
  }
  std::string page =
      "<html><head><title>Progress report</title></head><body>"
      "<div class=\"menu-links\"><a href=\"/\">Home</a></div>"
      "<article><div class=\"content\">" +
      section("What changed", long_section) +
      section("Next steps",
              "<p>In the next months we plan to debug the remaining "
              "failures on the older architectures one test at a time.</p>"
              "<p>Help is welcome because even an investigation that does "
              "not end in a fix narrows the problem down for others.</p>") +
      section("Thanks",
              "<p>Many people sent patches and reviews this year and we are "
              "grateful to every one of them for the time they gave.</p>"
              "<p>Special thanks go to the sponsors who pay for the build "
              "machines that run the tests every night.</p>") +
      "</div></article></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("The compiler now builds"));
  EXPECT_THAT(body, HasSubstr("debug the remaining failures"));
  EXPECT_THAT(body, HasSubstr("Special thanks go to the sponsors"));
}

// Numbered class names ("row_7") number blocks; a single digit after a
// letter ("sect1") is a kind. Sections are only merged by the class they
// share.
TEST(HtmlContentTest, SectionsOfADifferentClassAreNotMerged) {
  std::string paras =
      "<p>The river rose by two metres overnight, and the town council "
      "opened the school gym for families whose houses were flooded, "
      "officials said on Tuesday.</p><p>More rain is forecast for the "
      "weekend, and the army has sent trucks and sandbags to the "
      "villages downstream.</p>";
  std::string page =
      "<html><head><title>Floods</title></head><body><main>"
      "<div class=\"story\"><div class=\"story-text\">" +
      paras +
      "</div></div><div class=\"promo\"><p>Our shop sells rain boots, "
      "umbrellas and waterproof coats for the whole family, with free "
      "delivery on every order over twenty pounds this month.</p><p>Members "
      "of the club get a second pair of boots at half price, and a "
      "discount on every coat in the winter range.</p>"
      "</div></main></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("The river rose"));
  EXPECT_THAT(body, Not(HasSubstr("rain boots")));
}

// BEM class names: "article-body__newsletter" is a newsletter box inside
// the article body, whatever the block part promises.
TEST(HtmlContentTest, FurnitureNamedInsideTheArticleBodyIsDropped) {
  std::string paras;
  for (int i = 0; i < 4; ++i) {
    paras +=
        "<p>A man pleaded guilty on Monday to threatening a member of "
        "Congress, prosecutors said, and faces up to ten years in "
        "prison.</p>";
  }
  std::string page =
      "<html><head><title>Guilty plea</title></head><body>"
      "<div class=\"article-body\"><div "
      "class=\"article-body__newsletter\"><h2>Breaking News "
      "Emails</h2><div>Get breaking news alerts and special reports, "
      "delivered weekday mornings.</div></div><div "
      "class=\"article-body__content\">" +
      paras + "</div></div></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("pleaded guilty"));
  EXPECT_THAT(body, Not(HasSubstr("Breaking News Emails")));
}

// A short box with a form in the middle of an unnamed article is a sign-up
// box, not prose.
TEST(HtmlContentTest, ShortBoxWithAFormIsDropped) {
  std::string paras;
  for (int i = 0; i < 4; ++i) {
    paras +=
        "<p>Resistance training twice a week keeps muscles strong, and "
        "short sessions done often work better than long ones done "
        "rarely.</p>";
  }
  std::string page =
      "<html><head><title>Training</title></head><body><div>" + paras +
      "<div><p>Join our mailing list for a weekly training plan.</p><form "
      "action=\"/join\"><input type=\"email\" name=\"e\"></form></div>" +
      paras + "</div></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("Resistance training"));
  EXPECT_THAT(body, Not(HasSubstr("Join our mailing list")));
}

// A class name that promises content ("container") gives no more than the
// block's own text earned: a footer container with one sentence must not
// beat a short article in an unnamed column.
TEST(HtmlContentTest, ContentClassNameDoesNotOutweighText) {
  std::string page =
      "<html><head><title>Short news</title></head><body><div id=\"page\">"
      "<div class=\"row\"><div class=\"col-md-9\">"
      "<p>The ministry announced new rules for school buses on "
      "Wednesday.</p><p>Drivers must now pass a yearly health check, and "
      "every bus needs seat belts by next year.</p><p>Parents' groups "
      "welcomed the change, which they had asked for since "
      "2015.</p><p>The first buses with belts arrive in March, the ministry "
      "said.</p><p>Schools in the north get them first, because their "
      "routes are the longest.</p></div></div>"
      "<div class=\"rodape\"><div class=\"container\">All rights reserved by "
      "Example News.</div></div></div></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("yearly health check"));
  EXPECT_THAT(body, Not(HasSubstr("All rights reserved")));
}

// Sign-up boxes and author bios by their usual class names.
TEST(HtmlContentTest, SignUpBoxAndAuthorBioAreDropped) {
  std::string paras =
      "<p>Solar panels on farm buildings produced a record share of the "
      "region's power this summer, the grid operator said.</p><p>Farmers "
      "say the panels pay for themselves within eight years, and banks now "
      "lend against them like any other machine.</p><p>The operator expects "
      "the share to grow again next year as more roofs are fitted.</p>";
  std::string page =
      "<html><head><title>Solar farms</title></head><body><div "
      "class=\"entry\">" +
      paras +
      "<div class=\"signupBox\"><p>Get our weekly energy briefing, written by "
      "our reporters and delivered on Friday mornings.</p></div><div "
      "class=\"author-bio\"><p>Emma has reported on renewable energy since "
      "2009 and joined the magazine in March 2017.</p></div></div>"
      "</body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("record share"));
  EXPECT_THAT(body, Not(HasSubstr("weekly energy briefing")));
  EXPECT_THAT(body, Not(HasSubstr("renewable energy since")));
}

// A privacy-consent banner has prose enough to beat a short article, and a
// photo gallery's overlay repeats captions and "Image 1 of 8" counters.
TEST(HtmlContentTest, ConsentBannerAndGalleryAreNotArticleText) {
  std::string page =
      "<html><head><title>Snap counts</title></head><body>"
      "<div class=\"m-privacy-consent\"><div><p>We use cookies and other "
      "tracking technologies to improve your browsing experience on our "
      "site, show personalized content and targeted ads, analyze site "
      "traffic, and understand where our audiences come from.</p><p>By "
      "choosing I Accept, you consent to our use of cookies and other "
      "tracking technologies.</p></div></div>"
      "<main><div class=\"entry\"><p>Below, we look at the snap counts of "
      "the defense in Sunday's game, player by player.</p><ul><li>The line "
      "had eleven hits on the quarterback, and eight of them came from the "
      "two starters, who played most of the snaps.</li><li>The safeties "
      "were tested after an early ejection, and both backups did a good "
      "job.</li></ul><div class=\"resgallery-container\"><p>Image 1 of "
      "8</p><p>The coach, left, talks to players on the sideline in the "
      "second half of the game on Sunday.</p><p>Back to Gallery</p></div>"
      "</div></main></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("snap counts of the defense"));
  EXPECT_THAT(body, Not(HasSubstr("We use cookies")));
  EXPECT_THAT(body, Not(HasSubstr("Back to Gallery")));
}

// A promotion above the article ends in a bracketed button, "【点击投票】":
// not a sentence of the article, however long.
TEST(HtmlContentTest, LineWithABracketedCallToActionIsDropped) {
  std::string page =
      "<html><head><title>铁路辟谣</title></head><body>"
      "<div class=\"article-content-left\"><div class=\"new_style_article\">"
      "<p>一张榜单尽显中国经济的大事与大势！年度人物评选火热进行中！【<a "
      "href=\"/vote\">点击投票</a>】选出你心目中的商业领袖</p></div>"
      "<div class=\"article\" id=\"artibody\"><p>今日有网友爆料，有六十万个账号"
      "和四百万条联系人数据在暗网低价出售。</p><p>今晚，铁路总公司通过官方微博"
      "发布辟谣消息称：网传信息不实，网站未发生用户信息泄漏。</"
      "p><p>铁路部门提醒"
      "广大旅客，请通过官方网站和客户端购票，避免非正常渠道购票带来的风险。</p>"
      "</div></div></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("网传信息不实"));
  EXPECT_THAT(body, Not(HasSubstr("点击投票")));
}

// The class filter can drop the article itself (a list of reviews in a
// "page-footer" box) and keep only the lead above it. The unfiltered pass
// finds the reviews, with the lead as their sibling: they are not text the
// filter rightly removed from around the lead, and they win.
TEST(HtmlContentTest, ArticleInAFurnitureNamedBoxBesideTheLeadIsFound) {
  std::string reviews;
  for (const char* name :
       {"Bridges", "Huso", "Yamada", "Laliko", "Noreetuh", "Yemenat"}) {
    reviews += std::string("<article class=\"venue\"><h3>") + name +
               "</h3><div class=\"venue-main\"><div class=\"excerpt\"><p>"
               "This high-spirited room serves a short menu that changes "
               "with the seasons, and the cooks talk you through every "
               "plate as it arrives at the counter.</p><p>Book a week ahead "
               "for the weekend, when the tables fill early and the kitchen "
               "runs out of the specials by nine.</p></div></div></article>";
  }
  std::string page =
      "<html><head><title>Starred restaurants</title></head><body><div "
      "class=\"page\"><div class=\"lead\"><div class=\"intro\"><p>The stars "
      "are back in New "
      "York in a big way.</p><p>Below are the honorees you can book "
      "this month from new hits to the old heavy hitters.</p><p>For "
      "the full list with every casual spot the guide recommends head over "
      "to the guide's own site.</p></div></div>"
      "<div class=\"page-footer\"><div class=\"venues\">" +
      reviews + "</div></div></div></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("The stars are back"));
  EXPECT_THAT(body, HasSubstr("Yamada"));
  EXPECT_THAT(body, HasSubstr("high-spirited room"));
}

// The class filter drops a box named like furniture ("newsletter") that
// wraps the page's one <article>, and keeps a block of testimonials
// elsewhere. The unfiltered pass finds the <article>, which holds more
// text (but not three times as much): the page's own tag for its article
// wins over the filtered block.
TEST(HtmlContentTest, SoleArticleInAFurnitureNamedBoxBeatsOtherProse) {
  std::string article;
  for (const char* day : {"Monday", "Friday"}) {
    article += std::string("<p>On ") + day +
               " resistance training keeps muscles strong into old "
               "age, and the heavier sets need longer rests of two to four "
               "minutes between them, which most people cut short.</p><p>" +
               day +
               ": stretch after the workout rather than before it, holding "
               "each position for thirty seconds while breathing slowly and "
               "evenly.</p>";
  }
  std::string quotes;
  for (const char* name : {"Stacey", "Lora", "Amy"}) {
    quotes += std::string(
                  "<div class=\"quote\"><p>I cannot stop "
                  "listening, every episode teaches me something "
                  "new about my health, thank you so much, really, ") +
              name + "!</p><p>" + name + "</p></div>";
  }
  std::string page =
      "<html><head><title>Training protocols</title></head><body>"
      "<section class=\"hero cc-newsletter\"><div class=\"wrap\">"
      "<article class=\"post\"><h1>Training protocols</h1>" +
      article + "</article></div></section><div class=\"reviews\">" + quotes +
      "</div></body></html>";
  std::string body = BodyOf(CleanPage(page));
  // The article leads the body. (The testimonials, a sibling of its
  // wrapper scoring like prose, may follow it: sibling merging.)
  EXPECT_THAT(body, StartsWith("On Monday resistance training"));
  EXPECT_THAT(body, HasSubstr("On Friday resistance training"));
}

// With several <article> elements (cards, comments) the tag names no
// article, and the filter's choice stands.
TEST(HtmlContentTest, OneOfSeveralArticlesInAFurnitureBoxDoesNotWin) {
  std::string cards;
  for (int i = 0; i < 3; ++i) {
    cards +=
        "<article class=\"card\"><p>Another story from our archive about "
        "gardens, with plenty of words in it so that it scores, and more "
        "words again, and a few more sentences after that.</p><p>More "
        "text of the card follows here, long enough to count as prose of "
        "its own in the scoring of the page.</p></article>";
  }
  std::string page =
      "<html><head><title>Tomatoes</title></head><body>"
      "<div class=\"story\"><p>Tomatoes want sun, water at the roots and a "
      "stake to climb; pinch out the side shoots every week.</p><p>Feed "
      "them once the first fruit sets, and not before, or you grow leaves "
      "instead of tomatoes all summer long.</p></div>"
      "<div class=\"related-posts\">" +
      cards + "</div></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("Tomatoes want sun"));
  EXPECT_THAT(body, Not(HasSubstr("Another story from our archive")));
}

// Prose for the tests below: a paragraph long enough to score.
std::string Prose(const std::string& topic) {
  return "<p>" + topic +
         " is a subject our readers ask about every week, and this "
         "paragraph explains it at some length, with commas, details and "
         "examples, so that it reads like the body of an article.</p>";
}

// A report whose sections list links (patches, pull requests) between
// paragraphs: the section is part of the article, and a list the text
// introduces with a colon is kept though each item is a link.
TEST(HtmlContentTest, LinkListIntroducedByTheTextIsKept) {
  std::string links;
  for (int i = 0; i < 6; ++i) {
    links += "<li><a href=\"/patch/" + std::to_string(i) +
             "\">compiler: fix the handling of case number " +
             std::to_string(i) + " in the backend</a></li>";
  }
  std::string page =
      "<html><head><title>Progress report</title></head><body><article>"
      "<div class=\"sect\"><h2>What is it?</h2><div class=\"body\">" +
      Prose("The backend") + Prose("Its design") +
      "</div></div><div class=\"sect\"><h2>Patches</h2><div "
      "class=\"body\"><p>There has been some nice progress on the compiler "
      "side lately, thanks to many contributors.</p><p>Many patches were "
      "sent for review:</p><div class=\"ulist\"><ul>" +
      links +
      "</ul></div><p>I sent all the patches that were ready in the hope "
      "that we get close to upstream for the next release.</p></div></div>"
      "<div class=\"sect\"><h2>State</h2><div class=\"body\">" +
      Prose("The state of the project") + Prose("The roadmap") +
      "</div>"
      "</div></article></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("There has been some nice progress"));
  EXPECT_THAT(body, HasSubstr("case number 3 in the backend"));
  EXPECT_THAT(body, HasSubstr("I sent all the patches"));
}

// "Related posts:" introduces a list of links too, but at the end of the
// article, with no prose after it: that list is the site's.
TEST(HtmlContentTest, LinkListAfterTheLastParagraphIsDropped) {
  std::string links;
  for (int i = 0; i < 4; ++i) {
    links += "<li><a href=\"/post/" + std::to_string(i) +
             "\">Another post about gardening tips number " +
             std::to_string(i) + "</a></li>";
  }
  std::string page =
      "<html><head><title>Tomatoes</title></head><body><article>" +
      Prose("Growing tomatoes") + Prose("Feeding tomatoes") +
      Prose("Watering tomatoes") + "<p>Related posts:</p><ul>" + links +
      "</ul></article></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("Watering tomatoes"));
  EXPECT_THAT(body, Not(HasSubstr("gardening tips number")));
}

// A guide stacks <section>s of one first class: an introduction in
// "section wysiwyg", then the long list of products in "section
// product-list", where the scoring finds the article.
TEST(HtmlContentTest, IntroductionSectionAboveTheArticleSectionIsKept) {
  std::string products;
  for (int i = 0; i < 6; ++i)
    products += Prose("Product number " + std::to_string(i));
  std::string page =
      "<html><head><title>Best cameras</title></head><body><main>"
      "<section class=\"section wysiwyg first\"><div><p>Choosing a camera "
      "does not have to be hard, and our team tested dozens of them to "
      "help you pick.</p></div></section>"
      "<section class=\"section product-list\"><div class=\"grid\">" +
      products +
      "</div><div class=\"note\">Prices checked today.</div></section>"
      "</main></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("Product number 5"));
  EXPECT_THAT(body, StartsWith("Choosing a camera does not have to be hard"));
}

// A drop cap in a box of its own before the article's first paragraph.
TEST(HtmlContentTest, DropCapInABoxOfItsOwnJoinsTheFirstParagraph) {
  std::string page =
      "<html><head><title>E-learning</title></head><body><div "
      "class=\"post\"><div class=\"first-letter\">D</div><div "
      "class=\"rich-text\"><p>uring the pandemic, e-learning cropped up "
      "as a means of keeping schools running, and it stayed.</p>" +
      Prose("Online learning") + Prose("Course design") +
      "</div></div></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, StartsWith("During the pandemic, e-learning"));
}

// A guide laid out in boxes: an introduction in the site's rich-text class
// above a photo band, the body in the same class further down, then a box
// of tips in it again. The scoring finds the body; the boxes of the same
// class nearby that hold paragraphs of prose are the other parts, while a
// one-line promotion and a sign-up box in that class are not.
TEST(HtmlContentTest, ProseBoxesInTheArticlesRichTextClassJoinIt) {
  std::string body_text;
  for (int i = 0; i < 5; ++i)
    body_text += Prose("Backing up step " + std::to_string(i));
  std::string page =
      "<html><head><title>Backups</title></head><body><main><div "
      "class=\"layout\">"
      "<div class=\"hero\"><div class=\"rich\"><p>Small firms lose data "
      "every day, and most of them never expected it to happen to "
      "them.</p><p>This guide explains the few habits that keep your "
      "files safe, without any special equipment.</p></div></div>"
      "<div class=\"band\"><img src=\"/photo.jpg\"></div>"
      "<div class=\"main\"><div class=\"rich\">" +
      body_text +
      "</div></div><div class=\"more\"><div class=\"col\"><div "
      "class=\"tips\"><h2>Tips</h2><div class=\"rich\"><p>Test a restore "
      "once a month, so you know the backups really work when you need "
      "them most.</p><p>Keep one copy away from the office, in case of fire, "
      "flood or theft at the premises.</p><p>Write down who is in charge of "
      "the backups, and who steps in when that person is away.</p>"
      "</div></div></div></div><div class=\"promo\"><div class=\"rich\"><p>Try "
      "our "
      "backup service free for thirty days, no card needed.</p></div>"
      "</div></div></main></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, StartsWith("Small firms lose data every day"));
  EXPECT_THAT(body, HasSubstr("Backing up step 4"));
  EXPECT_THAT(body, HasSubstr("Test a restore once a month"));
  EXPECT_THAT(body, Not(HasSubstr("Try our backup service")));
}

// An accordion of questions whose box carries a modifier class with
// "header" in it ("pane-header-left"): it holds paragraphs of prose, so it
// is part of the article, not the page's header.
TEST(HtmlContentTest, BoxNamedHeaderThatHoldsProseIsKept) {
  std::string answers;
  for (int i = 0; i < 3; ++i) {
    answers += "<div class=\"pane\"><h3>Question " + std::to_string(i) +
               "?</h3><div class=\"panel\"><p>Answer " + std::to_string(i) +
               ": most of the tools we tested handle this well, and the "
               "cheapest plan is usually enough.</p></div></div>";
  }
  std::string page =
      "<html><head><title>Accounting tools</title></head><body>"
      "<div class=\"header\"><a href=\"/\">Home</a> <a "
      "href=\"/about\">About</a></div><article>" +
      Prose("Accounting software") + Prose("Invoicing") +
      "<h2>Questions</h2><div class=\"accordion pane-header-left\">" + answers +
      "</div></article></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("Answer 2: most of the tools"));
  EXPECT_THAT(body, Not(HasSubstr("About")));
}

// The steps of a guide in an accordion: each panel is hidden until its
// button is clicked (style="display:none", role="region"), but its text is
// the article's. A panel's "Loading…" placeholder is not.
TEST(HtmlContentTest, CollapsedAccordionPanelsAreArticleText) {
  std::string steps;
  for (int i = 1; i <= 3; ++i) {
    std::string n = std::to_string(i);
    steps += "<div class=\"acc\"><a role=\"button\" aria-controls=\"p" + n +
             "\">Step " + n + "</a><div id=\"p" + n +
             "\" style=\"display:none;\" role=\"region\" "
             "aria-labelledby=\"h" +
             n + "\"><p>In step " + n +
             " the installer checks the roof, the wiring and the permits, "
             "which usually takes about a week.</p></div></div>";
  }
  std::string page =
      "<html><head><title>Solar installation</title></head><body><article>" +
      Prose("Installing solar panels") + Prose("Choosing an installer") +
      steps +
      "<div id=\"specs\" style=\"display:none\" role=\"tabpanel\"><p>Loading "
      "specifications…</p></div><div style=\"display:none\"><p>A hidden "
      "teaser that no reader ever sees on the page, kept out of the "
      "text.</p></div></article></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("In step 3 the installer checks the roof"));
  EXPECT_THAT(body, Not(HasSubstr("Loading specifications")));
  EXPECT_THAT(body, Not(HasSubstr("A hidden teaser")));
}

// The questions and answers that close a guide sit in a list of their own
// beside the article's box: each item a question ending in "?" and an
// answer in prose. They are part of the article; a list of links below
// is not.
TEST(HtmlContentTest, QuestionsAndAnswersBesideTheArticleAreKept) {
  std::string faq;
  for (int i = 1; i <= 3; ++i) {
    std::string n = std::to_string(i);
    faq += "<div class=\"item\"><h3>Which tool is best for case " + n +
           "?</h3><div class=\"answer\">For case " + n +
           " the free plan of most tools is enough, and you can upgrade "
           "later without moving your data.</div></div>";
  }
  std::string page =
      "<html><head><title>Analytics tools</title></head><body><main>"
      "<section class=\"body\"><div class=\"rich\">" +
      Prose("Web analytics") + Prose("Conversion tracking") +
      Prose("Reporting") +
      "</div></section><section class=\"faq\"><h2>FAQ</h2><div "
      "class=\"list\">" +
      faq +
      "</div></section><section class=\"more\"><div class=\"item\"><h3><a "
      "href=\"/a\">Is this the best tool?</a></h3><a href=\"/a\">Read our "
      "review of the tool and its plans</a></div><div class=\"item\"><h3><a "
      "href=\"/b\">Is that one cheaper?</a></h3><a href=\"/b\">Read our "
      "review of the other tool</a></div></section></main></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("Which tool is best for case 2?"));
  EXPECT_THAT(body, HasSubstr("For case 3 the free plan"));
  EXPECT_THAT(body, Not(HasSubstr("Read our review")));
}

// Blogging platforms class every section heading of a post as a "header"
// ("header-anchor-post"): the heading is the text's, not a page header.
TEST(HtmlContentTest, SectionHeadingNamedHeaderIsKept) {
  std::string page =
      "<html><head><title>Offline first</title></head><body>"
      "<div class=\"site-header\"><a href=\"/\">Home</a> <a "
      "href=\"/archive\">Archive</a></div><article>" +
      Prose("Offline software") +
      "<h2 class=\"header-anchor-post\">Data belongs to the "
      "application</h2>" +
      Prose("Local storage") + Prose("Synchronisation") +
      "</article></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("Data belongs to the application\n"));
  EXPECT_THAT(body, Not(HasSubstr("Archive")));
}

// A link in a sentence whose class names a recommendation
// ("recommendation-inline-link") is a word of the sentence; a box of such
// links standing alone is still furniture.
TEST(HtmlContentTest, LinkInsideSentenceIsKeptWhateverItsClass) {
  std::string page =
      "<html><head><title>Growing tomatoes</title></head><body><article>" +
      Prose("Soil") +
      "<p>Feed the plants every three weeks. Avoid the urge to <a "
      "class=\"recommendation-inline-link\" "
      "href=\"/fertilize\">overfertilize</a>; you will get lots of leaves "
      "but fewer tomatoes.</p>" +
      Prose("Watering") + Prose("Harvest") +
      "<div><a class=\"recommendation-inline-link\" href=\"/more\">More "
      "gardening guides</a></div></article></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("Avoid the urge to overfertilize; you will"));
  EXPECT_THAT(body, Not(HasSubstr("More gardening guides")));
}

// An icon after a link ("leaves the site") sits inside the sentence: it
// neither splits the paragraph nor counts as a picture.
TEST(HtmlContentTest, IconInsideParagraphDoesNotSplitIt) {
  std::string page =
      "<html><head><title>Smartphones</title></head><body><article>" +
      Prose("Apps") +
      "<p>Only Apple makes <a href=\"https://example.com/\">iPhones</a>. "
      "<img src=\"/icons/leave.png\" width=\"10\" height=\"10\" "
      "alt=\"leaving site\">&nbsp;Apple uses an operating system called "
      "iOS.</p>" +
      Prose("App stores") + Prose("Updates") + "</article></body></html>";
  v1::CleanArticle a = CleanPage(page);
  EXPECT_THAT(BodyOf(a), HasSubstr("Only Apple makes iPhones. Apple uses"));
  for (const auto& img : a.images())
    EXPECT_THAT(img.url(), Not(HasSubstr("leave.png")));
}

// Footnote markers link to the list of sources further down the page
// (<sup><a href="#cite-2">2</a></sup>); in the text they would be stray
// numbers. A superscript that is not a link (an exponent) stays.
TEST(HtmlContentTest, FootnoteMarkersAreDropped) {
  std::string page =
      "<html><head><title>Practice sales</title></head><body><article>" +
      Prose("Selling a practice") +
      "<p>The site is a community for advisors interested in recruiting "
      "and career development<sup class=\"fn\"> <a "
      "href=\"#citations\">2</a> </sup>. Listings are free<sup>[<a "
      "href=\"#note-3\">3</a>]</sup> and an area of 10 m<sup>2</sup> "
      "is enough.</p>" +
      Prose("Valuation") + Prose("Closing") + "</article></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("recruiting and career development. Listings"));
  EXPECT_THAT(body, HasSubstr("Listings are free and"));
  EXPECT_THAT(body, HasSubstr("an area of 10 m2 is enough"));
}

// A glossary tooltip inside a sentence (shown on hover only) repeats the
// definition of the word it explains; the word stays, the bubble goes,
// and so does a trigger that is itself named "tooltip".
TEST(HtmlContentTest, TooltipBubbleInsideSentenceIsDropped) {
  std::string page =
      "<html><head><title>Search trends</title></head><body><article>" +
      Prose("Search") +
      "<p>Video results were the fastest-growing <span "
      "class=\"Term_component__tB36\"><dfn>search engine</dfn><span "
      "class=\"Term_tooltip__8VNIW\"><span class=\"RichText\"><strong>"
      "Search Engine</strong><br>A search engine is a website for finding "
      "content.<br><a href=\"/glossary\">Learn more</a></span></span></span> "
      "result type in our "
      "report.</p><p>Prices are shown <span class=\"js-tooltip-trigger\">"
      "per month</span> and billed yearly, which most readers "
      "prefer, <span class=\"tooltip\">plus tax<span "
      "class=\"tooltiptext\">where it applies</span></span> in most "
      "states.</p>" +
      Prose("Video") + Prose("Reviews") + "</article></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body,
              HasSubstr("fastest-growing search engine result type in our"));
  EXPECT_THAT(body, Not(HasSubstr("website for finding content")));
  EXPECT_THAT(body, HasSubstr("Prices are shown per month and billed"));
  // A trigger named "tooltip" holds the word itself.
  EXPECT_THAT(body, HasSubstr("prefer, plus tax"));
}

// React's streaming rendering sends a part of the article later, at the
// end of the body in <div hidden id="S:1">, and leaves a placeholder with
// a "Loading" fallback where it belongs; the page's script moves it there.
// The part is read in its place, without the fallback; so is a segment of
// it sent later still (<template id="P:2"> filled by <div hidden
// id="S:2">).
TEST(HtmlContentTest, StreamedPartIsReadInItsPlaceholder) {
  std::string page =
      "<html><head><title>Cloud stocks</title></head><body><main><article>" +
      Prose("Cloud computing") +
      "<!--$?--><template id=\"B:1\"></template><div>Loading "
      "paragraph...</div><!--/$-->" +
      Prose("Exchange-traded funds") +
      "</article></main><footer><p>About us</p></footer>"
      "<div hidden id=\"S:1\"><p>Salesforce bought a chat tool and met "
      "its largest rival head on, a move analysts had expected for "
      "years.</p><template id=\"P:2\"></template></div>"
      "<div hidden id=\"S:2\">" +
      Prose("Software as a service") + "</div></body></html>";
  std::string body = BodyOf(CleanPage(page));
  size_t streamed = body.find("Salesforce bought a chat tool");
  ASSERT_NE(streamed, std::string::npos) << body;
  EXPECT_LT(body.find("Cloud computing is"), streamed);
  // The segment "P:2" of the late part, sent later still.
  size_t segment = body.find("Software as a service is");
  EXPECT_LT(streamed, segment);
  EXPECT_LT(segment, body.find("Exchange-traded funds is"));
  EXPECT_THAT(body, Not(HasSubstr("Loading")));
}

// A long guide stacks sections whose first class name is shared
// ("section wysiwyg" prose, "section products" reviews): the density
// scoring finds the reviews; the prose section above is the guide's
// introduction, and one of the same kind below is its last part, while a
// section of another kind below (related guides) is not.
TEST(HtmlContentTest, GuideSectionsOfTheIntroductionsKindBelowAreKept) {
  std::string reviews;
  for (int i = 1; i <= 4; ++i) {
    reviews += Prose("Plan " + std::to_string(i)) +
               Prose("Coverage of plan " + std::to_string(i)) +
               Prose("Price of plan " + std::to_string(i));
  }
  std::string page =
      "<html><head><title>Travel insurance</title></head><body><main><div "
      "class=\"column\"><section class=\"section wysiwyg first\">" +
      Prose("Travel insurance") +
      "</section><section class=\"section products\">" + reviews +
      "</section><section class=\"section wysiwyg is-anchor\"><h2>What "
      "it costs</h2><p>Based on quotes from five carriers, the average "
      "plan costs about four percent of the price of the trip, more for "
      "older travellers.</p></section><section class=\"section "
      "related-guides\"><p>Our other guides explain car insurance and "
      "home insurance for seniors, with the same care and detail.</p>"
      "<p><a href=\"/car\">Car insurance for seniors and their families "
      "explained</a></p></section></div></main></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("Travel insurance is a subject"));
  EXPECT_THAT(body, HasSubstr("Price of plan 4 is"));
  EXPECT_THAT(body, HasSubstr("Based on quotes from five carriers"));
  EXPECT_THAT(body, Not(HasSubstr("Our other guides")));
}

// A paper's abstract sits in a box of its own above the main text:
// paragraphs of prose closed by a line of keyword links, so the box does
// not end like a sentence; it is still the article's. A box of links
// above (the site's sections) is not.
TEST(HtmlContentTest, AbstractBoxAboveTheMainTextIsKept) {
  std::string main_text;
  for (int i = 1; i <= 8; ++i)
    main_text += Prose("Finding " + std::to_string(i));
  std::string page =
      "<html><head><title>Meditation apps</title></head><body><section "
      "class=\"paper\"><div class=\"sections\"><a href=\"/a\">Mental "
      "health</a> <a href=\"/b\">Apps and devices</a> <a "
      "href=\"/c\">Students</a></div><article class=\"abstract\"><h3>"
      "Abstract</h3><p>Background: College students report high stress, "
      "and a meditation app may be an appealing way to reduce it.</p>"
      "<p>Conclusions: The app reduced stress and improved mindfulness in "
      "stressed college students over eight weeks.</p><h3>Keywords</h3>"
      "<div><a href=\"/k/1\">stress</a>, <a href=\"/k/2\">apps</a></div>"
      "</article><article class=\"main\">" +
      main_text + "</article></section></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("Conclusions: The app reduced stress"));
  EXPECT_THAT(body, HasSubstr("Finding 8 is"));
  EXPECT_THAT(body, Not(HasSubstr("Apps and devices")));
}

// A page builder lays a post out as blocks of one kind: the header block
// (headline, standfirst, byline), an introduction block of one paragraph,
// then the block the density scoring finds. The introduction is part of
// the article; the header block is not body text.
TEST(HtmlContentTest, IntroBlockOfTheArticlesKindAboveIsKept) {
  std::string main_text;
  for (int i = 1; i <= 6; ++i)
    main_text += "<div class=\"text-element\"><h3>Camera type " +
                 std::to_string(i) + "</h3>" +
                 Prose("Camera type " + std::to_string(i)) + "</div>";
  auto block = [](const std::string& inner) {
    return "<div class=\"page-section sb-width1000 sb-style\"><div "
           "class=\"section-out\"></div><div class=\"section-in\">" +
           inner + "</div></div>";
  };
  std::string page =
      "<html><head><title>Types of cameras</title></head><body><div "
      "class=\"editor\">" +
      block(
          "<h1>Types of cameras</h1><p>A short review of every camera "
          "type, so you can choose the right one for your next "
          "project.</p><p><a href=\"/author/jo\">Jo Smith</a></p>") +
      block(
          "<p><span class=\"dropcap\">T</span>here are a million "
          "different types of cameras on the market. Which one should "
          "you choose? Knowing the categories helps.</p>") +
      block(main_text) + "</div></body></html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("There are a million different types"));
  EXPECT_THAT(body, HasSubstr("Camera type 6 is"));
  EXPECT_THAT(body, Not(HasSubstr("A short review of every camera type")));
}

// A syntax highlighter classes the comments of a code sample
// "hljs-comment": they are lines of the code, not a comments section.
TEST(HtmlContentTest, HighlightedCodeCommentsAreKept) {
  std::string page =
      "<html><head><title>Git basics</title></head><body><article>" +
      Prose("Version control") +
      "<pre><code class=\"language-bash\"><span class=\"hljs-comment\"># "
      "initialize git</span>\ngit init\n<span class=\"hljs-comment\"># "
      "stage all files</span>\ngit add .</code></pre>" +
      Prose("Branches") + Prose("Remotes") +
      "<div class=\"comments\"><p>Great post, thanks a lot for writing "
      "it, I learned so much from every section!</p></div></article></body>"
      "</html>";
  std::string body = BodyOf(CleanPage(page));
  EXPECT_THAT(body, HasSubstr("# initialize git"));
  EXPECT_THAT(body, HasSubstr("# stage all files"));
  EXPECT_THAT(body, Not(HasSubstr("Great post")));
}

}  // namespace
}  // namespace ink::cleaner
