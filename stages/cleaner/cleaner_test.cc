#include "stages/cleaner/cleaner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <nlohmann/json.hpp>
#include <string>

#include "stages/cleaner/chrome.h"

namespace ink::cleaner {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Plain text in the shape of a bank branch's news page copied from the
// browser: chrome lines, title, the "来源" line glued to the first paragraph,
// author and editor lines, a related-links trailer.
constexpr char kBranchNewsTxt[] = R"(            - 文章正文
- 我要评论(3)
春耕时节送贷上门——龙岩分行助力乡村振兴见实效
来源: 农行龙岩分行 2021-04-12 09:05春耕备耕关键期,龙岩分行组织客户经理深入田间地头,了解种植大户资金需求,把信贷服务送到农民身边。
走村入户摸清需求
该行按照“一村一策”的思路,逐村建立农户信息档案,对有贷款意向的农户做到应贷尽贷。
线上审批缩短时间
依托线上信贷产品,农户在手机上即可申请贷款,最快当天放款,有效解决了春耕资金难题。
分享到:
作者:农行龙岩分行 林晓东
[责任编辑:AGer]
【相关链接】
龙岩分行开展金融知识进万家活动
已有3条评论
)";

// Markdown in the shape of a reposted bank article: YAML front matter with
// an RFC 2822 date, HTML body with image + caption pairs, photo credit at
// the end.
constexpr char kRepostMd[] = R"(---
title: '招行江西分行：金融活水浇灌小微企业'
categories:
 - 新媒体
 - 财经
tags: 小微企业, 普惠金融
headimg: 'https://img.example.com/a/head.jpeg'
author: 资讯平台
comments: false
date: Mon, 06 Sep 2021 02:15:30 GMT
thumbnail: 'https://img.example.com/a/head.jpeg'
---

<div>
<p><img src="https://img.example.com/a/head.jpeg" data-size="800,571"></p><p>客户经理在园区走访小微企业。</p><p>9月初，南昌一家电子元件厂接到大额订单，却为原材料采购资金发愁。招行江西分行了解情况后，三天内完成授信审批，帮助企业按期交货。</p><p><img src="https://img.example.com/a/2.jpeg"></p><p>工作人员为商户讲解线上贷款产品。</p><p>线上线下同步发力</p><p>该行持续优化线上贷款流程，小微企业主通过手机即可完成申请，平均审批时间缩短至一天以内。截至8月末，该行普惠型小微企业贷款余额较年初增长两成。(图/文 周雨桐)</p>
</div>
)";

// An HTML page with navigation, a sidebar of links, a footer, meta date and
// a byline above the article.
constexpr char kPortalHtml[] = R"(<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>城市绿道串起百姓幸福生活_示例新闻网</title>
<meta property="article:published_time" content="2022-05-18T10:20:00+08:00">
<meta name="keywords" content="绿道,城市建设">
</head><body>
<div class="nav"><a href="/">首页</a> | <a href="/n">新闻</a> | <a href="/s">体育</a> | <a href="/e">娱乐</a></div>
<div class="main">
  <h1>城市绿道串起百姓幸福生活</h1>
  <div class="info">2022-05-18 10:20　来源：示例日报　作者：郑明远</div>
  <div class="article-content">
    <p>清晨六点，沿江绿道上已经有不少晨练的市民。退休教师王阿姨每天都会在这里走上一圈，她说，绿道修好以后，家门口就有了散步的好去处。</p>
    <p>近年来，该市按照“城在园中、园在城中”的思路，累计建成绿道三百余公里，将公园、河道和老旧街区连接在一起。</p>
    <p>“下一步，我们还将在绿道沿线增设驿站和便民设施，让市民走得舒心、歇得安心。”市园林部门负责人表示。</p>
    <p>责任编辑：孙一凡</p>
  </div>
</div>
<div class="sidebar"><h3>热门新闻</h3><ul>
<li><a href="/1">示例新闻一则标题比较长的链接文字</a></li>
<li><a href="/2">示例新闻二则标题比较长的链接文字</a></li>
<li><a href="/3">示例新闻三则标题比较长的链接文字</a></li></ul></div>
<div class="footer">版权所有 示例新闻网 京ICP备00000000号 联系我们 关于我们</div>
</body></html>
)";

v1::RawDocument Raw(std::string content, std::string filename) {
  v1::RawDocument raw;
  raw.set_content(std::move(content));
  raw.set_filename(std::move(filename));
  return raw;
}

std::string Body(const v1::CleanArticle& a) {
  std::string all;
  for (const std::string& p : a.paragraphs()) all += p + "\n";
  return all;
}

std::string ToCharset(const std::string& utf8, const char* charset) {
  UErrorCode err = U_ZERO_ERROR;
  std::string out(utf8.size() * 4 + 16, '\0');
  int32_t n = ucnv_convert(charset, "UTF-8", out.data(),
                           static_cast<int32_t>(out.size()), utf8.data(),
                           static_cast<int32_t>(utf8.size()), &err);
  EXPECT_TRUE(U_SUCCESS(err)) << u_errorName(err);
  out.resize(static_cast<size_t>(n));
  return out;
}

TEST(CleanerTest, PlainTextWithChrome) {
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kBranchNewsTxt, "longyan.txt"), &a).ok());
  EXPECT_EQ(a.format(), "txt");
  EXPECT_EQ(a.encoding(), "UTF-8");
  EXPECT_EQ(a.title(), "春耕时节送贷上门——龙岩分行助力乡村振兴见实效");
  EXPECT_EQ(a.source(), "农行龙岩分行");
  EXPECT_EQ(a.date(), "2021-04-12T09:05:00+08:00");
  EXPECT_THAT(a.authors(), ElementsAre("林晓东"));
  EXPECT_EQ(a.editor(), "AGer");
  ASSERT_GE(a.paragraphs_size(), 5);
  // The glued first paragraph is split off the 来源 line.
  EXPECT_EQ(a.paragraphs(0).substr(0, 12), "春耕备耕");
  EXPECT_EQ(a.paragraphs(1), "走村入户摸清需求");
  std::string body = Body(a);
  for (const char* chrome :
       {"文章正文", "我要评论", "来源", "作者", "责任编辑", "相关链接",
        "条评论", "分享到", "金融知识进万家"}) {
    EXPECT_THAT(body, Not(HasSubstr(chrome))) << chrome;
  }
  EXPECT_EQ(a.language(), "zh-Hans");
  EXPECT_EQ(a.field_rules().at("title"), "first-line");
  EXPECT_EQ(a.field_rules().at("date"), "source-line");
  EXPECT_EQ(a.field_rules().at("source"), "source-line");
  EXPECT_EQ(a.field_rules().at("authors"), "author-line");
  EXPECT_EQ(a.field_rules().at("editor"), "editor-line");
}

