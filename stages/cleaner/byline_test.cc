#include "stages/cleaner/byline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace ink::cleaner {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(BylineTest, ChromeTable) {
  for (const char* line :
       {"- 文章正文", "- 我要评论(0)", "已有12条评论", "分享到：", "打印",
        "【关闭窗口】", "上一篇：某某新闻", "扫一扫在手机打开当前页",
        "【大】【中】【小】"}) {
    EXPECT_EQ(ClassifyChrome(line), Chrome::kLine) << line;
  }
  EXPECT_EQ(ClassifyChrome("【相关链接】"), Chrome::kEnd);
  EXPECT_EQ(ClassifyChrome("相关新闻"), Chrome::kEnd);
  EXPECT_EQ(ClassifyChrome("该行积极组织员工开展志愿服务，分享到社区一线。"),
            Chrome::kNone);
}

TEST(BylineTest, SourceLineWithGluedParagraph) {
  auto b = ParseByline("来源: 工行三明分行 2020-03-31 16:40新年伊始,一场疫情。",
                       480);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->source, "工行三明分行");
  EXPECT_EQ(b->date, "2020-03-31T16:40:00+08:00");
  EXPECT_EQ(b->date_rule, "source-line");
  EXPECT_EQ(b->rest, "新年伊始,一场疫情。");
}

TEST(BylineTest, HeadlineQuotingReportersNamesNoOne) {
  // A heading "外媒记者：<clause>" reads like a reporter's credit; the
  // clause is neither a person nor an organisation.
  auto b = ParseByline("外媒记者：中国正在给世界带来新的机遇", 480);
  if (b) {
    EXPECT_TRUE(b->authors.empty());
    EXPECT_TRUE(b->author_orgs.empty());
  }
  // Long names of organisations are still taken.
  b = ParseByline("作者：中国农业银行福建省分行", 480);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->author_orgs.size(), 1u);
}

TEST(BylineTest, AuthorAndEditorLines) {
  auto b = ParseByline("作者:工行三明分行 陈丽新", 480);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("陈丽新"));
  EXPECT_THAT(b->author_orgs, ElementsAre("工行三明分行"));
  b = ParseByline("[责任编辑:CXer]", 480);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->editor, "CXer");
  b = ParseByline("（责任编辑：王小二）", 480);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->editor, "王小二");
}

TEST(BylineTest, CombinedPortalLine) {
  auto b = ParseByline("2019-09-07 13:43:45　来源: 网易科技 作者：杨倩", 480);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->date, "2019-09-07T13:43:45+08:00");
  EXPECT_EQ(b->source, "网易科技");
  EXPECT_THAT(b->authors, ElementsAre("杨倩"));
}

TEST(BylineTest, EnglishBy) {
  auto b = ParseByline("By Jane Roe and John Doe", 0);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("Jane Roe", "John Doe"));
}

TEST(BylineTest, WrittenAndPostedBy) {
  auto b = ParseByline("Written by Cassie Horn", 0);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("Cassie Horn"));
  b = ParseByline("Posted by jdoe42", 0);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("jdoe42"));
  b = ParseByline("By 3i Global", 0);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("3i Global"));
  // A reviewer is not the writer.
  EXPECT_FALSE(ParseByline("Reviewed by Dr. Ann Lee", 0));
}

TEST(BylineTest, ByLineWithItsDateGivesNameAndDate) {
  auto b = ParseByline("By Sofia Gonzalez December 2, 2025", 0);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("Sofia Gonzalez"));
  EXPECT_EQ(b->date.substr(0, 10), "2025-12-02");
  b = ParseByline("By Jane Roe and John Doe · Updated Dec 4, 2025", 0);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("Jane Roe", "John Doe"));
  EXPECT_EQ(b->date.substr(0, 10), "2025-12-04");
}

