#include "stages/cleaner/page_author.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "stages/cleaner/html_dom.h"

namespace ink::cleaner {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

PageFacts FactsOf(const GumboPtr& doc) {
  PageFacts f;
  Gather(doc->root, &f);
  return f;
}

TEST(PageAuthorTest, FullNames) {
  for (const char* name :
       {"Jane Doe", "John A. Alic", "Sergio Martínez-Beltrán",
        "Marna van der Merwe", "Rory O'Sullivan", "Chris McNamara", "Ed Li",
        "尹娟"}) {
    EXPECT_TRUE(LooksLikeFullName(name)) << name;
  }
  for (const char* name :
       {"Engora Data Blog", "Easy LMS", "Human in the Loop", "Digjitale",
        "Eardopes Int.", "A. B.", "Jane A.", "jane doe", "新华社",
        "View all posts", "San Antonio Express-News"}) {
    EXPECT_FALSE(LooksLikeFullName(name)) << name;
  }
}

TEST(PageAuthorTest, RelAuthorLinkInAFooter) {
  const std::string html = R"(<html><body><article><h1>Tutoring</h1>
<p>What tutoring is and what it is not.</p></article>
<footer class="meta"><p class="name"><a href="/blog/author/jroe/"
 rel="author">Jane Roe</a></p></footer></body></html>)";
  GumboPtr doc = Parse(html);
  EXPECT_THAT(AuthorLinkNames(doc->root), ElementsAre("Jane Roe"));
}

TEST(PageAuthorTest, CoAuthorsShareTheBylineBlockOnly) {
  const std::string html = R"(<html><body>
<div class="byline"><strong>Written by</strong><br>
<strong><a href="/authors/ann-lee">Ann Lee</a></strong>, 4 years covering laptops<br>
<strong><a href="/authors/bo-park">Bo Park</a></strong>, editor</div>
<article><p>Gaming laptops under a thousand dollars are better than ever this year.</p>
<p>We tested twenty of them over three months, in games and in everyday work.</p></article>
<aside><h3>More from our writers</h3><ul>
<li><a href="/authors/cy-dunn">Cy Dunn</a>: the best monitors of the year, tested</li>
<li><a href="/authors/di-eve">Di Eve</a>: the best keyboards for typing all day long</li>
</ul></aside></body></html>)";
  GumboPtr doc = Parse(html);
  EXPECT_THAT(AuthorLinkNames(doc->root), ElementsAre("Ann Lee", "Bo Park"));
}

TEST(PageAuthorTest, AvatarLinkAndQueryStringAuthor) {
  const std::string html = R"(<html><body>
<a href="?author=102" title="[小溪]的博客"><img src="a.png"></a>
<a href="https://blog.example.com/?author=102">小溪</a></body></html>)";
  GumboPtr doc = Parse(html);
  EXPECT_THAT(AuthorLinkNames(doc->root), ElementsAre("小溪"));
  // Links that are not to author pages name no one.
  GumboPtr plain = Parse(
      R"(<html><body><a href="/about/">Jane Roe</a><a href="/author/x">Read
 more</a></body></html>)");
  EXPECT_THAT(AuthorLinkNames(plain->root), IsEmpty());
  // A licence link is no author's page.
  GumboPtr licence = Parse(
      R"(<html><body><a rel="license" href="https://creativecommons.org/licenses/by/4.0/">Creative
 Commons License</a></body></html>)");
  EXPECT_THAT(AuthorLinkNames(licence->root), IsEmpty());
  // A list of columnists is not a byline.
  std::string list = "<html><body><ul class=\"columnists\">";
  for (const char* name : {"王小平", "张小明", "李小红", "赵小刚", "刘小华"})
    list += std::string("<li><a href=\"/blog/?author=") + name + "\">" + name +
            "</a></li>";
  list += "</ul></body></html>";
  GumboPtr columnists = Parse(list);
  EXPECT_THAT(AuthorLinkNames(columnists->root), IsEmpty());
}

TEST(PageAuthorTest, SiteOwner) {
  struct Case {
    const char* head;
    const char* owner;
  } cases[] = {
      {"<title>Go ahead, self-host Postgres | Pierce Roe</title>",
       "Pierce Roe"},
      {R"(<title>A transition</title><meta property="og:site_name" content="Colin Poe&#39;s blog">)",
       "Colin Poe"},
      {"<title>[小溪]的博客</title>", "小溪"},
      {"<title>小海鸥 | blog.example.com</title>", "小海鸥"},
      {"<title>Small models | Acme Data Blog</title>", ""},
      {"<title>Zero waste living &mdash; Eartheasy</title>", ""},
      {"<title>Apps Compared - Personally Tested</title>", ""},
      {"<title>Car care - Example Reports</title>", ""},
  };
  for (const Case& c : cases) {
    const std::string html = std::string("<html><head>") + c.head +
                             "</head><body><p>Text.</p></body></html>";
    GumboPtr doc = Parse(html);
    EXPECT_EQ(SiteOwner(FactsOf(doc), "Go ahead, self-host Postgres"), c.owner)
        << c.head;
  }
  // A blog's heading naming a person above the post's own title.
  GumboPtr doc = Parse(
      R"(<html><body><div id="top"><h1><a href="/lixiaozhong/">李小忠</a></h1></div>
<div class="post"><h2>很高兴入住博客堂</h2><p>Text.</p></div></body></html>)");
  EXPECT_EQ(SiteOwner(FactsOf(doc), "很高兴入住博客堂"), "李小忠");
  // The article's own title is never the owner.
  EXPECT_EQ(SiteOwner(FactsOf(doc), "李小忠"), "");
  // An English site's heading is as often a company's name.
  GumboPtr en = Parse(
      R"(<html><body><header><h1>Playful Poe</h1></header>
<main><h2>Configure your repositories</h2><p>Text.</p></main></body></html>)");
  EXPECT_EQ(SiteOwner(FactsOf(en), "Configure your repositories"), "");
}

TEST(PageAuthorTest, SiteNames) {
  GumboPtr doc = Parse(
      R"(<html><head><title>Movies this week - Example Today</title>
<meta property="og:site_name" content="EXAMPLE TODAY"></head><body></body></html>)");
  PageFacts f = FactsOf(doc);
  EXPECT_TRUE(IsSiteName("Example Today", f, ""));
  EXPECT_TRUE(IsSiteName("Paperbox.net", f, "https://paperbox.net/a/1"));
  EXPECT_TRUE(IsSiteName("Paperbox", f, "https://www.paperbox.com/a/1"));
  EXPECT_FALSE(IsSiteName("Brian Poe", f, "https://paperbox.net/a/1"));
  GumboPtr zh =
      Parse("<html><head><title>多地项目爆雷_示例新闻</title></head></html>");
  EXPECT_TRUE(IsSiteName("示例", FactsOf(zh), ""));
  EXPECT_FALSE(IsSiteName("杨倩", FactsOf(zh), ""));
}

}  // namespace
}  // namespace ink::cleaner
