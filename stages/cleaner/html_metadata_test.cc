// Tests of html_metadata.{h,cc} through CleanHtmlPage on pages written for
// them.
#include "stages/cleaner/html_metadata.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "stages/cleaner/cleaner.h"
#include "stages/cleaner/html_dom.h"
#include "stages/cleaner/text_util.h"

namespace ink::cleaner {
namespace {

using ::testing::ElementsAre;

constexpr char kBody[] =
    "<p>The council voted on Tuesday to extend the night bus network to the "
    "three new districts, after a year of complaints from shift workers who "
    "had no way home after the last train.</p>"
    "<p>The first routes start in March, and the city will review the "
    "numbers of riders after six months before adding more lines.</p>";

// `html` cleaned as a page; a failure is reported and gives an empty article.
v1::CleanArticle CleanHtml(const std::string& html) {
  v1::RawDocument raw;
  raw.set_content(html);
  raw.set_filename("page.html");
  v1::CleanArticle a;
  EXPECT_TRUE(Cleaner(Options{}).Clean(raw, &a).ok());
  return a;
}

// A page with `head` in <head> and `top` printed between the headline and
// the body.
v1::CleanArticle CleanPage(const std::string& head, const std::string& top) {
  std::string html =
      "<html><head><title>Night buses reach new districts"
      "</title>" +
      head +
      "</head><body><article><h1>Night buses reach new "
      "districts</h1>" +
      top + kBody + "</article></body></html>";
  return CleanHtml(html);
}

TEST(HtmlMetadataTest, CxenseAuthorAndPublishTime) {
  v1::CleanArticle a = CleanPage(
      "<meta property=\"cXenseParse:author\" content=\"Dana Whit\">"
      "<meta name=\"cXenseParse:publishtime\" "
      "content=\"2024-05-02T10:00:00Z\">",
      "");
  EXPECT_THAT(a.authors(), ElementsAre("Dana Whit"));
  EXPECT_EQ(a.date().substr(0, 10), "2024-05-02");
}

TEST(HtmlMetadataTest, SiteNameIsTheSourceWhenNothingElseNamesOne) {
  v1::CleanArticle a = CleanPage(
      "<meta property=\"og:site_name\" content=\" Harbour  Gazette \">", "");
  EXPECT_EQ(a.source(), "Harbour Gazette");
  EXPECT_EQ(a.field_rules().at("source"), "meta:og:site_name");
  // A source line printed on the page comes first.
  v1::CleanArticle b =
      CleanPage("<meta property=\"og:site_name\" content=\"Harbour Gazette\">",
                "<p>Source: City Transit Office</p>");
  EXPECT_EQ(b.source(), "City Transit Office");
  EXPECT_EQ(CleanPage("", "").source(), "");
}

TEST(HtmlMetadataTest, SiteNameWithoutALetterIsNoSource) {
  v1::CleanArticle a =
      CleanPage("<meta property=\"og:site_name\" content=\" / \">", "");
  EXPECT_EQ(a.source(), "");
  EXPECT_TRUE(HasLetterOrDigit("新华网"));
  EXPECT_TRUE(HasLetterOrDigit("9to5"));
  EXPECT_FALSE(HasLetterOrDigit(" | — / "));
}

TEST(HtmlMetadataTest, CamelCaseAuthorClass) {
  v1::CleanArticle a =
      CleanPage("", "<div><p class=\"authorName\">Rae Collins</p></div>");
  EXPECT_THAT(a.authors(), ElementsAre("Rae Collins"));
}

TEST(HtmlMetadataTest, AuthorWordInsideAnotherWordIsNotAnAuthorClass) {
  v1::CleanArticle a = CleanPage(
      "", "<div><span class=\"coauthoring-tips\">Share tips</span></div>");
  EXPECT_EQ(a.authors_size(), 0);
}

TEST(HtmlMetadataTest, JsonLdDropsTheNewspaperFromThePeople) {
  v1::CleanArticle a = CleanPage(
      "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
      "\"author\": [{\"@type\": \"Person\", \"name\": \"Ana Lutz\"}, "
      "{\"@type\": \"Person\", \"name\": \"Bo Chen\"}, "
      "{\"@type\": \"Organization\", \"name\": \"The Daily Ledger\"}]}"
      "</script>",
      "");
  EXPECT_THAT(a.authors(), ElementsAre("Ana Lutz", "Bo Chen"));
}

TEST(HtmlMetadataTest, JsonLdEscapedAmpersandJoinsTwoPeople) {
  v1::CleanArticle a = CleanPage(
      "<script type=\"application/ld+json\">{\"@type\": \"BlogPosting\", "
      "\"author\": {\"@type\": \"Person\", \"name\": \"Maria &amp; Kat\"}}"
      "</script>",
      "");
  EXPECT_THAT(a.authors(), ElementsAre("Maria", "Kat"));
}

TEST(HtmlMetadataTest, BylineLabelOnItsOwnLine) {
  v1::CleanArticle a =
      CleanPage("", "<div><small>WRITTEN BY</small><p>Orbi Team</p></div>");
  EXPECT_THAT(a.authors(), ElementsAre("Orbi Team"));
}

TEST(HtmlMetadataTest, BylineLabelInAMetaRow) {
  v1::CleanArticle a = CleanPage(
      "",
      "<div><div><span>Posted on</span><div><span>Nov 21, 2018</span></div>"
      "</div><div><span>Reading time</span><div><span>5 Minutes</span></div>"
      "</div><div><span>Written by</span><div><span>Eliz</span> <span>- "
      "Product marketer</span></div></div></div>");
  EXPECT_THAT(a.authors(), ElementsAre("Eliz - Product marketer"));
}

TEST(HtmlMetadataTest, BylineLabelBeforeGluedTagLinksIsNoAuthor) {
  v1::CleanArticle a =
      CleanPage("",
                "<div><h4>By</h4><span><a href=\"/t/a\">Wedding Lists</a><a "
                "href=\"/t/b\">Just Engaged</a></span></div>");
  EXPECT_EQ(a.authors_size(), 0);
}

TEST(HtmlMetadataTest, JobTitleDoesNotMakeAMetaAuthorTooLong) {
  v1::CleanArticle a = CleanPage(
      "<meta name=\"author\" content=\"Paul Frewin, Home and Digital "
      "Security Expert\">",
      "");
  EXPECT_THAT(a.authors(),
              ElementsAre("Paul Frewin, Home and Digital Security Expert"));
}

// A page whose <h1> elements are `h1s` in order.
v1::CleanArticle CleanTitledPage(const std::string& head,
                                 const std::string& h1s) {
  std::string html = "<html><head>" + head + "</head><body>" + h1s +
                     "<article>" + kBody + "</article></body></html>";
  return CleanHtml(html);
}

TEST(HtmlMetadataTest, LogoHeadingMatchingTheSiteNameLosesToTheHeadline) {
  v1::CleanArticle a = CleanTitledPage(
      "<title>Picking a web framework - jdoe-blog's Newsletter</title>"
      "<meta property=\"og:title\" content=\"Picking a web framework\">",
      "<h1>jdoe-blog's Newsletter</h1><h1>Picking a web framework</h1>");
  EXPECT_EQ(a.title(), "Picking a web framework");
}

TEST(HtmlMetadataTest, HeadingWithoutAWordOfOgTitleIsNotTheHeadline) {
  v1::CleanArticle a = CleanTitledPage(
      "<title>Sam's Notes: Advent puzzles week 2</title>"
      "<meta property=\"og:title\" content=\"Advent puzzles week 2\">",
      "<h1>Sam's Notes</h1>");
  EXPECT_EQ(a.title(), "Advent puzzles week 2");
}

TEST(HtmlMetadataTest, LongHeadlineStandsAgainstAnUnrelatedOgTitle) {
  v1::CleanArticle a = CleanTitledPage(
      "<title>Which mower suits which lawn size?</title>"
      "<meta property=\"og:title\" content=\"Robomow\">",
      "<h1>Which mower suits which lawn size?</h1>");
  EXPECT_EQ(a.title(), "Which mower suits which lawn size?");
}

TEST(HtmlMetadataTest, TaglineAfterTheHeadlinesSeparatorIsCut) {
  v1::CleanArticle a = CleanTitledPage(
      "<title>Night buses reach new districts - City Post</title>",
      "<h1>Night buses reach new districts | Transport</h1>");
  EXPECT_EQ(a.title(), "Night buses reach new districts");
}

TEST(HtmlMetadataTest, ClauseAfterADashIsPartOfTheHeadline) {
  // "— and ..." continues the sentence: it is not a tagline.
  v1::CleanArticle a = CleanTitledPage(
      "<title>Night buses and new districts - City Post</title>",
      "<h1>Night buses reach new districts — and the last train may "
      "go</h1>");
  EXPECT_EQ(a.title(),
            "Night buses reach new districts — and the last train may go");
  // So does a preposition.
  v1::CleanArticle b = CleanTitledPage(
      "<title>How to replace brake pads - Car Care</title>",
      "<h1>How to replace brake pads – From a Certified Mechanic</h1>");
  EXPECT_EQ(b.title(), "How to replace brake pads – From a Certified Mechanic");
}

TEST(HtmlMetadataTest, HeadlineTooShortBeforeTheSeparatorIsKeptWhole) {
  v1::CleanArticle a = CleanTitledPage(
      "<title>Zero Waste - A Beginner's Guide - Green Shop</title>"
      "<meta property=\"og:title\" content=\"Zero Waste - A Beginner's "
      "Guide\">",
      "<h1>Zero Waste - A Beginner's Guide</h1>");
  EXPECT_EQ(a.title(), "Zero Waste - A Beginner's Guide");
}

TEST(HtmlMetadataTest, DatePrintedAfterTheHeadlineIsNotTheTitle) {
  v1::CleanArticle a = CleanTitledPage(
      "<title>Porting a parser to a new language</title>",
      "<h1>Porting a parser to a new language / December 15, 2025</h1>");
  EXPECT_EQ(a.title(), "Porting a parser to a new language");
}

TEST(HtmlMetadataTest, SharedTitleThatOnlyAddsTheYearIsTheTitle) {
  v1::CleanArticle a = CleanTitledPage(
      "<title>Best Night Bus Routes in 2025</title>"
      "<meta property=\"og:title\" content=\"Best Night Bus Routes in "
      "2025\">",
      "<h1>Best Night Bus Routes</h1>");
  EXPECT_EQ(a.title(), "Best Night Bus Routes in 2025");
  EXPECT_EQ(a.field_rules().at("title"), "og:title-dated-heading");
  // Other added words: the heading stays.
  v1::CleanArticle b = CleanTitledPage(
      "<title>Best Night Bus Routes, Tested 2025</title>"
      "<meta property=\"og:title\" content=\"Best Night Bus Routes, Tested "
      "2025\">",
      "<h1>Best Night Bus Routes</h1>");
  EXPECT_EQ(b.title(), "Best Night Bus Routes");
  // The <title> not dated the same way: the heading stays.
  v1::CleanArticle c = CleanTitledPage(
      "<title>Night bus routes of 2025 | City Post</title>"
      "<meta property=\"og:title\" content=\"Best Night Bus Routes in "
      "2025\">",
      "<h1>Best Night Bus Routes</h1>");
  EXPECT_EQ(c.title(), "Best Night Bus Routes");
}

TEST(HtmlMetadataTest, MonthPrintedAfterTheHeadlineIsNotTheTitle) {
  v1::CleanArticle a = CleanTitledPage(
      "<title>Day 15: Porting a parser to a new language</title>",
      "<h1>Day 15: Porting a parser to a new language / Dec 2025</h1>");
  EXPECT_EQ(a.title(), "Day 15: Porting a parser to a new language");
  // After a colon the month is part of the headline.
  v1::CleanArticle b =
      CleanTitledPage("<title>Mortgage rates to watch: December 2025</title>",
                      "<h1>Mortgage rates to watch: December 2025</h1>");
  EXPECT_EQ(b.title(), "Mortgage rates to watch: December 2025");
}

TEST(HtmlMetadataTest, LastModifiedMetaInWordsIsTheLastResortDate) {
  v1::CleanArticle a = CleanPage(
      "<meta name=\"last-modified\" content=\"December 22, 2022\">", "");
  EXPECT_EQ(a.date(), "2022-12-22");
  EXPECT_EQ(a.field_rules().at("date"), "meta:last-modified");
}

TEST(HtmlMetadataTest, TimeInAnAsideBesideTheArticle) {
  std::string html =
      "<html><head><title>Git in brief</title></head><body><aside><time "
      "datetime=\"2021-06-06\">June</time></aside><article>" +
      std::string(kBody) + "</article></body></html>";
  v1::CleanArticle a = CleanHtml(html);
  EXPECT_EQ(a.date(), "2021-06-06");
}

TEST(HtmlMetadataTest, WebPageDatePublishedWhenNothingElseHasADate) {
  v1::CleanArticle a = CleanPage(
      "<script type=\"application/ld+json\">{\"@type\": \"WebPage\", "
      "\"datePublished\": \"2025-12-19T14:00:18Z\"}</script>",
      "");
  EXPECT_EQ(a.date().substr(0, 10), "2025-12-19");
  EXPECT_EQ(a.field_rules().at("date"), "json-ld:webpage");
  // A printed date wins.
  a = CleanPage(
      "<script type=\"application/ld+json\">{\"@type\": \"WebPage\", "
      "\"datePublished\": \"2025-12-19T14:00:18Z\"}</script>",
      "<p>March 3, 2024</p>");
  EXPECT_EQ(a.date(), "2024-03-03");
}

TEST(HtmlMetadataTest, DottedDateUnderTheHeadline) {
  v1::CleanArticle a = CleanPage("", "<div><span>17.05.2021</span></div>");
  EXPECT_EQ(a.date(), "2021-05-17");
}

TEST(HtmlMetadataTest, BylineAboveABodyThatOpensWithACaptionIsRead) {
  // The photo's frame holds a long credit, so the content keeps the caption
  // as its first paragraph, while the plain walk of the page files it as
  // the image's caption: the body's first paragraph is no page line.
  std::string html =
      "<html><head><title>T</title></head><body><main><article>"
      "<header class='story-header'><h1>Night buses reach new districts</h1>"
      "<div class='subhed'>Three districts get routes after a year.</div>"
      "<p class='meta'><span>By <a href='/p/ann'>Ann Lee</a></span> "
      "<span class='meta__date'>March 3, 2024</span></p></header>"
      "<section class='layout__body c-body'>"
      "<figure class='c-media c-media--image'><img src='bus.jpg'>"
      "<figcaption><div class='c-media__caption'>A night bus leaves the "
      "depot.</div><div class='c-media__attributions'><p>Image: <a "
      "href='/p/ct'>Courtesy of the City Transport Office</a></p></div>"
      "</figcaption></figure>";
  // A long article: the byline is far above the end of the page.
  for (int i = 1; i <= 30; ++i) {
    html += "<p>Stop number " + std::to_string(i) +
            " on the new night route serves the hospital, the station and "
            "the market hall, and buses call there every twenty minutes.</p>";
  }
  html += "</section></article></main></body></html>";
  v1::CleanArticle a = CleanHtml(html);
  EXPECT_THAT(a.authors(), ElementsAre("Ann Lee"));
  EXPECT_EQ(a.date().substr(0, 10), "2024-03-03");
}

TEST(HtmlMetadataTest, PrintedModifiedDateBeatsAnUnprintedPublishedOne) {
  const std::string head =
      "<meta name=\"pubdate\" content=\"2019-01-10T08:00:00+00:00\">"
      "<meta property=\"article:modified_time\" "
      "content=\"2024-03-03T09:30:00+00:00\">";
  v1::CleanArticle a =
      CleanPage(head, "<p class='meta'>Updated March 3, 2024</p>");
  EXPECT_EQ(a.date().substr(0, 10), "2024-03-03");
  EXPECT_EQ(a.field_rules().at("date"), "printed-modified-date");
  // The published day printed too: it stays.
  v1::CleanArticle b = CleanPage(
      head, "<p>Published January 10, 2019</p><p>Updated March 3, 2024</p>");
  EXPECT_EQ(b.date().substr(0, 10), "2019-01-10");
  // Nothing printed: the published date stays.
  EXPECT_EQ(CleanPage(head, "").date().substr(0, 10), "2019-01-10");
  // OpenGraph's published time stays too.
  v1::CleanArticle c = CleanPage(
      "<meta property=\"article:published_time\" "
      "content=\"2019-01-10T08:00:00+00:00\">"
      "<meta property=\"article:modified_time\" "
      "content=\"2024-03-03T09:30:00+00:00\">",
      "<p class='meta'>Updated March 3, 2024</p>");
  EXPECT_EQ(c.date().substr(0, 10), "2019-01-10");
}

TEST(HtmlMetadataTest, JsonLdDateModifiedPrintedOnThePage) {
  v1::CleanArticle a = CleanPage(
      "<script type=\"application/ld+json\">{\"@type\": \"NewsArticle\", "
      "\"datePublished\": \"2015-04-06T13:52:00-04:00\", "
      "\"dateModified\": \"2025-09-28T06:58:21-04:00\"}</script>",
      "<div><span>Updated</span> <span>September 28, 2025</span></div>");
  EXPECT_EQ(a.date().substr(0, 10), "2025-09-28");
}

TEST(HtmlMetadataTest, UrlDayCorrectsAUtcInstantOnTheNextDay) {
  // Posted in the evening of the 18th in America, written in UTC.
  v1::CleanArticle a = CleanPage(
      "<link rel=\"canonical\" href=\"https://blog.example.org/2025/12/18/"
      "night-buses/\"><meta property=\"article:published_time\" "
      "content=\"2025-12-19T02:41:41+00:00\">",
      "");
  EXPECT_EQ(a.date(), "2025-12-18");
  EXPECT_EQ(a.field_rules().at("date"), "url-date");
  // Further apart: the URL names another day (a series page), the meta
  // date stays.
  v1::CleanArticle b = CleanPage(
      "<link rel=\"canonical\" href=\"https://blog.example.org/2025/12/10/"
      "night-buses/\"><meta property=\"article:published_time\" "
      "content=\"2025-12-19T02:41:41+00:00\">",
      "");
  EXPECT_EQ(b.date().substr(0, 10), "2025-12-19");
}

TEST(HtmlMetadataTest, UrlDayIsTheDateWhenNothingElseGivesOne) {
  v1::CleanArticle a = CleanPage(
      "<meta property=\"og:url\" content=\"https://example.org%2Farticles"
      "%2F2025-12-15%2BNight%2Bbuses\">",
      "");
  EXPECT_EQ(a.date(), "2025-12-15");
  EXPECT_EQ(a.field_rules().at("date"), "url-date");
}

TEST(HtmlMetadataTest, DateClassedElementIsALastResort) {
  const std::string html =
      "<html><body><h1>Night buses</h1><div class='author-details'>"
      "<span class='post-updated-date'>May 5, 2025</span>"
      "<span class='event-date'>June 1, 2025</span>"
      "<span class='published-date'>July 3, 2025</span>"
      "<span class='entry-date'>August 4, 2025</span></div></body></html>";
  GumboOutput* doc = gumbo_parse(html.c_str());
  PageFacts facts;
  Gather(doc->root, &facts);
  gumbo_destroy_output(&kGumboDefaultOptions, doc);
  EXPECT_EQ(facts.date_element, "July 3, 2025");
  facts.meta["article:modified_time"] = "2025-09-01T10:00:00Z";
  v1::CleanArticle a;
  ChooseLastResortDate(facts, Options{}, &a);
  EXPECT_EQ(a.date(), "2025-07-03");
  EXPECT_EQ(a.field_rules().at("date"), "date-element");
  // Without one, the modified tag.
  facts.date_element.clear();
  v1::CleanArticle b;
  ChooseLastResortDate(facts, Options{}, &b);
  EXPECT_EQ(b.date().substr(0, 10), "2025-09-01");
}

TEST(HtmlMetadataTest, SectionHeadingRepeatingPartOfTheTitleIsNotTheHeadline) {
  // The <h2> equals the part of og:title before its dash; the <h1> shares
  // the title's words and is the headline.
  v1::CleanArticle a = CleanTitledPage(
      "<title>What is Night Transit - A guided introduction | City "
      "Post</title><meta property=\"og:title\" content=\"What is Night "
      "Transit - A guided introduction\">",
      "<h1>An introduction to night transit: what riders need to know</h1>"
      "<h2>What is night transit?</h2>");
  EXPECT_EQ(a.title(),
            "An introduction to night transit: what riders need to know");
  // A section heading that is a whole title still wins.
  v1::CleanArticle b = CleanTitledPage(
      "<title>How Does Night Transit Work - City Post</title>"
      "<meta property=\"og:title\" content=\"How Does Night Transit Work\">",
      "<h1>How Do Night Buses Find Their Way?</h1>"
      "<h2>How Does Night Transit Work</h2>");
  EXPECT_EQ(b.title(), "How Does Night Transit Work");
}

TEST(HtmlMetadataTest, SectionHeadingThatOnlyResemblesTheSharedTitleGivesWay) {
  v1::CleanArticle a = CleanTitledPage(
      "<title>Top 5 Night Bus Apps in 2026 | Transitly</title>"
      "<meta property=\"og:title\" content=\"Top 5 Night Bus Apps in 2026 | "
      "Transitly\">",
      "<h2>Top 5 Night Bus Apps Platforms of 2026</h2>");
  EXPECT_EQ(a.title(), "Top 5 Night Bus Apps in 2026");
  EXPECT_EQ(a.field_rules().at("title"), "title~section-heading");
  // The same words in another order are another title too.
  v1::CleanArticle b = CleanTitledPage(
      "<meta property=\"og:title\" content=\"The 10 Best Home ROI Projects "
      "of 2023\">",
      "<h2>The 10 Best ROI Home Projects of 2023</h2>");
  EXPECT_EQ(b.title(), "The 10 Best Home ROI Projects of 2023");
}

TEST(HtmlMetadataTest, LongSecondClauseAfterABarIsPartOfTheHeadline) {
  v1::CleanArticle a = CleanTitledPage(
      "<title>Night Buses of 2025 | City Post</title>",
      "<h1>Night Buses of 2025 Under Five Dollars | The Best Late Routes "
      "in the Whole City</h1>");
  EXPECT_EQ(a.title(),
            "Night Buses of 2025 Under Five Dollars | The Best Late Routes in "
            "the Whole City");
}

TEST(HtmlMetadataTest, LabelAndAggregatorChromeAroundTheHeadlineAreCut) {
  v1::CleanArticle a = CleanTitledPage(
      "<meta property=\"og:title\" content=\"Best Night Bus Routes in the "
      "U.S. in 2025 | City Post\">",
      "<h1>Blog: Best Night Bus Routes in the U.S. in 2025</h1>");
  EXPECT_EQ(a.title(), "Best Night Bus Routes in the U.S. in 2025");
  v1::CleanArticle b = CleanTitledPage(
      "<title>Night Buses Reach Three New Districts - Linkdot</title>",
      "<h1>Night Buses Reach Three New Districts (citypost.com) 87</h1>");
  EXPECT_EQ(b.title(), "Night Buses Reach Three New Districts");
  EXPECT_EQ(b.field_rules().at("title"), "heading~title-without-chrome");
  // Words after the headline that are not a cited source stay.
  v1::CleanArticle c = CleanTitledPage(
      "<title>Night Buses Reach Three New Districts - Linkdot</title>",
      "<h1>Night Buses Reach Three New Districts (and Two Suburbs)</h1>");
  EXPECT_EQ(c.title(),
            "Night Buses Reach Three New Districts (and Two Suburbs)");
}

TEST(HtmlMetadataTest, CapitalisedHeadingTakesTheSharedTitlesSpelling) {
  v1::CleanArticle a = CleanTitledPage(
      "<meta property=\"og:title\" content=\"Best Night Bus 2026: Tips From "
      "Drivers\">",
      "<h1>BEST NIGHT BUS IN 2026: TIPS FROM DRIVERS</h1>");
  EXPECT_EQ(a.title(), "Best Night Bus 2026: Tips From Drivers");
  EXPECT_EQ(a.field_rules().at("title"), "title~capitalised-heading");
}

TEST(HtmlMetadataTest, DomainNameIsTheSitesLogoNotTheTitle) {
  v1::CleanArticle a =
      CleanTitledPage("<title>nightbus.example.com Vibe Coding</title>",
                      "<h1>nightbus.example.com</h1>");
  EXPECT_EQ(a.title(), "Vibe Coding");
}

TEST(HtmlMetadataTest, TitlePartNamingTheHostIsCut) {
  // "Thrive Web Studio" is longer than the headline but names the host.
  v1::CleanArticle a = CleanTitledPage(
      "<link rel=\"canonical\" href=\"https://www.thriveagency.example/"
      "work/\"><meta property=\"og:title\" content=\"Design Portfolio | "
      "Thrive Web Studio\">",
      "<h1>Sites</h1>");
  EXPECT_EQ(a.title(), "Design Portfolio");
}

TEST(HtmlMetadataTest, DoublyEncodedPageIsReadAsWritten) {
  v1::CleanArticle a = CleanTitledPage(
      "<meta charset=\"utf-8\"><title>A Rider\xC3\xA2\xC2\x80\xC2\x99s Guide "
      "to Night Buses</title>",
      "<h1>A Rider\xC3\xA2\xC2\x80\xC2\x99s Guide to Night Buses</h1>");
  EXPECT_EQ(a.title(), "A Rider\xE2\x80\x99s Guide to Night Buses");
}

TEST(HtmlMetadataTest, PrintedDayFarFromOgPublishedTimeIsThePagesDate) {
  const std::string og =
      "<meta property=\"article:published_time\" "
      "content=\"2024-08-07T12:01:51Z\">";
  v1::CleanArticle a = CleanPage(og, "<p>Dec 30, 2013</p>");
  EXPECT_EQ(a.date(), "2013-12-30");
  EXPECT_EQ(a.field_rules().at("date"), "page-header-date");
  // An update is not the publication.
  v1::CleanArticle b = CleanPage(og, "<p>Last updated: Dec 30, 2025</p>");
  EXPECT_EQ(b.date().substr(0, 10), "2024-08-07");
  // Nor a day beside it (another zone).
  v1::CleanArticle c = CleanPage(og, "<p>Aug 8, 2024</p>");
  EXPECT_EQ(c.date().substr(0, 10), "2024-08-07");
}

TEST(HtmlMetadataTest, DateAroundTheHeadlinesFirstCopy) {
  // Alone on the line above the headline.
  std::string html =
      "<html><head><title>Night buses reach new districts</title>"
      "<meta name=\"DC.date\" content=\"2024-07-05T14:20:08Z\"></head><body>"
      "<div><p>March 1, 2024</p><h1>Night buses reach new districts</h1>"
      "<p>At a glance</p></div><article>" +
      std::string(kBody) + "</article></body></html>";
  v1::CleanArticle b = CleanHtml(html);
  EXPECT_EQ(b.date(), "2024-03-01");
  // The JSON-LD date printed under the first copy of the headline stands
  // against another date under a second copy.
  std::string twice =
      "<html><head><title>Night buses reach new districts</title>"
      "<script type=\"application/ld+json\">{\"@type\": \"BlogPosting\", "
      "\"datePublished\": \"Feb 08, 2022\"}</script></head><body>"
      "<div><h2>Night buses reach new districts | Guide</h2>"
      "<p>February 8, 2022</p></div><p>Contents</p>"
      "<h1>Night buses reach new districts</h1><p>July 16, 2025</p>"
      "<article>" +
      std::string(kBody) + "</article></body></html>";
  v1::CleanArticle c = CleanHtml(twice);
  EXPECT_EQ(c.date(), "2022-02-08");
}

TEST(HtmlMetadataTest, DateAfterTheLastCopyOfARepeatedLastParagraph) {
  std::string html =
      "<html><head><title>Webcams</title></head><body><h1>Webcams</h1>"
      "<div><h3>Falls</h3><p>The falls camera looks at the upper and lower "
      "falls from the valley floor, every ten minutes in daylight.</p>"
      "<p>View Webcam</p><h3>Dome</h3><p>The dome camera looks east from "
      "the village over the meadow and the river below it.</p>"
      "<p>View Webcam</p></div><p>Last updated: November 13, 2025</p>"
      "</body></html>";
  v1::CleanArticle a = CleanHtml(html);
  EXPECT_EQ(a.date(), "2025-11-13");
}

TEST(HtmlMetadataTest, DayFirstHyphenatedTimeElementIsTheDate) {
  v1::CleanArticle a =
      CleanPage("", "<p><time datetime=\"02-12-2025\">02-12-2025</time></p>");
  EXPECT_EQ(a.date(), "2025-12-02");
}

TEST(HtmlMetadataTest, MonthUnderADateLabelInAnAsideIsTheDate) {
  // A report's metadata box beside it prints only the month of its issue;
  // the modified tag is a later edit of the site.
  const std::string html =
      "<html><head><title>Lessons from policy for climate change</title>"
      "<meta property=\"article:modified_time\" "
      "content=\"2025-09-17T17:00:45+00:00\"></head><body>"
      "<h1>Lessons from policy for climate change</h1>"
      "<aside class=\"report-facts\"><div><h6>Publication Type</h6>Report"
      "</div><div><h6>Date</h6><p>November 2003</p></div></aside>"
      "<article>" +
      std::string(kBody) + "</article></body></html>";
  v1::CleanArticle a = CleanHtml(html);
  EXPECT_EQ(a.date(), "2003-11");
  EXPECT_EQ(a.field_rules().at("date"), "labelled-date");
}

TEST(HtmlMetadataTest, DateLabelNamesTheDateAfterIt) {
  auto labelled = [](const std::string& body) {
    const std::string html = "<html><body>" + body + "</body></html>";
    GumboOutput* doc = gumbo_parse(html.c_str());
    PageFacts facts;
    Gather(doc->root, &facts);
    gumbo_destroy_output(&kGumboDefaultOptions, doc);
    return facts.labelled_date;
  };
  EXPECT_EQ(labelled("<dl><dt>Published:</dt> <dd>4 May 2021</dd></dl>"),
            "2021-05-04");
  EXPECT_EQ(labelled("<p><b>Date</b> <span>November 2003</span></p>"),
            "2003-11");
  // A label over something else, or a date with no label, is not one.
  EXPECT_EQ(labelled("<dl><dt>Date</dt><dd>To be announced</dd></dl>"), "");
  EXPECT_EQ(labelled("<dl><dt>Venue</dt><dd>4 May 2021</dd></dl>"), "");
  // Nor is a label inside a sentence.
  EXPECT_EQ(labelled("<p>The date of the vote <b>was</b> 4 May 2021.</p>"), "");
}

// Labels are filtered on their letter "d" before they are collapsed and
// compared: labels in capitals, split over elements or spaced out still
// count, and text without a "d" is never a label.
TEST(HtmlMetadataTest, DateLabelsInAnyCaseAndShapeAreRead) {
  auto labelled = [](const std::string& body) {
    GumboPtr doc = Parse("<html><body>" + body + "</body></html>");
    PageFacts facts;
    Gather(doc->root, &facts);
    return facts.labelled_date;
  };
  EXPECT_EQ(labelled("<dl><dt>PUBLISHED ON</dt><dd>4 May 2021</dd></dl>"),
            "2021-05-04");
  EXPECT_EQ(labelled("<dl><dt><span>Release</span>\n  <em>DATE</em>:</dt>"
                     "<dd>March 2020</dd></dl>"),
            "2020-03");
  EXPECT_EQ(labelled("<dl><dt>Posted</dt><dd>12 June 2019</dd></dl>"),
            "2019-06-12");
  EXPECT_EQ(labelled("<dl><dt>Issue</dt><dd>4 May 2021</dd></dl>"), "");
  EXPECT_EQ(labelled("<dl><dt>Time</dt><dd>4 May 2021</dd></dl>"), "");
}

TEST(HtmlMetadataTest, JsonLdHeadlineEscapedForHtmlIsDecoded) {
  EXPECT_EQ(DecodeCharRefs("Actuary&#8217;s choice &amp; pay &#x2014; "
                           "&quot;why&quot;&nbsp;now"),
            "Actuary\u2019s choice & pay \u2014 \"why\" now");
  // Unknown or broken references stay as written.
  EXPECT_EQ(DecodeCharRefs("R&D; AT&T &#xZZ; &bogus;"),
            "R&D; AT&T &#xZZ; &bogus;");
  v1::CleanArticle a = CleanTitledPage(
      "<script type=\"application/ld+json\">{\"@type\": \"BlogPosting\", "
      "\"headline\": \"The night bus&#8217;s new districts\"}</script>",
      "");
  EXPECT_EQ(a.title(), "The night bus\u2019s new districts");
}

TEST(HtmlMetadataTest, RewordedHeadlineBeatsALaterHeadingOfFunctionWords) {
  // The <h1> rewords the shared title ("Cycling" for "Cycle"); a related
  // post's <h1> further down shares only "where to ... in Denver" with it.
  v1::CleanArticle a = CleanTitledPage(
      "<title>Where to Cycle in Denver | Mile High Mag</title>"
      "<meta property=\"og:title\" content=\"Our Favourite Cycling Spots in "
      "Denver\">",
      "<h1>Denver's Best Trails for Cycling</h1>"
      "<h1>Here's Where to Swim and Paddle in Denver</h1>");
  EXPECT_EQ(a.title(), "Denver's Best Trails for Cycling");
}

}  // namespace
}  // namespace ink::cleaner