TEST(BylineTest, BylineLabels) {
  EXPECT_TRUE(IsBylineLabel("WRITTEN BY"));
  EXPECT_TRUE(IsBylineLabel(" By "));
  EXPECT_TRUE(IsBylineLabel("Author:"));
  EXPECT_FALSE(IsBylineLabel("By the river"));
  EXPECT_FALSE(IsBylineLabel("Authority"));
}

TEST(BylineTest, ProseIsNotByline) {
  EXPECT_FALSE(ParseByline(
      "该行表示，资金来源：一是自有资金，二是财政补贴，确保项目顺利推进。",
      480));
  EXPECT_FALSE(ParseByline("为扎实做好疫情防控工作,分行党委高度重视。", 480));
}

TEST(BylineTest, TakeCredit) {
  std::string p = "继续用行动书写责任与担当。(图/文 阎菁菁)";
  EXPECT_THAT(TakeCredit(&p), ElementsAre("阎菁菁"));
  EXPECT_EQ(p, "继续用行动书写责任与担当。");
  p = "全文完。（记者 张三 通讯员 李四）";
  EXPECT_THAT(TakeCredit(&p), ElementsAre("张三", "李四"));
  p = "没有署名的段落。";
  EXPECT_THAT(TakeCredit(&p), IsEmpty());
  EXPECT_EQ(p, "没有署名的段落。");
}

TEST(BylineTest, ReporterCreditLines) {
  bool whole = false;
  EXPECT_THAT(FindReporterCredit("□ 本报记者 葛丽娜", &whole),
              ElementsAre("葛丽娜"));
  EXPECT_TRUE(whole);
  EXPECT_THAT(FindReporterCredit("光明日报记者 王海涛 张文静", &whole),
              ElementsAre("王海涛", "张文静"));
  EXPECT_THAT(FindReporterCredit("本报记者罗晓明发自北京", &whole),
              ElementsAre("罗晓明"));
  EXPECT_THAT(
      FindReporterCredit("顶端新闻·某某商报记者马小峰/文受访者供图", &whole),
      ElementsAre("马小峰"));
  EXPECT_THAT(FindReporterCredit("本报实习生 刘一栋 周二炜", &whole),
              ElementsAre("刘一栋", "周二炜"));
  EXPECT_THAT(FindReporterCredit("执笔人：闵小夫 赵兰兰", &whole),
              ElementsAre("闵小夫", "赵兰兰"));
}

TEST(BylineTest, ReporterCreditInBrackets) {
  bool whole = true;
  EXPECT_THAT(
      FindReporterCredit("据新华社拉萨电（记者 "
                         "格桑次仁）记者近日从农业农村厅获悉，全区改厕四万座。",
                         &whole),
      ElementsAre("格桑次仁"));
  EXPECT_FALSE(whole);
  EXPECT_THAT(FindReporterCredit(
                  "为昆剧的发展作出突出贡献。（总台记者 张小倩）", &whole),
              ElementsAre("张小倩"));
  EXPECT_THAT(FindReporterCredit("（袁小源）", &whole), ElementsAre("袁小源"));
  EXPECT_TRUE(whole);
  EXPECT_THAT(
      FindReporterCredit("利益再分配的过程吗？”（姚小峰 上海报道）", &whole),
      ElementsAre("姚小峰"));
}

TEST(BylineTest, ReporterCreditIgnoresProse) {
  bool whole = false;
  EXPECT_THAT(
      FindReporterCredit("记者了解到，今年全市新建绿道三百公里。", &whole),
      IsEmpty());
  EXPECT_THAT(FindReporterCredit("小记者训练营", &whole), IsEmpty());
  EXPECT_THAT(FindReporterCredit("（新华社）", &whole), IsEmpty());
  EXPECT_THAT(FindReporterCredit("（完）", &whole), IsEmpty());
  EXPECT_THAT(FindReporterCredit(
                  "记者在现场看到，工人们正在加紧施工，预计年底完工。", &whole),
              IsEmpty());
}