TEST(CleanerTest, MarkdownWithFrontMatter) {
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kRepostMd, "zhaohang.md"), &a).ok());
  EXPECT_EQ(a.format(), "md");
  EXPECT_EQ(a.title(), "招行江西分行：金融活水浇灌小微企业");
  EXPECT_EQ(a.date(), "2021-09-06T02:15:30+00:00");
  EXPECT_THAT(a.categories(), ElementsAre("新媒体", "财经"));
  EXPECT_THAT(a.tags(), ElementsAre("小微企业", "普惠金融"));
  EXPECT_THAT(a.authors(), ElementsAre("资讯平台", "周雨桐"));
  ASSERT_EQ(a.images_size(), 2);  // The head image is the first picture.
  EXPECT_EQ(a.images(0).url(), "https://img.example.com/a/head.jpeg");
  EXPECT_EQ(a.images(0).caption(), "客户经理在园区走访小微企业。");
  EXPECT_EQ(a.images(1).url(), "https://img.example.com/a/2.jpeg");
  EXPECT_EQ(a.images(1).caption(), "工作人员为商户讲解线上贷款产品。");
  ASSERT_EQ(a.paragraphs_size(), 3);
  EXPECT_EQ(a.paragraphs(1), "线上线下同步发力");
  std::string body = Body(a);
  EXPECT_THAT(body,
              Not(HasSubstr("客户经理在园区走访")));  // Captions are not body.
  EXPECT_THAT(body, Not(HasSubstr("周雨桐")));
  EXPECT_THAT(body, HasSubstr("增长两成。"));
  EXPECT_EQ(a.field_rules().at("date"), "front-matter");
}

// Markdown without front matter whose own headings, lists and links frame
// blocks of HTML, as archives of a programme's daily reports store them.
constexpr char kMixedMd[] = R"(# 《晚间新闻》 (20230412)

## 新闻摘要

1.春耕生产全面展开；

2.多地迎来旅游热潮；

## 详细新闻

### 春耕生产全面展开

<p><strong>示例网消息</strong>（晚间新闻）：4月12日，各地抓住农时，春耕生产由南向北全面展开。<br></p><p>农业农村部门组织农技人员下田指导，确保粮食播种面积稳定。</p>

[查看原文](https://tv.example.com/2023/04/12/a.shtml)

### 多地迎来旅游热潮

<p>随着气温回升，多地景区游客数量明显增加，文旅部门加强安全管理。</p>
)";

TEST(CleanerTest, MarkdownHeadingsAroundHtmlBlocksAreRenderedFirst) {
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kMixedMd, "20230412.md"), &a).ok());
  EXPECT_EQ(a.title(), "《晚间新闻》 (20230412)");
  // No date in the text but the file's name.
  EXPECT_EQ(a.date(), "2023-04-12");
  EXPECT_EQ(a.field_rules().at("date"), "file-name");
  EXPECT_EQ(a.field_rules().at("body"), "markdown-with-html");
  // Headings and list items are paragraphs of their own, the HTML blocks'
  // paragraphs too, and no Markdown mark is left.
  EXPECT_THAT(a.paragraphs(), testing::Contains("详细新闻"));
  EXPECT_THAT(a.paragraphs(), testing::Contains("春耕生产全面展开"));
  EXPECT_THAT(a.paragraphs(),
              testing::Contains("农业农村部门组织农技人员下田指导，确保粮食"
                                "播种面积稳定。"));
  const std::string body = Body(a);
  EXPECT_THAT(body, HasSubstr("文旅部门加强安全管理"));
  for (const char* mark : {"#", "](", "<p>", "<br"})
    EXPECT_THAT(body, Not(HasSubstr(mark))) << mark;
  EXPECT_GE(a.paragraphs_size(), 8);
}

TEST(CleanerTest, HtmlPageWithChrome) {
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPortalHtml, "lvdao.html"), &a).ok());
  EXPECT_EQ(a.format(), "html");
  EXPECT_EQ(a.title(), "城市绿道串起百姓幸福生活");
  EXPECT_EQ(a.date(), "2022-05-18T10:20:00+08:00");
  EXPECT_EQ(a.field_rules().at("date"), "meta:article:published_time");
  EXPECT_EQ(a.source(), "示例日报");
  EXPECT_THAT(a.authors(), ElementsAre("郑明远"));
  EXPECT_EQ(a.editor(), "孙一凡");
  ASSERT_EQ(a.paragraphs_size(), 3);
  EXPECT_THAT(a.paragraphs(0), HasSubstr("清晨六点"));
  std::string body = Body(a);
  for (const char* chrome :
       {"首页", "热门新闻", "示例新闻一则", "版权所有", "责任编辑"}) {
    EXPECT_THAT(body, Not(HasSubstr(chrome))) << chrome;
  }
}

TEST(CleanerTest, GbkPageDecodesByMetaCharset) {
  std::string html = kPortalHtml;
  html.replace(html.find("utf-8"), 5, "gbk");
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(ToCharset(html, "GBK"), "page.htm"), &a).ok());
  EXPECT_EQ(a.encoding(), "GB18030");
  EXPECT_EQ(a.replaced_bytes(), 0u);
  EXPECT_EQ(a.title(), "城市绿道串起百姓幸福生活");
  EXPECT_THAT(Body(a), HasSubstr("退休教师王阿姨"));
}

TEST(CleanerTest, GbkTextWithoutDeclarationIsDetected) {
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(
      cleaner.Clean(Raw(ToCharset(kBranchNewsTxt, "GBK"), "x.txt"), &a).ok());
  EXPECT_EQ(a.encoding(), "GB18030");
  EXPECT_EQ(a.title(), "春耕时节送贷上门——龙岩分行助力乡村振兴见实效");
}

TEST(CleanerTest, InvalidBytesAreReplacedAndCounted) {
  std::string text = "标题在这里\n正文第一段，内容足够长。\xFF\xFE正文继续。\n";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(text, "bad.txt"), &a).ok());
  EXPECT_EQ(a.encoding(), "UTF-8");
  EXPECT_EQ(a.replaced_bytes(), 2u);
  EXPECT_THAT(Body(a), HasSubstr("\uFFFD"));
}

