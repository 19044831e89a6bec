// Tests of html_content.{h,cc} through CleanHtmlPage on pages written for them.
#include "stages/cleaner/html_content.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "stages/cleaner/cleaner.h"

namespace ink::cleaner {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

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

}  // namespace
}  // namespace ink::cleaner