TEST(BylineTest, BracketedNameInDateLine) {
  auto b = ParseByline("2004年7月16日08:19 [ 黄小宇 ] 来源：[ 人民网 ]", 480);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("黄小宇"));
  EXPECT_EQ(b->source, "人民网");
}

TEST(BylineTest, MarkupAndIdsAreNotAuthors) {
  std::vector<std::string> persons, orgs;
  SplitAuthors("size=\"20\"", &persons, &orgs);
  SplitAuthors("L_104485", &persons, &orgs);
  SplitAuthors("评论(5)", &persons, &orgs);
  EXPECT_THAT(persons, IsEmpty());
  SplitAuthors("Jane Doe", &persons, &orgs);
  EXPECT_THAT(persons, ElementsAre("Jane Doe"));
  persons.clear();
  SplitAuthors("赵  培", &persons, &orgs);
  EXPECT_THAT(persons, ElementsAre("赵培"));
}

TEST(BylineTest, IconGlyphAfterBracketedName) {
  // U+E5C2 is an icon-font glyph that a GB page decodes into.
  auto b = ParseByline(
      "2006年3月2日10:05 [ 林小峰 ]\xee\x97\x82 来源：[ 经济日报 ]", 480);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("林小峰"));
}

TEST(BylineTest, EnglishDateLabels) {
  auto b = ParseByline("Published August 7, 2023 by Nora Quill", 480);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->date, "2023-08-07");
  EXPECT_EQ(b->date_rule, "date-label-line");
  EXPECT_THAT(b->authors, ElementsAre("Nora Quill"));
  b = ParseByline("Last updated: Dec 4, 2025", 480);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->date, "2025-12-04");
  EXPECT_THAT(b->authors, IsEmpty());
  // Prose that starts with the word is not a byline.
  EXPECT_FALSE(ParseByline(
      "Published research from 2019 shows that most gardens need less water "
      "than their owners think, and that mulch matters more.",
      480));
}

TEST(BylineTest, PersonNamedAsSourceIsTheAuthor) {
  auto b = ParseByline("来源: 尹小娟", 480);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("尹小娟"));
  EXPECT_EQ(b->source, "");
  b = ParseByline("来源: 新京报", 480);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->source, "新京报");
  EXPECT_THAT(b->authors, IsEmpty());
}

TEST(BylineTest, AuthorLabelAfterABrokenDate) {
  auto b = ParseByline("02日14:25 作者： 赵小婕 出自[人民文学出版社]", 480);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("赵小婕"));
}

TEST(BylineTest, AffiliationAfterTheAuthorsColon) {
  auto b = ParseByline("作者: 钱 培：北京物资学院，北京", 480);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("钱培"));
}

TEST(BylineTest, ForumPosters) {
  auto b =
      ParseByline("本贴由大树于2005年8月12日16:12:21在〖亲子论坛〗发表", 480);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("大树"));
  EXPECT_EQ(b->date, "2005-08-12T16:12:21+08:00");
  b = ParseByline("发布时间：2005/03/15 22:36:13 by moonfish", 480);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("moonfish"));
  EXPECT_EQ(b->date, "2005-03-15T22:36:13+08:00");
}

TEST(BylineTest, PosterBeforePublishedAt) {
  auto b =
      ParseByline("[湖湘文化] 警世钟 lakefan 发表于 2005-9-15 11:46:00", 480);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("lakefan"));
  EXPECT_EQ(b->date, "2005-09-15T11:46:00+08:00");
  // Published in a newspaper, not by a poster.
  EXPECT_FALSE(ParseByline("此文发表于《人民日报》", 480));
  b = ParseByline("发布时间：2005/03/15 22:36:13 by duscha 〓 ← 返回", 480);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("duscha"));
  // A board's post footer: the board's name, then the date and the poster.
  b = ParseByline(
      "〓 示例娱乐 明星话题 发布时间 2005/03/15 22:36:13 by moonfish 〓", 480);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("moonfish"));
  EXPECT_EQ(b->date, "2005-03-15T22:36:13+08:00");
  EXPECT_FALSE(
      ParseByline("示例娱乐 发布时间 2005/03/15 22:36:13 阅读 12", 480));
}