TEST(CleanerTest, RejectsEmptyBinaryAndTooLarge) {
  Cleaner cleaner{Options{.max_bytes = 1024}};
  v1::CleanArticle a;
  Status s = cleaner.Clean(Raw("", "e.txt"), &a);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_THAT(s.message(), HasSubstr("empty"));

  s = cleaner.Clean(
      Raw(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "x.txt"), &a);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_THAT(s.message(), HasSubstr("binary content"));

  s = cleaner.Clean(Raw(std::string(2048, 'a'), "big.txt"), &a);
  EXPECT_EQ(s.code(), Status::Code::kTooLarge);

  s = cleaner.Clean(Raw("   \n\n - 文章正文\n", "chrome.txt"), &a);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_THAT(s.message(), HasSubstr("no text"));
}

TEST(CleanerTest, FormatIsSniffedWithoutExtension) {
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPortalHtml, "noext"), &a).ok());
  EXPECT_EQ(a.format(), "html");
  ASSERT_TRUE(cleaner.Clean(Raw(kRepostMd, "noext"), &a).ok());
  EXPECT_EQ(a.format(), "md");
  ASSERT_TRUE(cleaner.Clean(Raw(kBranchNewsTxt, "noext"), &a).ok());
  EXPECT_EQ(a.format(), "txt");
}

TEST(CleanerTest, EnglishPageWithJsonLd) {
  constexpr char kPage[] =
      R"(<html><head><title>Rivers rise after storm | Example Times</title>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Rivers rise after storm",
"datePublished":"2023-02-01T08:00:00Z","author":{"@type":"Person","name":"Jane Roe"}}</script>
</head><body><nav><a href="/">Home</a><a href="/world">World</a></nav>
<article><h1>Rivers rise after storm</h1>
<p>Heavy rain over the weekend pushed the river above its banks in three towns, and officials said more rain was expected.</p>
<p>Residents in low-lying streets were told to move their cars and to keep sandbags ready, according to the county.</p>
</article><footer>Copyright 2023 Example Times</footer></body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPage, "storm.html"), &a).ok());
  EXPECT_EQ(a.title(), "Rivers rise after storm");
  EXPECT_EQ(a.date(), "2023-02-01T08:00:00+00:00");
  EXPECT_THAT(a.authors(), ElementsAre("Jane Roe"));
  EXPECT_EQ(a.paragraphs_size(), 2);
  EXPECT_EQ(a.language(), "en");
}

TEST(CleanerTest, TitleIsTheHeadingThatMatchesTheTitleTag) {
  // A logo <h1> with the site's name, then the headline <h1>; og:title is
  // a reworded headline. The headline's tagline after " | " is cut.
  constexpr char kPage[] =
      R"(<html><head><title>Quiet streets return to the old town - Harbor Weekly</title>
<meta property="og:title" content="Old town streets go quiet again">
</head><body><header><h1>Harbor Weekly</h1></header>
<main><h1>Quiet streets return to the old town | Opinion</h1>
<p>After a summer of crowds, the narrow lanes near the harbor are calm again, and shop owners say they welcome the pause.</p>
<p>The council will review parking rules before next season, a spokesperson said on Monday, after residents asked for changes.</p>
</main></body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPage, "t.html"), &a).ok());
  EXPECT_EQ(a.title(), "Quiet streets return to the old town");
  EXPECT_EQ(a.field_rules().at("title"), "heading~title");
}

TEST(CleanerTest, UnclosedAsideDoesNotHideTheArticle) {
  // The parser nests <main> inside the unclosed <aside>.
  constexpr char kPage[] =
      R"(<html><head><title>Lessons from five startups</title></head><body>
<aside class="announcement">Join our event next week!
<main><article><h1>Lessons from five startups</h1>
<p>I had the chance to speak at a small conference this spring about the lessons of twenty years of founding companies.</p>
<p>The first lesson is that the market decides, not the founder, and it decides faster than you would like to believe.</p>
</article></main></body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPage, "s.html"), &a).ok());
  EXPECT_THAT(Body(a), HasSubstr("The first lesson"));
}

TEST(CleanerTest, ScriptsAreSkippedButJsonLdIsRead) {
  std::string big_script = "<script>var s = \"<p>not text</p>\";" +
                           std::string(100000, ' ') + "</script>";
  std::string page =
      "<html><head><title>Bridge reopens</title>" + big_script +
      R"(<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-03-05T09:00:00Z"}</script>
<style>p { color: red } </style></head><body><!-- <script> in a comment -->
<div class="content"><p>The bridge over the river reopened on Tuesday after two years of repairs, the city said in a statement.</p>
<p>Traffic was light in the morning, and cyclists were the first to cross when the barriers were lifted at dawn.</p></div>
</body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(page, "b.html"), &a).ok());
  EXPECT_EQ(a.date(), "2024-03-05T09:00:00+00:00");
  EXPECT_THAT(Body(a), Not(HasSubstr("not text")));
  EXPECT_THAT(Body(a), HasSubstr("Traffic was light"));
}

TEST(CleanerTest, ReporterCreditBecomesTheAuthor) {
  constexpr char kPage[] =
      R"(<html><head><meta charset="utf-8"><title>春耕忙_示例网</title>
<meta name="author" content="示例网"></head><body>
<div class="article"><h1>春耕忙</h1>
<p>□ 本报记者 葛丽娜</p>
<p>连日来，全县各乡镇抢抓农时，组织农机开展春耕作业，田间地头一派繁忙景象。</p>
<p>县农业农村局负责人表示，今年将继续加大农机补贴力度，确保春播面积稳定在五十万亩以上。</p>
</div></body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPage, "c.html"), &a).ok());
  EXPECT_THAT(a.authors(), ElementsAre("葛丽娜"));
  EXPECT_EQ(a.field_rules().at("authors"), "reporter-credit");
  EXPECT_THAT(Body(a), Not(HasSubstr("本报记者")));
}

TEST(CleanerTest, BylineTableAfterTheBody) {
  constexpr char kPage[] =
      R"(<html><head><meta charset="utf-8"><title>车企合资新动向</title></head><body>
<table><tr><td><h1>车企合资新动向</h1>
<p>业内人士认为，合资双方在车型规划上的分歧，是此次谈判久拖不决的主要原因，双方仍在协商之中。</p>
<p>“车型自然不同，”一位接近谈判的人士说，“我们既然签了全面合资协议，就不会再谈别的合作。”</p>
</td></tr></table>
<table><tr><td>编辑：金金</td><td>来源：示例经济报道</td><td>作者：宋小怡 杨小华</td></tr></table>
</body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPage, "d.html"), &a).ok());
  EXPECT_THAT(a.authors(), ElementsAre("宋小怡", "杨小华"));
}