TEST(BylineTest, ChromeEndsTheNamesOfABlogFooter) {
  auto b = ParseByline(
      "作者:moonfish 阅读(1660) 评论(5) 编辑 发表于:2005-07-31 12:30", 480);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("moonfish"));
  EXPECT_THAT(b->author_orgs, IsEmpty());
  b = ParseByline("作者：流水 访问统计：1234", 480);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("流水"));
  // An organisation in capitals stays one.
  b = ParseByline("作者：CCTV 王小明", 480);
  ASSERT_TRUE(b);
  EXPECT_THAT(b->authors, ElementsAre("王小明"));
  EXPECT_THAT(b->author_orgs, ElementsAre("CCTV"));
}

TEST(BylineTest, CredentialsStayWithTheName) {
  std::vector<std::string> persons, orgs;
  SplitAuthors("Mara Kell, MS, RD", &persons, &orgs);
  EXPECT_THAT(persons, ElementsAre("Mara Kell, MS, RD"));
  persons.clear();
  SplitAuthors("Ann Lee, Ph.D. and Bo Park", &persons, &orgs);
  EXPECT_THAT(persons, ElementsAre("Ann Lee, Ph.D.", "Bo Park"));
  persons.clear();
  SplitAuthors("Ann Lee, Bo Park", &persons, &orgs);
  EXPECT_THAT(persons, ElementsAre("Ann Lee", "Bo Park"));
}

TEST(BylineTest, JobTitleAfterANameIsPartOfIt) {
  std::vector<std::string> persons, orgs;
  SplitAuthors("Mae Gupta, CEO of Casebox", &persons, &orgs);
  EXPECT_THAT(persons, ElementsAre("Mae Gupta, CEO of Casebox"));
  persons.clear();
  SplitAuthors("Nia Forbes, Master Horticulturalist & Garden Educator",
               &persons, &orgs);
  EXPECT_THAT(persons,
              ElementsAre("Nia Forbes, Master Horticulturalist & Garden "
                          "Educator"));
  persons.clear();
  SplitAuthors("Ann Lee, Bo Park & Cy Moss", &persons, &orgs);
  EXPECT_THAT(persons, ElementsAre("Ann Lee", "Bo Park", "Cy Moss"));
  persons.clear();
  SplitAuthors("Maria &amp; Kat", &persons, &orgs);
  EXPECT_THAT(persons, ElementsAre("Maria", "Kat"));
}

TEST(BylineTest, ChinesePersonNames) {
  EXPECT_TRUE(LooksLikePersonName("胡平"));
  EXPECT_TRUE(LooksLikePersonName("欧阳修"));
  EXPECT_FALSE(LooksLikePersonName("新华社"));
  EXPECT_FALSE(LooksLikePersonName("显示器"));
  EXPECT_FALSE(LooksLikePersonName("Jane"));
}

TEST(BylineTest, LongestLabelAtAColonWins) {
  auto b = ParseByline("责任编辑：王小明 来源：示例日报", 480);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->editor, "王小明");
  EXPECT_EQ(b->source, "示例日报");
  b = ParseByline("本文来源： 示例网 作者 : 李小红", 480);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->source, "示例网");
  EXPECT_THAT(b->authors, ElementsAre("李小红"));
  // A label glued to a word before it is no label: "中文/" is not "文/".
  EXPECT_FALSE(ParseByline("中文/英文对照本", 480));
  EXPECT_FALSE(ParseByline("他说：今年的收成比去年好。", 480));
}

TEST(BylineTest, EditorStaffIdIsDropped) {
  auto b = ParseByline("[责任编辑：杨小倩_NF1234]", 480);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->editor, "杨小倩");
  b = ParseByline("责任编辑：李四_小组", 480);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->editor, "李四_小组");
}

TEST(BylineTest, CreditEndingALongParagraph) {
  std::string p;
  for (int k = 0; k < 40; ++k) p += "今年全县粮食播种面积稳中有增。";
  p += "（记者 张小三）";
  EXPECT_THAT(TakeCredit(&p), ElementsAre("张小三"));
  EXPECT_EQ(p.find("记者"), std::string::npos);
  // A credit in the middle of a long paragraph is not its end.
  std::string q = "（记者 张小三）";
  for (int k = 0; k < 40; ++k) q += "今年全县粮食播种面积稳中有增。";
  const std::string before = q;
  EXPECT_THAT(TakeCredit(&q), IsEmpty());
  EXPECT_EQ(q, before);
}

TEST(BylineTest, CreditLabels) {
  for (const char* l : {"本报记者", "本报实习生", "通讯员", "作者：", "记者"})
    EXPECT_TRUE(IsCreditLabel(l)) << l;
  for (const char* l : {"本报记者 张三", "记者了解到", "作者简介"})
    EXPECT_FALSE(IsCreditLabel(l)) << l;
}

TEST(BylineTest, TimeAndWeekdayBeforeTheDate) {
  auto b = ParseByline("Updated 1:39 am EST, Wednesday, November 20, 2019", 0);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->date.substr(0, 10), "2019-11-20");
  b = ParseByline(
      "PUBLISHED: 10:48, Tue, Nov 19, 2019 | UPDATED: 11:05, Tue, "
      "Nov 19, 2019",
      0);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->date.substr(0, 10), "2019-11-19");
  b = ParseByline("Monday, November 18, 2019, 04:05 pm PT (07:05 pm ET)", 0);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->date.substr(0, 10), "2019-11-18");
  // A weekday and a date alone are often a "today" widget.
  b = ParseByline("Friday, December 19, 2025", 0);
  EXPECT_TRUE(!b || b->date.empty());
  // Prose before a date is not a weekday.
  EXPECT_FALSE(ParseByline("Updated plans were shown on November 20, 2019", 0));
  EXPECT_FALSE(
      ParseByline("Visitors came, November 18, 2019, to see the show.", 0));
}

TEST(BylineTest, PhotoCreditsAreChrome) {
  for (const char* line :
       {"Photo: Jane Roe, AP", "Alex Roe | Getty Images",
        "Jo Doe/Example Times/Getty Images", "Photograph: Example Agency"}) {
    EXPECT_EQ(ClassifyChrome(line), Chrome::kLine) << line;
  }
  EXPECT_EQ(ClassifyChrome("The photo agency was sold to Getty Images"),
            Chrome::kNone);
  EXPECT_EQ(ClassifyChrome("He said he would sign with AP"), Chrome::kNone);
  EXPECT_EQ(ClassifyChrome("Photo Credit: www.example.com"), Chrome::kNone);
}

TEST(BylineTest, DateThenByline) {
  auto b = ParseByline(
      "03/01/2017 by Ann Roe, Candidate Representative to the Liaison "
      "Committee",
      0);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->date.substr(0, 10), "2017-03-01");
  EXPECT_THAT(b->authors,
              ElementsAre("Ann Roe, Candidate Representative to the Liaison "
                          "Committee"));
  // A date and prose is no byline.
  EXPECT_FALSE(ParseByline(
      "03/01/2017 by the end of the year the committee will have met twice",
      0));
}

TEST(BylineTest, CreditsInOneBracketAreReadOnce) {
  bool whole = false;
  EXPECT_THAT(
      FindReporterCredit(
          "本报讯 （实习记者 王小亮 张小超 记者李小禾）13岁，正是花季。",
          &whole),
      ElementsAre("王小亮", "张小超", "李小禾"));
}

}  // namespace
}  // namespace ink::cleaner