TEST(CleanerTest, CreditSplitOverLinesAndTheEditorIsNotAnAuthor) {
  constexpr char kPage[] =
      R"(<html><head><meta charset="utf-8"><title>拆房安全</title></head><body>
<div class="nav"><a href="/">首页</a></div>
<h1>拆房安全</h1>
<p>本报实习生</p><p>刘小栋 周小炜</p><p>本报记者</p><p>王小平 方小凤</p>
<div class="article">
<p>前天的这场事故发生得实在太突然，拆房队的安全操作规范再次引起各方关注，有关部门已着手调查。</p>
<p>翻翻今年的报纸，我们已太多次目睹类似的事件，拆房队和建筑单位应该懂得起码的操作规范。</p>
</div></body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPage, "e.html"), &a).ok());
  EXPECT_THAT(a.authors(), ElementsAre("刘小栋", "周小炜", "王小平", "方小凤"));

  constexpr char kEdited[] =
      R"(<html><head><meta charset="utf-8"><title>工商认定虚假宣传</title></head><body>
<div class="article"><h1>工商认定虚假宣传</h1>
<p>办案人员告诉记者，该产品广告违反了反不正当竞争法的有关规定，最终处罚决定仍在审核之中。</p>
<p>有关负责人表示，既然办案人员已经认定，最终更改的可能性不大，但应以最终处罚决定书为准。</p>
<p>（ 责任编辑：魏小喆 ）</p>
</div></body></html>)";
  v1::CleanArticle b;
  ASSERT_TRUE(cleaner.Clean(Raw(kEdited, "f.html"), &b).ok());
  EXPECT_EQ(b.editor(), "魏小喆");
  // The editor is not the author: the page names no author.
  EXPECT_THAT(b.authors(), IsEmpty());
}

TEST(CleanerTest, CanonicalUrlAndSection) {
  constexpr char kPage[] = R"(<html><head><title>Harbor news</title>
<link rel="canonical" href="https://news.example.com/harbor">
<meta property="og:url" content="https://m.example.com/harbor?utm=x">
<meta property="article:section" content="Local"></head><body>
<div class="story"><p>The harbor master said that the new pier will open in May, weeks earlier than the original plan.</p>
<p>Fishing boats will keep their berths, and a new ferry line will stop there twice a day in summer.</p></div>
</body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPage, "h.html"), &a).ok());
  EXPECT_EQ(a.url(), "https://news.example.com/harbor");
  EXPECT_EQ(a.field_rules().at("url"), "link:canonical");
  EXPECT_THAT(a.categories(), ElementsAre("Local"));
}

TEST(CleanerTest, JsonRecordWithHtml) {
  nlohmann::json rec = {{"url", "https://news.example.com/a/1"},
                        {"fetched_at", "2024-06-01T10:00:00Z"},
                        {"title", "Crawler title"},
                        {"html", kPortalHtml}};
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(rec.dump(), "rec-1.json"), &a).ok());
  EXPECT_EQ(a.format(), "json");
  EXPECT_EQ(a.title(),
            "城市绿道串起百姓幸福生活");  // The page's own title wins.
  EXPECT_EQ(a.url(), "https://news.example.com/a/1");
  EXPECT_EQ(a.date(), "2022-05-18T10:20:00+08:00");  // Not fetched_at.
  EXPECT_THAT(Body(a), HasSubstr("沿江绿道"));
}

TEST(CleanerTest, JsonRecordWithTextAndMetadata) {
  nlohmann::json rec = {
      {"url", "https://bank.example.com/n/2"},
      {"title", "春耕时节送贷上门"},
      {"published_at", "2021-04-12 09:05"},
      {"authors", {"林晓东"}},
      {"tags", {"乡村振兴", "普惠金融"}},
      {"text",
       "春耕备耕关键期，分行组织客户经理深入田间地头，把信贷服务送到农民身边。"
       "\n"
       "依托线上信贷产品，农户在手机上即可申请贷款，最快当天放款。\n"}};
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  // Sniffed as JSON without the extension.
  ASSERT_TRUE(cleaner.Clean(Raw(rec.dump(), "record"), &a).ok());
  EXPECT_EQ(a.format(), "json");
  EXPECT_EQ(a.title(), "春耕时节送贷上门");
  EXPECT_EQ(a.date(), "2021-04-12T09:05:00+08:00");
  EXPECT_THAT(a.authors(), ElementsAre("林晓东"));
  EXPECT_THAT(a.tags(), ElementsAre("乡村振兴", "普惠金融"));
  EXPECT_EQ(a.paragraphs_size(), 2);
}

// An archived wire story: the record's title is the headline, so the
// text's short first line is body, a first line repeating the headline is
// not, and a flash that is only its headline keeps it as its body.
TEST(CleanerTest, JsonRecordTitleIsTheHeadlineOfPlainText) {
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  nlohmann::json rec = {{"title", "ACME CORP 4TH QTR NET"},
                        {"text",
                         "MIAMI, March 2 - Shr 64 cts vs 1.16 dlrs\n"
                         "Net 3.2 mln vs 5.8 mln\n"}};
  ASSERT_TRUE(cleaner.Clean(Raw(rec.dump(), "r1.json"), &a).ok());
  EXPECT_EQ(a.title(), "ACME CORP 4TH QTR NET");
  EXPECT_EQ(a.field_rules().at("title"), "json:title");
  EXPECT_THAT(a.paragraphs(),
              ElementsAre("MIAMI, March 2 - Shr 64 cts vs 1.16 dlrs",
                          "Net 3.2 mln vs 5.8 mln"));

  rec["text"] =
      "ACME CORP 4TH QTR NET\nThe company said fourth quarter profit fell.\n";
  ASSERT_TRUE(cleaner.Clean(Raw(rec.dump(), "r2.json"), &a).ok());
  EXPECT_THAT(a.paragraphs(),
              ElementsAre("The company said fourth quarter profit fell."));

  // Company names in angle brackets are not markup.
  rec["text"] = "LONDON, March 3 - <P and O Ferries> said traffic rose.\n";
  ASSERT_TRUE(cleaner.Clean(Raw(rec.dump(), "r4.json"), &a).ok());
  EXPECT_THAT(a.paragraphs(),
              ElementsAre("LONDON, March 3 - <P and O Ferries> said traffic "
                          "rose."));

  rec["title"] = "U.S. CRUDE OIL STOCKS FALL";
  rec["text"] = "U.S. CRUDE OIL STOCKS FALL";
  ASSERT_TRUE(cleaner.Clean(Raw(rec.dump(), "r3.json"), &a).ok());
  EXPECT_THAT(a.paragraphs(), ElementsAre("U.S. CRUDE OIL STOCKS FALL"));
  EXPECT_EQ(a.field_rules().at("body"), "json:headline-only");
}

TEST(CleanerTest, JsonRecordErrorIsTheReason) {
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  Status s = cleaner.Clean(
      Raw(R"({"guid":"12793","error":"story 12793 has no text"})", "e.json"),
      &a);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_THAT(s.ToString(), HasSubstr("story 12793 has no text"));
}

TEST(CleanerTest, JsonArraysAndBadRecordsAreRefused) {
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  EXPECT_EQ(cleaner.Clean(Raw(R"([{"text":"a"}])", "many.json"), &a).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(cleaner.Clean(Raw(R"({"url":"x"})", "empty.json"), &a).code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(cleaner.Clean(Raw(R"({"text": "trunc)", "t.json"), &a).code(),
            Status::Code::kInvalidArgument);
}

TEST(CleanerTest, Big5PageStaysTraditional) {
  std::string html =
      R"(<html><head><meta charset="big5"><title>颱風過後 港口恢復運作</title></head><body>
<div class="content"><p>強烈颱風過後，港口於週二恢復運作，貨櫃車在碼頭外排起長龍，業者表示將加開夜班。</p>
<p>氣象單位提醒，未來三天仍有陣雨，民眾出門請注意安全，並留意最新的天氣資訊。</p></div></body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(ToCharset(html, "Big5"), "tw.html"), &a).ok());
  EXPECT_EQ(a.encoding(), "Big5");
  EXPECT_EQ(a.replaced_bytes(), 0u);
  EXPECT_THAT(Body(a), HasSubstr("強烈颱風過後"));
  EXPECT_EQ(a.language(), "zh-Hant");
}

TEST(CleanerTest, WrongDeclaredCharsetIsNotTrusted) {
  // Declares UTF-8 but is GBK; and declares GBK but is UTF-8.
  std::string gbk_page =
      R"(<html><head><meta charset="utf-8"><title>城市绿道</title></head><body>
<div class="content"><p>清晨六点，沿江绿道上已经有不少晨练的市民，退休教师王阿姨每天都会在这里走上一圈。</p>
<p>近年来，该市累计建成绿道三百余公里，将公园、河道和老旧街区连接在一起，市民纷纷点赞。</p></div></body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(
      cleaner.Clean(Raw(ToCharset(gbk_page, "GBK"), "w.html"), &a).ok());
  EXPECT_EQ(a.replaced_bytes(), 0u);
  EXPECT_THAT(Body(a), HasSubstr("沿江绿道"));
  std::string utf8_page = gbk_page;
  utf8_page.replace(utf8_page.find("utf-8"), 5, "gbk");
  ASSERT_TRUE(cleaner.Clean(Raw(utf8_page, "u.html"), &a).ok());
  EXPECT_EQ(a.encoding(), "UTF-8");
  EXPECT_THAT(Body(a), HasSubstr("沿江绿道"));
}

TEST(CleanerTest, IssueCreditGivesYearAndMonth) {
  constexpr char kPage[] =
      R"(<html><head><meta charset="utf-8"><title>路是人走出来的</title></head><body>
<div class="content"><h1>路是人走出来的</h1>
<p>很多年以前，我在一本旧杂志上读到一句话，说自由并不遥远，它就在每个人每天的选择之中。</p>
<p>后来我才慢慢明白，这句话说的不是远方的风景，而是脚下的路，路是人一步一步走出来的。</p>
<p>——《某某之春》1996年3月号</p></div></body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPage, "i.html"), &a).ok());
  EXPECT_EQ(a.date(), "1996-03");
  EXPECT_EQ(a.field_rules().at("date"), "issue-credit");
}

TEST(CleanerTest, SubtitleElementAndFigureCaption) {
  constexpr char kPage[] =
      R"(<html><head><meta charset="utf-8"><title>港口恢复运作</title></head><body>
<div class="article"><h1>港口恢复运作</h1><h2 class="sub-title">台风过后货运逐步回升</h2>
<figure><img src="https://img.example.com/port.jpg" width="600"><figcaption>货车在码头外排队。</figcaption></figure>
<p>台风过后，港口于周二恢复运作，货柜车在码头外排起长龙，业者表示将加开夜班，尽快消化积压的货物。</p>
<p>气象部门提醒，未来三天仍有阵雨，请市民出行注意安全，并留意最新的天气信息和交通提示。</p>
</div></body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPage, "p.html"), &a).ok());
  EXPECT_EQ(a.title(), "港口恢复运作");
  EXPECT_EQ(a.subtitle(), "台风过后货运逐步回升");
  bool found = false;
  for (const auto& img : a.images()) {
    if (img.url() == "https://img.example.com/port.jpg") {
      found = true;
      EXPECT_EQ(img.caption(), "货车在码头外排队。");
    }
  }
  EXPECT_TRUE(found);
  EXPECT_THAT(Body(a), Not(HasSubstr("货车在码头外排队")));
  EXPECT_THAT(Body(a), Not(HasSubstr("逐步回升")));
}

// An English blog page in the shape of many CMS templates: JSON-LD that
// dates the draft, a printed date under the headline, a Yoast graph that
// names the author by @id, and an <h2> that matches og:title better than
// the <h1> does.
constexpr char kBlogHtml[] = R"(<html><head>
<title>Garden Watering Guide - Green Row</title>
<meta property="og:title" content="Garden Watering Guide - Green Row">
<meta property="og:site_name" content="Green Row">
<meta name="author" content="Green Row">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
{"@type":"Article","headline":"Garden Watering Guide","datePublished":"2021-03-02T10:00:00+00:00",
 "author":{"@id":"https://greenrow.example/#/person/7"}},
{"@type":"Person","@id":"https://greenrow.example/#/person/7","name":"Ivy Marsh"}]}</script>
</head><body>
<nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>
<main><h1>A garden watering guide for vegetable beds</h1>
<p class="meta">March 9, 2024</p>
<p>Most vegetable gardens get too much water early in the season and too little in August, when the roots need it most.</p>
<h2>Garden watering guide in short</h2>
<p>Water deeply twice a week rather than a little every day, so that the roots grow down instead of staying near the surface.</p>
<p>Mulch keeps the soil moist for longer and saves a third of the water in a dry summer, according to our own beds.</p>
</main></body></html>)";

TEST(CleanerTest, PrintedDateCorrectsJsonLdAndLdPersonIsTheAuthor) {
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kBlogHtml, "garden.html"), &a).ok());
  EXPECT_EQ(a.date(), "2024-03-09");
  EXPECT_EQ(a.field_rules().at("date"), "page-header-date");
  // The meta tag names the site; the JSON-LD Person (by @id) is the writer.
  EXPECT_THAT(a.authors(), ElementsAre("Ivy Marsh"));
  EXPECT_EQ(a.field_rules().at("authors"), "json-ld");
  // The <h1> is the headline even though the <h2> shares more words with
  // og:title.
  EXPECT_EQ(a.title(), "A garden watering guide for vegetable beds");
}

TEST(CleanerTest, OpenGraphPublishedTimeBeatsAPrintedUpdate) {
  constexpr char kPage[] = R"(<html><head><title>Tide tables explained</title>
<meta property="article:published_time" content="2020-05-01T08:00:00+00:00">
</head><body><main><h1>Tide tables explained</h1>
<p>Updated on June 3, 2025</p>
<p>A tide table lists the times and heights of high and low water for one place, and reading one takes a minute of practice.</p>
<p>Heights are measured from chart datum, which is close to the lowest tide you will ever see at that harbour.</p>
</main></body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPage, "tide.html"), &a).ok());
  EXPECT_EQ(a.date(), "2020-05-01T08:00:00+00:00");
}

TEST(CleanerTest, YoastReadingCardAndWrittenByElement) {
  constexpr char kCard[] =
      R"(<html><head><title>Fixing a slow bike chain</title>
<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Rob Tanner">
</head><body><article><h1>Fixing a slow bike chain</h1>
<p>A chain that skips under load is usually worn, not dirty, and a cheap gauge tells you in a second which one it is.</p>
<p>Replace the chain before it wears the cassette, or you will end up buying both at once next spring.</p>
</article></body></html>)";
  constexpr char kElement[] =
      R"(<html><head><title>Fixing a slow bike chain</title>
</head><body><article><h1>Fixing a slow bike chain</h1>
<div class="post-author">Written by <a href="/rob">Rob Tanner</a></div>
<p>A chain that skips under load is usually worn, not dirty, and a cheap gauge tells you in a second which one it is.</p>
<p>Replace the chain before it wears the cassette, or you will end up buying both at once next spring.</p>
</article></body></html>)";
  Cleaner cleaner{Options{}};
  for (const char* page : {kCard, kElement}) {
    v1::CleanArticle a;
    ASSERT_TRUE(cleaner.Clean(Raw(page, "chain.html"), &a).ok());
    EXPECT_THAT(a.authors(), ElementsAre("Rob Tanner")) << page;
  }
}

TEST(CleanerTest, DateLabelLinesAndDatesAfterTheBody) {
  constexpr char kAbove[] =
      R"(<html><head><title>Indexing a journal</title></head><body>
<article><h1>Indexing a journal</h1><p>Published August 7, 2023 by Nora Quill</p>
<p>Indexes are how most readers find a journal's articles, so getting into the right ones is worth the paperwork it takes.</p>
<p>Start with the databases your own authors search, then add the general ones once the back issues are online.</p>
</article></body></html>)";
  constexpr char kBelow[] =
      R"(<html><head><title>Indexing a journal</title></head><body>
<article><h1>Indexing a journal</h1>
<p>Indexes are how most readers find a journal's articles, so getting into the right ones is worth the paperwork it takes.</p>
<p>Start with the databases your own authors search, then add the general ones once the back issues are online.</p>
<p>Most indexes ask for two years of regular issues, a clear peer review policy and an editorial board listed by name.</p>
<p>Expect a decision within six months; a refusal usually says what to fix before you apply again next year.</p>
</article><div class="meta"><span>Posted on April 13, 2023</span></div></body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kAbove, "a.html"), &a).ok());
  EXPECT_EQ(a.date(), "2023-08-07");
  EXPECT_THAT(a.authors(), ElementsAre("Nora Quill"));
  EXPECT_THAT(Body(a), Not(HasSubstr("Published")));
  ASSERT_TRUE(cleaner.Clean(Raw(kBelow, "b.html"), &a).ok());
  EXPECT_EQ(a.date(), "2023-04-13");
  EXPECT_EQ(a.field_rules().at("date"), "page-text-date-after");
}

TEST(CleanerTest, HeadlineWithAGluedDate) {
  constexpr char kPage[] =
      R"(<html><head><title>Preparing a release of the toolkit</title>
</head><body><main><h1><span>Dec 18 2025</span> Preparing a release of the toolkit</h1>
<p>The next release freezes in two weeks, so this is the time to land the changes that touch the build scripts.</p>
<p>Please run the full test suite before you ask for a review, because the nightly machines are busy this month.</p>
</main></body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPage, "r.html"), &a).ok());
  EXPECT_EQ(a.title(), "Preparing a release of the toolkit");
}

TEST(CleanerTest, MobileHeadlineInAnAside) {
  constexpr char kPage[] =
      R"(<html><head><title>新版本周四上线|游戏星</title></head><body>
<header><nav><a href="/">首页</a><a href="/news/">资讯</a></nav></header>
<section><aside class="contxt-aside"><h1>新版本周四上线</h1><span>2019-09-05 11:10 游戏星[整理]</span></aside>
<div class="content"><p>每周的版本更新都安排在周四，官方在周三晚间发布了更新公告，玩家可以提前了解新内容。</p>
<p>这次更新加入了新的庄园玩法，玩家在自己的庄园中可以种植作物并邀请好友一同参观。</p></div></section>
</body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPage, "m.html"), &a).ok());
  EXPECT_EQ(a.date(), "2019-09-05T11:10:00+08:00");
  EXPECT_EQ(a.title(), "新版本周四上线");
}

TEST(CleanerTest, BareNameUnderTheHeadlineAndSiteBeforeTheDateLine) {
  constexpr char kEssay[] = R"(<html><head><title>显示</title></head><body>
<p><font color=blue><strong>显示</strong></font></p><hr>
<p>胡一平<br><br>文化革命是一场有着极为广泛的群众参与的政治运动。因此，如何理解这种参与，就成为理解这段历史的一个重要内容。<br>
本文试图从政治心理学的角度，对当时的群众参与给出解释，并讨论其后果。</p>
</body></html>)";
  constexpr char kPortal[] =
      R"(<html><head><title>一个无法定义的企业家-财经频道</title></head><body>
<div class="nav">首页 - 新闻 - 体育 - 财经</div>
<div>BUSINESS.EXAMPLE.COM 2004年7月16日08:19 [ 黄小宇 ] 来源：[ 国际金融报 ]</div>
<div class="text"><p>他是一个影响卓著的财团继承人，也是现代风险投资的开拓者之一，于本月在家中去世。</p>
<p>据他的发言人透露，他死于肺部疾病。发言人还透露，他的家人当时都在身边。</p></div>
</body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kEssay, "essay.html"), &a).ok());
  EXPECT_THAT(a.authors(), ElementsAre("胡一平"));
  EXPECT_EQ(a.field_rules().at("authors"), "page-name-line");
  ASSERT_TRUE(cleaner.Clean(Raw(kPortal, "portal.html"), &a).ok());
  EXPECT_THAT(a.authors(), ElementsAre("黄小宇"));
  EXPECT_EQ(a.source(), "国际金融报");
  EXPECT_EQ(a.date(), "2004-07-16T08:19:00+08:00");
}

TEST(CleanerTest, ArticleHiddenByTheClassFilterBeatsABioBox) {
  // The article sits in a "header"-classed wrapper, which the class filter
  // drops; the author's bio alone is long enough to look like an article.
  constexpr char kPage[] =
      R"(<html><head><title>Choosing a mobile app type</title></head><body>
<div class="page-header-wrap"><h1>Choosing a mobile app type</h1>
<p>Mobile apps come in three main types, native, hybrid and web, and each suits a different budget, team and audience.</p>
<p>Native apps are written for one platform and get the best speed and the fullest access to the phone's hardware and sensors.</p>
<p>Hybrid apps share one code base across platforms, which halves the work of a small team at some cost in speed and polish.</p>
<p>Web apps run in the browser and need no store at all, which makes them the quickest way to reach users on every device.</p>
<p>Pick the type by asking what the app must do offline, how fast it must feel, and how many people will maintain it later.</p>
<p>Whatever you pick, ship a small first version quickly and let the reviews of real users tell you where to spend the next month.</p>
</div>
<div class="bio"><p>Sam Ortiz leads product launches and writes about customer engagement, cross-channel marketing and the platforms behind them. Before that he ran support for a small app studio for six years.</p></div>
</body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPage, "apps.html"), &a).ok());
  EXPECT_THAT(Body(a), HasSubstr("Hybrid apps share one code base"));
  EXPECT_EQ(a.field_rules().at("paragraphs"), "density-unfiltered");
}

TEST(CleanerTest, CommentsDoNotReplaceAShortArticle) {
  // Without the class filter the block holding article and comments wins;
  // it wraps the filtered article, so the filtered one is kept.
  std::string comments;
  for (int i = 0; i < 12; ++i)
    comments +=
        "<div class=\"comment-body\"><p>Thanks for the open thread, I would "
        "like to ask how you choose the charities you review each year and how "
        "often.</p></div>";
  std::string page = R"(<html><head><title>Open thread</title></head><body>
<div class="post"><div class="entry"><h1>Open thread</h1>
<p>Our goal with these quarterly open threads is to give readers a chance to raise questions about our work in public, below.</p>
<p>As always, you are also welcome to write to us or to ask for a call with our staff if you prefer a private reply.</p></div>
<div id="comments">)" +
                     comments + "</div></div></body></html>";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(page, "thread.html"), &a).ok());
  EXPECT_THAT(Body(a), HasSubstr("quarterly open threads"));
  EXPECT_THAT(Body(a), Not(HasSubstr("Thanks for the open thread")));
}

// ClassifyChrome runs a rule's pattern only on lines that start with one of
// its keys: one line per alternative of every rule, so a key left out of
// the table shows up here.
TEST(ChromeTest, EveryAlternativeOfEveryRuleStillMatches) {
  for (const char* line : {"文章正文",
                           "我要评论(3)",
                           "评论",
                           "评论（12）",
                           "已有 5 条评论",
                           "共 3 人参与 热议中",
                           "网友评论(2) 查看全部",
                           "发表评论",
                           "查看评论",
                           "热门评论",
                           "最新评论",
                           "我来说两句 >>",
                           "分享到：微信 微博",
                           "分享：",
                           "【打印】【关闭】",
                           "[打印] [关闭窗口]",
                           "打印本页",
                           "打印此文",
                           "关闭本页",
                           "返回顶部",
                           "回到顶部",
                           "收藏本文",
                           "举报",
                           "纠错",
                           "复制链接",
                           "返回首页",
                           "返回列表",
                           "字号：大 中 小",
                           "字体 放大",
                           "【大】【中】【小】",
                           "[大] [中] [小]",
                           "上一篇：秋收",
                           "下一篇",
                           "上一页",
                           "下一页",
                           "上一条",
                           "下一条",
                           "上篇",
                           "下篇",
                           "微信扫一扫 关注我们",
                           "扫描二维码",
                           "长按识别",
                           "点击：123",
                           "阅读数：45 次",
                           "浏览次数: 9",
                           "原文链接：http://x.example",
                           "本文链接：x",
                           "文章链接:y",
                           "版权所有 某某网",
                           "Copyright 2020 Foo",
                           "© 2021 Foo",
                           "免责声明：本站转载",
                           "特别声明：以上内容",
                           "Share",
                           "PRINT",
                           "Email",
                           "Tweet",
                           "Share this article",
                           "Share this story",
                           "Advertisement",
                           "Skip to main content",
                           "Skip to content",
                           "Read More",
                           "Sign Up",
                           "Subscribe",
                           "- 文章正文",
                           "• 分享到微博",
                           "* Share",
                           "Loading specifications…",
                           "Loading prices for your region..."}) {
    EXPECT_EQ(ClassifyChrome(line), Chrome::kLine) << line;
  }
  for (const char* line :
       {"【相关链接】", "相关新闻：", "[相关阅读]", "相关文章", "相关推荐",
        "推荐阅读", "延伸阅读", "热门推荐", "热点推荐", "猜你喜欢", "更多新闻",
        "相关报道", "Related Articles", "Related stories", "related coverage",
        "More from BBC News", "You may also like"}) {
    EXPECT_EQ(ClassifyChrome(line), Chrome::kEnd) << line;
  }
  for (const char* line :
       {"该行积极组织员工开展志愿服务，分享到社区一线。",
        "读者可扫描二维码参与活动，详情见本报第二版的说明和附表。",
        "Readers shared this article widely.", "相关部门表示将加强监管。",
        "今年上半年，该行共有 3 人参与评审。",
        "Loading the trucks took the crew all night..."}) {
    EXPECT_EQ(ClassifyChrome(line), Chrome::kNone) << line;
  }
}

TEST(CleanerTest, AuthorTagNamingTheSiteGivesWayToAPerson) {
  constexpr char kPage[] =
      R"(<html><head><title>How much to charge for a class | Examplestudio</title>
<meta property="og:site_name" content="Examplestudio">
<meta name="author" content="Examplestudio"></head><body>
<article><h1>How much to charge for a class</h1>
<div class="staff"><div class="text__author">Shauna Poe</div></div>
<p>Pricing a class is one of the first decisions a new teacher makes, and one of the hardest.</p>
<p>Start from what your time costs you, then look at what studios near you ask for a class.</p>
</article></body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPage, "g.html"), &a).ok());
  EXPECT_THAT(a.authors(), ElementsAre("Shauna Poe"));
  EXPECT_EQ(a.field_rules().at("authors"), "author-element");

  // With no person named anywhere the site still signs the page.
  std::string unsigned_page = kPage;
  const std::string element =
      R"(<div class="staff"><div class="text__author">Shauna Poe</div></div>)";
  unsigned_page.erase(unsigned_page.find(element), element.size());
  v1::CleanArticle b;
  ASSERT_TRUE(cleaner.Clean(Raw(unsigned_page, "g2.html"), &b).ok());
  EXPECT_THAT(b.authors(), ElementsAre("Examplestudio"));
  EXPECT_EQ(b.field_rules().at("authors"), "meta:author");
}

TEST(CleanerTest, AuthorLinkAndSiteOwnerWhenNoBylineNamesOne) {
  constexpr char kLinked[] =
      R"(<html><head><title>What tutoring is not</title></head><body>
<article><h1>What tutoring is not</h1>
<p>Tutoring is not doing the homework for the student, however tempting that may be late at night.</p>
<p>It is asking the questions that let the student find the next step on their own, one at a time.</p>
</article><footer class="meta"><div class="author"><p class="name">
<a href="/blog/author/hroe/" rel="author">Halina Roe</a></p></div></footer>
</body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kLinked, "i.html"), &a).ok());
  EXPECT_THAT(a.authors(), ElementsAre("Halina Roe"));
  EXPECT_EQ(a.field_rules().at("authors"), "author-link");

  constexpr char kPersonal[] =
      R"(<html><head><title>Self-host your database | Pierce Roe</title>
<meta property="og:title" content="Self-host your database"></head><body>
<main><h1>Self-host your database</h1>
<p>Self-hosting a database is simpler and cheaper than the managed services would have you believe.</p>
<p>Backups, upgrades and monitoring take an afternoon to set up, and then an hour a month.</p>
</main></body></html>)";
  v1::CleanArticle b;
  ASSERT_TRUE(cleaner.Clean(Raw(kPersonal, "j.html"), &b).ok());
  EXPECT_THAT(b.authors(), ElementsAre("Pierce Roe"));
  EXPECT_EQ(b.field_rules().at("authors"), "site-owner");
}

TEST(CleanerTest, OpeningCreditBeatsABlogFooterAuthor) {
  constexpr char kPage[] =
      R"(<html><head><meta charset="utf-8"><title>拆房安全</title></head><body>
<div class="post"><h1>拆房安全</h1>
<p>本报实习生 刘小栋 周小炜</p>
<p>前天的这场事故发生得实在太突然，拆房队的安全操作规范再次引起各方关注。</p>
<p>有关部门已着手调查，事故原因仍在进一步核实之中，详情本报将继续关注。</p>
<p>翻翻今年的报纸，我们已太多次目睹类似的事件，令人痛心，也令人深思。</p>
<p>拆房队和建筑单位应该懂得起码的操作规范，安全责任不能只停留在纸面上。</p>
<p>专家建议，主管部门应尽快出台细则，把安全责任落实到每一个施工环节。</p>
<p>作者：流水 访问统计：1234</p>
</div></body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPage, "k.html"), &a).ok());
  EXPECT_THAT(a.authors(), ElementsAre("刘小栋", "周小炜"));
}

TEST(CleanerTest, WriterNamedBeforeTheHeadlineAndAloneUnderIt) {
  constexpr char kPage[] =
      R"(<html><head><meta charset="utf-8"><title>小溪：我是怎样学会游泳的</title></head><body>
<h1>小溪：我是怎样学会游泳的</h1>
<div class="text"><p>我是怎样学会游泳的</p><p>小溪</p>
<p>那一年夏天，我在湖南乡下的外婆家度过了整整两个月，每天都跟着表哥去河边玩水。</p>
<p>表哥说，学游泳最要紧的是不怕水，先把脸埋进水里，数到十再抬起头来，慢慢就会了。</p>
</div></body></html>)";
  Cleaner cleaner{Options{}};
  v1::CleanArticle a;
  ASSERT_TRUE(cleaner.Clean(Raw(kPage, "l.html"), &a).ok());
  EXPECT_THAT(a.authors(), ElementsAre("小溪"));
  // The same when the page's title is the site's greeting.
  constexpr char kSiteTitle[] =
      R"(<html><head><meta charset="utf-8"><title>欢迎访问示例中心</title></head><body>
<table><tr><td><b>小溪：我是怎样学会游泳的</b></td></tr></table>
<div class="text"><p>我是怎样学会游泳的</p><p>小溪</p>
<p>那一年夏天，我在湖南乡下的外婆家度过了整整两个月，每天都跟着表哥去河边玩水。</p>
<p>表哥说，学游泳最要紧的是不怕水，先把脸埋进水里，数到十再抬起头来，慢慢就会了。</p>
</div></body></html>)";
  v1::CleanArticle c;
  ASSERT_TRUE(cleaner.Clean(Raw(kSiteTitle, "n.html"), &c).ok());
  EXPECT_THAT(c.authors(), ElementsAre("小溪"));
  // A speaker quoted in the headline is no author.
  constexpr char kQuote[] =
      R"(<html><head><meta charset="utf-8"><title>专家：春耕要抢农时</title></head><body>
<h1>专家：春耕要抢农时</h1>
<div class="text"><p>连日来，全县各乡镇抢抓农时，组织农机开展春耕作业，田间地头一派繁忙景象。</p>
<p>县农业农村局负责人表示，今年将继续加大农机补贴力度，确保春播面积稳定。</p>
</div></body></html>)";
  v1::CleanArticle b;
  ASSERT_TRUE(cleaner.Clean(Raw(kQuote, "m.html"), &b).ok());
  EXPECT_THAT(b.authors(), IsEmpty());
}

}  // namespace
}  // namespace ink::cleaner
